"""The linear stance model: tf-idf features, multinomial logistic regression.

Prediction needs only numpy and the artefact, a gzipped JSON file that
``argmap train stance`` writes (see docs/models/stance.md). The artefact holds
everything: vocabulary, idf, weights, the calibration temperature, and a
record of the data and settings it was trained with.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import numpy as np

from argmap.atomic import atomic_write
from argmap.errors import InputError
from argmap.relate.stance.features import DENSE_NAMES, pair_features

STANCE_LABELS = ("rebuts", "neutral", "supports")
ARTEFACT = Path(__file__).with_name("stance-linear-v2.json.gz")


@dataclass
class Vectorizer:
    """Pair -> sparse vector: tf-idf of named features, then scaled numbers."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    dense_weight: float

    @property
    def size(self) -> int:
        return len(self.vocabulary) + len(DENSE_NAMES)

    def transform(self, reply: str, parent: str) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of the pair's non-zero features."""
        sparse, dense_values = pair_features(reply, parent)
        counts = Counter(sparse)
        known = [(self.vocabulary[f], n) for f, n in counts.items() if f in self.vocabulary]
        indices = [i for i, _ in known]
        values = np.array([(1.0 + math.log(n)) for _, n in known]) * self.idf[indices]
        norm = float(np.sqrt((values**2).sum())) if len(values) else 0.0
        if norm:
            values = values / norm
        dense = (np.array(dense_values) - self.dense_mean) / self.dense_scale
        offset = len(self.vocabulary)
        all_indices = np.array(indices + list(range(offset, offset + len(dense))), dtype=np.int64)
        return all_indices, np.concatenate([values, dense * self.dense_weight])

    def feature_name(self, index: int, value: float = 1.0) -> str:
        """A sparse feature's name; a number's name on the side of average it is."""
        if index >= len(self.vocabulary):
            above, below = DENSE_NAMES[index - len(self.vocabulary)]
            return f"={above}" if value > 0 else f"={below}"
        return self._names[index]

    @cached_property
    def _names(self) -> list[str]:
        return sorted(self.vocabulary, key=self.vocabulary.__getitem__)


class LinearStanceModel:
    """Scores a (reply, parent) pair as rebuts / neutral / supports."""

    def __init__(self, vectorizer: Vectorizer, coef: np.ndarray, intercept: np.ndarray,
                 temperature: float, meta: dict[str, Any]):
        self.vectorizer = vectorizer
        self.coef = coef
        self.intercept = intercept
        self.temperature = temperature
        self.meta = meta

    def logits(self, reply: str, parent: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        indices, values = self.vectorizer.transform(reply, parent)
        return self.coef[:, indices] @ values + self.intercept, indices, values

    def predict_proba(self, reply: str, parent: str) -> np.ndarray:
        return self.calibrated(self.logits(reply, parent)[0])

    def calibrated(self, logits: np.ndarray) -> np.ndarray:
        """Probabilities from logits, temperature-scaled."""
        return _softmax(logits / self.temperature)

    def explain(self, label_index: int, indices: np.ndarray, values: np.ndarray, top: int = 3) -> list[str]:
        """The features that pushed hardest toward ``label_index``, in words."""
        contributions = self.coef[label_index, indices] * values
        order = np.argsort(-contributions)[:top]
        return [
            f"{describe(self.vectorizer.feature_name(int(indices[i]), float(values[i])))} "
            f"({contributions[i]:+.2f})"
            for i in order
            if contributions[i] > 0
        ]

    def to_json(self) -> dict[str, Any]:
        v = self.vectorizer
        return {
            "format": "argmap-stance-linear", "version": 1, "labels": list(STANCE_LABELS),
            "vocabulary": sorted(v.vocabulary, key=v.vocabulary.__getitem__),
            "idf": _rounded(v.idf), "dense_mean": _rounded(v.dense_mean),
            "dense_scale": _rounded(v.dense_scale), "dense_weight": v.dense_weight,
            "coef": [_rounded(row) for row in self.coef], "intercept": _rounded(self.intercept),
            "temperature": round(float(self.temperature), 4), "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearStanceModel:
        vectorizer = Vectorizer(
            vocabulary={name: i for i, name in enumerate(data["vocabulary"])},
            idf=np.array(data["idf"]), dense_mean=np.array(data["dense_mean"]),
            dense_scale=np.array(data["dense_scale"]), dense_weight=float(data["dense_weight"]),
        )
        return cls(vectorizer, np.array(data["coef"]), np.array(data["intercept"]),
                   float(data["temperature"]), data.get("meta", {}))

    def save(self, path: Path) -> None:
        payload = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":")).encode()
        # mtime=0: the same model gives the same bytes, so retraining can be checked.
        # Atomic: the default path is the shipped artefact every map loads.
        def write(raw: IO[bytes]) -> None:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
                gz.write(payload)

        atomic_write(path, write)

    @classmethod
    def load(cls, path: Path = ARTEFACT) -> LinearStanceModel:
        """Read a model that ``save`` wrote; a file that is not one is an
        InputError naming it (a user may pass any path as ``model``)."""
        try:
            with gzip.open(path, "rb") as gz:
                return cls.from_json(json.loads(gz.read()))
        except FileNotFoundError:
            raise InputError(f"{path}: no such model file") from None
        except (OSError, EOFError, ValueError, KeyError, TypeError) as err:
            raise InputError(f"{path} is not a stance model written by argmap train stance ({err.__class__.__name__})") from None


def describe(feature: str) -> str:
    """A feature name as a reader would say it."""
    kind, _, value = feature.partition("=")
    if not kind:
        return value  # a number, already named in words
    if kind == "start" and value:
        return f'starts "{value}"'
    if kind == "not" and value:
        return f'negated "{value}"'
    if kind == "shared" and value:
        return f'repeats "{value}" from the parent'
    if feature == "quote=start":
        return "opens with a quote"
    return f'"{feature}"'


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _rounded(values: np.ndarray) -> list[float]:
    return [float(f"{x:.6g}") for x in np.asarray(values, dtype=float)]
