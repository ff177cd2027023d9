"""Choose the reply pairs of the stance gold set (corpora/gold/stance-dev.jsonl).

Rule (deterministic; nothing is picked by hand):

1. Four captures under ../shared/corpora (see ../shared/corpora/MANIFEST.md):
   - hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html (story page)
   - hn-html/hn-item-48351450-comment-permalink-subthread-2026-06.html
     (a comment permalink page, i.e. a sub-thread of the story, saved later)
   - reddit/reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json
   - reddit/reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json
   HN pages are parsed with ``argmap.sources.hackernews.read_saved``; Reddit
   listings are walked directly (``kind == "t1"`` things, nested ``replies``;
   ``more`` stubs are ignored).
2. A pair is (child, the post it directly replies to). The parent may be the
   story / submission (its text is then the title, plus any self text).
   Reddit parent ids are written without the ``t1_`` / ``t3_`` prefix.
3. A pair is eligible unless either side is deleted, removed, flagged, dead or
   has empty text (HN: ``status != "ok"`` or ``text == ""``; Reddit: body
   ``[deleted]``, ``[removed]`` or blank). A story with a title only is not
   empty.
4. The two HN captures overlap. Pairs are keyed by child id and each child is
   used once: a child present in the story capture belongs to the story
   capture; the permalink capture contributes only the children that are not
   in the story capture. (The permalink page's own root has no parent there.)
5. Pools are sorted by child id (as an integer for HN, as a string for
   Reddit) and ``random.Random(f"{SEED}:{capture file name}").sample(pool, k)``
   draws ``k = min(PER_CAPTURE, len(pool))`` pairs per capture. The sample is
   then written out in pool order (sorted by child id).

SEED = 20260601, PER_CAPTURE = 50 (so about 100 HN and 100 Reddit pairs).

Output: JSON lines with site, thread, capture, child, parent (ids only) on
stdout. ``--show`` prints the texts as well, for reading while labelling (do
not save that output in the repository). Run from the repository root:

    python corpora/gold/select_pairs.py > /tmp/pairs.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ARGMAP_SHARED", REPO.parent / "shared"))
CORPORA = SHARED / "corpora"

SEED = 20260601
PER_CAPTURE = 50

HN_STORY = "hn-item-48350598-chuwi-minibook-x-2026-06.html"
HN_PERMALINK = "hn-item-48351450-comment-permalink-subthread-2026-06.html"
REDDIT = [
    "reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json",
    "reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json",
]
GONE = {"[deleted]", "[removed]"}


def hn_thread(name: str):
    from argmap.sources.hackernews import read_saved

    return read_saved(CORPORA / "hn-html" / name)


def reddit_posts(name: str) -> tuple[str, dict[str, dict]]:
    """The submission id and {id: {"parent", "text", "author"}} for every t1 and the t3."""
    listing = json.loads((CORPORA / "reddit" / name).read_text(encoding="utf-8"))
    sub = listing[0]["data"]["children"][0]["data"]
    text = sub["title"] + (("\n\n" + sub["selftext"]) if sub.get("selftext") else "")
    posts = {sub["id"]: {"parent": None, "text": text, "author": sub.get("author")}}

    def walk(node) -> None:
        if not isinstance(node, dict):  # "" when a comment has no replies
            return
        for thing in node["data"]["children"]:
            if thing["kind"] != "t1":
                continue
            data = thing["data"]
            posts[data["id"]] = {
                "parent": data["parent_id"].split("_", 1)[1],
                "text": data["body"],
                "author": data.get("author"),
            }
            walk(data.get("replies"))

    walk(listing[1])
    return sub["id"], posts


def hn_pools() -> dict[str, list[dict]]:
    story, perma = hn_thread(HN_STORY), hn_thread(HN_PERMALINK)
    in_story = {p.id for p in story.posts}
    pools: dict[str, list[dict]] = {}
    for name, thread in ((HN_STORY, story), (HN_PERMALINK, perma)):
        pool = []
        for post in thread.posts:
            if post.parent is None or (thread is perma and post.id in in_story):
                continue
            parent = thread.post(post.parent)
            if any(p.status != "ok" or not p.text.strip() for p in (post, parent)):
                continue
            pool.append(
                {
                    "site": "hackernews",
                    "thread": thread.id,
                    "capture": name,
                    "child": post.id,
                    "parent": parent.id,
                }
            )
        pools[name] = sorted(pool, key=lambda r: int(r["child"]))
    return pools


def reddit_pools() -> dict[str, list[dict]]:
    pools: dict[str, list[dict]] = {}
    for name in REDDIT:
        sub_id, posts = reddit_posts(name)
        pool = []
        for cid, post in posts.items():
            if post["parent"] is None or post["parent"] not in posts:
                continue
            texts = (post["text"], posts[post["parent"]]["text"])
            if any(t.strip() in GONE or not t.strip() for t in texts):
                continue
            pool.append(
                {
                    "site": "reddit",
                    "thread": sub_id,
                    "capture": name,
                    "child": cid,
                    "parent": post["parent"],
                }
            )
        pools[name] = sorted(pool, key=lambda r: r["child"])
    return pools


def select() -> list[dict]:
    chosen = []
    for name, pool in {**hn_pools(), **reddit_pools()}.items():
        k = min(PER_CAPTURE, len(pool))
        picked = random.Random(f"{SEED}:{name}").sample(range(len(pool)), k)
        chosen.extend(pool[i] for i in sorted(picked))
    return chosen


def texts_for(row: dict) -> tuple[str, str]:
    if row["site"] == "hackernews":
        thread = hn_thread(row["capture"])
        return thread.post(row["parent"]).text, thread.post(row["child"]).text
    _, posts = reddit_posts(row["capture"])
    return posts[row["parent"]]["text"], posts[row["child"]]["text"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--show", action="store_true", help="print the texts too")
    parser.add_argument("--pools", action="store_true", help="print pool sizes only")
    args = parser.parse_args(argv)
    if args.pools:
        for name, pool in {**hn_pools(), **reddit_pools()}.items():
            print(f"{len(pool):4d}  {name}")
        return 0
    for n, row in enumerate(select()):
        print(json.dumps(row))
        if args.show:
            parent, child = texts_for(row)
            print(
                f"--- [{n}] PARENT {row['parent']}\n{parent}\n--- CHILD {row['child']}\n{child}\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
