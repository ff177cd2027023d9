"""Read a saved thread from disk, recognising the format by content, not name.

JSON is argmap's own thread format, or what a site's API answered; HTML is a
saved page. Each source that reads saved files declares them
(``Source.saved_file``, a ``SavedFile``), so a new one is found here without
an edit. The sniffers accept disjoint shapes, so their order does not matter.
"""

from __future__ import annotations

import json
from pathlib import Path

from argmap.errors import (
    InputError,
    LayoutChangedError,
    ThreadFormatError,
    UnsupportedSourceError,
)
from argmap.model import Thread
from argmap.sources import thread_json
from argmap.sources.base import SavedFile
from argmap.sources.disk import read_bytes
from argmap.sources.lookup import source_classes

_SNIFF_BYTES = 64 * 1024

THREAD_JSON_FORMAT = "an argmap thread JSON file (docs/thread-format.md)"


def read_thread_file(path: Path) -> Thread:
    path = Path(path)
    raw = read_bytes(path)
    head = _text(raw[:_SNIFF_BYTES])
    if not head and not _text(raw):  # "not a format argmap reads" would hide it
        what = "empty (0 bytes)" if not raw else "empty (only white space)"
        raise InputError(f"{path} is {what}: there is no thread in it to map")
    if head.startswith(("{", "[")):
        return _read_json(path, raw)
    for saved in saved_files("html"):
        if saved.sniff(head):
            return saved.read(path, None)
    raise UnsupportedSourceError(_unsupported(path))


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")


def known_formats() -> list[str]:
    """What argmap can read from disk, for messages and docs."""
    pages = [saved.what for saved in saved_files("html")]
    apis = [saved.what for saved in saved_files("json")]
    return [*pages, THREAD_JSON_FORMAT, *apis]


def saved_files(saved_as: str) -> list[SavedFile]:
    """The saved files of ``saved_as`` ("json" or "html") the registered sources
    read, each once (a subclass may inherit its parent's)."""
    declared = [cls.saved_file for cls in source_classes() if cls.saved_file]
    return [saved for saved in dict.fromkeys(declared) if saved.saved_as == saved_as]


def _read_json(path: Path, raw: bytes) -> Thread:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ThreadFormatError(f"{path}: not valid JSON ({e})") from None
    except RecursionError:
        raise ThreadFormatError(nested_too_deep(path)) from None
    if thread_json.is_thread_json(data):
        return thread_json.parse_thread_json(data, origin=str(path))
    for saved in saved_files("json"):
        if saved.sniff(data):
            return _parse_saved(saved, data, path)
    raise UnsupportedSourceError(_unsupported(path))


def _parse_saved(saved: SavedFile, data: object, path: Path) -> Thread:
    """Run a source's parser; a file that breaks it is named in the error."""
    what = saved.what
    try:
        return saved.read(path, data)
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


def _unsupported(path: Path) -> str:
    formats = "\n".join(f"  - {f}" for f in known_formats())
    return f"{path} is not a thread format argmap reads. Supported files:\n{formats}"
