"""How each key-point method's two thresholds are chosen: ``argmap train thresholds``.

- ``threshold`` (maps) is chosen on **real threads**: the dev threads of
  ``corpora/gold/point-pairs.jsonl``, claim pairs that two annotators
  labelled "same point" or not (``argmap.eval.thread_points``): the lowest
  threshold at which at least 90% of the pairs the method groups make one
  point, or the most precise one where none does. A map should show groups
  a reader accepts as one point, and forum claims are not ArgKP's survey
  arguments, which all share one topic. (The word-overlap baseline, which
  no thread pair was drawn for, keeps ArgKP's rule below.)
- ``coarse_threshold`` (reported, not used in maps) is chosen on
  **ArgKP-2021**: its arguments grouped with no key point given, exactly as
  ``argmap.eval.keypoints.grouping_scores`` groups them, on train and dev
  (dev alone for an encoder fine-tuned on train): the best mean adjusted
  Rand index, in steps of 0.01. On the same data, the lowest multiple of
  0.05 at which ``PAIR_PRECISION`` of the grouped argument pairs share their
  key point on every split is reported too (``choose``'s ``threshold``).

Scored over the arguments that match exactly one key point, as the
evaluation scores them. Test splits are never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from argmap.eval.keypoints import KeyPointData, read_argkp
from argmap.eval.kpa import adjusted_rand_index

PAIR_PRECISION = 0.9
COARSE_GRID = [round(0.01 * n, 2) for n in range(1, 100)]
MAP_GRID = [round(0.05 * n, 2) for n in range(1, 20)]


def threshold_rows(
    data: KeyPointData, method: Any, thresholds: Sequence[float]
) -> list[dict[str, float]]:
    """Pair precision, pair recall and mean adjusted Rand index per threshold."""
    from argmap.analysis.points import cluster

    gold = data.single_matches()
    groups = []
    for args in data.arguments.values():
        kept = [i for i, (arg_id, _) in enumerate(args) if arg_id in gold]
        vectors = method.vectorize([t for _, t in args])
        groups.append((vectors, kept, np.array([gold[args[i][0]] for i in kept])))
    rows = []
    for threshold in thresholds:
        same_both = same_predicted = same_gold = 0
        aris = []
        for vectors, kept, truth in groups:
            label = {
                i: n
                for n, members in enumerate(cluster(vectors, threshold))
                for i in members
            }
            predicted = np.array([label[i] for i in kept])
            aris.append(adjusted_rand_index(list(truth), list(predicted)))
            upper = np.triu_indices(len(kept), 1)
            together = (predicted[:, None] == predicted[None, :])[upper]
            alike = (truth[:, None] == truth[None, :])[upper]
            same_both += int(np.sum(together & alike))
            same_predicted += int(together.sum())
            same_gold += int(alike.sum())
        rows.append({"threshold": threshold,
                     "pair_precision": same_both / same_predicted if same_predicted else 1.0,
                     "pair_recall": same_both / same_gold if same_gold else 0.0,
                     "ari": float(np.mean(aris))})  # fmt: skip
    return rows


def choose(by_split: dict[str, list[dict[str, float]]]) -> dict[str, float]:
    """What ArgKP's rules above pick from ``threshold_rows`` per split:
    ``threshold`` (the 90%-precision one) and ``coarse_threshold``."""
    splits = list(by_split)
    table = {row["threshold"]: {} for row in by_split[splits[0]]}
    for split, rows in by_split.items():
        for row in rows:
            table[row["threshold"]][split] = row
    on_grid = [t for t in sorted(table) if t in MAP_GRID] or sorted(table)
    precise = [t for t in on_grid
               if all(table[t][s]["pair_precision"] >= PAIR_PRECISION for s in splits)]  # fmt: skip
    threshold = precise[0] if precise else max(
        on_grid, key=lambda t: (min(table[t][s]["pair_precision"] for s in splits), -t))  # fmt: skip
    coarse = max(
        sorted(table), key=lambda t: (np.mean([table[t][s]["ari"] for s in splits]), -t)
    )
    return {
        "threshold": threshold,
        "coarse_threshold": coarse,
        "reached_precision": bool(precise),
    }


def tune(
    folder: Path, method: Any, splits: Sequence[str]
) -> tuple[dict[str, Any], dict[str, list]]:
    """(ArgKP's choices, ArgKP's rows per split) for ``method``."""
    if "test" in splits:
        raise ValueError("thresholds are never tuned on the test split")
    by_split = {
        s: threshold_rows(read_argkp(folder, s), method, COARSE_GRID) for s in splits
    }
    return choose(by_split), by_split


def thread_threshold(gold: Path, name: str) -> tuple[float, list[dict[str, float]]]:
    """(the map threshold, the dev rows) from the thread point pairs, for
    ``name`` ("lexical" or "encoder")."""
    from argmap.eval import thread_points

    pairs, strata = thread_points.read(gold)
    rows = thread_points.precision_table(pairs, strata, name, "dev")
    return thread_points.choose(rows), rows
