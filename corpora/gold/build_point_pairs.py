"""Merge two annotators' labels and the adjudication into point-pairs.jsonl.

Inputs (never committed: the annotators' files sit beside the texts):
- the pairs written by ``select_point_pairs.py --out`` (ids and strata);
- ``KEY``: the blind ids the annotators saw, ``[{"pair": "P001", "a", "b"}]``
  (pairs were shuffled, and the two claims of a pair put in random order);
- ``labels-annA.json`` and ``labels-annB.json``: ``[{"pair", "label"}]`` with
  label "same" or "different", from two annotators who each labelled every
  pair, blind to the other, to the method and threshold that drew it, and to
  the thread around it (guideline: corpora/gold/README.md, "Point pairs");
- ``ADJUDICATION``: ``[{"pair", "label", "reason"}]`` for every pair where
  the two disagree.

Output, one JSON line per pair (ids and labels only, never comment text):
``{"split", "capture", "a", "b", "strata", "annotators": {"annA", "annB"},
"label", "adjudication": {"label", "reason"}}`` (``adjudication`` only where
one was needed).

    python corpora/gold/build_point_pairs.py /tmp/pairs.jsonl KEY LABELS_DIR ADJUDICATION \
        > corpora/gold/point-pairs.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANNOTATORS = ("annA", "annB")
LABELS = ("same", "different")


def build(pairs: Path, key: Path, labels: Path, adjudication: Path) -> list[dict]:
    rows = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines()]
    blind = {
        (k["a"], k["b"]): k["pair"] for k in json.loads(key.read_text(encoding="utf-8"))
    }
    given = {
        a: {
            r["pair"]: r["label"]
            for r in json.loads((labels / f"labels-{a}.json").read_text())
        }
        for a in ANNOTATORS
    }
    settled = {
        r["pair"]: r for r in json.loads(adjudication.read_text(encoding="utf-8"))
    }
    out = []
    for row in rows:
        pair = blind[(row["a"], row["b"])]
        votes = {a: given[a][pair] for a in ANNOTATORS}
        assert set(votes.values()) <= set(LABELS), votes
        row = {**row, "annotators": votes}
        if len(set(votes.values())) == 1:
            row["label"] = votes["annA"]
        else:
            decided = settled[pair]
            assert decided["label"] in LABELS and decided["reason"].strip(), decided
            row["label"] = decided["label"]
            row["adjudication"] = {
                "label": decided["label"],
                "reason": decided["reason"],
            }
        out.append(row)
    return out


def main() -> None:
    pairs, key, labels, adjudication = (Path(p) for p in sys.argv[1:5])
    for row in build(pairs, key, labels, adjudication):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
