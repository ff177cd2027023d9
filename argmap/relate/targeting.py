"""Decide which parent claim each reply claim answers.

In order: the parent claim the reply quoted just before it; else the parent
claim sharing the most content words; else the parent's first claim (for the
root post, its title).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from argmap.model import Claim

_WORD = re.compile(r"[a-z0-9][a-z0-9'+.#-]*[a-z0-9+#]|[a-z0-9]")
STOPWORDS = frozenset(
    """a an the and or but if then so of to in on at by for with from as is are was were
    be been being it its this that these those i you he she we they me him her us them my
    your our their not no do does did have has had will would can could should may might
    just than too very there here what which who whom how why when where all any some
    about into over also more most such only own same other out up down off again""".split()
)
# A quote must share this much of its words with a claim to count as quoting it.
MIN_QUOTE_MATCH = 0.6
# Below this similarity a reply claim is said to answer the parent's first claim.
MIN_SIMILARITY = 0.15


@dataclass(frozen=True)
class Target:
    claim: Claim
    how: str  # evidence: "quotes parent sentence 2", "word overlap 0.31", ...


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS}


def similarity(a: set[str], b: set[str]) -> float:
    """Cosine similarity of two word sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def resolve_quote(quote: Claim, parent_claims: Sequence[Claim]) -> Claim | None:
    """The parent claim a quoted passage comes from, if any.

    Quotes are often trimmed or re-wrapped, so match on the share of the
    quote's words that the claim contains rather than on exact text.
    """
    quoted = _all_words(quote.text)
    best, best_score = None, 0.0
    for claim in parent_claims:
        if claim.claim_type == "quote":
            continue
        words = _all_words(claim.text)
        if not quoted or not words:
            continue
        score = len(quoted & words) / min(len(quoted), len(words))
        if score > best_score:
            best, best_score = claim, score
    return best if best_score >= MIN_QUOTE_MATCH else None


def choose_targets(
    reply_claims: Sequence[Claim], parent_claims: Sequence[Claim]
) -> list[tuple[Claim, Target]]:
    """Pair each non-quote reply claim with the parent claim it answers."""
    answerable = [c for c in parent_claims if c.claim_type != "quote"]
    if not answerable:
        return []
    parent_words = [content_words(c.text) for c in answerable]
    pairs: list[tuple[Claim, Target]] = []
    quoted_target: Target | None = None
    for claim in reply_claims:
        if claim.claim_type == "quote":
            resolved = resolve_quote(claim, answerable)
            quoted_target = (
                Target(resolved, f"quotes parent sentence {answerable.index(resolved) + 1}")
                if resolved
                else None
            )
            continue
        pairs.append((claim, quoted_target or _most_similar(claim, answerable, parent_words)))
    return pairs


def _most_similar(claim: Claim, answerable: Sequence[Claim], parent_words: list[set[str]]) -> Target:
    words = content_words(claim.text)
    scores = [similarity(words, other) for other in parent_words]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    if scores[best] >= MIN_SIMILARITY:
        return Target(answerable[best], f"word overlap {scores[best]:.2f} with parent sentence {best + 1}")
    return Target(answerable[0], "no close match; answers the parent's first claim")


def _all_words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))
