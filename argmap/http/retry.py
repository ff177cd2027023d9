"""Retrying: the urllib3 retry policy, and the one-line error when retries run out."""

from __future__ import annotations

import errno
import json
import logging
import time
from typing import Any

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from argmap.errors import HttpError, NotFoundError, UnreachableError
from argmap.http.ratelimit import Sleep

logger = logging.getLogger(__name__)

#: Statuses worth retrying: the server is busy or broken, maybe only for now.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class PoliteRetry(Retry):
    """urllib3's ``Retry`` with a ceiling on ``Retry-After`` and an injectable sleep.

    It differs from urllib3 in three ways:

    - ``Retry-After`` (seconds or HTTP-date) is capped at ``max_retry_after``, so a
      hostile or confused server cannot park us for hours; a header that does
      not parse falls back to the backoff instead of failing the request.
    - The backoff is ``backoff_factor * 2 ** (n - 1)`` from the first retry on
      (urllib3 retries the first failure at once); the wait is the larger of
      the backoff and ``Retry-After``.
    - It sleeps through ``sleep_func``.
    """

    def __init__(
        self,
        *args: Any,
        max_retry_after: float = 120.0,
        sleep_func: Sleep = time.sleep,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after
        self.sleep_func = sleep_func

    def new(self, **kw: Any) -> PoliteRetry:
        # urllib3 copies the object on every retry through new(); carry our fields.
        kw.setdefault("max_retry_after", self.max_retry_after)
        kw.setdefault("sleep_func", self.sleep_func)
        return super().new(**kw)

    def get_retry_after(self, response: Any) -> float | None:
        try:
            seconds = super().get_retry_after(response)
        except InvalidHeader:
            logger.debug(
                "ignoring unparseable Retry-After: %r",
                response.headers.get("Retry-After"),
            )
            return None
        if seconds is not None and seconds > self.max_retry_after:
            logger.warning(
                "%s asked us to wait %.0f s; waiting %.0f s instead",
                getattr(response, "url", None) or "the server",
                seconds,
                self.max_retry_after,
            )
            return self.max_retry_after
        return seconds

    def get_backoff_time(self) -> float:
        return backoff_seconds(self.backoff_factor, len(self.history), self.backoff_max)

    def sleep(self, response: Any = None) -> None:
        retry_after = None
        if self.respect_retry_after_header and response is not None:
            retry_after = self.get_retry_after(response)
        wait = max(retry_after or 0.0, self.get_backoff_time())
        if wait > 0:
            logger.info("retrying in %.1f s", wait)
            self.sleep_func(wait)


def backoff_seconds(
    factor: float, failures: int, ceiling: float = Retry.DEFAULT_BACKOFF_MAX
) -> float:
    """The wait before retrying after ``failures`` failed attempts."""
    if failures == 0:
        return 0.0
    return float(min(ceiling, factor * 2 ** (failures - 1)))


class ResponseTooLarge(requests.RequestException):
    """The body grew past the session's size limit."""


def broke_off(error: requests.RequestException) -> bool:
    """Did the body break off after the headers came (past urllib3's retries)?"""
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return True
    cause = error.args[0] if error.args else None
    return isinstance(error, requests.ConnectionError) and isinstance(
        cause, ReadTimeoutError
    )


_FAILURES: tuple[tuple[type[Exception], str], ...] = (
    (requests.exceptions.SSLError, "TLS/SSL error"),
    (requests.exceptions.ConnectTimeout, "connection timed out"),
    (requests.exceptions.ReadTimeout, "read timed out"),
    (requests.exceptions.TooManyRedirects, "too many redirects"),
    (ResponseTooLarge, "the response is too large"),
    (requests.exceptions.ChunkedEncodingError, "the response broke off"),
    (requests.exceptions.ContentDecodingError, "the body could not be decoded"),
    (requests.exceptions.ConnectionError, "connection failed"),
)


def failure_error(
    url: str, error: requests.RequestException, attempts: int, max_retries: int
) -> HttpError:
    """HttpError for a request that raised: what failed, why, after how many tries."""
    cause: object = error.args[0] if error.args else error
    if isinstance(cause, MaxRetryError):  # urllib3 used up its retries
        cause = cause.reason
        if not isinstance(error, requests.exceptions.SSLError):  # never retried
            attempts = max_retries + 1
    what = next(
        (label for kind, label in _FAILURES if isinstance(error, kind)),
        "request failed",
    )
    if isinstance(cause, ReadTimeoutError):
        what = "read timed out"
    unreachable = _unreachable(error, cause)
    message = f"GET {url} failed {_times(attempts)}: {unreachable or what}"
    if unreachable:
        return UnreachableError(f"{message} ({_detail(cause)})", url=url)
    return HttpError(f"{message} ({_detail(cause)})", url=url)


def _unreachable(error: requests.RequestException, cause: object) -> str:
    """Why no connection was made, in the words a user looks for; "" if one was."""
    if isinstance(error, requests.exceptions.SSLError):
        return ""  # connected; the TLS handshake failed
    if isinstance(cause, NameResolutionError):
        return "host not found"
    if isinstance(cause, NewConnectionError):  # urllib3 raises it from the OSError
        errno_ = getattr(cause.__cause__, "errno", None)
        return _CONNECT_ERRNOS.get(errno_, "could not connect")
    if isinstance(cause, ConnectTimeoutError) or isinstance(
        error, requests.exceptions.ConnectTimeout
    ):
        return "connection timed out"
    return ""


_CONNECT_ERRNOS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable",
    errno.ETIMEDOUT: "connection timed out",
}


