"""How well the map's claim edges find what a reply claim answers.

Gold: corpora/gold/claim-targets.jsonl (test threads, to report) and
claim-targets-dev.jsonl (dev threads, to tune on); two annotators, adjudicated. For each
reply claim, the parent claim it answers most directly, or "none", and how.
The map's targets come from running the relation stage on the whole thread,
exactly as ``argmap map`` does; a claim's first edge is its best target.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from argmap.datasets import read_jsonl
from argmap.eval.metrics import f1_per_class, macro_f1
from argmap.eval.tasks import STANCES3, three_way

TEST_TASK = "claim targets (in-domain test threads)"
DEV_TASK = "claim targets (in-domain dev threads, tuning set)"
HOW = {"disagree": "rebuts", "agree": "supports", "neutral": "neutral", "question": "questions"}


def claim_target_rows(
    gold_file: Path, shared: Path, classifiers: Sequence[Any]
) -> list[dict[str, Any]]:
    """One targeting row (targets do not depend on the classifier), then one
    claim-edge stance row per classifier. Each thread is read and segmented once."""
    if not gold_file.is_file() or not classifiers:
        return []
    rows = read_jsonl(gold_file)
    segmented = segment_captures(rows, shared)
    out = []
    for classifier in classifiers:
        edges = {capture: _claim_edges(thread, claims, classifier)
                 for capture, (thread, claims) in segmented.items()}  # fmt: skip
        targeting, stance = _score(rows, edges, classifier.name, TEST_TASK)
        out += [stance] if out else [targeting, stance]
    return out


def claim_target_dev_rows(gold_file: Path, shared: Path) -> list[dict[str, Any]]:
    """The targeting row on the dev threads (claim-targets-dev.jsonl), the set
    the targeting rules are compared on. No classifier: targets need none."""
    if not gold_file.is_file():
        return []
    from argmap.relate import claim_targets

    rows = read_jsonl(gold_file)
    edges = {}
    for capture, (thread, claims) in segment_captures(rows, shared).items():
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for claim, target in claim_targets(thread, claims):
            found[claim.id].append((target.claim.id, ""))
        edges[capture] = found
    return [_score(rows, edges, "argmap targeting", DEV_TASK)[0]]


def segment_captures(rows: list[dict[str, Any]], shared: Path) -> dict[str, tuple[Any, Any]]:
    """{capture: (thread, claims)}, each capture read and segmented once."""
    from argmap.segment import load_pipeline, segment_thread
    from argmap.sources.files import read_thread_file

    nlp = load_pipeline()
    segmented = {}
    for capture in sorted({r["capture"] for r in rows}):
        thread = read_thread_file(shared / "corpora" / capture)
        segmented[capture] = (thread, segment_thread(thread, nlp))
    return segmented


def _claim_edges(thread, claims, classifier) -> dict[str, list[tuple[str, str]]]:
    """{reply claim id: [(target claim id, label), ...]}, best target first."""
    from argmap.relate import relate_thread

    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rel in relate_thread(thread, claims, classifier):
        if rel.is_claim_level:
            found[rel.source].append((rel.target, rel.label))
    return found


def _score(rows: list[dict[str, Any]], edges: dict, system: str, task: str) -> tuple[dict, dict]:
    first = any_hit = total = answered = 0
    gold_how, pred_how = [], []
    for row in rows:
        for key, label in row["targets"].items():
            predicted = edges[row["capture"]].get(f"{row['child']}#{key[1:]}", [])
            total += 1
            if label["target"] == "none":
                first += not predicted
                any_hit += not predicted
                continue
            answered += 1
            wanted = f"{row['parent']}#{label['target'][1:]}"
            targets = [t for t, _ in predicted]
            first += bool(targets) and targets[0] == wanted
            any_hit += wanted in targets
            if targets and targets[0] == wanted:
                gold_how.append(three_way(HOW[label["how"]]))
                pred_how.append(three_way(predicted[0][1]))
    per_class = f1_per_class(gold_how, pred_how, STANCES3)
    return ({"task": task, "system": "argmap targeting",
             "n": total, "accuracy": round(first / max(total, 1), 4),
             "any_target_accuracy": round(any_hit / max(total, 1), 4),
             "with_gold_target": answered},
            {"task": "claim-edge stance where the target is right", "system": system,
             "n": len(gold_how), "macro_f1": round(macro_f1(gold_how, pred_how, STANCES3), 4),
             "per_class": {k: round(v, 4) for k, v in per_class.items()}})  # fmt: skip
