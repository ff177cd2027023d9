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
3. **Continuation.** Below ``MIN_SIMILARITY`` a claim answers what the
   reply's previous claim answered: a reply's later sentences mostly go on
   with the point they started on (on the hand-labelled dev claim targets this
   raised accuracy from 0.62 to 0.64). Not under the opening post, whose
   claims a reply answers only by quoting or closely matching them.
4. **Fallback.** The reply's first claim, failing all else, answers the
   parent's first claim, its opening point.

The opening post is different (``root=True``): its title names the topic and
is never a target, and top-level claims get an edge only to a claim of the
story's own text that they quote or closely match (``ROOT_MIN_SIMILARITY``),
with no fallback. A top-level reply's stance toward the story as a whole sits
on its post-level edge. Without this, every top-level claim that shared a word
with the title became an edge into it.

Tried on the dev claim targets (0.643 with the rules above; ``argmap eval``
row "claim targets (in-domain dev threads)", ``benchmarks/target_errors.py``)
and not kept, 2026-12-07. None moved dev accuracy by more than about 0.02
(445 claims: one standard error), each changing about as many claims for the
worse as for the better (the best, char 3-grams when no word matches, +0.009
with its threshold chosen by cross-validation over threads): other
thresholds; a second threshold for a reply's first claim; char n-gram,
light-stemmed, prefix-stemmed or bigram similarity, alone or when no word
matches; the parent claim most like the whole reply as the fallback; later
claims that lead into the reply's first matched claim; keeping the previous
target for "it / this / but ..." openers. Answering the last of several
quoted sentences first gained 5 dev claims but lost on the test threads
(0.477 -> 0.465). A learned "none" (logistic regression on position,
similarity, cohesion, pronoun and length features, cross-validated by
thread) found no claims it could call "none" more often right than wrong,
and a conditional-logit scorer over candidate features scored 0.62
cross-validated on deeper replies, no better than these rules there (0.63).
Sentence embeddings (all-MiniLM-L6-v2, an experiment outside the repository)
added to the tf-idf cosine gained 0.016. The gap to the annotators (target
agreement 0.897) is in meaning, not wording: 96% right where the parent has
one claim, 47-59% where it has several, and the 15% of claims that answer no
particular parent claim look, by every feature above, like those that
continue one.
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
        self._indexes: dict[int, tuple[Sequence[Claim], ClaimIndex]] = {}

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


    def index(self, claims: Sequence[Claim]) -> ClaimIndex:
        """The index of one post's claims, built once however many replies it has."""
        kept = self._indexes.get(id(claims))
        if kept is None or kept[0] is not claims:
            kept = (claims, ClaimIndex(claims, self))
            self._indexes[id(claims)] = kept
        return kept[1]


# A word in more claims than this does not take part in similarity: its idf is
# near the floor, it cannot tell claims apart, and walking its postings for
# every reply claim would make the cost grow with the square of the text.
MAX_POSTINGS = 1000


class ClaimIndex:
    """One post's claims, indexed once: word sets for quote matching and an
    inverted index of tf-idf vectors for similarity, so a reply claim costs
    time in proportion to the claims that share its words, not to all of them."""

    def __init__(self, claims: Sequence[Claim], idf: Idf):
        self.answerable = [c for c in claims if c.claim_type != "quote"]
        self.position = {c: i for i, c in enumerate(self.answerable)}
        self.word_sets = [set(words(c.text)) for c in self.answerable]
        self.occurs: dict[str, list[int]] = {}
        for i, word_set in enumerate(self.word_sets):
            for word in word_set:
                self.occurs.setdefault(word, []).append(i)
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, claim in enumerate(self.answerable):
            for word, weight in idf.vector(claim.text).items():
                self.postings.setdefault(word, []).append((i, weight))

    def similarities(self, vector: dict[str, float]) -> dict[int, float]:
        """{claim position: cosine} for the claims that share a word with ``vector``."""
        scores: dict[int, float] = {}
        for word, weight in vector.items():
            posting = self.postings.get(word, ())
            if len(posting) > MAX_POSTINGS:
                continue
            for i, other in posting:
                scores[i] = scores.get(i, 0.0) + weight * other
        return scores

    def candidate_runs(self, pieces: list[set[str]], min_share: float) -> list[tuple[int, int]]:
        """(length, start) of every claim run that could hold ``min_share`` of the quote.

        Such a run misses at most ``total - ceil(min_share * total)`` of the
        quote's words, so it holds at least one of that many + 1 rarest ones
        (pigeonhole): only runs around claims holding one of them are scored.
        A quote whose rarest words are in more than ``MAX_POSTINGS`` claims
        cannot be placed by its words (it is all "the", "is", ...) and gets
        no run, so such quotes cannot make the cost quadratic either.
        """
        occurrences = [w for piece in pieces for w in piece]
        allowed_misses = len(occurrences) - math.ceil(min_share * len(occurrences) - 1e-9)
        rarest = sorted(occurrences, key=lambda w: (len(self.occurs.get(w, ())), w))
        hits: set[int] = set()
        for word in rarest[: allowed_misses + 1]:
            hits.update(self.occurs.get(word, ()))
            if len(hits) > MAX_POSTINGS:
                return []
        n = len(self.answerable)
        runs = {(length, start) for i in hits for length in range(1, MAX_QUOTE_RUN + 1)
                for start in range(max(0, i - length + 1), min(i, n - length) + 1)}  # fmt: skip
        return sorted(runs)


