"""Fetching the pages after the first: follow on, keep a failed one, stop.

A thread that does not fit one response continues on more pages (Hacker
News' More links, Discourse's posts.json chunks, Reddit's hidden replies).
Each source says what to ask for next; ``follow_pages`` asks, and keeps a
request that failed (after the session's retries) or whose answer is not
what was asked as a failed Page (``Page.failed``, never 2xx), so that
``parse`` can say what the thread is missing; then it stops, as the site is
refusing us or the thread changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from argmap.errors import OfflineMissError, SourceError

if TYPE_CHECKING:
    from argmap.http.page import Page

#: (url, query parameters or None)
Request = tuple[str, "dict[str, str] | None"]


def follow_pages(
    get: Callable[..., Page],
    pages: list[Page],
    next_request: Callable[[list[Page]], Request | None],
    *,
    max_pages: int,
    problem: Callable[[str, list[Page], Page], str | None] = lambda *_: None,
    ends_run: Callable[[Page], bool] = lambda page: not page.ok,
    offline_miss_fails: bool = True,
) -> list[Page]:
    """``pages`` and those after them, at most ``max_pages`` in all.

    ``next_request(pages)`` names the next page, or None when there is none.
    ``problem(url, pages, page)`` says why the answer to ``url`` is not the
    page asked for.
    After each page, ``ends_run(page)`` says whether to stop (by default, on
    a failed page). An OfflineMissError ends the fetch with that error when
    ``offline_miss_fails``: the pages are not cached, which ``--offline``
    must say; else it is kept as a failed page like any other failure.
    """
    from argmap.http.page import Page  # fetching only: reading files never gets here

    while len(pages) < max_pages and (request := next_request(pages)) is not None:
        url, params = request
        asked = f"{url}?{urlencode(params)}" if params else url
        try:
            page = get(url, params=params) if params else get(url)
            why = problem(asked, pages, page)
        except SourceError as e:
            if offline_miss_fails and isinstance(e, OfflineMissError):
                raise
            page, why = Page.failed(asked, e), None
        if why:
            page = Page.failed(asked, why)
        pages.append(page)
        if ends_run(page):
            break
    return pages
