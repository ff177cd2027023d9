"""``argmap eval``: one reproducible evaluation of every stage that has gold data.

It scores, on data never used for training or tuning:

- reply stance on DEBAGREEMENT ``test.csv`` (macro-F1 and per-class F1);
- support vs attack between argumentative units (arg-microtexts);
- claim vs non-claim for the segmenter's filter (IBM claim sentences, test split);
- reply stance on argmap's hand-labelled HN/Reddit dev set (corpora/gold);
- reply stance on the in-domain test split (corpora/gold/stance-indomain.jsonl:
  HN, Discourse and Lobsters threads never trained or tuned on), overall and
  per site, with per-class precision and recall, the confusion matrix,
  calibration and pairs/s, and the two annotators' agreement (Cohen's kappa);
- quote resolution on the hand-checked quote set (corpora/gold);
- calibration (expected calibration error) of the default model's confidence;
- key points on ArgKP-2021 test: matching arguments to key points (the
  shared task's track-1 mAP, strict and relaxed) and grouping arguments with
  no key point given (adjusted Rand index), for a word-overlap baseline, the
  lexical method and, where it is installed, the sentence encoder;

each next to a majority-class baseline, the cue baseline and the trained model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from argmap.datasets import (
    debagreement_pairs,
    dev_set_pairs,
    ibm_claim_sentences,
    microtext_pairs,
    read_debagreement,
)
from argmap.eval import tasks
from argmap.relate.base import Pair, Prediction
from argmap.version import __version__

logger = logging.getLogger(__name__)



def default_systems() -> list[Any]:
    """Majority class, the cue baseline, the linear model and, when its runtime
    (onnxruntime, tokenizers) is installed, the transformer."""
    from argmap.errors import InputError
    from argmap.relate import get_classifier

    # DEBAGREEMENT's training split (dev.csv) is 40% disagree: the majority.
    systems = [tasks.MajorityClassifier("rebuts"), get_classifier("argmap.cue_words.v1"),
               get_classifier("argmap.stance_linear.v2")]
    try:
        systems.append(get_classifier("argmap.stance_minilm.v1"))
    except InputError as e:
        logger.info("argmap eval: leaving out the transformer (no trained artefact): %s", e)
    return systems


def run_evaluation(shared: Path, gold_dir: Path | None = None, systems: list[Any] | None = None) -> dict[str, Any]:
    from argmap import datasets

    gold_dir = gold_dir or datasets.gold_dir()
    systems = [_Remembered(s) for s in systems or default_systems()]
    # The trained models (everything after the majority class and the cue
    # baseline) each get calibration and claim-target rows.
    models = systems[2:] or systems[-1:]
    model = models[0]
    gold = shared / "gold"
    test = debagreement_pairs(read_debagreement(gold / "debagreement-partial" / "test.csv"))
    rows = tasks.stance_rows("reply stance (DEBAGREEMENT test)", test, systems)
    by_subreddit = tasks.by_group_rows("reply stance (DEBAGREEMENT test)", test, systems)
    rows += [tasks.calibration_row("calibration (DEBAGREEMENT test)", test, m) for m in models]
    rows += tasks.support_attack_rows(microtext_pairs(gold / "arg-microtexts"), systems)
    rows += tasks.claim_filter_rows(ibm_claim_sentences(
        gold / "ibm-claim-sentences-search" / "IBMdebaterArgSearch-PremiseAndOneHypothesis_test.tsv"))
    rows += _indomain_rows(gold_dir / "stance-indomain.jsonl", shared, systems, models)
    dev_file = gold_dir / "stance-dev.jsonl"
    if dev_file.is_file():
        dev = dev_set_pairs(dev_file, shared)
        # Its Reddit threads are in the in-domain train split (and Chuwi in dev)
        # since the v2 models: no longer held out.
        task = "reply stance (argmap HN/Reddit dev set; overlaps in-domain train/dev)"
        rows += tasks.stance_rows(task, dev, systems)
        rows += tasks.by_group_rows(task, dev, systems)
        rows += tasks.question_rows("questions (argmap HN/Reddit dev set)", dev, systems[1:])
    quotes_file = gold_dir / "quotes-dev.jsonl"
    if quotes_file.is_file():
        from argmap.eval.quotes import quote_resolution_row

        rows.append(quote_resolution_row(quotes_file, shared))
    from argmap.eval.keypoints import default_methods, keypoint_rows
    from argmap.eval.thread_points import thread_point_rows

    point_methods = default_methods()  # the encoder, where built, loads once
    argkp = gold / "argkp-2021"
    if argkp.is_dir():
        rows += keypoint_rows(argkp, point_methods)
    if (gold_dir / "point-pairs.jsonl").is_file():
        rows += thread_point_rows(gold_dir, point_methods)
    return {
        "argmap_version": __version__,
        "model": getattr(getattr(model, "model", None), "meta", {}),
        "rows": rows,
        "by_subreddit": by_subreddit,
    }


def _indomain_rows(gold_file: Path, shared: Path, systems: list[Any], models: list[Any]) -> list[Any]:
    if not gold_file.is_file():
        return []
    from argmap.datasets import indomain_pairs, read_indomain

    task = "reply stance (in-domain test)"
    test = indomain_pairs(gold_file, shared, ("test",))
    rows = tasks.stance_rows(task, test, systems)
    rows += tasks.by_group_rows(task, test, systems)
    rows += [tasks.calibration_row(f"calibration ({task})", test, m) for m in models]
    rows += tasks.question_rows(f"questions ({task})", test, systems[1:])
    rows += tasks.throughput_rows(f"speed ({task})", test, systems[1:])
    rows += tasks.agreement_rows("annotator agreement (in-domain)", read_indomain(gold_file))
    from argmap.eval.targets import claim_target_dev_rows, claim_target_rows

    rows += claim_target_rows(gold_file.with_name("claim-targets.jsonl"), shared, models)
    rows += claim_target_dev_rows(gold_file.with_name("claim-targets-dev.jsonl"), shared)
    return rows


class _Remembered:
    """A system that predicts each pair once: the tables score the same pairs
    several ways (overall, per group, calibration, questions)."""

    def __init__(self, system: Any):
        self._system = system
        self._seen: dict[Pair, Prediction] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._system, name)

    @property
    def unremembered(self) -> Any:
        """The system itself, for timing."""
        return self._system

    def predict(self, pairs: Sequence[Pair]) -> list[Prediction]:
        new = [p for p in dict.fromkeys(pairs) if p not in self._seen]
        self._seen.update(zip(new, self._system.predict(new)))
        return [self._seen[p] for p in pairs]


def render_table(report: dict[str, Any]) -> str:
    """The report's rows as one plain-text table."""
    header = ("task", "system", "n", "macro-F1", "per-class F1 / other")
    lines = [header]
    for row in report["rows"]:
        lines.append((row["task"], row["system"], str(row["n"]),
                      f"{row['macro_f1']:.3f}" if "macro_f1" in row else "", _details(row)))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out + _confusions(report))


