"""The transformer stance classifier runs the committed ONNX artefact (no torch)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime", reason="the transformer classifier needs onnxruntime")
pytest.importorskip("tokenizers", reason="the transformer classifier needs tokenizers")

from argmap.relate import get_classifier
from argmap.relate.base import Pair

PAIRS = [
    Pair("No, that is simply wrong: the benchmark measured the cold start.", "Rust compiles faster than C++."),
    Pair("Exactly, and the numbers back it up.", "Memory safety matters for security."),
    Pair("What version did you use?", "The new release is slower than the old one."),
    Pair("Thanks for the link.", "Here is the paper."),
    Pair("I don't think so. Cargo is better than anything C++ has.", "C++ has decades of tooling that Rust lacks."),
]


@pytest.fixture(scope="module")
def minilm():
    return get_classifier("argmap.stance_minilm.v1")


def test_probabilities_are_a_distribution_for_every_pair(minilm):
    probs = minilm.probabilities_batch(PAIRS)
    assert probs.shape == (len(PAIRS), 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_batching_by_length_keeps_each_pair_its_own_answer(minilm):
    together = minilm.probabilities_batch(PAIRS)
    alone = np.array([minilm.probabilities(p) for p in PAIRS])
    np.testing.assert_allclose(together, alone, atol=1e-4)
    reversed_order = minilm.probabilities_batch(PAIRS[::-1])[::-1]
    np.testing.assert_allclose(together, reversed_order, atol=1e-4)


def test_predictions_explain_themselves(minilm):
    predictions = minilm.predict(PAIRS)
    assert len(predictions) == len(PAIRS)
    for p in predictions:
        assert p.label in ("rebuts", "supports", "neutral", "questions")
        assert 0.0 <= p.confidence <= 1.0 and "MiniLM" in p.evidence
    assert predictions[2].label == "questions"
    assert predictions[0].label == "rebuts" and predictions[4].label == "rebuts"


def test_an_empty_batch_is_no_work(minilm):
    assert minilm.predict([]) == []
