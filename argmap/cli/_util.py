"""What every command shares: the consoles, the error boundary, and the one
place where text on its way to the terminal or a log line is made inert."""

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

err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out_console = Console(highlight=False, soft_wrap=True, emoji=False)


def terminal_safe(text: object) -> str:
    r"""``text`` with every character a terminal could act on written as an escape.

    A thread's site, ids, titles and skipped items are anyone's text, and a
    terminal obeys what it prints: ESC sequences set the window title, clear
    the screen, make hyperlinks or colour fake lines; C1 controls do the same
    in one byte; CR, BS and newlines overwrite or add lines; bidi overrides
    reorder them; a lone surrogate cannot be encoded at all. Everything
    ``str.isprintable`` rejects (C0 incl. newline and tab, DEL, C1, format
    characters such as bidi controls, separators, surrogates, unassigned code
    points) is written the way Python's repr writes it, e.g. ``\x1b``.
    """
    text = str(text)
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    return repr(ch)[1:-1]  # "\\n", "\\x1b", "\\u202e", "\\ud800": never quotes here


def say(line: str, console: Console | None = None) -> None:
    """Print one line that may hold thread text, inert and always encodable."""
    console = console or out_console
    console.print(_encodable(terminal_safe(line), console), markup=False, emoji=False)


def _encodable(text: str, console: Console) -> str:
    # A terminal in a legacy charset (LANG=...ISO-8859-1) cannot show every
    # printable character either: escape those rather than fail on print.
    encoding = console.encoding or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    return text


def fail(message: str, code: int) -> typer.Exit:
    """Print ``argmap: error: MESSAGE`` on stderr; return the Exit to raise.

    Messages name ids and values from the thread, so each line is made inert;
    the line breaks argmap writes itself (a list of supported formats, the bug
    hint) are kept.
    """
    safe = "\n".join(_encodable(terminal_safe(line), err_console) for line in message.split("\n"))
    err_console.print(f"[bold red]argmap: error:[/] {_escape(safe)}", emoji=False)
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


class TerminalSafeFormatter(logging.Formatter):
    """Log lines with thread text (URLs, page titles in errors) made inert."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # logging's name
        return terminal_safe(super().formatMessage(record))

    def formatException(self, ei) -> str:  # logging's name
        return "\n".join(terminal_safe(line) for line in super().formatException(ei).split("\n"))


def setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    handler = logging.StreamHandler()
    handler.setFormatter(TerminalSafeFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    # urllib3 warns on every retry ("Retrying (PoliteRetry(total=3...)) after
    # connection broken by ..."); argmap's one error line says what failed and
    # after how many attempts. -v shows them again.
    logging.getLogger("urllib3").setLevel(logging.ERROR if verbose == 0 else logging.NOTSET)


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
