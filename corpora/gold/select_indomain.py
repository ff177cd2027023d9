"""Choose the in-domain reply pairs of the stance corpus (corpora/gold/stance-indomain.jsonl).

Rule (deterministic; nothing is picked by hand):

1. Captures under ../shared/corpora (see ../shared/corpora/MANIFEST.md), each
   assigned whole to one split (split by thread, never by pair) in CAPTURES
   below. Four threads are kept out for an independent check and are never
   read here: HN 39232976 (Pkl), HN 20865492 (OpenBSD), Discourse 5864 (rbfx)
   and Reddit n49rw (both captures).
2. A pair is (child, the post it directly replies to). The parent may be the
   root; its text is then the title plus any opening text. Every capture is
   read by argmap's own source for its format. (Before the hnpwa source
   existed a small reader here did the same; the ids it chose are unchanged.)
3. A pair is eligible when both sides have status "ok" and non-blank text.
4. The two Chuwi HN captures overlap: a child is used once, under the story
   capture; the permalink capture gives only the children the story lacks.
5. Pools are sorted by child id; ``random.Random(f"{SEED}:{capture}").sample``
   draws ``min(quota, len(pool))`` pairs; the sample is written in pool order.
   Quotas favour argumentative threads: every pair of the debates, samples of
   job posts, screenshot threads and r/funny.

Output: JSON lines ``{"site", "thread", "capture", "split", "child", "parent"}``
on stdout. ``--show DIR`` also writes the texts, for annotators, as
``DIR/pairs.jsonl``; never save that into the repository. ``--pools`` prints
pool sizes. Run from the repository root:

    python corpora/gold/select_indomain.py > /tmp/indomain.jsonl
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ARGMAP_SHARED", REPO.parent / "shared"))
CORPORA = SHARED / "corpora"

SEED = 20261207
ALL = 10**6
# (capture path under corpora/, split, quota)
CAPTURES = [
    ("other/hnpwa-api-item-26312516-speed-is-the-killer-feature-2021-03.json", "test", ALL),
    ("discourse/urho3d/t-re-to-rbfx-and-not-to-rbfx-6605.json", "test", ALL),
    ("lobsters/lobsters-s-tdfoqh-ranking-comments-by-replies-2022.json", "test", ALL),
    ("lobsters/lobsters-s-d9ucpe-what-problems-strace-2021.json", "test", ALL),
    ("lobsters/lobsters-s-donlgu-systemd-services-are-easy-2018.json", "test", ALL),
    ("hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html", "dev", ALL),
    ("hn-html/hn-item-48351450-comment-permalink-subthread-2026-06.html", "dev", ALL),
    ("discourse/urho3d/t-about-all-the-drama-around-here-5371.json", "dev", ALL),
    ("discourse/urho3d/t-the-last-english-release-7362.json", "dev", ALL),
    ("hn-html/legacy/hn-item-3083797-virtualbox-is-garbage-2011-10.html", "dev", ALL),
    ("hn-html/legacy/hn-item-5002483-future-according-to-larry-page-2013-01.html", "dev", ALL),
    ("other/hnpwa-api-item-25015967-biden-wins-2020-11.json", "train", 1300),
    ("discourse/urho3d/t-migration-from-custom-container-library-to-augmented-eastl-5872.json", "train", ALL),
    ("discourse/urho3d/t-next-release-2031.json", "train", ALL),
    ("discourse/urho3d/t-emscripten-support-812.json", "train", ALL),
    ("discourse/urho3d/t-random-projects-shots-2431.json", "train", 80),
    ("discourse/try-discourse-org-t-57-sandbox-2013.json", "train", ALL),
    ("reddit/reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json", "train", ALL),
    ("reddit/reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json", "train", 120),
    ("hn-html/legacy/hn-item-3412900-who-is-hiring-jan-2012-page1.html", "train", 25),
    ("hn-html/legacy/hn-item-4992617-who-is-hiring-jan-2013.html", "train", 25),
]  # fmt: skip
HELD_OUT = ("39232976", "20865492", "5864", "n49rw")
PERMALINK = "hn-item-48351450-comment-permalink-subthread-2026-06.html"
STORY = "hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html"


def read_capture(rel: str):
    from argmap.sources.files import read_thread_file

    return read_thread_file(CORPORA / rel)


# The story ``content`` of this capture was replaced by an unrelated comment
# in its source repository (MANIFEST caveat): its root is read as its title.
TITLE_ONLY_ROOTS = {"25015967"}


def root_text(thread, post) -> str:
    if thread.id in TITLE_ONLY_ROOTS:
        return thread.title
    return post.text


def pools() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    story_children: set[str] = set()
    for rel, split, _ in CAPTURES:
        thread = read_capture(rel)
        assert thread.id not in HELD_OUT, rel
        name = Path(rel).name
        pool = []
        for post in thread.posts:
            if post.parent is None or post.parent not in thread.posts_by_id:
                continue
            if name == PERMALINK and post.id in story_children:
                continue
            parent = thread.post(post.parent)
            if any(p.status != "ok" or not p.text.strip() for p in (post, parent)) and not (
                parent.parent is None and thread.title and post.text.strip()
                and post.status == "ok"
            ):  # fmt: skip
                continue
            pool.append({"site": thread.site, "thread": thread.id, "capture": rel,
                         "split": split, "child": post.id, "parent": parent.id})  # fmt: skip
        if rel == STORY:
            story_children = {row["child"] for row in pool}
        out[rel] = sorted(pool, key=lambda r: _id_key(r["child"]))
    return out


def _id_key(post_id: str):
    return (0, int(post_id), "") if post_id.isdigit() else (1, 0, post_id)


def select() -> list[dict]:
    chosen = []
    every = pools()
    for rel, _, quota in CAPTURES:
        pool = every[rel]
        k = min(quota, len(pool))
        picked = random.Random(f"{SEED}:{Path(rel).name}").sample(range(len(pool)), k)
        chosen.extend(pool[i] for i in sorted(picked))
    return chosen


def shown_text(thread, post, limit: int = 2000) -> str:
    """The post as an annotator reads it: quote blocks marked with "> "."""
    if post.parent is None:
        return root_text(thread, post)[:limit]
    text = post.text
    for block in sorted(post.blocks, key=lambda b: b.start, reverse=True):
        if block.kind == "quote":
            quoted = "\n".join("> " + line for line in text[block.start : block.end].split("\n"))
            text = text[: block.start] + quoted + text[block.end :]
    text = html.unescape(re.sub(r"\n{3,}", "\n\n", text))
    return text if len(text) <= limit else text[:limit] + " [...cut]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--show", type=Path, help="write texts for annotators here")
    parser.add_argument("--pools", action="store_true", help="print pool sizes only")
    args = parser.parse_args(argv)
    if args.pools:
        for rel, pool in pools().items():
            print(f"{len(pool):5d}  {rel}")
        return 0
    rows = select()
    for row in rows:
        print(json.dumps(row))
    if args.show:
        args.show.mkdir(parents=True, exist_ok=True)
        threads = {rel: read_capture(rel) for rel, _, _ in CAPTURES}
        with open(args.show / "pairs.jsonl", "w", encoding="utf-8") as out:
            for n, row in enumerate(rows):
                thread = threads[row["capture"]]
                item = {"item": n, "pair": f"{row['thread']}:{row['child']}",
                        "parent": shown_text(thread, thread.post(row["parent"])),
                        "reply": shown_text(thread, thread.post(row["child"]))}  # fmt: skip
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
