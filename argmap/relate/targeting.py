"""Decide which claim(s) each reply claim answers.

1. **Quotes first.** A quoted passage is matched to the sentence(s) it comes
   from, in the parent or, failing that, an older ancestor. Quotes are often
   trimmed, re-wrapped, cut with "..." or lightly edited, so the match is on
   the share of the quote's words a run of one to three consecutive claims
   contains, piece by piece around any "...". The reply's claims after the
   quote (up to the next quote) answer the quoted claim(s).
2. **Similarity.** Otherwise the reply claim answers the parent claim(s) most
   like it: tf-idf cosine, with idf counted over the thread's own claims (no
   outside data). A second parent claim gets an edge too when it scores
   nearly as well as the best, so a reply answering two points gets two edges.
3. **Fallback.** Below ``MIN_SIMILARITY`` the claim answers the parent's first
   claim, its opening point.

The opening post is different (``root=True``): its title names the topic and
is never a target, and top-level claims get an edge only to a claim of the
story's own text that they quote or closely match (``ROOT_MIN_SIMILARITY``),
with no fallback. A top-level reply's stance toward the story as a whole sits
on its post-level edge. Without this, every top-level claim that shared a word
with the title became an edge into it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from argmap.model import Claim

_WORD = re.compile(r"[a-z0-9][a-z0-9'+.#-]*[a-z0-9+#]|[a-z0-9]")
_ELLIPSIS = re.compile(r"\.{3,}|\u2026|\[\.\.\.\]")
STOPWORDS = frozenset(
    """a an the and or but if then so of to in on at by for with from as is are was were
    be been being it its this that these those i you he she we they me him her us them my
    your our their not no do does did have has had will would can could should may might
    just than too very there here what which who whom how why when where all any some
    about into over also more most such only own same other out up down off again""".split()
)
# A quote must find this share of its words in a claim run to count as quoting it.
MIN_QUOTE_MATCH = 0.6
MAX_QUOTE_RUN = 3
# Below this tf-idf cosine a reply claim falls back to the parent's first claim.
MIN_SIMILARITY = 0.1
# A second target must score at least this share of the best one.
SECOND_TARGET_SHARE = 0.75
# Top-level claims answer a claim of the story's text only above this cosine:
# sharing the thread's topic words is not answering a sentence.
ROOT_MIN_SIMILARITY = 0.3


@dataclass(frozen=True)
class Target:
    claim: Claim
    how: str  # evidence: "quotes parent sentence 2", "similar to parent sentence 1 (0.31)"


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS}


class Idf:
    """Inverse document frequency over a thread's claims (each claim a document)."""

    def __init__(self, texts: Iterable[str]):
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(content_words(text))
            n += 1
        self._n, self._df = n, df
        # A parent's claims are compared with each of its replies: on a big
        # thread the root's claims would be vectorised hundreds of times.
        self._vectors: dict[str, dict[str, float]] = {}

    def __call__(self, word: str) -> float:
        return math.log((1 + self._n) / (1 + self._df.get(word, 0))) + 1.0

    def vector(self, text: str) -> dict[str, float]:
        """The text's unit tf-idf vector; treat it as read-only (it is shared)."""
        if text not in self._vectors:
            counts = Counter(w for w in words(text) if w not in STOPWORDS)
            vec = {w: (1 + math.log(c)) * self(w) for w, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self._vectors[text] = {w: v / norm for w, v in vec.items()}
        return self._vectors[text]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def resolve_quote(quote: Claim, sources: Sequence[Sequence[Claim]]) -> tuple[list[Claim], int] | None:
    """The claim run a quote comes from and which source (0 = parent) holds it."""
    pieces = [set(words(p)) for p in _ELLIPSIS.split(quote.text) if words(p)]
    if not pieces:
        return None
    for distance, claims in enumerate(sources):
        answerable = [c for c in claims if c.claim_type != "quote"]
        best, best_score = None, 0.0
        # Shorter runs first: a longer run wins only if it holds more of the quote.
        for length in range(1, MAX_QUOTE_RUN + 1):
            for start in range(len(answerable) - length + 1):
                run = answerable[start : start + length]
                score = _containment(pieces, set(words(" ".join(c.text for c in run))))
                if score > best_score + 1e-9:
                    best, best_score = run, score
        if best is not None and best_score >= MIN_QUOTE_MATCH:
            return best, distance
    return None


def _containment(pieces: list[set[str]], candidate: set[str]) -> float:
    """Share of the quote's words (weighted by piece) found in the candidate."""
    total = sum(len(p) for p in pieces)
    return sum(len(p & candidate) for p in pieces) / total


def choose_targets(
    reply_claims: Sequence[Claim],
    parent_claims: Sequence[Claim],
    ancestor_claims: Sequence[Sequence[Claim]] = (),
    idf: Idf | None = None,
    *,
    root: bool = False,
) -> list[tuple[Claim, Target]]:
    """Pair each non-quote reply claim with the claim(s) it answers.

    ``root``: the parent is the opening post; its claims must not include the
    title (see the module notes).
    """
    answerable = [c for c in parent_claims if c.claim_type != "quote"]
    idf = idf or Idf(c.text for c in [*reply_claims, *parent_claims])
    parent_vectors = [idf.vector(c.text) for c in answerable]
    min_similarity = ROOT_MIN_SIMILARITY if root else MIN_SIMILARITY
    pairs: list[tuple[Claim, Target]] = []
    quoted: list[Target] = []
    for claim in reply_claims:
        if claim.claim_type == "quote":
            quoted = _quoted_targets(claim, [parent_claims, *ancestor_claims])
            continue
        targets = quoted or _similar_targets(
            claim, answerable, parent_vectors, idf, min_similarity, fallback=not root
        )
        pairs += [(claim, target) for target in targets]
    return pairs


def _quoted_targets(quote: Claim, sources: list[Sequence[Claim]]) -> list[Target]:
    found = resolve_quote(quote, sources)
    if found is None:
        return []
    run, distance = found
    answerable = [c for c in sources[distance] if c.claim_type != "quote"]
    whose = "parent" if distance == 0 else f"ancestor {distance + 1} levels up"
    return [Target(c, f"quotes {whose} sentence {answerable.index(c) + 1}") for c in run]


def _similar_targets(
    claim: Claim,
    answerable: Sequence[Claim],
    vectors: list[dict[str, float]],
    idf: Idf,
    min_similarity: float = MIN_SIMILARITY,
    *,
    fallback: bool = True,
) -> list[Target]:
    if not answerable:
        return []
    vector = idf.vector(claim.text)
    scores = [cosine(vector, other) for other in vectors]
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    best = ranked[0]
    if scores[best] < min_similarity:
        if not fallback:
            return []
        return [Target(answerable[0], "no close match; answers the parent's first claim")]
    chosen = [best] + [i for i in ranked[1:2] if scores[i] >= SECOND_TARGET_SHARE * scores[best]
                       and scores[i] >= min_similarity]
    return [Target(answerable[i], f"similar to parent sentence {i + 1} ({scores[i]:.2f})") for i in chosen]
