"""How far a batch is: a rich bar on a terminal, plain log lines when piped."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

#: Piped output gets at most one status line this many seconds apart.
LINE_EVERY_S = 10.0


class BatchProgress:
    """Call ``advance(status)`` per finished thread; use as a context manager."""

    def __init__(
        self,
        total: int,
        *,
        say: Callable[[str], None] | None,
        console: Any = None,
    ) -> None:
        """``console``: a rich Console to draw the bar on (None: log lines
        through ``say``); ``say`` None: silent."""
        self.total, self.say = total, say
        self.counts = {"done": 0, "failed": 0, "skipped": 0}
        self.started = self._last_line = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        if console is not None and say is not None:
            self._bar = _rich_bar(console)

    def __enter__(self) -> BatchProgress:  # noqa: PYI034
        if self._bar is not None:
            self._bar.__enter__()
            self._task = self._bar.add_task(
                "Mapping threads", total=self.total, rate="", **self.counts
            )
        elif self.say is not None:
            self.say(f"mapping {self.total} threads")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def advance(self, status: str, note: str | None = None) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        if self._bar is not None:
            rate = f"{self.rate():.2f} threads/s"
            self._bar.update(self._task, advance=1, rate=rate, **self.counts)
            if note:
                self._bar.console.print(note, markup=False, emoji=False)
            return
        if self.say is None:
            return
        if note:
            self.say(note)
        now = time.monotonic()
        finished = sum(self.counts.values())
        if now - self._last_line >= LINE_EVERY_S or finished == self.total:
            self._last_line = now
            self.say(self.line())

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return sum(self.counts.values()) / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        finished = sum(self.counts.values())
        rate = self.rate()
        left = (self.total - finished) / rate if rate > 0 else float("nan")
        eta = f", about {_duration(left)} left" if finished < self.total else ""
        return (
            f"{finished}/{self.total} threads: {self.counts['done']} done, "
            f"{self.counts['failed']} failed, {self.counts['skipped']} skipped "
            f"({rate:.2f} threads/s{eta})"
        )


def _duration(seconds: float) -> str:
    if math.isnan(seconds):  # no rate yet
        return "an unknown time"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _rich_bar(console: Any) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("done {task.fields[done]}, failed {task.fields[failed]}"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
