"""Merge two annotators' labels and the adjudication into stance-indomain.jsonl.

Inputs (never committed; they hold the annotators' free-text notes):
- the pairs chosen by ``select_indomain.py`` (recomputed here, so ids cannot drift);
- ``LABELS/batch-NN.<annotator>.jsonl``: one line per item,
  ``{"item", "pair", "label", "question", "confidence", "why"}``, from two
  annotators ("annA", "annB") who each labelled every pair, blind to the other
  and to every model;
- ``ADJUDICATION``: ``{"item", "pair", "label", "question", "reason"}`` for every
  pair where the two disagree on the label or the question flag.

Output, one JSON line per pair (ids and labels only, never comment text):
``{"site", "thread", "capture", "split", "child", "parent", "label", "question",
"annotators": {"annA": {"label", "question", "confidence"}, "annB": {...}},
"adjudication": {"label", "question", "reason"}}`` (``adjudication`` only where
one was needed). ``label`` and ``question`` are the final ones.

    python corpora/gold/build_indomain.py /tmp/annot/labels /tmp/annot/adjudication.jsonl \
        > corpora/gold/stance-indomain.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from select_indomain import select

ANNOTATORS = ("annA", "annB")
LABELS = ("disagree", "agree", "neutral")


def read_labels(folder: Path, annotator: str) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for path in sorted(folder.glob(f"batch-*.{annotator}.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found[int(row["item"])] = row
    return found


def build(labels: Path, adjudication: Path | None) -> list[dict]:
    rows = select()
    by_annotator = {a: read_labels(labels, a) for a in ANNOTATORS}
    adjudicated = {}
    if adjudication and adjudication.is_file():
        for line in adjudication.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                adjudicated[int(row["item"])] = row
    out = []
    for item, row in enumerate(rows):
        pair = f"{row['thread']}:{row['child']}"
        given = {}
        for annotator, found in by_annotator.items():
            label = found.get(item)
            if label is None:
                raise SystemExit(f"item {item} ({pair}) has no label from {annotator}")
            if label["pair"] != pair or label["label"] not in LABELS:
                raise SystemExit(f"item {item}: {annotator}'s line does not fit {pair}")
            given[annotator] = {"label": label["label"], "question": bool(label["question"]),
                                "confidence": int(label["confidence"])}  # fmt: skip
        a, b = (given[x] for x in ANNOTATORS)
        record = {**row, "annotators": given}
        if (a["label"], a["question"]) == (b["label"], b["question"]):
            record |= {"label": a["label"], "question": a["question"]}
        else:
            verdict = adjudicated.get(item)
            if verdict is None or verdict["pair"] != pair:
                raise SystemExit(f"item {item} ({pair}): annotators differ, no adjudication")
            record |= {"label": verdict["label"], "question": bool(verdict["question"]),
                       "adjudication": {"label": verdict["label"],
                                        "question": bool(verdict["question"]),
                                        "reason": verdict["reason"]}}  # fmt: skip
        out.append(record)
    return out


def main(argv: list[str]) -> int:
    labels = Path(argv[0])
    adjudication = Path(argv[1]) if len(argv) > 1 else None
    for record in build(labels, adjudication):
        print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
