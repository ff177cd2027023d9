"""Targeting grows with the size of the text, not its square (issue: bounded).

Before the claim index, a root of 8,000 sentences and a reply of 800
unmatched quotes took 79 s, and 16,000 x 16,000 sentences 321 s. These
inputs would take minutes if targeting were quadratic; no time is asserted
(the machine is shared), only that the work finishes and gives the answers
the definitions say. benchmarks/adversarial.py measures the growth.
"""

from __future__ import annotations

import random

from argmap.model import Claim
from argmap.relate.targeting import MAX_POSTINGS, ClaimIndex, Idf, choose_targets


def claims(post: str, texts: list[str], kind: str = "claim") -> list[Claim]:
    return [Claim(post, i, t, 0, len(t), kind) for i, t in enumerate(texts)]


def sentences(n: int, seed: int, shared: str = "") -> list[str]:
    rng = random.Random(seed)
    return [f"{shared} " + " ".join(f"w{rng.randrange(10**9)}" for _ in range(8)) for _ in range(n)]


def test_many_unmatched_quotes_against_a_huge_parent():
    parent = claims("p", sentences(8000, 1, "system"))
    quotes = claims("r", [f"> {t}" for t in sentences(800, 2)], "quote")
    reply = [c for q in quotes for c in (q, Claim("r", q.index + 1000, "I disagree.", 0, 11))]
    pairs = choose_targets(reply, parent)
    # No quote matches, so every reply claim falls back to the parent's first claim.
    assert len(pairs) == 800 and all(t.claim == parent[0] for _, t in pairs)


def test_many_reply_claims_against_many_parent_claims_find_their_match():
    texts = sentences(16000, 3, "system")
    parent = claims("p", texts)
    # Each reply claim repeats one parent sentence's rare words.
    picks = random.Random(4).sample(range(len(texts)), 2000)
    reply = claims("r", [texts[i] for i in picks])
    pairs = choose_targets(reply, parent)
    assert [t.claim.index for _, t in pairs] == picks


def test_a_word_in_every_claim_is_not_walked():
    parent = claims("p", sentences(MAX_POSTINGS + 5, 5, "system"))
    index = ClaimIndex(parent, Idf(c.text for c in parent))
    assert len(index.postings["system"]) > MAX_POSTINGS
    assert index.similarities({"system": 1.0}) == {}


def test_quotes_of_words_in_every_claim_are_not_scanned_against_every_claim():
    # Every parent claim holds "system works"; the quotes hold nothing else.
    parent = claims("p", sentences(4000, 6, "system works"))
    quotes = claims("r", ["> system works"] * 400, "quote")
    idf = Idf(c.text for c in parent)
    index = idf.index(parent)
    assert index.candidate_runs([{"system", "works"}], 0.6) == []
    reply = [c for q in quotes for c in (q, Claim("r", q.index + 1000, "No.", 0, 3))]
    assert len(choose_targets(reply, parent, idf=idf)) == 400
