"""The trained stance classifier (``argmap.stance_linear.v2``), argmap's default.

It labels a reply as rebutting, supporting or neutral toward what it answers,
from a linear model trained in this repository on openly licensed data
(docs/models/stance.md). Questions are their own relation: a reply that
mainly asks is labelled "questions" unless the model is sure of a stance
(a rhetorical "Isn't that just wrong?").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from argmap.registry import relation_classifiers
from argmap.relate.base import Pair, Prediction, is_question
from argmap.relate.stance.model import ARTEFACT, STANCE_LABELS, LinearStanceModel

# A question is a stance only when the model is at least this sure of one.
QUESTION_STANCE_MIN = 0.6


@lru_cache(maxsize=4)
def load_model(path: Path = ARTEFACT) -> LinearStanceModel:
    return LinearStanceModel.load(path)


class StanceClassifier:
    """Rebuts / supports / neutral from the linear model; questions by form."""

    name = "argmap.stance_linear.v2"

    def __init__(self, model: LinearStanceModel | None = None):
        self.model = model or load_model()

    def predict(self, pairs: Sequence[Pair]) -> list[Prediction]:
        return [self.predict_one(pair) for pair in pairs]

    def probabilities(self, pair: Pair) -> np.ndarray:
        """Calibrated P(rebuts), P(neutral), P(supports)."""
        return self.model.predict_proba(pair.text, pair.target_text)

    def predict_one(self, pair: Pair) -> Prediction:
        logits, indices, values = self.model.logits(pair.text, pair.target_text)
        probs = self.model.calibrated(logits)
        k = int(probs.argmax())
        label, confidence = STANCE_LABELS[k], float(probs[k])
        reasons = self.model.explain(k, indices, values)
        because = ", ".join(reasons) if reasons else "no strong feature"
        return decide(pair, probs, f"model: {label} {confidence:.2f} ({because})")


def decide(pair: Pair, probs: np.ndarray, stance: str) -> Prediction:
    """The label of a pair from its calibrated P(rebuts, neutral, supports):
    the likeliest stance, unless the reply mainly asks and no stance is sure
    enough (then "questions"). ``stance`` is the evidence for the stance."""
    k = int(probs.argmax())
    label, confidence = STANCE_LABELS[k], float(probs[k])
    if is_question(pair.text, pair.source_type):
        if label == "neutral" or confidence < QUESTION_STANCE_MIN:
            asks = 1.0 - max(float(probs[0]), float(probs[2]))
            return Prediction("questions", round(asks, 3), f'asks a question ("?"); {stance}')
        stance = f"a rhetorical question; {stance}"
    return Prediction(label, round(confidence, 3), stance)


@relation_classifiers("argmap.stance_linear.v2")
def make_stance_classifier(model: str | Path | None = None) -> StanceClassifier:
    """The trained linear stance model shipped with argmap (the default), or
    the one ``argmap train stance`` wrote to ``model``."""
    return StanceClassifier(load_model(Path(model)) if model is not None else None)
