"""Features of a (reply, parent) pair, shared by training and prediction.

Kept deliberately simple and readable, so that the evidence a prediction
gives ("starts with 'no'", "negated 'true'") is the feature itself:

- words and word pairs of the reply (tf-idf weighted);
- how the reply starts (its first one to four words): replies state their
  stance first ("No, ...", "Exactly.", "But ...");
- words inside a negation's scope ("not *true*"), marked apart from the same
  word unnegated;
- content words the reply shares with its parent;
- a few numbers: word overlap with the parent, question and exclamation
  marks, a leading quote, lengths, and the cue baseline's phrase scores
  (hand-written lists of stance phrases, which generalise where the
  training data has few examples, e.g. "I disagree"), and how many
  sentences open with a contrast or concession ("But", "Admittedly").
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!.,;:]")
_CLAUSE_END = frozenset("?!.,;:")
NEGATORS = frozenset(
    """no not never nope nothing nobody none nor neither cannot can't don't doesn't
    didn't isn't aren't wasn't weren't won't wouldn't shouldn't couldn't hasn't
    haven't hadn't ain't""".split()
)
# Contrast and concession connectives (the Penn Discourse Treebank's
# "Comparison" class) opening a sentence: "But ...", "Admittedly, ...".
_CONTRAST = re.compile(
    r"(?:^|[.!?;:]\s+|\n)\s*(?:but|however|although|though|even though|yet|nevertheless|"
    r"nonetheless|still|whereas|on the other hand|in contrast|by contrast|conversely|"
    r"instead|rather|admittedly|granted|of course|even so|regardless|despite|in spite of)\b",
    re.IGNORECASE,
)
_START_WORDS = 4
_MIN_SHARED_LEN = 4
# The features read at most this many characters of each text. Words and word
# pairs cost some 40 bytes of memory a character (a 20 MB comment took 740 MB),
# and a reply states its stance long before this: 100,000 characters is ten
# times Reddit's limit for a comment and three times Discourse's default.
# argmap.relate cuts texts here too, and says so in Thread.skipped.
MAX_TEXT_CHARS = 100_000

# (name when above average, name when below): the evidence names a number by
# the side of average it falls on.
DENSE_NAMES = (
    ("shares many words with the parent", "shares few words with the parent"),
    ("close in wording to the parent", "far in wording from the parent"),
    ("asks a question", "asks no question"),
    ("opens with a quote", "no opening quote"),
    ("exclaims", "no exclamation"),
    ("a long reply", "a short reply"),
    ("a long parent", "a short parent"),
    ("rebuttal cue phrases", "no rebuttal cue phrase"),
    ("agreement cue phrases", "no agreement cue phrase"),
    ("question cue phrases", "no question cue phrase"),
    ("a sentence opening with a contrast", "no contrasting sentence opener"),
)


def tokens(text: str) -> list[str]:
    """Lower-cased words plus "?" and "!", which carry stance; URLs become one token."""
    return [t for t in _tokens_and_punct(text) if t not in ".,;:"]


def _tokens_and_punct(text: str) -> list[str]:
    text = _URL.sub(" urltoken ", text.lower().replace("\u2019", "'"))
    return _TOKEN.findall(text)


def pair_features(reply: str, parent: str) -> tuple[list[str], list[float]]:
    """``sparse_features`` and ``dense_features`` of the pair, splitting each
    text into words once (mapping classifies every reply this way)."""
    reply, parent = reply[:MAX_TEXT_CHARS], parent[:MAX_TEXT_CHARS]
    with_punct = _tokens_and_punct(reply)
    words = [t for t in with_punct if t not in ".,;:"]
    parent_words = set(tokens(parent))
    return (
        _sparse(reply, with_punct, words, parent_words),
        _dense(reply, set(words), parent_words),
    )


def sparse_features(reply: str, parent: str) -> list[str]:
    """Named indicator features of the pair (repeats count as term frequency)."""
    return pair_features(reply, parent)[0]


def dense_features(reply: str, parent: str) -> list[float]:
    """Numbers in the order of DENSE_NAMES; the cue scores come from the baseline."""
    return pair_features(reply, parent)[1]


def _sparse(
    reply: str, with_punct: list[str], words: list[str], parent_words: set[str]
) -> list[str]:
    out = list(words)
    out += [f"{a} {b}" for a, b in pairwise(words)]
    out += ["start=" + " ".join(words[:k]) for k in range(1, min(_START_WORDS, len(words)) + 1)]
    out += _negated(with_punct)
    out += [f"shared={w}" for w in sorted(set(words) & parent_words) if len(w) >= _MIN_SHARED_LEN]
    if _starts_with_quote(reply):
        out.append("quote=start")
    return out


def _dense(reply: str, words: set[str], parent_words: set[str]) -> list[float]:
    from argmap.relate.cues import cue_scores

    shared = len(words & parent_words)
    cues = cue_scores(reply)
    return [
        shared / max(1, len(words)),
        shared / max(1, len(words | parent_words)),
        float("?" in reply),
        float(_starts_with_quote(reply)),
        float("!" in reply),
        math.log1p(len(words)),
        math.log1p(len(parent_words)),
        cues["rebuts"],
        cues["supports"],
        cues["questions"],
        float(len(_CONTRAST.findall(reply))),
    ]


def _negated(words: list[str]) -> list[str]:
    """Words between a negator and the end of its clause, marked "not=word"."""
    out, in_scope = [], False
    for word in words:
        if word in NEGATORS:
            in_scope = True
        elif word in _CLAUSE_END:
            in_scope = False
        elif in_scope:
            out.append(f"not={word}")
    return out


def _starts_with_quote(text: str) -> bool:
    return text.lstrip().startswith((">", "&gt;"))
