"""The scores of the Key Point Analysis 2021 shared task, track 1, and the
adjusted Rand index, in numpy.

Track-1 mean average precision follows the organisers' script
``code/track_1_kp_matching.py`` in ``IBM/KPA_2021_shared_task`` (read at
commit 028be09a; Friedman et al., ArgMining 2021, section 4):

1. each argument keeps only its best-scoring key point (an argument with no
   prediction gets a dummy key point, score 0, label 0);
2. the (argument, key point) pair is labelled from the gold labels; a pair
   with no gold label (annotators undecided) counts as no match ("strict")
   or as a match ("relaxed");
3. per (topic, stance), the pairs are sorted by score and the top
   ``int(n * 0.5)`` kept; dummy pairs in it get score 0.99; the average
   precision of that list is scikit-learn's ``average_precision_score``
   (sum over distinct score thresholds of precision times the recall gained),
   and 0 when it holds no match;
4. the mean over (topic, stance) groups.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np

TOP_SHARE = 0.5
DUMMY = "dummy_id"


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """scikit-learn's ``average_precision_score`` for one binary list: tied
    scores form one threshold, as there."""
    y = np.asarray(labels, dtype=float)
    s = np.asarray(scores, dtype=float)
    if y.sum() == 0:
        return 0.0
    order = np.argsort(-s, kind="mergesort")
    y, s = y[order], s[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    hits = np.cumsum(y)[last_of_tie]
    precision = hits / (last_of_tie + 1)
    recall = hits / y.sum()
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def track1_map(
    best: Mapping[str, tuple[str, float] | None],
    groups: Mapping[str, Hashable],
    gold: Mapping[tuple[str, str], int],
) -> dict[str, float]:
    """{"strict", "relaxed"} mean average precision.

    ``best``: each argument's best key point and its score (None: no
    prediction); ``groups``: each argument's (topic, stance); ``gold``:
    the labelled (argument, key point) pairs, 1 match / 0 no match.
    """
    by_group: dict[Hashable, list[tuple[float, str, int | None]]] = {}
    for arg_id, group in groups.items():
        kp_id, score = best.get(arg_id) or (DUMMY, 0.0)
        label = 0 if kp_id == DUMMY else gold.get((arg_id, kp_id))
        by_group.setdefault(group, []).append((float(score), kp_id, label))
    result = {}
    for name, undecided in (("strict", 0), ("relaxed", 1)):
        precisions = []
        for pairs in by_group.values():
            ranked = sorted(pairs, key=lambda p: -p[0])[: int(len(pairs) * TOP_SHARE)]
            scores = [0.99 if kp == DUMMY else s for s, kp, _ in ranked]
            labels = [undecided if label is None else label for _, _, label in ranked]
            precisions.append(average_precision(labels, scores))
        result[name] = float(np.mean(precisions)) if precisions else 0.0
    return result


def adjusted_rand_index(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same
    items (1: identical partitions, about 0: chance). Equal to scikit-learn's
    ``adjusted_rand_score``, which the tests check it against."""
    if len(gold) != len(predicted):
        raise ValueError("the two labellings must label the same items")
    _, g = np.unique(np.asarray(gold, dtype=str), return_inverse=True)
    _, p = np.unique(np.asarray(predicted, dtype=str), return_inverse=True)
    table = np.zeros((g.max(initial=-1) + 1, p.max(initial=-1) + 1))
    np.add.at(table, (g, p), 1)

    def pairs(x: np.ndarray) -> float:
        return float(np.sum(x * (x - 1) / 2))

    both, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = len(gold) * (len(gold) - 1) / 2
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:  # one cluster each, or all singletons: identical
        return 1.0
    return (both - expected) / (maximum - expected)
