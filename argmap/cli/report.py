"""``argmap report``: a written report of a thread, as Markdown and HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.atomic import check_folder
from argmap.cli._util import (
    err_console,
    progress_display,
    run_guarded,
    say,
    setup_logging,
)
from argmap.cli.app import app
from argmap.errors import InputError
from argmap.pipeline import DEFAULT_OUTPUT_DIR


@app.command("report")
def report_cli(
    source: Annotated[
        str | None,
        typer.Argument(
            help="A map JSON that argmap wrote, or anything `argmap map` reads (a thread URL or "
            "saved file, mapped first). Leave out for the bundled sample thread.",
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the report to.")
    ] = DEFAULT_OUTPUT_DIR,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100, help="Items per ranked list.")
    ] = 5,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline", help="Use only cached pages; never touch the network."
        ),
    ] = False,
    classifier: Annotated[
        str | None,
        typer.Option(
            "--classifier", help="Relation classifier, when SOURCE is mapped first."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors.")
    ] = False,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, help="More logging (-vv for debug)."
        ),
    ] = 0,
) -> None:
    """Write <name>-report.md and a self-contained <name>-report.html: thread facts, top
    points, the most contested claims and whether they stand, consensus, open questions,
    participants, and a timeline."""
    setup_logging(verbose)
    run_guarded(lambda: check_folder(out_dir))
    with progress_display(not quiet and err_console.is_terminal) as progress:
        graph = run_guarded(lambda: _graph(source, offline, classifier, progress))
    paths = run_guarded(lambda: _write(graph, out_dir, limit))
    if not quiet:
        for fmt, path in paths.items():
            say(f"  {fmt + ':':6} {path}")


def _graph(source, offline, classifier, progress):
    import argmap
    from argmap.export.report.source import graph_from_map_json, map_json_data

    data = map_json_data(source)
    if data is not None:
        if classifier:
            raise InputError(
                f"{source} is a map already; --classifier applies only to a thread to map"
            )
        return graph_from_map_json(data, str(source))
    return argmap.map_thread(
        source, offline=offline, classifier=classifier, progress=progress
    ).graph


def _write(graph, out_dir: Path, limit: int) -> dict[str, Path]:
    from argmap.export.report import Report

    return Report.from_graph(graph, limit=limit).write(out_dir)
