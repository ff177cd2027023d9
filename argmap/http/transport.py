"""How PoliteSession puts one request on the wire: its turn for the host, a
report, and a body read within time and size limits."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from email.message import Message
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.util.retry import Retry

from argmap.errors import OfflineMissError
from argmap.http.ratelimit import RateLimiter
from argmap.http.retry import ResponseTooLarge

logger = logging.getLogger("argmap.http.session")  # the session's log

_READ_CHUNK = 65536

OnRequest = Callable[[str], None]


class AdapterOwner(Protocol):
    """What the adapter reads of the session that owns it (PoliteSession)."""

    offline: bool
    limiter: RateLimiter
    max_response_seconds: float
    max_response_bytes: int


class PoliteAdapter(HTTPAdapter):
    """Sends one request over the network: after its turn for the host, reported."""

    def __init__(
        self, owner: AdapterOwner, on_request: OnRequest | None, retry: Retry
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
        self._owner.limiter.wait(host_of_url(url))
        if self._on_request is not None:
            self._on_request(url)
        logger.debug("GET %s", url)
        stream = kwargs.pop("stream", False)
        response = super().send(request, *args, stream=True, **kwargs)
        if not stream:
            self._read_body(response, request)
        return response

    def _read_body(
        self, response: requests.Response, request: requests.PreparedRequest
    ) -> None:
        """Read the whole body, within the owner's time and size limits.

        requests would read it after ``send`` returns, with only a per-read
        timeout: a server that drips a byte every few seconds would hold us
        for hours, and one that never stops would fill the memory.
        """
        seconds, most = self._owner.max_response_seconds, self._owner.max_response_bytes
        deadline = time.monotonic() + seconds
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise requests.exceptions.ReadTimeout(
                        f"the response took longer than {seconds:g} s to arrive",
                        request=request,
                    )
                chunk = read1(response)
                if not chunk:
                    break
                size += len(chunk)
                if size > most:
                    raise ResponseTooLarge(
                        f"the body is larger than {most:,} bytes", request=request
                    )
                parts.append(chunk)
        except BaseException:
            response.close()
            raise
        response._content = b"".join(parts)
        response._content_consumed = True
        response.raw.release_conn()


def read1(response: requests.Response) -> bytes:
    """What arrives next of the body, with urllib3's errors turned into requests' as
    ``Response.iter_content`` does."""
    try:
        return response.raw.read1(_READ_CHUNK, decode_content=True)
    except ProtocolError as e:
        raise requests.exceptions.ChunkedEncodingError(e) from e
    except DecodeError as e:
        raise requests.exceptions.ContentDecodingError(e) from e
    except ReadTimeoutError as e:
        raise requests.exceptions.ConnectionError(e) from e
    except Urllib3SSLError as e:
        raise requests.exceptions.SSLError(e) from e


def host_of_url(url: str) -> str:
    return urlsplit(url).netloc.lower()


def decode(body: bytes, content_type: str) -> str:
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
