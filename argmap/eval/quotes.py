"""Quote resolution measured on the hand-checked set (corpora/gold/quotes-dev.jsonl).

For every quote the annotator recorded where it comes from: a post in the
thread and the sentence(s) there, or nowhere in the thread (an article, a
tweet), or that it was not a quote at all. argmap resolves each quote as the
mapper does (``argmap.relate.targeting.resolve_quote`` over the parent and its
ancestors) and is right when it names the same post, and the sentence run it
picks shares at least half the words of the annotated sentence(s).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from argmap.datasets import capture_path, read_jsonl
from argmap.model import Claim, Thread
from argmap.relate import QUOTE_SEARCH_DEPTH
from argmap.relate.targeting import resolve_quote, words

MIN_WORD_OVERLAP = 0.5


def quote_resolution_row(gold_file: Path, shared: Path) -> dict[str, Any]:
    from argmap.segment import load_pipeline, segment_thread
    from argmap.sources.files import read_thread_file

    rows = read_jsonl(gold_file)
    nlp = load_pipeline()
    cache: dict[Path, tuple[Thread, dict[str, list[Claim]], dict[str, str]]] = {}
    outcome = {"in_thread": [0, 0, 0], "outside": [0, 0], "not_a_quote": [0, 0]}
    for row in rows:
        capture = capture_path(shared, row["site"], row["capture"])
        if capture not in cache:
            thread = read_thread_file(capture)
            claims: dict[str, list[Claim]] = {}
            for claim in segment_thread(thread, nlp):
                claims.setdefault(claim.post_id, []).append(claim)
            cache[capture] = (thread, claims, _raw_texts(capture, thread))
        thread, claims, raw = cache[capture]
        found = _resolve(thread, claims, row)
        if not row["is_quote"]:
            outcome["not_a_quote"][0] += 1
            outcome["not_a_quote"][1] += found is None
        elif row["source_post"] is None:
            outcome["outside"][0] += 1
            outcome["outside"][1] += found is None
        else:
            outcome["in_thread"][0] += 1
            if found is not None and found[0] == row["source_post"]:
                outcome["in_thread"][1] += 1
                gold = raw[row["source_post"]][row["source_start"] : row["source_end"]]
                outcome["in_thread"][2] += _overlaps(found[1], gold)
    total = sum(v[0] for v in outcome.values())
    right = outcome["in_thread"][2] + outcome["outside"][1] + outcome["not_a_quote"][1]
    return {
        "task": "quote resolution (hand-checked, HN + Reddit)", "system": "argmap.relate.targeting",
        "n": total, "accuracy": round(right / max(1, total), 4),
        "in_thread": {"n": outcome["in_thread"][0], "right_post": outcome["in_thread"][1],
                      "right_sentence": outcome["in_thread"][2]},
        "outside_thread": {"n": outcome["outside"][0], "left_unresolved": outcome["outside"][1]},
        "not_a_quote": {"n": outcome["not_a_quote"][0], "left_unresolved": outcome["not_a_quote"][1]},
    }


def _resolve(thread: Thread, claims: dict[str, list[Claim]], row: dict[str, Any]) -> tuple[str, str] | None:
    """(post id, quoted text) argmap resolves the row's quote to, or None."""
    reply = thread.post(row["reply"])
    quote_claims = [c for c in claims.get(reply.id, []) if c.claim_type == "quote"]
    if row["quote_index"] >= len(quote_claims):
        return None  # the parser did not see this quote
    chain = thread.ancestors(reply, QUOTE_SEARCH_DEPTH)
    found = resolve_quote(quote_claims[row["quote_index"]], [claims.get(p.id, []) for p in chain])
    if found is None:
        return None
    run, distance = found
    return chain[distance].id, " ".join(c.text for c in run)


def _overlaps(found: str, gold: str) -> bool:
    found_words, gold_words = set(words(found)), set(words(gold))
    if not gold_words:
        return False
    return len(found_words & gold_words) / len(gold_words) >= MIN_WORD_OVERLAP


def _raw_texts(capture: Path, thread: Thread) -> dict[str, str]:
    """The texts the annotator's offsets point into: Reddit's raw markdown
    ``body``; for Hacker News, argmap's parsed text."""
    if capture.suffix != ".json":
        return {p.id: p.text for p in thread.posts}
    texts: dict[str, str] = {}
    stack: list[Any] = [json.loads(capture.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            data = node.get("data")
            if node.get("kind") == "t1" and isinstance(data, dict):
                texts[str(data.get("id"))] = str(data.get("body") or "")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return texts
