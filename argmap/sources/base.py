"""What every forum source looks like.

A source class handles one kind of page on one site. It declares the URLs it
reads (``pattern``, with a named group ``id``) and an ``example`` URL. ``fetch``
does the HTTP through the shared polite session; ``parse`` is a pure function
of what ``fetch`` returned, so every parser is tested on saved payloads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from argmap.errors import ArgmapError, LayoutChangedError
from argmap.http.walls import SiteWall, declare_wall
from argmap.model import Thread

if TYPE_CHECKING:
    from argmap.http.page import Page
    from argmap.http.session import PoliteSession


@dataclass(frozen=True)
class SourceOption:
    """A choice a user makes about how one source fetches. The CLI offers each
    declared option as a flag (``argmap map --help``), so a source adds one
    without touching the CLI."""

    name: str  # the keyword in SourceOptions, e.g. "max_more_requests"
    flag: str  # "--max-more"; a switch is "--expand-more/--no-expand-more"
    default: bool | int | str
    help: str
    choices: tuple[str, ...] = ()  # for a str option: the values it may take
    minimum: int | None = None  # for an int option: the least value

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not one this option takes, or None."""
        if self.choices and value not in self.choices:
            *most, last = self.choices
            return f"{self.flag} must be {', '.join(most)} or {last}, not {value!r}"
        return None


@dataclass(frozen=True)
class SavedFile:
    """A kind of file a user saves that a source reads (``argmap map FILE``).

    ``sniff`` is shown the decoded JSON (``saved_as="json"``) or the first
    64 KB of the file as text ("html"); it answers a bool and never raises.
    ``read(path, data)`` builds the Thread, ``data`` being the decoded JSON
    (None for "html": the reader opens the path, and pages beside it).
    """

    what: str  # for messages and help: "a Lobsters story (lobste.rs/s/ID.json)"
    sniff: Callable[[Any], bool]
    read: Callable[[Path, Any], Thread]
    saved_as: str = "json"


class SourceOptions:
    """The values chosen for sources' declared options (``Source.declared_options``), by
    name: ``SourceOptions(via="api")``. A source reads its own with their
    declared defaults filled in; options of other sources are ignored."""

    def __init__(self, **values: Any) -> None:
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        raise AttributeError(f"no source option {name!r} was given")

    def names(self) -> set[str]:
        return set(self._values)

    def with_defaults(self, declared: Iterable[SourceOption]) -> SourceOptions:
        """These values, plus the default of each declared option not given."""
        return SourceOptions(
            **{**{o.name: o.default for o in declared}, **self._values}
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceOptions) and self._values == other._values

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={v!r}" for k, v in sorted(self._values.items()))
        return f"SourceOptions({given})"


class Source:
    """One page type of one site. Constructing a source makes no request.

    Besides its URLs, a source declares what it needs from the shared layers:
    ``declared_options`` the CLI offers as flags, ``saved_file``, the files a
    user saves that it reads, ``walls``, its site's own block
    pages, and ``pacing``, the least gap between requests its hosts ask for.
    """

    site: ClassVar[str]
    kind: ClassVar[str]
    pattern: ClassVar[str]
    example: ClassVar[str]
    #: Choices a user makes about how this source fetches (CLI flags); their
    #: values are ``self.options``.
    declared_options: ClassVar[tuple[SourceOption, ...]] = ()
    #: The file a user saves that this source reads, if any.
    saved_file: ClassVar[SavedFile | None] = None
    #: The site's own block or rate-limit pages (``argmap.http.walls``).
    walls: ClassVar[tuple[SiteWall, ...]] = ()
    #: host -> least seconds between two requests to it, where the site asks
    #: for more than the session's default.
    pacing: ClassVar[Mapping[str, float]] = MappingProxyType({})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for wall in cls.__dict__.get("walls", ()):
            declare_wall(wall)  # the session checks every response against them

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
        self.options = (options or SourceOptions()).with_defaults(self.declared_options)
        self._session = session
        self._paced = False

    @classmethod
    def match_url(cls, url: str) -> re.Match[str] | None:
        return _compiled(cls.pattern).match(url)

    @property
    def session(self) -> PoliteSession:
        if self._session is None:
            from argmap.http.session import PoliteSession

            self._session = PoliteSession()
        if not self._paced:
            self._paced = True
            limiter = getattr(self._session, "limiter", None)  # test fakes have none
            for host, seconds in self.pacing.items() if limiter is not None else ():
                limiter.set_interval(host, seconds)
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
