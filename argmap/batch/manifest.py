"""What a batch has done, so that nothing is lost and nothing is redone.

Three JSON-lines files in the output folder:

- ``manifest.jsonl``: one line per flush, naming the Parquet part written and
  every thread in it (its input key, site, id, maps and counts). A thread is
  done once its line is in: the maps were written before, the part just
  before the line. A killed batch leaves at worst a part no line names; it is
  deleted when the batch starts again (``drop_orphan_parts``), and those
  threads are mapped again, so no row is ever in the tables twice.
- ``failures.jsonl``: one line per thread that failed, with the reason.
- ``skipped.jsonl``: files in a folder that are not threads, and dump lines
  that are not items, with the reason.

A rerun skips what is done, failed or skipped (``--retry-failed`` tries the
failures again). Lines are appended and flushed to disk one at a time; a
line cut short by a crash is dropped when the file is opened again.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

MANIFEST = "manifest.jsonl"
FAILURES = "failures.jsonl"
SKIPPED = "skipped.jsonl"


class Manifest:
    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.done: dict[str, dict[str, Any]] = {}
        self.parts: set[str] = set()
        for line in _read(self.out_dir / MANIFEST):
            self.parts.add(line["part"])
            self.done.update((t["key"], t) for t in line["threads"])
        #: output stem -> the key that made it: one thread from two inputs
        #: (the pages of one HN thread, a file and its URL) is mapped once
        self.stems = {t["stem"]: key for key, t in self.done.items()}
        self.failed = {r["key"]: r["reason"] for r in _read(self.out_dir / FAILURES)}
        self.skipped = {r["key"]: r["reason"] for r in _read(self.out_dir / SKIPPED)}

    def settled(self, key: str, retry_failed: bool = False) -> bool:
        """True when a rerun must leave ``key`` alone."""
        if key in self.done or key in self.skipped:
            return True
        return key in self.failed and not retry_failed

    def drop_orphan_parts(self, tables_dir: Path) -> list[Path]:
        """Delete part files no manifest line names (a batch killed mid-flush)."""
        dropped = []
        for path in sorted(Path(tables_dir).glob("*/site=*/*.parquet")):
            if path.stem not in self.parts:
                path.unlink()
                dropped.append(path)
        return dropped

    def commit(self, part: str, threads: list[dict[str, Any]]) -> None:
        self.parts.add(part)
        self.done.update((t["key"], t) for t in threads)
        self.stems.update((t["stem"], t["key"]) for t in threads)
        self.failed = {k: r for k, r in self.failed.items() if k not in self.done}
        _append(self.out_dir / MANIFEST, {"part": part, "threads": threads})

    def fail(self, key: str, reason: str) -> None:
        self.failed[key] = reason
        _append(self.out_dir / FAILURES, {"key": key, "reason": reason, "at": _now()})

    def skip(self, key: str, reason: str) -> bool:
        """Record ``key`` as skipped; False if it already was."""
        if key in self.skipped:
            return False
        self.skipped[key] = reason
        _append(self.out_dir / SKIPPED, {"key": key, "reason": reason})
        return True


def _read(path: Path) -> list[dict[str, Any]]:
    """The whole lines of ``path``; a last line cut short is cut off the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    whole, _, torn = data.rpartition(b"\n")
    if torn:  # a crash mid-append: the next append must start on a new line
        with open(path, "r+b") as handle:
            handle.truncate(len(whole) + 1 if whole else 0)
    lines = []
    for raw in whole.split(b"\n") if whole else []:
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue  # only a hand-edited file has such a line; ignore it
    return lines


def _append(path: Path, record: dict[str, Any]) -> None:
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with open(path, "ab") as handle:
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
