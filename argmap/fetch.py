"""One polite HTTP session for every source.

Every request argmap makes goes through :class:`PoliteSession`, which

- names itself: ``USER_AGENT`` on every request, robots.txt included;
- keeps a per-host rate limit, stretched to the site's robots.txt ``Crawl-delay``;
- obeys robots.txt (see ``argmap._robots`` for what each status means);
- retries connection errors, timeouts, 429 and 5xx with exponential backoff,
  honouring ``Retry-After`` up to a ceiling;
- keeps successful pages in an on-disk cache that never expires, so mapping
  the same thread again makes no request.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import platformdirs
import requests
from requests.adapters import HTTPAdapter
from requests_cache import NEVER_EXPIRE, CachedSession, SQLiteCache
from urllib3.util.retry import Retry

from argmap import PROJECT_URL, __version__
from argmap._ratelimit import Clock, RateLimiter, Sleep
from argmap._retry import (
    RETRY_STATUSES,
    PoliteRetry,
    broke_off,
    failure_error,
    status_error,
)
from argmap._robots import RobotsRules
from argmap.errors import HttpError, InputError, OfflineMissError, SourceError

if TYPE_CHECKING:
    from typing_extensions import Self

logger = logging.getLogger(__name__)

USER_AGENT = f"argmap/{__version__} (+{PROJECT_URL})"

#: The longest we honour a Retry-After, in seconds.
MAX_RETRY_AFTER = 120.0
#: RFC 9309 asks crawlers not to trust a cached robots.txt for more than a day.
ROBOTS_MAX_AGE = timedelta(days=1)
CACHE_ENV = "ARGMAP_CACHE_DIR"
CACHE_FILE = "http-cache.sqlite"

OnRequest = Callable[[str], None]


@dataclass(frozen=True)
class Page:
    """One fetched response body."""

    url: str
    text: str
    status: int
    fetched_at: datetime
    from_cache: bool = False

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except ValueError as e:
            raise SourceError(f"{self.url} did not return JSON ({e})") from None


def default_cache_dir() -> Path:
    """Where the HTTP cache lives: ``$ARGMAP_CACHE_DIR``, else the user's cache dir."""
    return Path(os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("argmap"))