def _confusions(report: dict[str, Any]) -> list[str]:
    """Precision, recall and the confusion matrix of each system on the
    in-domain test split, under the table."""
    out = []
    for row in report["rows"]:
        if row["task"] != "reply stance (in-domain test)" or "confusion" not in row:
            continue
        out += ["", f"{row['system']} on the in-domain test split (rows: gold, columns: predicted)"]
        labels = list(row["confusion"])
        out.append("            " + "".join(f"{label:>10}" for label in labels)
                   + "   precision  recall")  # fmt: skip
        for gold in labels:
            pr = row["precision_recall"][gold]
            out.append(f"{gold:>12}" + "".join(f"{row['confusion'][gold][p]:>10}" for p in labels)
                       + f"   {pr['precision']:9.3f}  {pr['recall']:6.3f}")  # fmt: skip
    return out


def _details(row: dict[str, Any]) -> str:
    if "map_strict" in row:
        return f"mAP strict {row['map_strict']:.3f}, relaxed {row['map_relaxed']:.3f}"
    if "pair_precision" in row:
        return f"pair precision {row['pair_precision']:.3f} (threshold {row['threshold']})"
    if "ari" in row:
        return f"adjusted Rand index {row['ari']:.3f} (threshold {row['threshold']})"
    if "per_class" in row:
        return ", ".join(f"{k} {v:.3f}" for k, v in row["per_class"].items())
    if "any_target_accuracy" in row:
        return (f"accuracy {row['accuracy']:.3f} (best edge), {row['any_target_accuracy']:.3f} "
                f"(any edge); {row['with_gold_target']} claims answer a parent claim")
    if "pairs_per_second" in row:
        return f"{row['pairs_per_second']:,.0f} reply pairs/s"
    if "kappa" in row:
        return (f"Cohen's kappa {row['kappa']:.3f}, raw agreement {row['raw_agreement']:.3f}, "
                f"{row['adjudicated']} adjudicated")
    if "ece" in row:
        return f"ECE {row['ece']:.3f} (mean confidence {row['mean_confidence']:.3f}, accuracy {row['accuracy']:.3f})"
    if "in_thread" in row:
        t, o, q = row["in_thread"], row["outside_thread"], row["not_a_quote"]
        return (f"accuracy {row['accuracy']:.3f}: right post {t['right_post']}/{t['n']}, "
                f"right sentence {t['right_sentence']}/{t['n']}; outside-thread quotes left "
                f"unresolved {o['left_unresolved']}/{o['n']}; non-quotes {q['left_unresolved']}/{q['n']}")
    return ""
