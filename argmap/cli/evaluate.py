"""``argmap eval`` and ``argmap train stance``: reproducible quality figures and models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from argmap.cli import app
from argmap.cli._util import fail, out_console, run_guarded

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
    from argmap.datasets import shared_dir
    from argmap.eval import render_table, run_evaluation
    from argmap.export._atomic import atomic_write_text

    report = run_guarded(lambda: run_evaluation(shared_dir(data)))
    out_console.print(render_table(report), markup=False)
    run_guarded(lambda: atomic_write_text(out, json.dumps(report, indent=1) + "\n"))
    out_console.print(f"\nwrote {out}", markup=False)


@train_app.command("stance")
def train_stance_cli(
    data: DataOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the model (default: the artefact shipped in the package).")] = None,
    search: Annotated[bool, typer.Option("--search", help="Rerun the cross-validated settings search instead of training.")] = False,
) -> None:
    """Train the stance model on DEBAGREEMENT dev.csv, reproducibly (needs argmap[train])."""
    from argmap.datasets import shared_dir
    from argmap.relate.stance import train

    try:
        import sklearn  # noqa: F401  (the train extra)
    except ImportError:
        raise fail("training needs scikit-learn: pip install 'argmap[train]'", 2) from None
    shared = run_guarded(lambda: shared_dir(data))
    if search:
        for settings, score in run_guarded(lambda: train.search(shared)):
            out_console.print(f"{score:.4f}  {settings}", markup=False)
        return
    from argmap.relate.stance.model import ARTEFACT

    target = out or ARTEFACT
    model, meta = run_guarded(lambda: train.train_stance(shared, target))
    out_console.print(f"trained {meta['name']} on {meta['trained_on']}: "
                      f"{meta['settings']['features']} features, temperature {model.temperature}, "
                      f"cross-validated macro-F1 {meta['cv_macro_f1']}", markup=False)
    out_console.print(f"curation: {meta['curation']}", markup=False)
    out_console.print(f"wrote {target}", markup=False)
