"""Read a saved thread from disk, recognising the format by content, not name.

HTML is a saved Hacker News item page. JSON is argmap's own thread format, or
what a site's API answered: each source module that reads saved JSON has
``sniff_json(data) -> bool`` and a parser listed in ``JSON_FORMATS``. The
sniffers accept disjoint shapes, so their order does not matter.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

from argmap.errors import (
    InputError,
    LayoutChangedError,
    ThreadFormatError,
    UnsupportedSourceError,
)
from argmap.model import Thread
from argmap.sources import thread_json
from argmap.sources.disk import read_bytes
from argmap.sources.lookup import source_module

_SNIFF_BYTES = 64 * 1024

HTML_FORMAT = "a saved Hacker News item page (.html), with its More pages beside it"
THREAD_JSON_FORMAT = "an argmap thread JSON file (docs/thread-format.md)"
# (source module, what the user saved, the module's parser: f(data, *, url=None))
JSON_FORMATS = (
    ("hackernews.api", "a Hacker News Algolia API item (hn.algolia.com/api/v1/items/ID)",
     "parse_json"),
    ("hackernews.hnpwa", "a Hacker News hnpwa API item (api.hnpwa.com/v0/item/ID.json)",
     "parse_json"),
    ("reddit.thread", "a Reddit comments listing (reddit.com/comments/ID.json)",
     "parse_listing"),
    ("discourse.topic", "a Discourse topic (https://HOST/t/ID.json)", "parse_json"),
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
    from argmap.sources.hackernews import item

    if item.sniff(head):
        return item.read_saved(path)
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














def _unsupported(path: Path) -> str:
    formats = "\n".join(f"  - {f}" for f in known_formats())
    return f"{path} is not a thread format argmap reads. Supported files:\n{formats}"
