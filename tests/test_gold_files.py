"""The hand-labelled gold files in corpora/gold point at real posts and real text.

They hold ids and offsets only; the texts are read from the captures in ../shared
(HN through argmap's parser, Reddit straight from the listing JSON). Skipped when
../shared is absent.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest

from tests.helpers import REPO, shared_path

GOLD = REPO / "corpora" / "gold"
STANCE = [
    json.loads(line) for line in (GOLD / "stance-dev.jsonl").open(encoding="utf-8")
]
QUOTES = [
    json.loads(line) for line in (GOLD / "quotes-dev.jsonl").open(encoding="utf-8")
]
LABELS = {"agree", "disagree", "neutral"}
EDITS = {"exact", "trimmed", "ellipsis", "rewrapped", "paraphrased"}
STANCE_KEYS = {"site", "thread", "capture", "child", "parent", "label", "question"}
QUOTE_KEYS = {
    "site",
    "thread",
    "capture",
    "reply",
    "quote_index",
    "is_quote",
    "source_post",
    "source_start",
    "source_end",
    "edited",
    "note",
}
GONE = {"[deleted]", "[removed]"}


@cache
def posts(
    site: str, capture: str
) -> tuple[str, dict[str, tuple[str | None, str, list[str]]]]:
    """(thread id, {post id: (parent id, text, quoted passages)}) for one capture."""
    if site == "hackernews":
        from argmap.sources.hackernews.item import read_saved

        thread = read_saved(shared_path("corpora", "hn-html", capture))
        return thread.id, {
            p.id: (
                p.parent,
                p.text if p.status == "ok" else "",
                [q.text for q in p.quotes],
            )
            for p in thread.posts
        }
    path = shared_path("corpora", "reddit", capture)
    listing = json.loads(path.read_text(encoding="utf-8"))
    sub = listing[0]["data"]["children"][0]["data"]
    title = sub["title"] + (f"\n\n{sub['selftext']}" if sub.get("selftext") else "")
    out = {sub["id"]: (None, title, [])}

    def walk(node) -> None:
        if not isinstance(node, dict):  # "" when there are no replies
            return
        for thing in node["data"]["children"]:
            if thing["kind"] == "t1":
                data = thing["data"]
                body = data["body"]
                text = "" if body.strip() in GONE else body
                parent = data["parent_id"].split("_", 1)[1]
                out[data["id"]] = (parent, text, quote_paragraphs(body))
                walk(data.get("replies"))

    walk(listing[1])
    return sub["id"], out


def quote_paragraphs(body: str) -> list[str]:
    """Runs of consecutive markdown quote lines (starting with '>') in a Reddit body."""
    runs: list[list[str]] = []
    inside = False
    for line in body.split("\n"):
        quoted = line.lstrip().startswith(">")
        if quoted and not inside:
            runs.append([])
        if quoted:
            runs[-1].append(line)
        inside = quoted
    return ["\n".join(run) for run in runs]


def test_stance_file_shape():
    assert len(STANCE) >= 150
    assert len({(r["site"], r["child"]) for r in STANCE}) == len(STANCE)
    for row in STANCE:
        assert STANCE_KEYS <= set(row) <= STANCE_KEYS | {"note"}
        assert row["label"] in LABELS and isinstance(row["question"], bool)
    sites = Counter(r["site"] for r in STANCE)
    assert set(sites) == {"hackernews", "reddit"}


def test_quote_file_shape():
    keys = Counter((r["capture"], r["reply"], r["quote_index"]) for r in QUOTES)
    assert max(keys.values()) == 1
    for row in QUOTES:
        assert set(row) == QUOTE_KEYS
        located = row["source_post"] is not None
        assert (row["source_start"] is not None) == located
        assert (row["source_end"] is not None) == located
        assert (row["edited"] in EDITS) if located else row["edited"] is None
        assert row["is_quote"] or not located


@pytest.mark.parametrize("row", STANCE, ids=lambda r: f"{r['site']}-{r['child']}")
def test_stance_pair_exists(row):
    thread_id, by_id = posts(row["site"], row["capture"])
    assert row["thread"] == thread_id
    assert row["child"] in by_id and row["parent"] in by_id
    parent, text, _ = by_id[row["child"]]
    assert parent == row["parent"]
    assert text.strip() and by_id[row["parent"]][1].strip()


@pytest.mark.parametrize(
    "row", QUOTES, ids=lambda r: f"{r['site']}-{r['reply']}-{r['quote_index']}"
)
def test_quote_points_into_text(row):
    thread_id, by_id = posts(row["site"], row["capture"])
    assert row["thread"] == thread_id
    assert row["reply"] in by_id
    quotes = by_id[row["reply"]][2]
    assert 0 <= row["quote_index"] < len(quotes)
    if row["source_post"] is None:
        return
    assert row["source_post"] in by_id and row["source_post"] != row["reply"]
    text = by_id[row["source_post"]][1]
    assert 0 <= row["source_start"] < row["source_end"] <= len(text)
    if row["edited"] in ("exact", "trimmed"):
        # the quoted words, without their '>' markers, lie inside the given sentences
        quoted = " ".join(
            line.strip().lstrip(">").strip()
            for line in quotes[row["quote_index"]].splitlines()
        )
        span = text[row["source_start"] : row["source_end"]]
        assert quoted == span if row["edited"] == "exact" else quoted in span


def test_every_quote_is_listed():
    """Each HN quote block and each Reddit '>' paragraph has one row (HN permalink
    rows that are also in the story capture are listed under the story capture)."""
    listed = {(r["capture"], r["reply"], r["quote_index"]) for r in QUOTES}
    seen: dict[str, set[str]] = {}
    expected = set()
    for site, capture in sorted({(r["site"], r["capture"]) for r in QUOTES}):
        _, by_id = posts(site, capture)
        seen[capture] = set(by_id)
        for post_id, (_, _, quotes) in by_id.items():
            expected |= {(capture, post_id, i) for i in range(len(quotes))}
    story = next(c for c in seen if "48350598" in c)
    expected = {
        key for key in expected if not ("48351450" in key[0] and key[1] in seen[story])
    }
    assert listed == expected
