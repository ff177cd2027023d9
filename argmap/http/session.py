"""One polite HTTP session for every source.

Every request argmap makes goes through :class:`PoliteSession`, which

- names itself: ``USER_AGENT`` on every request, robots.txt included;
- keeps a per-host rate limit, stretched to the site's robots.txt ``Crawl-delay``;
- obeys robots.txt (see ``argmap.http.robots`` for what each status means);
- retries connection errors, timeouts, 429 and 5xx with exponential backoff,
  honouring ``Retry-After`` up to a ceiling;
- keeps successful pages in an on-disk cache that never expires, so mapping
  the same thread again makes no request;
- bounds every response: at most ``MAX_REDIRECTS`` redirects, and a body that
  takes longer than ``max_response_seconds`` or grows past
  ``max_response_bytes`` is an error, not a hang;
- recognises a bot check, rate-limit or login page served in place of a page
  (``argmap.http.walls``): it raises BlockedError naming the site and what to do,
  and never caches such a page.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession

from argmap.errors import (
    BlockedError,
    HttpError,
    InputError,
    OfflineMissError,
    SourceError,
)
from argmap.http.cache import CACHE_ENV, CACHE_FILE, default_cache_dir, open_cache
from argmap.http.page import Page, not_json_error, page_from_response
from argmap.http.ratelimit import Clock, RateLimiter, Sleep
from argmap.http.retry import (
    RETRY_STATUSES,
    PoliteRetry,
    attempts_made,
    backoff_seconds,
    broke_off,
    failure_error,
    status_error,
)
from argmap.http.robots import RobotsRules
from argmap.http.transport import OnRequest, PoliteAdapter, decode, host_of_url
from argmap.http.walls import blocked_error, find_wall
from argmap.version import PROJECT_URL, __version__

__all__ = [
    "CACHE_ENV",
    "CACHE_FILE",
    "MAX_REDIRECTS",
    "USER_AGENT",
    "Page",
    "PoliteSession",
    "default_cache_dir",
    "not_json_error",  # re-exported: Page and its errors live in argmap.http.page
]

if TYPE_CHECKING:
    from typing_extensions import Self

logger = logging.getLogger(__name__)

USER_AGENT = f"argmap/{__version__} (+{PROJECT_URL})"

#: The longest we honour a Retry-After, in seconds.
MAX_RETRY_AFTER = 120.0
#: Redirects followed per request; a loop fails fast instead of costing 30 waits.
MAX_REDIRECTS = 5
#: Ceiling on one response body: a slow drip or an endless stream is an error.
MAX_RESPONSE_SECONDS = 120.0
MAX_RESPONSE_BYTES = 64 * 2**20


class PoliteSession:
    """The one HTTP session every source uses; a context manager.

    ``get`` first looks in the cache (keyed by method and normalised URL,
    query parameters sorted). A hit makes no request at all: no robots.txt,
    no rate limit. A miss checks robots.txt, waits its turn for the host,
    then fetches. Only 200 responses are stored, and they never expire;
    ``refresh=True`` fetches again and overwrites; robots.txt is kept a day.

    robots.txt is read once per site (``argmap.http.robots``). A 4xx other than
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
        max_response_seconds: longest one response body may take to arrive.
        max_response_bytes: largest body accepted.
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
        max_response_seconds: float = MAX_RESPONSE_SECONDS,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
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
        self.max_response_seconds = max_response_seconds
        self.max_response_bytes = max_response_bytes
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
        self._http = self._open_session(PoliteAdapter(self, on_request, retry))
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
                return self._checked(url, page_from_response(cached))
        if self.offline:
            raise OfflineMissError(
                f"{url} is not in the cache ({self.cache_path}); it must be fetched "
                "once online first (run without --offline)"
            )
        if self.respect_robots:
            self._robots.check(url)
            delay = self._robots.crawl_delay(url)
            if delay:
                self.limiter.set_interval(host_of_url(url), delay)
        response = self._send(url, refresh=self.refresh)
        if not 200 <= response.status_code < 300:
            raise self._status_error(url, response)
        return self._checked(url, page_from_response(response))

    def _checked(self, url: str, page: Page) -> Page:
        """``page``, unless it is a bot check, rate-limit or login page."""
        wall = find_wall(page.text, strict=True)
        if wall is None:
            return page
        raise blocked_error(url, wall, page.status)

    def _status_error(
        self, url: str, response: requests.Response
    ) -> HttpError | BlockedError:
        status = response.status_code
        body = decode(response.content, response.headers.get("Content-Type", ""))
        wall = find_wall(body) if status not in (404, 410) else None
        if wall is None:
            return status_error(url, response, self.max_retries)
        return blocked_error(url, wall, status, attempts_made(response, self.max_retries))

    def _open_session(self, adapter: HTTPAdapter) -> requests.Session:
        if self.cache_path is None:
            http = requests.Session()
        else:
            try:
                http = open_cache(self.cache_path)
            except (OSError, sqlite3.Error) as e:
                raise self._cache_error(e) from e
        # A fixed Accept-Encoding keeps cache entries valid if brotli or zstd
        # get installed later (a server may Vary on it).
        http.headers.update(
            {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
        )
        http.max_redirects = MAX_REDIRECTS
        http.mount("http://", adapter)
        http.mount("https://", adapter)
        return http

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
                wait = backoff_seconds(self.backoff_factor, attempt)
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
        return response.status_code, decode(response.content, "")

    def _cache_error(self, error: Exception) -> SourceError:
        return SourceError(
            f"cannot use the HTTP cache at {self.cache_path} ({error}); "
            f"delete it, point {CACHE_ENV} elsewhere, or run with --no-cache"
        )


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
