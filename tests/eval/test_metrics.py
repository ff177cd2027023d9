"""The agreement and confusion figures behind argmap eval."""

from __future__ import annotations

import pytest

from argmap.eval.metrics import (
    cohen_kappa,
    confusion_matrix,
    precision_recall_per_class,
)

LABELS = ("rebuts", "neutral", "supports")


def test_kappa_is_one_for_perfect_agreement_and_zero_at_chance():
    assert cohen_kappa(["a", "b", "a"], ["a", "b", "a"]) == 1.0
    # Both always say "a": agreement is entirely expected by chance.
    assert cohen_kappa(["a", "a"], ["a", "a"]) == 1.0
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "a", "b", "b"]) == pytest.approx(0.0)


def test_kappa_matches_a_worked_example():
    # 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (Wikipedia's example): 0.4
    first = ["y"] * 25 + ["n"] * 25
    second = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test_precision_recall_and_confusion():
    gold = ["rebuts", "rebuts", "neutral", "supports"]
    pred = ["rebuts", "neutral", "neutral", "rebuts"]
    pr = precision_recall_per_class(gold, pred, LABELS)
    assert pr["rebuts"] == {"precision": 0.5, "recall": 0.5}
    assert pr["supports"] == {"precision": 0.0, "recall": 0.0}
    matrix = confusion_matrix(gold, pred, LABELS)
    assert matrix["rebuts"] == {"rebuts": 1, "neutral": 1, "supports": 0}
    assert matrix["supports"]["rebuts"] == 1
