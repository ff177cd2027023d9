"""The on-disk HTTP cache behind PoliteSession: where it lives, how it is
opened, and what is kept out of it."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs
import requests
from requests_cache import NEVER_EXPIRE, CachedSession, SQLiteCache

from argmap.http.transport import decode
from argmap.http.walls import HEAD_CHARS, find_wall

CACHE_ENV = "ARGMAP_CACHE_DIR"
CACHE_FILE = "http-cache.sqlite"
#: RFC 9309 asks crawlers not to trust a cached robots.txt for more than a day.
ROBOTS_MAX_AGE = timedelta(days=1)
_JSON_PATH = re.compile(r"\.json$|/api/")
#: Opening a fresh cache switches it to WAL, which needs the file to itself for
#: a moment; SQLite does not wait for that lock, so two runs started together
#: can collide. They take turns instead, for up to this long.
_OPEN_PATIENCE_SECONDS = 10.0


def default_cache_dir() -> Path:
    """Where the HTTP cache lives: ``$ARGMAP_CACHE_DIR``, else the user's cache dir."""
    return Path(os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("argmap"))


def open_cache(path: Path) -> CachedSession:
    """A requests session backed by the SQLite cache at ``path``.

    Raises OSError or sqlite3.Error when the file cannot be used."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        backend=_open_backend(path),
        expire_after=NEVER_EXPIRE,
        urls_expire_after={re.compile(r"^https?://[^/]+/robots\.txt$"): ROBOTS_MAX_AGE},
        allowable_codes=(200,),
        allowable_methods=("GET",),
        cache_control=False,
        filter_fn=worth_caching,
    )


def _open_backend(path: Path) -> SQLiteCache:
    deadline = time.monotonic() + _OPEN_PATIENCE_SECONDS
    pause = 0.01
    while True:
        try:
            # WAL: two argmap runs can share the file without locking each other out.
            return SQLiteCache(path, wal=True)
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def worth_caching(response: requests.Response) -> bool:
    """Keep out of the cache what only stands in for a page: a bot check,
    rate-limit or login page, and anything but JSON from a JSON URL (one whose
    path ends in ``.json`` or lies under ``/api/``: every JSON endpoint argmap
    reads), such as an error page served with status 200.

    requests-cache also applies this to what it reads back, and deletes an
    entry that fails it (one an older argmap stored)."""
    if not response.content:  # a cache miss (requests-cache's 504), or nothing
        return True
    # The start is enough to tell: find_wall reads HEAD_CHARS characters, at
    # most 4 bytes each in UTF-8.
    head = response.content[: 4 * HEAD_CHARS]
    text = decode(head, response.headers.get("Content-Type", ""))
    if find_wall(text, strict=True) is not None:
        return False
    path = urlsplit(response.url or "").path
    return not (_JSON_PATH.search(path) and text.lstrip()[:1] not in ("{", "["))
