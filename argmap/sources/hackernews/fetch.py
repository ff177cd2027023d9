"""Fetching a Hacker News item: its HTML pages, or its Algolia API item.

HN's robots.txt asks for 30 s between requests, so a long thread can come from
the Algolia API instead (``api``), which returns the whole tree in one
request. The ``via`` option: "html" always reads the pages, "api" always
uses the API, and "auto" (the default) fetches page 1 and switches to the API
when the story's comment count says the thread needs AUTO_API_MIN_PAGES pages
or more. When page 1 shows no count (a comment's page, pre-2014 markup) it
reads the pages, which are the richer source (flagged and dead markers).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from argmap.errors import (
    InputError,
    NotFoundError,
    OfflineMissError,
    RobotsDisallowedError,
    SourceError,
    UnreachableError,
)
from argmap.http.walls import (
    AGAIN,
    SiteWall,
    Wall,
    blocked_error,
    describe_body,
    find_wall,
    visible_text,
)
from argmap.sources.base import SourceOption
from argmap.sources.follow import Request, follow_pages
from argmap.sources.hackernews import api
from argmap.sources.hackernews.pages import (
    COMHEAD_RE,
    MAX_PAGES,
    STORY_RE,
    check_continues,
    estimated_pages,
    item_url,
    more_href,
)

if TYPE_CHECKING:
    from argmap.http.page import Page
    from argmap.http.session import PoliteSession

logger = logging.getLogger(__name__)

VIA_CHOICES = ("auto", "html", "api")
VIA = SourceOption(
    "via",
    "--via",
    "auto",
    "Hacker News: html (scrape pages), api (Algolia API), or auto (the API when "
    "the thread spans several pages).",
    choices=VIA_CHOICES,
)
RATE_LIMIT_TEXT = "Sorry, we're not able to serve your requests this quickly."
RATE_LIMIT_PAGE = SiteWall(
    RATE_LIMIT_TEXT,
    Wall(
        f"Hacker News' rate-limit page ({RATE_LIMIT_TEXT!r})",
        f"wait a few minutes and run again ({AGAIN}), or read the thread in one "
        "request through the Algolia API (--via api)",
    ),
)
# With Crawl-delay 30 s, a thread of this many pages waits 30 s or more for
# pages 2..N, where the API needs one request.
AUTO_API_MIN_PAGES = 2


def fetch_pages(session: PoliteSession, item_id: str, via: str) -> list[Page]:
    """The item's pages (page 1 and its More pages), or its API response."""
    if via not in VIA_CHOICES:
        raise InputError(f"via must be one of {', '.join(VIA_CHOICES)}: {via!r}")
    if via == "api":
        return [api.fetch_item(session, item_id)]
    first = item_url(item_id)
    try:
        page = session.get(first)
        check_item_page(page)
    except (NotFoundError, OfflineMissError, RobotsDisallowedError):
        raise
    except SourceError as e:  # blocked, or failed after retries
        if via != "auto":
            raise
        logger.info("%s; trying the Algolia API instead", e)
        try:
            pages = [api.fetch_item(session, item_id)]
        except SourceError as api_error:
            # Neither host reachable: the network is down, and the error says so.
            if not isinstance(e, UnreachableError) or not isinstance(
                api_error, UnreachableError
            ):
                logger.warning("the Algolia API failed too: %s", api_error)
            raise e from None
        logger.warning("%s; read the thread through the Algolia API instead", e)
        return pages
    if via == "auto" and (estimated_pages(page.text) or 0) >= AUTO_API_MIN_PAGES:
        try:
            return [api.fetch_item(session, item_id)]
        except SourceError as e:  # the API is a shortcut; the pages still work
            logger.warning("%s; reading the HTML pages instead", e)
    return follow_more_links(session, first, page)


def follow_more_links(session: PoliteSession, first: str, page: Page) -> list[Page]:
    """``page`` (fetched from ``first``) and the pages its More links lead to.

    At most MAX_PAGES pages in all; a More link back to a fetched page ends it.
    A page that cannot be read (the request failed after its retries, a block
    page came instead, or the page does not continue the one before: the
    thread changed meanwhile) ends it too, kept as a failed Page
    (``Page.failed``) so that ``parse`` marks the thread incomplete.
    """
    seen = {first}

    def next_request(pages: list[Page]) -> Request | None:
        href = more_href(pages[-1].text)
        next_url = urljoin(pages[-1].url or first, href) if href else None
        if next_url is None or next_url in seen:
            return None
        seen.add(next_url)
        return next_url, None

    def problem(url: str, pages: list[Page], page: Page) -> str | None:
        why = _continuation_problem(pages[-1].text, page, len(pages) + 1)
        return f"{url}: {why}" if why else None

    return follow_pages(
        session.get, [page], next_request, max_pages=MAX_PAGES, problem=problem
    )


def check_item_page(page: Page) -> None:
    """Raise a clear SourceError unless ``page`` is a Hacker News item page."""
    if STORY_RE.search(page.text):
        return
    if visible_text(page.text[:4096]) == "No such item.":
        raise NotFoundError(
            f"Hacker News has no item at {page.url} (it says 'No such item.')",
            url=page.url,
            status=404,
        )
    wall = find_wall(page.text)
    if wall is not None:
        raise blocked_error(page.url, wall, page.status)
    raise SourceError(
        f"news.ycombinator.com answered {page.url} with "
        f"{describe_body(page.text, page.content_type)}, not a Hacker News item "
        "page; open it in a browser to see what it says, or read the thread "
        "through the Algolia API (--via api)"
    )


def _continuation_problem(prev: str, page: Page, n: int) -> str | None:
    """Why ``page`` cannot be page ``n`` of the thread whose page ``n - 1`` is ``prev``."""
    if not (STORY_RE.search(page.text) or COMHEAD_RE.search(page.text)):
        wall = find_wall(page.text)
        what = wall.what if wall else describe_body(page.text, page.content_type)
        return f"news.ycombinator.com answered with {what}, not a page of the thread"
    try:
        check_continues(prev, page.text, "", "", n)
    except InputError as e:
        return f"{e}; the thread changed while its pages were read"
    return None
