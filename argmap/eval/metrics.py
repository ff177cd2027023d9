"""Scores: per-class F1, macro-F1, accuracy and calibration error."""

from __future__ import annotations

from collections.abc import Sequence


def f1_per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    scores = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == p == label)
        fp = sum(1 for g, p in zip(gold, pred) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
        scores[label] = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return scores


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    per_class = f1_per_class(gold, pred, labels)
    return sum(per_class.values()) / len(per_class)


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(1 for g, p in zip(gold, pred) if g == p) / max(1, len(gold))


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """Mean gap between confidence and accuracy, over equal-width confidence bins."""
    total = len(confidences)
    if not total:
        return 0.0
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidences) if low < c <= high or (b == 0 and c == 0)]
        if members:
            mean_conf = sum(confidences[i] for i in members) / len(members)
            acc = sum(1 for i in members if correct[i]) / len(members)
            error += len(members) / total * abs(mean_conf - acc)
    return error


def precision_recall_per_class(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    """{label: {"precision", "recall"}}; 0 where a class is never predicted or never gold."""
    scores = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == p == label)
        predicted = sum(1 for p in pred if p == label)
        actual = sum(1 for g in gold if g == label)
        scores[label] = {"precision": tp / predicted if predicted else 0.0,
                         "recall": tp / actual if actual else 0.0}  # fmt: skip
    return scores


def confusion_matrix(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    """{gold label: {predicted label: count}}."""
    matrix = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, pred):
        if g in matrix and p in matrix[g]:
            matrix[g][p] += 1
    return matrix


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Agreement of two annotators beyond chance (Cohen 1960)."""
    n = len(first)
    if n == 0:
        return 0.0
    observed = sum(1 for a, b in zip(first, second) if a == b) / n
    labels = set(first) | set(second)
    expected = sum((list(first).count(x) / n) * (list(second).count(x) / n) for x in labels)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)
