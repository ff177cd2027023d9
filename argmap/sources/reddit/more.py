"""Reddit's "load more comments" stubs: choosing which to open, and fetching them.

A comment listing stops early in two ways, both things of kind ``more``:

- a *morechildren* stub names the comments it stands for (``children``, ids)
  and how many comments hang under them (``count``). ``/api/morechildren.json``
  returns those comments flat, each with its ``parent_id``, up to 100 ids a
  request, and may hand back new stubs for whatever it left out;
- a *continue this thread* stub (``id`` "_", ``count`` 0, no ``children``)
  stands for the replies below the listing's depth limit. The parent comment's
  own page, ``/comments/LINK/_/PARENT.json``, returns them as a normal listing.

``expand_stubs`` does the fetching (used by ``RedditThreadSource.fetch``);
``CommentTree`` (``argmap.sources.reddit.tree``) merges the first listing and
every answer purely. Pages are the only record of what happened: which ids a
morechildren page answers is read back from its URL, and a request that failed
is kept as a Page whose status is not 2xx (0 when no response came) and whose
text is the error.
"""

from __future__ import annotations

import heapq
import itertools
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from argmap.sources.base import SourceOption
from argmap.sources.follow import follow_pages
from argmap.sources.reddit.listing import (
    Thing,
    comment_id,
    is_continue,
    listing_children,
    listing_request,
    more_request,
    read_answer,
    stub_count,
    walk_things,
)
from argmap.sources.reddit.tree import CommentTree

if TYPE_CHECKING:
    from argmap.http.page import Page
    from argmap.sources.base import SourceOptions

EXPAND_MORE = SourceOption(
    "expand_more",
    "--expand-more/--no-expand-more",
    True,
    "Reddit: fetch replies hidden behind 'load more comments'.",
)
MAX_MORE_REQUESTS = SourceOption(
    "max_more_requests",
    "--max-more",
    50,
    "Reddit: at most this many extra requests to load hidden replies.",
    minimum=0,
)
MAX_IDS = 100  # /api/morechildren reads at most 100 ids a request
_ID = re.compile(r"[a-z0-9]{1,16}")
SAVED = "a saved listing holds only what Reddit sent"

Get = Callable[..., "Page"]


def expand_stubs(
    get: Get, first: Page, link_id: str, *, limit: int, sort: str
) -> list[Page]:
    """The first page, then one page per extra request (at most ``limit``).

    Stubs holding the most comments go first, as PRAW does, so a bounded run
    loads as much as it can. A 404 is kept and the next stub tried; any other
    failure is kept and ends the expansion (the site is refusing us). A page
    missing from the cache offline is such a failure: the thread is mapped
    with the stubs it leaves closed.
    """
    tree = CommentTree(link_id, first.url)
    tree.add(_first_things(first), 0)
    plan, answer_index = _Plan(tree, link_id, sort), itertools.count(1)

    def merged_ends_run(page: Page) -> bool:
        problem = tree.add_answer(page, next(answer_index))
        return problem is not None and page.status not in (404, 410)

    return follow_pages(
        get,
        [first],
        lambda pages: plan.next_request(),
        max_pages=limit + 1,
        ends_run=merged_ends_run,
        offline_miss_fails=False,
    )


def closed_reason(pages: list[Page], options: SourceOptions) -> str:
    """Why the stubs no request answered stayed closed, for ``Thread.skipped``."""
    if not options.expand_more:
        return "expanding them is off (expand_more=False)"
    if any(read_answer(p)[1] and p.status not in (404, 410) for p in pages[1:]):
        return "expansion stopped when a request failed"
    if len(pages) - 1 >= options.max_more_requests:
        n = options.max_more_requests
        return f"the limit of {n} extra requests (max_more_requests) was reached"
    return "Reddit did not return them when asked"


class _Plan:
    """The open stubs, most comments first, and the next request that loads some."""

    def __init__(self, tree: CommentTree, link_id: str, sort: str):
        self.tree, self.link_id, self.sort = tree, link_id, sort
        self.queue: list[tuple[int, int, int, dict[str, Any]]] = []
        self.fed = 0  # stubs of the tree already queued
        self.asked: set[frozenset[str]] = set()
        self._order = itertools.count()  # ties keep page order; stubs never compare

    def next_request(self) -> tuple[str, dict[str, str]] | None:
        for found_at, stub in self.tree.stubs[self.fed :]:
            self._push(1 if is_continue(stub) else stub_count(stub), found_at, stub)
        self.fed = len(self.tree.stubs)
        while self.queue:
            _, _, found_at, stub = heapq.heappop(self.queue)
            if is_continue(stub):
                request = self._continue(stub)
            else:
                request = self._more(stub, found_at)
            if request is not None:
                return request
        return None

    def _push(self, weight: int, found_at: int, stub: dict[str, Any]) -> None:
        heapq.heappush(self.queue, (-weight, next(self._order), found_at, stub))

    def _continue(self, stub: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
        parent = comment_id(stub.get("parent_id"))
        if parent is None or not _ID.fullmatch(parent):
            return None
        if parent in self.tree.continued or f"continue:{parent}" in self.tree.failed:
            return None
        return listing_request(self.link_id, parent, self.sort, None)

    def _more(
        self, stub: dict[str, Any], found_at: int
    ) -> tuple[str, dict[str, str]] | None:
        pending = [
            c
            for c in self.tree.open_ids(stub, found_at)
            if c not in self.tree.failed and _ID.fullmatch(c)
        ]
        chunk = pending[:MAX_IDS]
        if not chunk or frozenset(chunk) in self.asked:
            return None  # nothing left, or Reddit offered the same ids again
        self.asked.add(frozenset(chunk))
        if len(pending) > MAX_IDS:
            self._push(len(pending) - MAX_IDS, found_at, stub)
        return more_request(self.link_id, chunk, self.sort)


def _first_things(page: Page) -> list[Thing]:
    try:
        data = json.loads(page.text)
    except ValueError:
        return []  # parse() reports the broken first page
    ok = isinstance(data, list) and len(data) == 2
    return list(walk_things(listing_children(data[1]))) if ok else []
