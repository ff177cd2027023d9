"""What every forum source looks like.

A source class handles one kind of page on one site. It declares the URLs it
reads (``pattern``, with a named group ``id``) and an ``example`` URL. ``fetch``
does the HTTP through the shared polite session; ``parse`` is a pure function
of what ``fetch`` returned, so every parser is tested on saved payloads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from argmap.errors import ArgmapError, LayoutChangedError
from argmap.model import Thread

if TYPE_CHECKING:
    from argmap.http.session import Page, PoliteSession


VIA_CHOICES = ("auto", "html", "api")


@dataclass(frozen=True)
class SourceOptions:
    """Choices a user can make about how threads are fetched (CLI flags)."""

    # Hacker News: "html" scrapes item pages, "api" uses the Algolia items API,
    # "auto" scrapes unless the thread needs many pages.
    via: str = "auto"
    # Reddit: fetch the replies hidden behind "load more comments" stubs.
    expand_more: bool = True
    # Upper bound on extra requests made to expand such stubs, per thread.
    max_more_requests: int = 50


class Source:
    """One page type of one site. Constructing a source makes no request."""

    site: ClassVar[str]
    kind: ClassVar[str]
    pattern: ClassVar[str]
    example: ClassVar[str]

    def __init__(
        self,
        url: str,
        session: PoliteSession | None = None,
        options: SourceOptions | None = None,
    ):
        match = self.match_url(url)
        if match is None:
            raise ValueError(f"{type(self).__name__} does not handle {url!r}")
        self.url = url
        self.match = match
        self.options = options or SourceOptions()
        self._session = session

    @classmethod
    def match_url(cls, url: str) -> re.Match[str] | None:
        return _compiled(cls.pattern).match(url)

    @property
    def session(self) -> PoliteSession:
        if self._session is None:
            from argmap.http.session import PoliteSession

            self._session = PoliteSession()
        return self._session

    @property
    def item_id(self) -> str:
        return self.match.group("id")

    def fetch(self) -> list[Page]:
        """Download every page the thread needs. Subclasses implement this."""
        raise NotImplementedError

    def parse(self, pages: list[Page]) -> Thread:
        """Build the Thread from fetched pages, with no I/O."""
        raise NotImplementedError

    def fetch_thread(self) -> Thread:
        pages = self.fetch()
        try:
            thread = self.parse(pages)
        except ArgmapError:
            raise
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as e:
            # A stray lookup error means the page is not shaped as we expect.
            raise LayoutChangedError(
                f"{self.site}: the page at {self.url} is not laid out as expected "
                f"({type(e).__name__}: {e}); the site may have changed"
            ) from e
        thread.fetched_at = min((p.fetched_at for p in pages), default=_now())
        return thread

    @classmethod
    def describe(cls) -> str:
        return f"{cls.site} ({cls.kind}), e.g. {cls.example}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def as_text(payload: Any) -> str:
    """Decode bytes leniently: forum pages are not always valid UTF-8."""
    if isinstance(payload, bytes):
        return payload.decode("utf-8", errors="replace")
    return payload
