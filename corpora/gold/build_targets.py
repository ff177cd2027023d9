"""Merge two annotators' claim targets and the adjudication into claim-targets.jsonl.

Inputs (never committed): the posts ``select_targets.py`` chooses (recomputed
here); ``LABELS/tbatch-N.<annotator>.jsonl`` from two blind annotators ("tA",
"tB"): ``{"item", "pair", "claims": {"R0": {"target": "P2"|"none", "how"}}}``;
and ``ADJUDICATION``: ``{"item", "pair", "claims": {"R3": {"target", "how",
"reason"}}}`` for every claim where they differ.

Output, one JSON line per reply post (ids, offsets and labels only): the row of
``select_targets.py`` plus ``"targets": {"R0": {"target", "how"}}`` (final),
``"annotators": {"tA": {...}, "tB": {...}}`` and, where needed,
``"adjudication": {"R3": {"target", "how", "reason"}}``.

    python corpora/gold/build_targets.py /tmp/targ/labels /tmp/targ/adj/adjudication.jsonl \
        > corpora/gold/claim-targets.jsonl
    python corpora/gold/build_targets.py LABELS ADJUDICATION --split dev \
        > corpora/gold/claim-targets-dev.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from select_targets import select

ANNOTATORS = ("tA", "tB")


def read_lines(paths) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found[int(row["item"])] = row
    return found


def build(labels: Path, adjudication: Path, split: str = "test") -> list[dict]:
    rows, _ = select(split)
    given = {a: read_lines(sorted(labels.glob(f"tbatch-*.{a}.jsonl"))) for a in ANNOTATORS}
    verdicts = read_lines([adjudication]) if adjudication.is_file() else {}
    out = []
    for item, row in enumerate(rows):
        pair = f"{row['thread']}:{row['child']}"
        first, second = (given[a][item] for a in ANNOTATORS)
        if first["pair"] != pair or second["pair"] != pair:
            raise SystemExit(f"item {item}: labels do not fit {pair}")
        final, decided = {}, {}
        for claim, a in first["claims"].items():
            b = second["claims"][claim]
            if (a["target"], a["how"]) == (b["target"], b["how"]):
                final[claim] = {"target": a["target"], "how": a["how"]}
                continue
            verdict = verdicts.get(item, {}).get("claims", {}).get(claim)
            if verdict is None:
                raise SystemExit(f"item {item} {claim}: annotators differ, no adjudication")
            final[claim] = {"target": verdict["target"], "how": verdict["how"]}
            decided[claim] = {**final[claim], "reason": verdict["reason"]}
        record = {**row, "targets": final,
                  "annotators": {a: given[a][item]["claims"] for a in ANNOTATORS}}  # fmt: skip
        if decided:
            record["adjudication"] = decided
        out.append(record)
    return out


def main(argv: list[str]) -> int:
    split = "test"
    if "--split" in argv:
        at = argv.index("--split")
        split, argv = argv[at + 1], argv[:at] + argv[at + 2:]
    for record in build(Path(argv[0]), Path(argv[1]), split):
        print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
