"""How often two claims a method groups make one point, on real threads.

Data: ``corpora/gold/point-pairs.jsonl`` (claim pairs labelled "same" or
"different" by two annotators and an adjudication) and
``point-pairs-strata.json`` (how many pairs each stratum holds), both made by
``corpora/gold/select_point_pairs.py``. A pair's stratum, per method, is the
highest threshold at which the method still puts both claims in one group;
a few pairs were drawn from every stratum of every thread, so each pair
drawn for a method stands for ``pairs in its stratum / pairs drawn from it``
pairs (a pair drawn for the other method is not counted: it was not drawn
at random from this method's strata).

**Pair precision at threshold t**: of all the pairs a method groups at t
(its strata at or above t), the estimated share that make the same point.
Splits are whole threads: ``dev`` chose the map thresholds, ``test`` only
reports.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

PAIRS_FILE = "point-pairs.jsonl"
STRATA_FILE = "point-pairs-strata.json"
# The share of grouped pairs that must be one point, as on ArgKP.
PAIR_PRECISION = 0.9


def read(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    pairs = [
        json.loads(line)
        for line in (folder / PAIRS_FILE).read_text(encoding="utf-8").splitlines()
    ]
    return pairs, json.loads((folder / STRATA_FILE).read_text(encoding="utf-8"))


def precision_table(
    pairs: list[dict], strata: list[dict], method: str, split: str
) -> list[dict[str, float]]:
    """Per threshold of the method's grid: estimated pair precision, the
    estimated number of grouped pairs, and the labelled pairs behind it."""
    captures = {p["capture"] for p in pairs if p["split"] == split}
    size = {(s["capture"], s["stratum"]): s["pairs"] for s in strata
            if s["method"] == method and s["capture"] in captures}  # fmt: skip
    drawn: Counter = Counter()
    same: Counter = Counter()
    for p in pairs:
        # Only the pairs drawn for this method are a random sample of its strata.
        if p["capture"] in captures and method in p.get("drawn_for", ()):
            cell = (p["capture"], p["strata"][method])
            drawn[cell] += 1
            same[cell] += p["label"] == "same"
    rows = []
    for threshold in sorted({t for _, t in size}):
        cells = [c for c in size if c[1] >= threshold and size[c]]
        grouped = sum(size[c] for c in cells)
        right = sum(size[c] * same[c] / drawn[c] for c in cells if drawn[c])
        rows.append({"threshold": threshold, "pair_precision": right / grouped if grouped else 1.0,
                     "grouped_pairs": grouped, "labelled": sum(drawn[c] for c in cells)})  # fmt: skip
    return rows


def choose(rows: list[dict[str, float]]) -> float:
    """The lowest threshold whose pair precision reaches PAIR_PRECISION, or
    the most precise one."""
    precise = [r["threshold"] for r in rows if r["pair_precision"] >= PAIR_PRECISION]
    if precise:
        return min(precise)
    return max(rows, key=lambda r: (r["pair_precision"], -r["threshold"]))["threshold"]


def agreement(pairs: list[dict]) -> dict[str, float]:
    """Raw agreement and Cohen's kappa of the two annotators."""
    votes = [(p["annotators"]["annA"], p["annotators"]["annB"]) for p in pairs]
    n = len(votes)
    observed = sum(a == b for a, b in votes) / n
    first, second = Counter(a for a, _ in votes), Counter(b for _, b in votes)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return {"pairs": n, "agreement": observed,
            "kappa": (observed - expected) / (1 - expected) if expected < 1 else 1.0}  # fmt: skip


def thread_point_rows(folder: Path, methods: list[Any]) -> list[dict[str, Any]]:
    """``argmap eval`` rows: each method's pair precision at its map threshold,
    on the dev threads (which chose it) and the test threads."""
    pairs, strata = read(folder)
    from argmap.analysis.encoder import NAME as ENCODER_NAME
    from argmap.analysis.points import LexicalMethod

    # The strata are keyed by the --points names the selection used.
    strata_key = {LexicalMethod.name: "lexical", ENCODER_NAME: "encoder"}
    rows = []
    for method in methods:
        name = strata_key.get(method.name)
        if name is None:
            continue
        for split in ("dev", "test"):
            table = {
                r["threshold"]: r for r in precision_table(pairs, strata, name, split)
            }
            row = table.get(method.threshold)
            if row:
                rows.append({"task": f"point pairs (real threads, {split})", "system": method.name,
                             "n": row["labelled"], "threshold": method.threshold,
                             "pair_precision": round(row["pair_precision"], 4)})  # fmt: skip
    return rows