def resolve_quote(
    quote: Claim, sources: Sequence[Sequence[Claim]], idf: Idf | None = None
) -> tuple[list[Claim], int] | None:
    """The claim run a quote comes from and which source (0 = parent) holds it."""
    pieces = [set(words(p)) for p in _ELLIPSIS.split(quote.text) if words(p)]
    if not pieces:
        return None
    idf = idf or Idf(c.text for claims in sources for c in claims)
    for distance, claims in enumerate(sources):
        index = idf.index(claims)
        best, best_score = None, 0.0
        # Shorter runs first: a longer run wins only if it holds more of the quote.
        for length, start in index.candidate_runs(pieces, MIN_QUOTE_MATCH):
            run_words = set().union(*index.word_sets[start : start + length])
            score = _containment(pieces, run_words)
            if score > best_score + 1e-9:
                best, best_score = index.answerable[start : start + length], score
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
    idf = idf or Idf(c.text for c in [*reply_claims, *parent_claims])
    index = idf.index(parent_claims)
    min_similarity = ROOT_MIN_SIMILARITY if root else MIN_SIMILARITY
    pairs: list[tuple[Claim, Target]] = []
    quoted: list[Target] = []
    previous: Target | None = None
    for claim in reply_claims:
        if claim.claim_type == "quote":
            quoted = _quoted_targets(claim, [parent_claims, *ancestor_claims], idf)
            continue
        targets = quoted or _similar_targets(claim, index, idf, min_similarity)
        if not targets and previous is not None and not root:
            how = previous.how  # the first sentence's evidence, not a chain of them
            if not how.startswith(_CONTINUES):
                how = f"{_CONTINUES}({how})"
            targets = [Target(previous.claim, how)]
        elif not targets and not root and index.answerable:
            targets = [Target(index.answerable[0], "no close match; answers the parent's first claim")]
        pairs += [(claim, target) for target in targets]
        previous = targets[0] if targets else previous
    return pairs


# The previous target may be a quoted ancestor's claim: its own evidence says where.
_CONTINUES = "no close match; continues the previous sentence's target "


def _quoted_targets(quote: Claim, sources: list[Sequence[Claim]], idf: Idf) -> list[Target]:
    found = resolve_quote(quote, sources, idf)
    if found is None:
        return []
    run, distance = found
    position = idf.index(sources[distance]).position
    whose = "parent" if distance == 0 else f"ancestor {distance + 1} levels up"
    return [Target(c, f"quotes {whose} sentence {position[c] + 1}") for c in run]


def _similar_targets(
    claim: Claim,
    index: ClaimIndex,
    idf: Idf,
    min_similarity: float = MIN_SIMILARITY,
) -> list[Target]:
    """The parent claim(s) most like ``claim``, or none above ``min_similarity``
    (``choose_targets`` decides what such a claim answers)."""
    answerable = index.answerable
    scores = index.similarities(idf.vector(claim.text))
    # Claims sharing no word score 0; ties go to the earlier claim.
    ranked = sorted(scores, key=lambda i: (-scores[i], i))
    if not ranked or scores[ranked[0]] < min_similarity:
        return []
    best, best_score = ranked[0], scores[ranked[0]]
    chosen = [best] + [i for i in ranked[1:2] if scores[i] >= SECOND_TARGET_SHARE * best_score
                       and scores[i] >= min_similarity]
    return [Target(answerable[i], f"similar to parent sentence {i + 1} ({scores[i]:.2f})") for i in chosen]
