"""``argmap map``: map a thread from a URL, a saved file, or the bundled sample."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.markup import escape
from typer.core import TyperCommand

from argmap.atomic import check_folder
from argmap.cli._shared_options import parse_formats, with_source_flags
from argmap.cli._shared_options import source_options as source_options_from
from argmap.cli._util import (
    err_console,
    fail,
    progress_display,
    run_guarded,
    say,
    setup_logging,
)
from argmap.cli.app import app
from argmap.export import DEFAULT_FORMATS
from argmap.pipeline import DEFAULT_OUTPUT_DIR


class _MapCommand(TyperCommand):
    """``argmap map`` whose help lists what it reads and its classifiers.

    Both lists come from the registries (every source module and relation
    classifier, plug-ins included) when the help is shown, so ``argmap map``
    itself does not import them all to start.
    """

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from argmap import registry
        from argmap.export import available_formats
        from argmap.relate import DEFAULT_CLASSIFIER
        from argmap.sources import source_classes
        from argmap.sources.files import known_formats

        names = sorted(registry.relation_classifiers.get_all())
        for param in self.params:
            if param.name == "formats":
                param.help = (
                    f"Comma-separated output formats: {', '.join(available_formats())} "
                    f"(default: {','.join(DEFAULT_FORMATS)})."
                )
            if param.name == "classifier":
                param.help = (
                    f"Relation classifier: {', '.join(names)} "
                    f"(default: {DEFAULT_CLASSIFIER})."
                )
        sites = "\n".join(f"  - {cls.describe()}" for cls in source_classes())
        files = "\n".join(f"  - {what}" for what in known_formats())
        self.epilog = escape(
            f"SOURCE is a thread URL:\n{sites}\n\nor a saved file, "
            f"recognised by its content:\n{files}"
        )
        super().format_help(ctx, formatter)


def map_cli(
    source: Annotated[str | None, typer.Argument(
        help="Thread URL or saved file (the kinds are listed below). "
        "Leave out to map the bundled sample thread.", show_default=False)] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the maps to.")] = DEFAULT_OUTPUT_DIR,
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated output formats (listed in --help).", show_default=False)] = ",".join(DEFAULT_FORMATS),
    open_html: Annotated[bool, typer.Option("--open", help="Open the HTML map in a browser.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Use only cached pages; never touch the network.")] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help="Fetch again even if the page is cached.")] = False,
    spacy_model: Annotated[str | None, typer.Option("--spacy-model", help="Installed trained spaCy pipeline to split sentences with, e.g. en_core_web_sm.")] = None,
    classifier: Annotated[str | None, typer.Option("--classifier", help="Relation classifier (names listed in --help).")] = None,
    fast: Annotated[bool, typer.Option("--fast", help="Use the linear stance model (argmap.stance_linear.v2): the fastest and fully transparent.")] = False,
    model: Annotated[Path | None, typer.Option("--model", help="A model file you trained (argmap train stance -o FILE) for the classifier to use instead of the shipped one.")] = None,
    points: Annotated[str, typer.Option("--points", help="Key points (repeated claims grouped): lexical (default, no download), encoder (fine-tuned MiniLM: fewer groups, far more often one point; needs argmap train encoder and the transformer extra), auto (the encoder when it is there, else lexical), or none.")] = "lexical",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More logging (-vv for debug).")] = 0,
    **source_options: Any,
) -> None:
    """Map a thread: fetch or read it, split claims, relate them, write the maps."""
    import argmap

    setup_logging(verbose)
    wanted = parse_formats(formats)
    if offline and refresh:
        raise fail("--offline and --refresh contradict each other; pick one", 2)
    options = source_options_from(source_options)
    if fast:
        if classifier not in (None, "argmap.stance_linear.v2"):
            raise fail("--fast picks the linear model; leave out --classifier or --fast", 2)
        classifier = "argmap.stance_linear.v2"
    # Before the work: a map that took minutes must not fail on a typo in -o.
    run_guarded(lambda: check_folder(out_dir))
    if model is not None:
        from argmap.relate import DEFAULT_CLASSIFIER, get_classifier

        name = classifier or DEFAULT_CLASSIFIER
        classifier = run_guarded(lambda: get_classifier(name, model=model))
    with progress_display(not quiet and err_console.is_terminal) as progress:
        amap = run_guarded(lambda: argmap.map_thread(
            source, offline=offline, refresh=refresh, spacy_model=spacy_model,
            classifier=classifier, options=options, progress=progress,
            points=None if points == "none" else points,
        ))
    paths = run_guarded(lambda: amap.write(out_dir, wanted))
    if not quiet:
        _print_summary(amap, paths)
    if open_html and "html" in paths:
        webbrowser.open(paths["html"].resolve().as_uri())


with_source_flags(map_cli)
app.command("map", cls=_MapCommand)(map_cli)


def _print_summary(amap, paths: dict[str, Path]) -> None:
    thread = amap.thread
    counts = amap.relation_counts()
    stances = ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(counts.items()) if k.startswith("replies_to:"))
    claim_rels = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if ":" not in k)
    title = thread.title or f"{thread.site} thread {thread.id}"
    lines = [
        f"Mapped {title!r} ({thread.site} {thread.id})",
        f"  posts:     {len(thread.posts)} ({_status_counts(thread)})",
        f"  claims:    {len(amap.claims)}",
        f"  replies:   {sum(v for k, v in counts.items() if k.startswith('replies_to:'))} ({stances or 'none'})",
        f"  claim relations: {sum(v for k, v in counts.items() if ':' not in k)} ({claim_rels or 'none'})",
        f"  points:    {sum(1 for _, k in amap.graph.nodes(data='kind') if k == 'point')} (claims made by 2 or more people)",
        f"  skipped:   {len(thread.skipped)}",
    ]
    lines += [f"    - {s.item}: {s.reason}" for s in thread.skipped[:20]]
    if len(thread.skipped) > 20:
        lines.append(f"    ... and {len(thread.skipped) - 20} more")
    if not thread.complete:
        lines.append("  WARNING: the thread is incomplete (see skipped); the map shows only what was read.")
    lines += [f"  {fmt + ':':10} {path}" for fmt, path in paths.items()]
    for line in lines:  # site, ids, skipped items: anyone's text (see say)
        say(line)


def _status_counts(thread) -> str:
    from collections import Counter

    counts = Counter(p.status for p in thread.posts)
    return ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