class PoliteSession:
    """The one HTTP session every source uses; a context manager.

    ``get`` first looks in the cache (keyed by method and normalised URL,
    query parameters sorted). A hit makes no request at all: no robots.txt,
    no rate limit. A miss checks robots.txt, waits its turn for the host,
    then fetches. Only 200 responses are stored, and they never expire;
    ``refresh=True`` fetches again and overwrites; robots.txt is kept a day.

    robots.txt is read once per site (``argmap._robots``). A 4xx other than
    429 means no rules. One that cannot be read (429, 5xx, network error,
    after the retries) disallows the whole site for the rest of this
    session, as RFC 9309 asks; that is not stored, so the next run tries
    again. Redirect targets are rate limited but not checked against robots.

    Args:
        cache_dir: where the SQLite cache goes (default ``default_cache_dir()``).
        offline: use only the cache; a miss raises OfflineMissError.
        refresh: re-fetch every page and update the cache.
        min_interval: least gap between two requests to one host, in seconds.
        timeout: (connect, read) timeouts in seconds.
        max_retries: retries after the first attempt, for errors worth retrying.
        backoff_factor: waits are ``backoff_factor * 2 ** (n - 1)`` seconds.
        respect_robots: False only for tests and loopback servers.
        use_cache: False disables the on-disk cache.
        on_request: called with the URL before each request sent over the network.
        max_retry_after: ceiling on a server's Retry-After, in seconds.
        clock, sleep: the time source and sleep of the rate limit and retries.
    """

    def __init__(
        self,
        *,
        cache_dir: Path | None = None,
        offline: bool = False,
        refresh: bool = False,
        min_interval: float = 1.0,
        timeout: tuple[float, float] = (10.0, 30.0),
        max_retries: int = 4,
        backoff_factor: float = 1.0,
        respect_robots: bool = True,
        use_cache: bool = True,
        on_request: OnRequest | None = None,
        max_retry_after: float = MAX_RETRY_AFTER,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if offline and not use_cache:
            raise InputError(
                "--offline reads only the cache; it cannot be used with --no-cache"
            )
        self.offline = offline
        self.refresh = refresh
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_factor = backoff_factor
        self.respect_robots = respect_robots
        self.cache_path = (
            Path(cache_dir or default_cache_dir()) / CACHE_FILE if use_cache else None
        )
        self.limiter = RateLimiter(min_interval, clock=clock, sleep=sleep)
        self._sleep = sleep
        retry = PoliteRetry(
            total=max_retries,
            other=0,
            status_forcelist=RETRY_STATUSES,
            allowed_methods={"GET", "HEAD"},
            backoff_factor=backoff_factor,
            raise_on_status=False,
            max_retry_after=max_retry_after,
            sleep_func=sleep,
        )
        self._http = self._open_session(_PoliteAdapter(self, on_request, retry))
        self._robots = RobotsRules(self._fetch_robots, USER_AGENT)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections and the cache."""
        self._http.close()

    def get(self, url: str, *, params: dict[str, str] | None = None) -> Page:
        """Fetch ``url`` (with ``params``), from the cache when it holds the page."""
        url = _full_url(url, params)
        if not self.refresh:
            cached = self._lookup(url)
            if cached is not None:
                logger.debug("from cache: %s", url)
                return _to_page(cached)
        if self.offline:
            raise OfflineMissError(
                f"{url} is not in the cache ({self.cache_path}); it must be fetched "
                "once online first (run without --offline)"
            )
        if self.respect_robots:
            self._robots.check(url)
            delay = self._robots.crawl_delay(url)
            if delay:
                self.limiter.set_interval(_host(url), delay)
        response = self._send(url, refresh=self.refresh)
        if not 200 <= response.status_code < 300:
            raise status_error(url, response, self.max_retries)
        return _to_page(response)

    def _open_session(self, adapter: HTTPAdapter) -> requests.Session:
        http = requests.Session() if self.cache_path is None else self._open_cache()
        # A fixed Accept-Encoding keeps cache entries valid if brotli or zstd
        # get installed later (a server may Vary on it).
        http.headers.update(
            {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
        )
        http.mount("http://", adapter)
        http.mount("https://", adapter)
        return http

    def _open_cache(self) -> CachedSession:
        assert self.cache_path is not None
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            # WAL: two argmap runs can share the file without locking each other out.
            backend = SQLiteCache(self.cache_path, wal=True)
        except (OSError, sqlite3.Error) as e:
            raise self._cache_error(e) from e
        return CachedSession(
            backend=backend,
            expire_after=NEVER_EXPIRE,
            urls_expire_after={
                re.compile(r"^https?://[^/]+/robots\.txt$"): ROBOTS_MAX_AGE
            },
            allowable_codes=(200,),
            allowable_methods=("GET",),
            cache_control=False,
        )

    def _lookup(self, url: str) -> requests.Response | None:
        if not isinstance(self._http, CachedSession):
            return None
        try:
            response = self._http.get(url, only_if_cached=True)
        except sqlite3.Error as e:
            raise self._cache_error(e) from e
        return response if response.status_code == 200 else None  # 504: not cached

    def _send(self, url: str, *, refresh: bool = False) -> requests.Response:
        """GET over the network; requests' exceptions become HttpError.

        urllib3 retries up to the response headers; a body that breaks off
        afterwards is retried here, with the same backoff.
        """
        extra: dict[str, Any] = {}
        if refresh and isinstance(self._http, CachedSession):
            extra["force_refresh"] = True
        attempt = 1
        while True:
            try:
                return self._http.get(url, timeout=self.timeout, **extra)
            except requests.RequestException as e:
                if not broke_off(e) or attempt > self.max_retries:
                    raise failure_error(url, e, attempt, self.max_retries) from e
                wait = self.backoff_factor * 2 ** (attempt - 1)
                logger.info("%s broke off mid-response; retrying in %.1f s", url, wait)
                self._sleep(wait)
                attempt += 1
            except sqlite3.Error as e:
                raise self._cache_error(e) from e

    def _fetch_robots(self, robots_url: str) -> tuple[int, str]:
        response = self._send(robots_url)
        if response.status_code in RETRY_STATUSES:
            raise status_error(robots_url, response, self.max_retries)
        # RFC 9309: robots.txt is UTF-8, whatever the headers say.
        return response.status_code, _decode(response.content, "")

    def _cache_error(self, error: Exception) -> SourceError:
        return SourceError(
            f"cannot use the HTTP cache at {self.cache_path} ({error}); "
            f"delete it, point {CACHE_ENV} elsewhere, or run with --no-cache"
        )


class _PoliteAdapter(HTTPAdapter):
    """Sends one request over the network: after its turn for the host, reported."""

    def __init__(
        self, owner: PoliteSession, on_request: OnRequest | None, retry: Retry
    ) -> None:
        super().__init__(max_retries=retry)
        self._owner = owner
        self._on_request = on_request

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        url = request.url or ""
        if self._owner.offline:  # get() never gets here offline; this is the backstop
            raise OfflineMissError(
                f"offline, but a request for {url} was about to be sent"
            )
        self._owner.limiter.wait(_host(url))
        if self._on_request is not None:
            self._on_request(url)
        logger.debug("GET %s", url)
        return super().send(request, *args, **kwargs)


def _full_url(url: str, params: dict[str, str] | None) -> str:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise HttpError(
            f"cannot fetch {url!r}: only http and https URLs are supported", url=url
        )
    try:
        full = requests.Request("GET", url, params=params).prepare().url
    except requests.RequestException as e:
        raise HttpError(f"cannot fetch {url!r}: {e}", url=url) from None
    return full or url


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _to_page(response: requests.Response) -> Page:
    from_cache = bool(getattr(response, "from_cache", False))
    stored = getattr(response, "created_at", None) if from_cache else None
    fetched_at = (
        stored.astimezone(timezone.utc) if stored else datetime.now(timezone.utc)
    )
    return Page(
        url=response.url,
        text=_decode(response.content, response.headers.get("Content-Type", "")),
        status=response.status_code,
        fetched_at=fetched_at,
        from_cache=from_cache,
    )


def _decode(body: bytes, content_type: str) -> str:
    """Decode leniently: the declared charset, else UTF-8; bad bytes become U+FFFD."""
    # Not requests' .text: it assumes ISO-8859-1 for text/* without a charset,
    # and guesses (slowly) when there is no Content-Type at all.
    header = Message()
    header["Content-Type"] = content_type
    charset = header.get_content_charset() or "utf-8"
    if charset in ("utf-8", "utf8"):
        charset = "utf-8-sig"  # drop a BOM, which json.loads rejects
    try:
        return body.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name
        return body.decode("utf-8-sig", errors="replace")
