"""The evaluation tasks behind ``argmap eval``; each returns rows of figures.

A row is ``{"task", "system", "n", "macro_f1", "per_class": {...}, ...}``.
Test data here is never used for training or tuning (docs/models/stance.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from argmap.datasets import LabelledPair
from argmap.eval.metrics import (
    accuracy,
    cohen_kappa,
    confusion_matrix,
    expected_calibration_error,
    f1_per_class,
    macro_f1,
    precision_recall_per_class,
)
from argmap.relate.base import Pair, Prediction

STANCES3 = ("rebuts", "neutral", "supports")
Row = dict[str, Any]


class MajorityClassifier:
    """Always the same label: the floor every system must beat."""

    def __init__(self, label: str):
        self.label = label
        self.name = f"majority class ({label})"

    def predict(self, pairs: Sequence[Pair]) -> list[Prediction]:
        return [Prediction(self.label, 1.0, "majority class") for _ in pairs]


def three_way(label: str) -> str:
    """Questions count as neutral when scored against agree/neutral/disagree."""
    return "neutral" if label == "questions" else label


def stance_rows(task: str, pairs: Sequence[LabelledPair], systems: Sequence[Any]) -> list[Row]:
    gold = [p.label for p in pairs]
    rows = []
    for system in systems:
        predictions = system.predict([Pair(p.reply, p.parent, "post") for p in pairs])
        pred = [three_way(p.label) for p in predictions]
        per_class = f1_per_class(gold, pred, STANCES3)
        pr = precision_recall_per_class(gold, pred, STANCES3)
        rows.append({"task": task, "system": system.name, "n": len(pairs),
                     "macro_f1": round(macro_f1(gold, pred, STANCES3), 4),
                     "accuracy": round(accuracy(gold, pred), 4),
                     "per_class": {k: round(v, 4) for k, v in per_class.items()},
                     "precision_recall": {k: {m: round(x, 4) for m, x in v.items()}
                                          for k, v in pr.items()},
                     "confusion": confusion_matrix(gold, pred, STANCES3)})
    return rows


def throughput_rows(task: str, pairs: Sequence[LabelledPair], systems: Sequence[Any]) -> list[Row]:
    """Reply pairs classified per second, one call per system (a rough figure:
    benchmarks/bench_stance.py measures it properly)."""
    import time

    rows = []
    for system in systems:
        batch = [Pair(p.reply, p.parent, "post") for p in pairs]
        started = time.perf_counter()
        getattr(system, "unremembered", system).predict(batch)
        seconds = time.perf_counter() - started
        rows.append({"task": task, "system": system.name, "n": len(pairs),
                     "pairs_per_second": round(len(pairs) / max(seconds, 1e-9), 1)})
    return rows


def agreement_rows(task: str, records: Sequence[dict[str, Any]]) -> list[Row]:
    """Cohen's kappa of the two annotators, overall and per site."""
    rows = []
    for site in ["all", *sorted({r["site"] for r in records})]:
        chosen = [r for r in records if site in ("all", r["site"])]
        names = sorted(chosen[0]["annotators"]) if chosen else []
        first, second = ([r["annotators"][name]["label"] for r in chosen] for name in names[:2])
        rows.append({"task": f"{task} [{site}]", "system": "annotator A vs B", "n": len(chosen),
                     "kappa": round(cohen_kappa(first, second), 4),
                     "raw_agreement": round(accuracy(first, second), 4),
                     "adjudicated": sum(1 for r in chosen if "adjudication" in r)})
    return rows


def by_group_rows(task: str, pairs: Sequence[LabelledPair], systems: Sequence[Any]) -> list[Row]:
    """The same figures per group (site or subreddit)."""
    rows = []
    for group in sorted({p.group for p in pairs}):
        rows += stance_rows(f"{task} [{group}]", [p for p in pairs if p.group == group], systems)
    return rows


def question_rows(task: str, pairs: Sequence[LabelledPair], systems: Sequence[Any]) -> list[Row]:
    """How well "questions" finds the replies whose main act is asking."""
    gold = ["questions" if p.question else "other" for p in pairs]
    rows = []
    for system in systems:
        predictions = system.predict([Pair(p.reply, p.parent, "post") for p in pairs])
        pred = ["questions" if p.label == "questions" else "other" for p in predictions]
        f1 = f1_per_class(gold, pred, ("questions",))["questions"]
        rows.append({"task": task, "system": system.name, "n": len(pairs),
                     "per_class": {"questions": round(f1, 4)}})
    return rows


def support_attack_rows(pairs: Sequence[LabelledPair], systems: Sequence[Any]) -> list[Row]:
    """Support vs attack between argumentative units (arg-microtexts)."""
    gold = ["attack" if p.label == "rebuts" else "support" for p in pairs]
    rows = []
    for system in systems:
        pred = [_binary(system, p) for p in pairs]
        per_class = f1_per_class(gold, pred, ("attack", "support"))
        rows.append({"task": "support vs attack (arg-microtexts)", "system": system.name,
                     "n": len(pairs), "macro_f1": round(macro_f1(gold, pred, ("attack", "support")), 4),
                     "accuracy": round(accuracy(gold, pred), 4),
                     "per_class": {k: round(v, 4) for k, v in per_class.items()}})
    return rows


def _binary(system: Any, pair: LabelledPair) -> str:
    """Attack or support. A model with probabilities picks the likelier stance;
    a rule system's neutral counts as support (the majority relation)."""
    as_pair = Pair(pair.reply, pair.parent, "claim")
    if hasattr(system, "probabilities"):
        p_rebut, _, p_support = system.probabilities(as_pair)
        return "attack" if p_rebut > p_support else "support"
    label = system.predict([as_pair])[0].label
    return "attack" if label == "rebuts" else "support"


def calibration_row(task: str, pairs: Sequence[LabelledPair], system: Any) -> Row:
    predictions = system.predict([Pair(p.reply, p.parent, "post") for p in pairs])
    confidences = [p.confidence for p in predictions]
    correct = [three_way(p.label) == g.label for p, g in zip(predictions, pairs)]
    return {"task": task, "system": system.name, "n": len(pairs),
            "ece": round(expected_calibration_error(confidences, correct), 4),
            "mean_confidence": round(sum(confidences) / len(confidences), 4),
            "accuracy": round(sum(correct) / len(correct), 4)}


def claim_filter_rows(sentences: Sequence[tuple[str, bool, str]]) -> list[Row]:
    """Claim vs non-claim: does the segmenter keep a claim unit from the sentence?"""
    from argmap.model import Post
    from argmap.segment import load_pipeline, segment_posts

    nlp = load_pipeline()
    posts = [Post(str(i), None, None, None, 0, "", "ok", text) for i, (text, _, _) in enumerate(sentences)]
    kept = {c.post_id for c in segment_posts(posts, nlp) if c.claim_type in ("claim", "question")}
    gold = ["claim" if is_claim else "non-claim" for _, is_claim, _ in sentences]
    systems = {
        "segmenter filter (argmap_claims)": ["claim" if str(i) in kept else "non-claim" for i in range(len(sentences))],
        f"majority class ({Counter(gold).most_common(1)[0][0]})": [Counter(gold).most_common(1)[0][0]] * len(gold),
    }
    return [{"task": "claim vs non-claim (IBM test)", "system": name, "n": len(gold),
             "macro_f1": round(macro_f1(gold, pred, ("claim", "non-claim")), 4),
             "per_class": {k: round(v, 4) for k, v in f1_per_class(gold, pred, ("claim", "non-claim")).items()}}
            for name, pred in systems.items()]
