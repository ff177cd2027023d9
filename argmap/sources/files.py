"""Read a saved thread from disk, recognising the format by content, not name."""

from __future__ import annotations

import json
from pathlib import Path

from argmap.errors import InputError, ThreadFormatError, UnsupportedSourceError
from argmap.model import Thread
from argmap.sources import thread_json

# Larger files are refused rather than read into memory: no real thread is this big.
MAX_FILE_BYTES = 256 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024

KNOWN_FORMATS = (
    "a saved Hacker News item page (.html)",
    "an argmap thread JSON file (docs/thread-format.md)",
)


def read_thread_file(path: Path) -> Thread:
    path = Path(path)
    raw = _read_bytes(path)
    head = raw[:_SNIFF_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return _read_json(path, raw)
    from argmap.sources import hackernews

    if hackernews.sniff(head):
        return hackernews.read_saved(path)
    raise UnsupportedSourceError(_unsupported(path))


def _read_json(path: Path, raw: bytes) -> Thread:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ThreadFormatError(f"{path}: not valid JSON ({e})") from None
    if thread_json.is_thread_json(data):
        return thread_json.parse_thread_json(data, origin=str(path))
    raise UnsupportedSourceError(_unsupported(path))


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path} is {size // 2**20} MB; argmap reads files up to {MAX_FILE_BYTES // 2**20} MB")
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a saved thread") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None


def _unsupported(path: Path) -> str:
    formats = "\n".join(f"  - {f}" for f in KNOWN_FORMATS)
    return f"{path} is not a thread format argmap reads. Supported files:\n{formats}"
