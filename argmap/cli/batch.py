"""``argmap batch``: map many threads on Dask (the work is in ``argmap.batch``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from argmap.cli._shared_options import parse_formats, with_source_flags
from argmap.cli._shared_options import source_options as source_options_from
from argmap.cli._util import err_console, fail, run_guarded, say, setup_logging
from argmap.cli.app import app
from argmap.export import DEFAULT_FORMATS

_EPILOG = (
    "INPUT is a thread URL, a saved thread, a text file listing URLs and paths "
    "(one a line), a folder of saved threads (searched recursively, recognised "
    "by content), or a dump: Hacker News items (Firebase API shape) or Reddit "
    "comments and submissions (Pushshift shape) as JSON lines, optionally .zst. "
    "DIR gets maps/ (one map per thread in each format), tables/ (Parquet: "
    "threads, posts, claims, relations), manifest.jsonl, failures.jsonl, "
    "skipped.jsonl and summary.json. Run the same command again to go on "
    "where it stopped."
)


def batch_cli(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="URLs, files, folders or dumps (see below).", show_default=False
        ),
    ],
    out_dir: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for the maps, tables and manifest."),
    ],
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated map formats (argmap map --help lists them).",
        ),
    ] = ",".join(DEFAULT_FORMATS),
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Worker processes of the local cluster (default: the cores).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a running Dask scheduler, e.g. tcp://HOST:8786, instead of a local cluster.",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="Map at most N threads this run (to try a batch out); "
            "running again goes on.",
        ),
    ] = None,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="Map the threads that failed last time again."
        ),
    ] = False,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline", help="Use only cached pages; never touch the network."
        ),
    ] = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Fetch again even if the page is cached.")
    ] = False,
    spacy_model: Annotated[
        str | None,
        typer.Option(
            "--spacy-model",
            help="Installed trained spaCy pipeline to split sentences with.",
        ),
    ] = None,
    classifier: Annotated[
        str | None,
        typer.Option(
            "--classifier", help="Relation classifier (see argmap map --help)."
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
    **source_options: Any,
) -> None:
    """Map many threads on Dask: maps per thread plus corpus tables in Parquet."""
    from argmap.batch import require_extra

    setup_logging(verbose)
    run_guarded(require_extra)
    import distributed  # noqa: F401 - it sets its loggers' levels on import

    # distributed logs every worker start, shuffle and stop; -v shows them.
    logging.getLogger("distributed").setLevel(
        logging.ERROR if verbose == 0 else logging.INFO
    )
    from argmap.batch.run import BatchConfig, run_batch
    from argmap.batch.worker import Settings

    wanted = parse_formats(formats)
    if offline and refresh:
        raise fail("--offline and --refresh contradict each other; pick one", 2)
    options = source_options_from(source_options)
    settings = Settings(
        maps_dir=str((out_dir / "maps").resolve()),
        formats=tuple(dict.fromkeys(wanted)),
        spacy_model=spacy_model,
        classifier=classifier,
        offline=offline,
        refresh=refresh,
        options=options,
    )
    config = BatchConfig(
        out_dir, settings, workers, scheduler, retry_failed, limit=limit
    )
    console = None if quiet or not err_console.is_terminal else err_console
    log = None if quiet else (lambda line: say(line, err_console))
    summary = run_guarded(lambda: run_batch(inputs, config, say=log, console=console))
    if not quiet:
        _print_summary(summary, out_dir)
    if summary.failed:
        raise typer.Exit(code=3)


with_source_flags(batch_cli)
app.command("batch", epilog=_EPILOG)(batch_cli)


def _print_summary(summary, out_dir: Path) -> None:
    relations = ", ".join(f"{k} {v}" for k, v in sorted(summary.relations.items()))
    lines = [
        f"Batch in {out_dir} ({summary.workers} workers)",
        (
            f"  threads:   {summary.done} done, {summary.failed} failed, "
            f"{summary.skipped} skipped, {summary.already_done} done before"
        ),
        f"  posts:     {summary.posts}",
        f"  claims:    {summary.claims}",
        f"  relations: {relations or 'none'}",
    ]
    lines += [f"  failed:    {key}: {why}" for key, why in summary.failures[:20]]
    lines += [f"  skipped:   {key}: {why}" for key, why in summary.skipped_items[:20]]
    more = len(summary.failures) + len(summary.skipped_items) - 40
    if more > 0:
        lines.append(f"  ... see failures.jsonl and skipped.jsonl for {more} more")
    for line in lines:
        say(line)
