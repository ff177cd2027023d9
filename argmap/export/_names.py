"""Output file names: readable, safe on every OS, and one per thread.

A thread's site and id are anyone's text. Made readable by replacing what is
not ``[A-Za-z0-9._-]``, site ``.`` gave ``.-x.json`` (hidden), ``--`` gave
``---help.json`` (an option to the next command), ``CON.`` a Windows device
name, and every non-ASCII site and id ``_-_``, so different threads wrote
over each other without a word. Now a name that is not exactly its thread's
``<site>-<id>`` gets a short hash of the exact site and id.
"""

from __future__ import annotations

import hashlib
import re

MAX_STEM = 120
HASH_CHARS = 10  # 40 bits: a clash between two given threads is a 1 in 10^12 chance
# "~" is outside the characters a plain name may hold, so a hashed name can
# never equal a plain one.
HASH_MARK = "~"

# Lower case only: on the case-insensitive file systems of Windows and macOS
# "reddit-Abc" and "reddit-abc" are one file, so a capital also asks for the hash.
_PLAIN = re.compile(r"[a-z0-9_][a-z0-9._-]*")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Windows device names, reserved with any extension ("nul.tar.gz"), any case.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"{dev}{n}" for dev in ("com", "lpt") for n in "0123456789"]
)


def output_stem(site: str, thread_id: str) -> str:
    """``<site>-<id>`` when that is already a safe name (``hackernews-39232976``),
    else a readable version of it, ``~`` and a hash of the exact site and id."""
    name = f"{site}-{thread_id}"
    if _is_plain(name):
        return name
    readable = _UNSAFE.sub("_", name).lstrip(".-")
    if _is_reserved(readable):
        readable = "_" + readable
    readable = readable[: MAX_STEM - len(HASH_MARK) - HASH_CHARS].rstrip(".") or "thread"
    return f"{readable}{HASH_MARK}{_digest(site, thread_id)}"


def _is_plain(name: str) -> bool:
    return (
        len(name) <= MAX_STEM
        and _PLAIN.fullmatch(name) is not None
        and not name.endswith(".")  # Windows drops a trailing dot
        and not _is_reserved(name)
    )


def _is_reserved(name: str) -> bool:
    return name.split(".", 1)[0].lower() in _RESERVED


def _digest(site: str, thread_id: str) -> str:
    # Length-prefixed, so ("a-b", "c") and ("a", "b-c") differ; surrogatepass,
    # since a thread file may hold a lone surrogate.
    exact = f"{len(site)}:{site}{thread_id}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(exact).hexdigest()[:HASH_CHARS]
