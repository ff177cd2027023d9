"""Where claim targeting goes wrong on the dev claim targets, by kind of error.

Not a test and not a score to quote (``argmap eval`` gives the accuracy): a
tool for whoever next changes argmap/relate/targeting.py. It reads only
corpora/gold/claim-targets-dev.jsonl, the set the targeting rules are tuned on;
the test set (claim-targets.jsonl) is for reporting and is never listed here.

    python benchmarks/target_errors.py [--data ../shared] [--show]

Each reply claim is counted once, by what the map did (the rule that chose its
first edge, read from the edge's evidence: quote, similarity, continuation,
first-claim fallback, or no edge) and by what the gold says (a parent claim or
"none"), split by top-level vs deeper replies and by the parent's number of
claims. ``--show`` prints every error with the texts, for reading: the texts
belong to their authors, so never save that output into the repository.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "corpora" / "gold" / "claim-targets-dev.jsonl"
RULES = (("quotes", "quote"), ("similar", "similarity"), ("no close match; continues", "continuation"),
         ("no close match; answers the parent's first", "first-claim fallback"))  # fmt: skip


def rule_of(how: str | None) -> str:
    if how is None:
        return "no edge"
    return next((name for prefix, name in RULES if how.startswith(prefix)), "other")


def size_of(n: int) -> str:
    return (
        "1 claim"
        if n == 1
        else "2-3 claims"
        if n <= 3
        else "4-7 claims"
        if n <= 7
        else "8+ claims"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared")
    parser.add_argument(
        "--show", action="store_true", help="print each error with its texts"
    )
    args = parser.parse_args(argv)
    if not (args.data / "corpora").is_dir():
        print(f"error: no corpora/ under {args.data} (give --data)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    from argmap.datasets import read_jsonl
    from argmap.eval.targets import segment_captures
    from argmap.relate import claim_targets

    rows = read_jsonl(DEV)
    segmented = segment_captures(rows, args.data)
    firsts: dict[str, dict[str, tuple[str, str]]] = {}
    for capture, (thread, claims) in segmented.items():
        firsts[capture] = {}
        for claim, target in claim_targets(thread, claims):
            firsts[capture].setdefault(claim.id, (target.claim.id, target.how))
    counts: Counter[tuple[str, ...]] = Counter()
    by_size: dict[str, Counter[bool]] = defaultdict(Counter)
    for row in rows:
        thread, claims = segmented[row["capture"]]
        level = (
            "top-level"
            if thread.posts_by_id[row["parent"]].parent is None
            else "deeper"
        )
        size = size_of(len(row["parent_claims"]))
        for key, label in sorted(row["targets"].items(), key=lambda kv: int(kv[0][1:])):
            claim_id = f"{row['child']}#{key[1:]}"
            target, how = firsts[row["capture"]].get(claim_id, (None, None))
            gold = label["target"]
            wanted = None if gold == "none" else f"{row['parent']}#{gold[1:]}"
            right = target == wanted
            by_size[f"{level}, parent of {size}"][right] += 1
            if not right:
                counts[
                    (
                        "gold none" if wanted is None else "gold names a claim",
                        rule_of(how),
                        level,
                    )
                ] += 1
                if args.show:
                    _show(row, key, label, how, claims)
    total = sum(sum(c.values()) for c in by_size.values())
    right = sum(c[True] for c in by_size.values())
    print(
        f"dev claim targets: {right}/{total} right ({right / total:.3f})\n\nerrors by gold, rule, level:"
    )
    for key, n in counts.most_common():
        print(f"  {n:4d}  {' / '.join(key)}")
    print("\naccuracy by level and parent size:")
    for key in sorted(by_size):
        c = by_size[key]
        print(
            f"  {key:30s} {c[True]:4d}/{c[True] + c[False]:<4d} {c[True] / (c[True] + c[False]):.3f}"
        )
    return 0


def _show(row, key, label, how, claims) -> None:
    print("=" * 80)
    print(
        f"{row['capture']} {row['child']} -> {row['parent']} {key}: gold {label}, map: {how}"
    )
    for claim in claims:
        if claim.post_id in (row["parent"], row["child"]):
            mark = (
                ">>"
                if claim.post_id == row["child"] and claim.index == int(key[1:])
                else "  "
            )
            side = "P" if claim.post_id == row["parent"] else "R"
            print(f" {mark}{side}{claim.index} [{claim.claim_type}] {claim.text[:200]}")


if __name__ == "__main__":
    sys.exit(main())
