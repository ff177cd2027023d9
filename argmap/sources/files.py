"""Read a saved thread from disk, recognising the format by content, not name.

HTML is a saved Hacker News item page. JSON is argmap's own thread format, or
what a site's API answered: each source module that reads saved JSON has
``sniff_json(data) -> bool`` and a parser listed in ``JSON_FORMATS``. The
sniffers accept disjoint shapes, so their order does not matter.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

from argmap.errors import (
    InputError,
    LayoutChangedError,
    ThreadFormatError,
    UnsupportedSourceError,
)
from argmap.model import Thread
from argmap.sources import source_module, thread_json

# Larger files are refused rather than read into memory: no real thread is this big.
MAX_FILE_BYTES = 256 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024

HTML_FORMAT = "a saved Hacker News item page (.html), with its More pages beside it"
THREAD_JSON_FORMAT = "an argmap thread JSON file (docs/thread-format.md)"
# (source module, what the user saved, the module's parser: f(data, *, url=None))
JSON_FORMATS = (
    ("hn_api", "a Hacker News Algolia API item (hn.algolia.com/api/v1/items/ID)",
     "parse_json"),
    ("hnpwa", "a Hacker News hnpwa API item (api.hnpwa.com/v0/item/ID.json)",
     "parse_json"),
    ("reddit", "a Reddit comments listing (reddit.com/comments/ID.json)",
     "parse_listing"),
    ("discourse", "a Discourse topic (https://HOST/t/ID.json)", "parse_json"),
    ("lobsters", "a Lobsters story (lobste.rs/s/ID.json)", "parse_json"),
)  # fmt: skip


def read_thread_file(path: Path) -> Thread:
    path = Path(path)
    raw = read_bytes(path)
    head = _text(raw[:_SNIFF_BYTES])
    if not head and not _text(raw):  # "not a format argmap reads" would hide it
        what = "empty (0 bytes)" if not raw else "empty (only white space)"
        raise InputError(f"{path} is {what}: there is no thread in it to map")
    if head.startswith(("{", "[")):
        return _read_json(path, raw)
    from argmap.sources import hackernews

    if hackernews.sniff(head):
        return hackernews.read_saved(path)
    raise UnsupportedSourceError(_unsupported(path))


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")


def known_formats() -> list[str]:
    """What argmap can read from disk, for messages and docs."""
    readers = [what for module, what, _ in _json_readers()]
    return [HTML_FORMAT, THREAD_JSON_FORMAT, *readers]


def _read_json(path: Path, raw: bytes) -> Thread:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ThreadFormatError(f"{path}: not valid JSON ({e})") from None
    except RecursionError:
        raise ThreadFormatError(nested_too_deep(path)) from None
    if thread_json.is_thread_json(data):
        return thread_json.parse_thread_json(data, origin=str(path))
    for module, what, parser in _json_readers():
        if module.sniff_json(data):
            return _parse_saved(getattr(module, parser), data, path, what)
    raise UnsupportedSourceError(_unsupported(path))


def _parse_saved(parse: Any, data: Any, path: Path, what: str) -> Thread:
    """Run a source's parser; a file that breaks it is named in the error."""
    try:
        return parse(data, url=None)
    except LayoutChangedError as e:
        raise LayoutChangedError(f"{path} ({what}): {e}") from e
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as e:
        raise LayoutChangedError(
            f"{path} looks like {what} but is not shaped as expected "
            f"({type(e).__name__}: {e})"
        ) from e


def nested_too_deep(path: Path | str) -> str:
    """Python's JSON reader recurses: about 1,000 levels of arrays and objects."""
    return (
        f"{path}: the JSON is nested too deeply to read (Python's JSON reader stops "
        "at about 1,000 levels: a reply chain of some 500 comments in an API "
        "item, fewer in a Reddit listing)"
    )


def _json_readers() -> list[tuple[ModuleType, str, str]]:
    """The JSON_FORMATS whose source module is installed, with the module."""
    readers = []
    for name, what, parser in JSON_FORMATS:
        module = source_module(name)
        if module is not None:
            readers.append((module, what, parser))
    return readers


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file ``path``, refusing anything over MAX_FILE_BYTES.

    A FIFO, a device (``/dev/zero``), a socket or a directory is refused with
    one line: a FIFO would block until something writes to it, and a device
    has no size to check, so it would be read until memory ran out. The cap is
    also applied while reading, for files whose size says nothing (``/proc``)
    or that grow while they are read.
    """
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise InputError(_too_big(path, f"is {size // 2**20} MB"))
            data = _read_capped(handle, size)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    if data is None:
        raise InputError(
            _too_big(path, f"holds more than {MAX_FILE_BYTES // 2**20} MB")
        )
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of the regular file ``path`` (refused as in read_bytes)."""
    try:
        with open_regular(path) as handle:
            return handle.read(size)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file, else InputError.

    Checked before opening, to name what it is, and again on the open file, so
    that what is read is what was checked. O_NONBLOCK: opening a FIFO (swapped
    in between the two) returns at once instead of waiting for a writer.
    """
    _refuse_unless_regular(path, os.stat(path).st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _refuse_unless_regular(path, os.fstat(fd).st_mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a directory, not a saved thread")
    what = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise InputError(
        f"{path} is {what}, not a saved thread; argmap reads regular files only"
    )


def _read_capped(handle: BinaryIO, size: int) -> bytes | None:
    """The handle's bytes, or None past MAX_FILE_BYTES.

    One read of the size the file announced (plus one byte, to see whether
    more follows) does for an ordinary file, without copying; a file that
    says nothing of its size or grows is read on in chunks, up to the cap.
    """
    chunks, total, want = [], 0, min(size, MAX_FILE_BYTES) + 1
    while chunk := handle.read(want):
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            return None
        want = _CHUNK_BYTES
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_big(path: Path, how_big: str) -> str:
    return f"{path} {how_big}; argmap reads files up to {MAX_FILE_BYTES // 2**20} MB"


def _unsupported(path: Path) -> str:
    formats = "\n".join(f"  - {f}" for f in known_formats())
    return f"{path} is not a thread format argmap reads. Supported files:\n{formats}"
