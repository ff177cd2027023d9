"""How well the map's claim edges find what a reply claim answers.

Gold: corpora/gold/claim-targets.jsonl (two annotators, adjudicated): for each
reply claim, the parent claim it answers most directly, or "none", and how.
The map's targets come from running the relation stage on the whole thread,
exactly as ``argmap map`` does; a claim's first edge is its best target.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from argmap.datasets import read_jsonl
from argmap.eval.metrics import f1_per_class, macro_f1
from argmap.eval.tasks import STANCES3, three_way

HOW = {"disagree": "rebuts", "agree": "supports", "neutral": "neutral", "question": "questions"}


def claim_target_rows(gold_file: Path, shared: Path, classifier: Any) -> list[dict[str, Any]]:
    if not gold_file.is_file():
        return []
    from argmap.relate import relate_thread
    from argmap.segment import load_pipeline, segment_thread
    from argmap.sources.files import read_thread_file

    rows = read_jsonl(gold_file)
    nlp = load_pipeline()
    edges: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for capture in sorted({r["capture"] for r in rows}):
        thread = read_thread_file(shared / "corpora" / capture)
        claims = segment_thread(thread, nlp)
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for rel in relate_thread(thread, claims, classifier):
            if rel.is_claim_level:
                found[rel.source].append((rel.target, rel.label))
        edges[capture] = found
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
    return [{"task": "claim targets (in-domain test threads)", "system": "argmap targeting",
             "n": total, "accuracy": round(first / max(total, 1), 4),
             "any_target_accuracy": round(any_hit / max(total, 1), 4),
             "with_gold_target": answered},
            {"task": "claim-edge stance where the target is right", "system": classifier.name,
             "n": len(gold_how), "macro_f1": round(macro_f1(gold_how, pred_how, STANCES3), 4),
             "per_class": {k: round(v, 4) for k, v in per_class.items()}}]  # fmt: skip
