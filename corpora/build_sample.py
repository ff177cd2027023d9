"""Rebuild the bundled sample thread from the seed text, as argmap thread JSON.

The seed (../shared/seed/open-source-ai-thread.txt) holds the comments of the
Hacker News discussion under "Open Source AI Is the Path Forward" (item
41046773) as plain lines, with no ids, authors or reply links. This script
records, as code, how the thread was put back together:

- Lines 1-4 and 15-21 are the same root comment, once without and once with
  its links (the second copy also has a closing paragraph about OSI). They
  are merged into one post: line 1, then the linked copy.
- Line 5 quotes line 1 ("> Only if it is truly open source ..."), so lines 5-6
  reply to the root comment.
- Lines 7-8 answer line 6's question ("What happens if it's truly open?") with
  the benefits, so they reply to lines 5-6.
- Line 9 ("Yeah, though I do wonder ... if the original training recipe
  really matters") follows up on the benefits, so it replies to lines 7-8.
- Line 10 ("I imagine its main use would be ... distilling") answers line 9's
  question about what a big model is for.
- Lines 11-14 ("But, I do think there is always a way to share without
  disclosing too many specifics", with examples about data filtering) answer
  the root comment's complaint that OLMo does not "explicitly share each
  decision made" in curating its data, so they reply to the root comment.

Only two ids are real: the story 41046773 and the root comment 41047462
(named in ../shared/corpora/MANIFEST.md). The rest are placeholders, as are
all author names; no times are known.

Run from the repository root:  python corpora/build_sample.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "open-source-ai-thread.txt"
OUT = REPO / "corpora" / "open-source-ai-thread.json"

STORY_ID = "41046773"
HN_ITEM = "https://news.ycombinator.com/item?id="

# (id, parent, author, seed line numbers (1-based) as paragraphs)
POSTS = [
    ("41047462", STORY_ID, "user_a", [1, 15, 16, 17, 18, 19, 20, 21]),
    ("sample-2", "41047462", "user_b", [5, 6]),
    ("sample-3", "sample-2", "user_c", [7, 8]),
    ("sample-4", "sample-3", "user_d", [9]),
    ("sample-5", "sample-4", "user_e", [10]),
    ("sample-6", "41047462", "user_f", [11, 12, 13, 14]),
]
# Bullet lines belong to the paragraph above them; others stand apart.
_LIST_PREFIX = "- "


def build(seed_lines: list[str]) -> dict:
    posts = [{
        "id": STORY_ID, "parent": None, "author": "story_submitter", "created": None,
        "url": HN_ITEM + STORY_ID, "status": "ok", "text": "",
    }]
    for post_id, parent, author, line_numbers in POSTS:
        posts.append({
            "id": post_id, "parent": parent, "author": author, "created": None,
            # Placeholder ids have no page of their own; link to the thread instead.
            "url": HN_ITEM + (post_id if post_id.isdigit() else STORY_ID),
            "status": "ok",
            "text": _join([seed_lines[n - 1] for n in line_numbers]),
        })
    return {
        "format": "argmap-thread", "version": 1,
        "site": "hackernews", "id": STORY_ID, "url": HN_ITEM + STORY_ID,
        "title": "Open Source AI Is the Path Forward",
        "link": "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/",
        "fetched_at": None,
        "posts": posts,
        "skipped": [],
    }


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        separator = "\n" if line.startswith(_LIST_PREFIX) and out else "\n\n"
        out = f"{out}{separator}{line}" if out else line
    return out


def main() -> int:
    if not SEED.is_file():
        print(f"seed not found: {SEED}", file=sys.stderr)
        return 1
    lines = SEED.read_text(encoding="utf-8").splitlines()
    OUT.write_text(json.dumps(build(lines), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
