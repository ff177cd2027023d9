"""What every command shares: the stderr console and the error boundary."""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console

from argmap.errors import BUG_REPORT_HINT, ArgmapError

T = TypeVar("T")

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)


def fail(message: str, code: int) -> typer.Exit:
    err_console.print(f"[bold red]argmap: error:[/] {_escape(message)}")
    return typer.Exit(code=code)


def run_guarded(work: Callable[[], T]) -> T:
    """Run ``work``; expected failures become one clear line and an exit code."""
    try:
        return work()
    except ArgmapError as e:
        raise fail(e.message, e.code) from None
    except KeyboardInterrupt:
        raise fail("interrupted; nothing was written for the unfinished stage", 130) from None
    except Exception as e:  # noqa: BLE001 - the boundary of the program
        if os.environ.get("ARGMAP_DEBUG"):
            traceback.print_exc()
        raise fail(f"unexpected {type(e).__name__}: {e}\n{BUG_REPORT_HINT} "
                   "Set ARGMAP_DEBUG=1 to see the traceback.", 1) from None


def setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@contextmanager
def progress_display(enabled: bool) -> Iterator[Callable[[str, int, int | None], None] | None]:
    """A progress bar on stderr, for fetching and segmenting big threads."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
    )

    labels = {"fetch": "Fetching pages", "segment": "Segmenting posts"}
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=err_console, transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
