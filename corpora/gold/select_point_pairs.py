"""Choose the claim pairs of the thread point corpus (corpora/gold/point-pairs.jsonl).

What it is for: a point groups claims of a thread, and a map should show
groups a reader accepts as one point. ArgKP-2021 (where the thresholds were
first chosen) has survey arguments that all share one topic; forum claims
do not. These pairs, labelled "same point" or not, measure how often two
claims that a method puts in one group really make the same point, at each
threshold, on real threads (``argmap.eval.thread_points``).

Rule (deterministic; nothing is picked by hand):

1. Six captures under ../shared/corpora, each whole in one split (by thread,
   never by pair), in CAPTURES below. ``dev`` chooses the map thresholds;
   ``test`` only reports. The dev threads are the two HN threads whose point
   groups were read during development (docs/analysis.md, "Hand-check") and
   one Reddit thread; the test threads were never read for points. The four
   threads kept out for an independent check (HN 39232976, HN 20865492,
   Discourse 5864, Reddit n49rw) are never read here.
2. Each capture is mapped by argmap (``map_thread(points=None)``); the
   candidate claims are those ``argmap.analysis.points.candidates`` gives
   (claims, not questions or quotes or the title, with 3 content words).
3. For each method (lexical; the fine-tuned encoder, which must be built:
   ``argmap train encoder``) the candidates are grouped at every threshold of
   its GRID, exactly as points are. A pair's stratum is the highest threshold
   at which the two claims are still in one group; pairs in no group at the
   lowest threshold are not drawn.
4. Per (capture, method, stratum) the pairs are sorted and
   ``random.Random(f"{SEED}:{capture}:{method}:{stratum}").sample`` draws
   ``min(PER_STRATUM, n)``. A pair drawn for both methods is labelled once.

Output: ``--out FILE`` writes JSON lines ``{"split", "capture", "a", "b",
"strata": {method: stratum}, "drawn_for": [method, ...]}`` and ``--strata FILE`` the pair count of every
stratum (needed to weight the sample). ``--show DIR`` also writes the texts,
for annotators, as ``DIR/pairs.jsonl``; never save that into the repository.
Run from the repository root (needs ``argmap[transformer]`` and the encoder):

    python corpora/gold/select_point_pairs.py --out /tmp/pairs.jsonl --strata /tmp/strata.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from itertools import combinations
from pathlib import Path

SEED = 20261207
PER_STRATUM = 5
GRID = {
    "lexical": [0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60],
    "encoder": [0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90],
}
CAPTURES = {
    "other/hnpwa-api-item-26312516-speed-is-the-killer-feature-2021-03.json": "dev",
    "other/hnpwa-api-item-25015967-biden-wins-2020-11.json": "dev",
    "reddit/reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json": "dev",
    "hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html": "test",
    "discourse/urho3d/t-re-to-rbfx-and-not-to-rbfx-6605.json": "test",
    "reddit/reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json": "test",
}
KEPT_OUT = ("39232976", "20865492", "-5864", "n49rw")


def strata(vectors, found, grid) -> dict[tuple[int, int], float]:
    """(i, j) -> the highest threshold of ``grid`` at which i and j share a group."""
    from argmap.analysis.points import cluster

    top: dict[tuple[int, int], float] = {}
    for threshold in grid:
        for members in cluster(vectors, threshold, found.keys, found.apart):
            for pair in combinations(sorted(members), 2):
                top[pair] = threshold
    return top


def select(shared: Path, show: Path | None = None):
    from argmap.analysis.encoder import EncoderMethod
    from argmap.analysis.points import LexicalMethod, candidates
    from argmap.pipeline import map_thread

    methods = {"lexical": LexicalMethod(), "encoder": EncoderMethod()}
    rows, counts, texts = [], [], []
    for capture, split in CAPTURES.items():
        assert not any(k in capture for k in KEPT_OUT), capture
        G = map_thread(str(shared / "corpora" / capture), points=None).graph
        found = candidates(G)
        tops = {name: strata(method.vectorize(found.texts), found, GRID[name])
                for name, method in methods.items()}  # fmt: skip
        drawn_for: dict[tuple[int, int], list[str]] = {}
        for name, top in tops.items():
            for stratum in GRID[name]:
                pool = sorted(p for p, t in top.items() if t == stratum)
                counts.append({"capture": capture, "method": name, "stratum": stratum,
                               "pairs": len(pool)})  # fmt: skip
                rng = random.Random(f"{SEED}:{capture}:{name}:{stratum}")
                for pair in rng.sample(pool, min(PER_STRATUM, len(pool))):
                    drawn_for.setdefault(pair, []).append(name)
        for i, j in sorted(drawn_for):
            # Every method's stratum, but each method is estimated from the
            # pairs drawn for it alone: the others were not drawn at random
            # from its strata.
            found_strata = {n: top[(i, j)] for n, top in tops.items() if (i, j) in top}
            rows.append({"split": split, "capture": capture, "a": found.claims[i],
                         "b": found.claims[j], "strata": found_strata,
                         "drawn_for": drawn_for[(i, j)]})  # fmt: skip
            texts.append(
                {
                    "a": G.nodes[found.claims[i]]["text"],
                    "b": G.nodes[found.claims[j]]["text"],
                }
            )
    if show:
        show.mkdir(parents=True, exist_ok=True)
        with (show / "pairs.jsonl").open("w", encoding="utf-8") as f:
            for row, text in zip(rows, texts):
                shown = {"capture": row["capture"], "a": row["a"], "b": row["b"],
                         "text_a": text["a"], "text_b": text["b"]}  # fmt: skip
                f.write(json.dumps(shown, ensure_ascii=False) + "\n")
    return rows, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("..") / "shared")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--strata", type=Path, required=True)
    parser.add_argument("--show", type=Path)
    args = parser.parse_args()
    rows, counts = select(args.shared, args.show)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    args.strata.write_text(json.dumps(counts, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
