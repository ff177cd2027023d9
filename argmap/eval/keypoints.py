"""Key points on ArgKP-2021 (IBM Debater, CDLA-Sharing-1.0): ``argmap eval`` rows.

Two tasks, on the **test** split only (train and dev tuned the methods):

- matching: each argument's best key point among its topic and stance's key
  points, scored by the method's cosine; the shared task's track-1 mean
  average precision, strict and relaxed (``argmap.eval.kpa``);
- grouping: the arguments of each topic and stance grouped with no key point
  given, exactly as argmap groups a thread's claims; the adjusted Rand index
  against the gold assignment, over the arguments that match exactly one key
  point (the others have no single gold group), averaged over topic and
  stance like the mAP. Arguments argmap leaves alone count as singletons.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from argmap.eval.kpa import adjusted_rand_index, track1_map

FOLDER = ("gold", "argkp-2021")


class WordOverlapMethod:
    """The baseline: cosine of binary sets of content words (no stemming,
    no weights), the same clustering."""

    name = "baseline: word overlap"
    # Chosen on ArgKP-2021 train and dev as the others (argmap train
    # thresholds --points overlap).
    threshold = 0.8
    coarse_threshold = 0.24

    def vectorize(self, texts: Sequence[str]) -> np.ndarray:
        from argmap.analysis._lexical import STOP_WORDS, words

        vocabulary: dict[str, int] = {}
        sets = [{vocabulary.setdefault(w, len(vocabulary)) for w in words(t) if w not in STOP_WORDS}
                for t in texts]  # fmt: skip
        rows = np.zeros((len(texts), max(1, len(vocabulary))), dtype=np.float32)
        for i, ids in enumerate(sets):
            rows[i, sorted(ids)] = 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def default_methods() -> list[Any]:
    """The baseline, the lexical method and, where it is installed, the encoder."""
    from argmap.analysis.points import LexicalMethod, get_method

    methods = [WordOverlapMethod(), LexicalMethod()]
    encoder = get_method("auto")
    return methods + ([encoder] if encoder.name != LexicalMethod.name else [])


@dataclass(frozen=True)
class KeyPointData:
    """One split: arguments and key points by (topic, stance), and gold labels."""

    arguments: dict[tuple[str, int], list[tuple[str, str]]]  # (arg_id, text)
    key_points: dict[tuple[str, int], list[tuple[str, str]]]  # (kp_id, text)
    labels: dict[tuple[str, str], int]

    def single_matches(self) -> dict[str, str]:
        """Arguments that match exactly one key point -> that key point."""
        matches: dict[str, list[str]] = {}
        for (arg_id, kp_id), label in self.labels.items():
            if label == 1:
                matches.setdefault(arg_id, []).append(kp_id)
        return {a: kps[0] for a, kps in matches.items() if len(kps) == 1}


def read_argkp(folder: Path, split: str) -> KeyPointData:
    arguments: dict[tuple[str, int], list[tuple[str, str]]] = {}
    key_points: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for name, into, id_col, text_col in (("arguments", arguments, "arg_id", "argument"),
                                         ("key_points", key_points, "key_point_id", "key_point")):  # fmt: skip
        with (folder / f"{name}_{split}.csv").open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                group = (row["topic"], int(row["stance"]))
                into.setdefault(group, []).append((row[id_col], row[text_col]))
    with (folder / f"labels_{split}.csv").open(newline="", encoding="utf-8") as f:
        labels = {
            (r["arg_id"], r["key_point_id"]): int(r["label"]) for r in csv.DictReader(f)
        }
    return KeyPointData(arguments, key_points, labels)


def matching_scores(data: KeyPointData, method: Any) -> dict[str, float]:
    """Track-1 mAP of ``method`` (``vectorize(texts) -> unit rows``, and
    optionally ``match_confidence(similarities) -> one score per row``)."""
    # The ranking score: a method's own confidence where it has one (the
    # fine-tuned encoder's softmax), else the best cosine.
    confidence_of = getattr(method, "match_confidence", lambda sims: sims.max(axis=1))
    best: dict[str, tuple[str, float] | None] = {}
    groups: dict[str, tuple[str, int]] = {}
    for group, args in data.arguments.items():
        kps = data.key_points.get(group, [])
        vectors = method.vectorize([t for _, t in args] + [t for _, t in kps])
        sims = vectors[: len(args)] @ vectors[len(args) :].T
        confidence = confidence_of(sims) if kps else None
        for i, (arg_id, _) in enumerate(args):
            groups[arg_id] = group
            best[arg_id] = (
                (kps[int(np.argmax(sims[i]))][0], float(confidence[i])) if kps else None
            )
    return track1_map(best, groups, data.labels)


def grouping_scores(
    data: KeyPointData, method: Any, threshold: float | None = None
) -> dict[str, float]:
    """The adjusted Rand index of ``method``'s groups against the gold key
    point of single-match arguments, averaged over topic and stance."""
    from argmap.analysis.points import cluster

    gold = data.single_matches()
    per_group, scored = [], 0
    for args in data.arguments.values():
        vectors = method.vectorize([t for _, t in args])
        clusters = cluster(
            vectors, method.threshold if threshold is None else threshold
        )
        label = {i: n for n, members in enumerate(clusters) for i in members}
        kept = [i for i, (arg_id, _) in enumerate(args) if arg_id in gold]
        per_group.append(
            adjusted_rand_index(
                [gold[args[i][0]] for i in kept], [label[i] for i in kept]
            )
        )
        scored += len(kept)
    return {"ari": float(np.mean(per_group)), "arguments": scored}


def keypoint_rows(
    folder: Path, methods: Sequence[Any], split: str = "test"
) -> list[dict[str, Any]]:
    data = read_argkp(folder, split)
    n = sum(len(a) for a in data.arguments.values())
    rows = []
    for method in map(_Memo, methods):
        matching = matching_scores(data, method)
        rows.append({"task": f"key point matching (ArgKP-2021 {split}, track 1)", "system": method.name,
                     "n": n, "map_strict": round(matching["strict"], 4),
                     "map_relaxed": round(matching["relaxed"], 4)})  # fmt: skip
        for setting in ("threshold", "coarse_threshold"):
            threshold = getattr(method, setting)
            grouping = grouping_scores(data, method, threshold)
            rows.append({"task": f"key point grouping (ArgKP-2021 {split})", "system": method.name,
                         "n": grouping["arguments"], "ari": round(grouping["ari"], 4),
                         "threshold": threshold, "setting": setting})  # fmt: skip
    return rows


class _Memo:
    """A method that vectorizes each list of texts once: the three scores
    read the same arguments (the encoder takes seconds for each)."""

    def __init__(self, method: Any):
        self._method = method
        self._seen: dict[tuple[str, ...], np.ndarray] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._method, name)

    def vectorize(self, texts: Sequence[str]) -> np.ndarray:
        key = tuple(texts)
        if key not in self._seen:
            self._seen[key] = self._method.vectorize(texts)
        return self._seen[key]
