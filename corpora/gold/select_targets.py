"""Choose the reply posts of the claim-target set (corpora/gold/claim-targets.jsonl).

Rule (deterministic; nothing is picked by hand):

1. The captures of one split of the in-domain corpus (``select_indomain.CAPTURES``):
   ``--split test`` (the default) gives ``claim-targets.jsonl``, used only to
   report; ``--split dev`` gives ``claim-targets-dev.jsonl``, for tuning the
   targeting rules.
2. A reply post is eligible when it and its parent have status "ok", the reply
   has at least one claim that is not a quote, and the parent has at least one
   claim that is neither a quote nor the title (claims as argmap's default
   segmenter cuts them).
3. A post already in an earlier capture of the split is not drawn again.
4. Pools sorted by post id; ``random.Random(f"{SEED}:{capture}").sample`` draws
   ``QUOTA`` posts from each capture (all when fewer).

Output: JSON lines ``{"site", "thread", "capture", "child", "parent", "reply_claims":
[[index, start, end], ...], "parent_claims": [[index, start, end], ...]}`` on
stdout: claim offsets are kept so that a segmenter change that moves a claim is
caught (tests/test_gold_files.py). ``--show DIR`` writes what annotators read to
``DIR/targets.jsonl`` (never into the repository).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from select_indomain import CAPTURES, _id_key, read_capture

SEED = 20261207
QUOTA = {"other/": 220, "discourse/": 90, "lobsters/": 20, "hn-html/": 60}


def answerable(thread, post, claims):
    titles = [b for b in post.blocks if b.kind == "title"] if post.parent is None else []
    return [c for c in claims if c.claim_type != "quote"
            and not any(b.start <= c.start < b.end for b in titles)]  # fmt: skip


def select(split: str = "test") -> tuple[list[dict], dict]:
    from argmap.segment import load_pipeline, segment_thread

    nlp = load_pipeline()
    chosen, context = [], {}
    earlier: set[str] = set()  # the Chuwi permalink page repeats story comments
    for rel, wanted, _ in CAPTURES:
        if wanted != split:
            continue
        thread = read_capture(rel)
        by_post: dict[str, list] = {}
        for claim in segment_thread(thread, nlp):
            by_post.setdefault(claim.post_id, []).append(claim)
        pool = []
        for post in thread.posts:
            parent = thread.posts_by_id.get(post.parent or "")
            if parent is None or post.status != "ok" or parent.status != "ok":
                continue
            if post.url in earlier:
                continue
            mine = [c for c in by_post.get(post.id, []) if c.claim_type != "quote"]
            theirs = answerable(thread, parent, by_post.get(parent.id, []))
            if mine and theirs:
                pool.append((post, parent))
        pool.sort(key=lambda pp: _id_key(pp[0].id))
        earlier.update(p.url for p in thread.posts)
        quota = next(q for prefix, q in QUOTA.items() if rel.startswith(prefix))
        picked = random.Random(f"{SEED}:{Path(rel).name}").sample(range(len(pool)), min(quota, len(pool)))
        for i in sorted(picked):
            post, parent = pool[i]
            row = {"site": thread.site, "thread": thread.id, "capture": rel, "child": post.id,
                   "parent": parent.id,
                   "reply_claims": [[c.index, c.start, c.end] for c in by_post[post.id]],
                   "parent_claims": [[c.index, c.start, c.end] for c in
                                     answerable(thread, parent, by_post[parent.id])]}  # fmt: skip
            chosen.append(row)
            context[len(chosen) - 1] = (post, by_post[post.id], answerable(thread, parent, by_post[parent.id]))
    return chosen, context


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--show", type=Path, help="write texts for annotators here")
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    args = parser.parse_args(argv)
    rows, context = select(args.split)
    for row in rows:
        print(json.dumps(row))
    if args.show:
        args.show.mkdir(parents=True, exist_ok=True)
        with open(args.show / "targets.jsonl", "w", encoding="utf-8") as out:
            for n, row in enumerate(rows):
                post, reply_claims, parent_claims = context[n]
                item = {"item": n, "pair": f"{row['thread']}:{row['child']}",
                        "parent_claims": {f"P{c.index}": c.text for c in parent_claims},
                        "reply_text": post.text[:3000],
                        "reply_claims": {f"R{c.index}": c.text for c in reply_claims
                                         if c.claim_type != "quote"},
                        "reply_quotes": [c.text for c in reply_claims if c.claim_type == "quote"]}  # fmt: skip
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
