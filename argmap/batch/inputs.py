"""What the INPUTs of ``argmap batch`` are, recognised by content, not by name.

Each INPUT is a URL, a file or a folder. A file is one of

- a dump: JSON lines whose first line is a Hacker News item (the Firebase
  API's shape) or a Reddit comment or submission (Pushshift's), optionally
  zstandard-compressed (``.zst``, recognised by its magic bytes);
- a list of threads: text whose every line is a URL or the path of a file
  (``#`` starts a comment line);
- anything else is taken as a saved thread and read as ``argmap map`` reads
  it (the workers do that, so a folder of thousands of files is not read twice).

A folder is searched recursively (hidden entries and the output folder left
out) for dumps and saved threads; a file in a folder that turns out not to be
a thread is skipped with its reason rather than counted as a failure.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from argmap.batch.dumps import ZSTD_MAGIC, open_text, sniff_dump
from argmap.errors import InputError
from argmap.sources import is_url

_SNIFF_BYTES = 64 * 1024
#: A URL list is read whole; a "list" bigger than this is something else.
MAX_LIST_BYTES = 64 * 2**20


@dataclass(frozen=True)
class WorkItem:
    """One thread to map.

    ``key`` names it in the manifest: the resolved path of a file, the URL,
    or ``<site>:<thread id>`` for a thread from a dump. ``kind`` is "file",
    "url" or "staged" (a line ``offset``, ``length`` bytes long, of a staged
    part file written by ``dumps``; see ``argmap.batch.worker``).
    """

    key: str
    kind: str
    spec: str
    offset: int = 0
    length: int = 0
    in_folder: bool = False


@dataclass(frozen=True)
class Dump:
    path: Path
    site: str  # "hackernews" or "reddit"


@dataclass
class Inputs:
    items: list[WorkItem] = field(default_factory=list)
    dumps: list[Dump] = field(default_factory=list)
    #: (input, why) for every input left out
    skipped: list[tuple[str, str]] = field(default_factory=list)


def collect(specs: Iterable[str], out_dir: Path) -> Inputs:
    """Sort the INPUTs into threads to map and dumps to group first."""
    found = Inputs()
    seen: set[str] = set()
    out_dir = Path(out_dir).resolve()
    for spec in specs:
        if is_url(spec):
            _add(found, seen, WorkItem(spec, "url", spec))
            continue
        path = Path(spec)
        if path.is_dir():
            for file in _walk(path, out_dir):
                _add_file(found, seen, file, out_dir, in_folder=True)
        elif path.is_file():
            _add_file(found, seen, path, out_dir, in_folder=False)
        else:
            raise InputError(
                f"{spec!r} is neither a thread URL (http:// or https://), "
                "a file nor a folder"
            )
    return found


def _add(found: Inputs, seen: set[str], item: WorkItem) -> None:
    if item.key not in seen:  # the same thread named twice is mapped once
        seen.add(item.key)
        found.items.append(item)


def _add_file(
    found: Inputs, seen: set[str], path: Path, out_dir: Path, *, in_folder: bool
) -> None:
    key = str(path.resolve())
    try:
        head = _head(path)
    except OSError as e:
        found.skipped.append((str(path), f"cannot read it: {e.strerror or e}"))
        return
    site = _dump_site(head)
    if site is not None:
        if key not in seen:
            seen.add(key)
            found.dumps.append(Dump(path.resolve(), site))
        return
    listed = None if in_folder else _listed(path, head)
    if listed is None:
        _add(found, seen, WorkItem(key, "file", key, in_folder=in_folder))
        return
    if key in seen:  # a list that lists itself, or is named twice
        return
    seen.add(key)
    for entry in listed:
        if is_url(entry):
            _add(found, seen, WorkItem(entry, "url", entry))
        elif (path.parent / entry).is_dir():
            for file in _walk(path.parent / entry, out_dir):
                _add_file(found, seen, file, out_dir, in_folder=True)
        else:
            _add_file(found, seen, path.parent / entry, out_dir, in_folder=False)


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic == ZSTD_MAGIC:
        with open_text(path) as text:
            return text.read(_SNIFF_BYTES).encode("utf-8", "replace")
    with open(path, "rb") as handle:
        return handle.read(_SNIFF_BYTES)


def _dump_site(head: bytes) -> str | None:
    """The site of a JSON-lines dump whose first line is a whole item, else None."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    first, newline, _ = text.partition("\n")
    if not first.startswith("{") or (not newline and len(head) >= _SNIFF_BYTES):
        return None
    try:
        item = json.loads(first)
    except ValueError:
        return None  # an indented JSON document: a saved thread, not a dump
    return sniff_dump(item)


def _listed(path: Path, head: bytes) -> list[str] | None:
    """The entries of a list of URLs and paths, or None if ``path`` is not one."""
    text = head.decode("utf-8", "replace")
    if "\0" in text or text.lstrip().startswith(("{", "[", "<")):
        return None
    if os.path.getsize(path) > MAX_LIST_BYTES:
        return None
    lines = [ln.strip() for ln in path.read_text("utf-8", "replace").splitlines()]
    entries = [ln for ln in lines if ln and not ln.startswith("#")]
    listed = all(
        is_url(e) or (path.parent / e).is_file() or (path.parent / e).is_dir()
        for e in entries
    )
    return entries if entries and listed else None


def _walk(folder: Path, out_dir: Path) -> Iterator[Path]:
    """Files under ``folder`` in a stable order; hidden entries and the output
    folder (whose maps are JSON a rerun must not take for input) left out."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (here / d).resolve() != out_dir
        )
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name
