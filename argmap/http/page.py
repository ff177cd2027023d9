"""Page: one fetched response body, the contract between fetching and parsing.

A source's ``fetch`` returns Pages and its ``parse`` reads them, so parsers are
tested on saved bodies. A request that failed can be kept as a Page too
(``Page.failed``), so that ``parse`` can say what it cost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from argmap.errors import SourceError
from argmap.http.walls import blocked_error, describe_body, find_wall, host_of

if TYPE_CHECKING:
    import requests


@dataclass(frozen=True)
class Page:
    """One fetched response body."""

    url: str
    text: str
    status: int
    fetched_at: datetime
    from_cache: bool = False
    content_type: str = ""

    def json(self) -> Any:
        """The body as JSON; a clear SourceError (BlockedError) when it is not."""
        try:
            return json.loads(self.text)
        except ValueError as e:
            raise not_json_error(self, e) from None
        except RecursionError:  # Python's JSON reader stops at ~1,000 levels
            raise SourceError(
                f"{host_of(self.url)} answered {self.url} with JSON nested too deeply "
                "to read (more than about 1,000 levels: a reply chain of some 500 "
                "comments); for Hacker News, read the thread's pages instead (--via html)"
            ) from None

    @classmethod
    def failed(cls, url: str, error: Exception | str) -> Page:
        """A request that failed, kept as a Page so ``parse`` can say what it cost:
        its text is the error, its status the HTTP error status, else 0 (never 2xx)."""
        status = getattr(error, "status", None) or 0
        status = 0 if 200 <= status < 300 else status
        return cls(url, str(error), status, datetime.now(timezone.utc))

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def not_json_error(page: Page, error: Exception | None = None) -> SourceError:
    """Why ``page`` is not the JSON that was asked for, naming the site and a way on."""
    wall = find_wall(page.text)
    if wall is not None:
        return blocked_error(page.url, wall, page.status)
    host = host_of(page.url)
    what = describe_body(page.text, page.content_type)
    if what.startswith("a JSON document"):  # it starts as JSON: cut short or garbled
        return SourceError(
            f"{host} answered {page.url} with broken JSON ({error}); run again, "
            "with --refresh if it keeps failing (the cache may hold the broken answer)"
        )
    if what.startswith("an HTML page"):
        hint = (
            "the site may want a login, be down or be showing an error page; "
            "open the URL in a browser to see what it says"
        )
    else:
        hint = "open the URL in a browser to see what it says"
    return SourceError(
        f"{host} answered {page.url} with {what}, not the JSON argmap asked for; {hint}"
    )


def page_from_response(response: requests.Response) -> Page:
    """The Page of a response, from the network or from the cache (which
    keeps when it was first fetched)."""
    from argmap.http.transport import decode  # it needs requests; a Page does not

    from_cache = bool(getattr(response, "from_cache", False))
    stored = getattr(response, "created_at", None) if from_cache else None
    fetched_at = (
        stored.astimezone(timezone.utc) if stored else datetime.now(timezone.utc)
    )
    content_type = response.headers.get("Content-Type", "")
    return Page(
        url=response.url,
        text=decode(response.content, content_type),
        status=response.status_code,
        fetched_at=fetched_at,
        from_cache=from_cache,
        content_type=content_type,
    )