def _detail(cause: object) -> str:
    """What the cause says, on one line, without urllib3's connection reprs."""
    args = getattr(cause, "args", ())
    strings = [a for a in args if isinstance(a, str)]
    if isinstance(cause, Exception) and len(args) > 1 and strings:
        # urllib3: (connection, "Connection to HOST timed out ..."), or
        # ("Connection aborted.", RemoteDisconnected("Remote end closed ..."))
        text = strings[0]
        inner = [a for a in args if isinstance(a, BaseException)]
        if inner and str(inner[0]) not in text:
            text = f"{text.rstrip('.')}: {inner[0]}"
    else:
        text = str(cause)
    if text.startswith(("HTTPConnection(", "HTTPSConnection(")) and "): " in text:
        # "HTTPConnection(host=..., port=...): Failed to establish ..."
        text = text.split("): ", 1)[1]
    return " ".join(text.split())


def status_error(url: str, response: requests.Response, max_retries: int) -> HttpError:
    """HttpError (NotFoundError for 404/410) for a response that is not 2xx."""
    status = response.status_code
    what = f"HTTP {status} {response.reason or ''}".rstrip()
    said = server_says(response)
    if said and said.lower() != (response.reason or "").lower():
        what += f": {said}"
    if status in (404, 410):
        return NotFoundError(f"{url} does not exist ({what})", url=url, status=status)
    attempts = attempts_made(response, max_retries)
    hint = ""
    if status in (401, 403):
        hint = (
            "; the thread may be private or need a login, which argmap does not do, "
            "or the site refuses automated clients"
        )
    return HttpError(
        f"GET {url} failed {_times(attempts)}: {what}{hint}", url=url, status=status
    )


def server_says(response: requests.Response) -> str:
    """The error message of a JSON error body (Discourse, Reddit, Algolia), if any."""
    if "json" not in response.headers.get("Content-Type", "").lower():
        return ""
    try:
        data = json.loads(response.content[:65536])
    except (ValueError, UnicodeDecodeError):
        return ""
    if not isinstance(data, dict):
        return ""
    said = data.get("errors") or data.get("message") or data.get("error")
    if isinstance(said, list):
        said = next((s for s in said if isinstance(s, str)), "")
    if not isinstance(said, str):
        return ""
    said = " ".join(said.split()).rstrip(".")
    return said if len(said) <= 200 else said[:199] + "…"


def attempts_made(response: requests.Response, max_retries: int) -> int:
    """How many times the request that gave ``response`` was sent."""
    retries = getattr(response.raw, "retries", None)
    if isinstance(retries, Retry):  # urllib3 keeps the history of this request
        return len(retries.history) + 1
    return max_retries + 1 if response.status_code in RETRY_STATUSES else 1


def _times(attempts: int) -> str:
    return "after 1 attempt" if attempts == 1 else f"after {attempts} attempts"
