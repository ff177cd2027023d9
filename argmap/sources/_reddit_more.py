"""Reddit's "load more comments" stubs: finding, fetching and merging them.

A comment listing stops early in two ways, both things of kind ``more``:

- a *morechildren* stub names the comments it stands for (``children``, ids)
  and how many comments hang under them (``count``). ``/api/morechildren.json``
  returns those comments flat, each with its ``parent_id``, up to 100 ids a
  request, and may hand back new stubs for whatever it left out;
- a *continue this thread* stub (``id`` "_", ``count`` 0, no ``children``)
  stands for the replies below the listing's depth limit. The parent comment's
  own page, ``/comments/LINK/_/PARENT.json``, returns them as a normal listing.

``expand_stubs`` does the fetching (used by ``RedditThreadSource.fetch``);
``CommentTree`` merges the first listing and every answer purely. Pages are the
only record of what happened: which ids a morechildren page answers is read
back from its URL, and a request that failed is kept as a Page whose status is
not 2xx (0 when no response came) and whose text is the error.
"""

from __future__ import annotations

import heapq
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from argmap.errors import LayoutChangedError, SourceError
from argmap.model import Skipped

if TYPE_CHECKING:
    from argmap.fetch import Page
    from argmap.sources.base import SourceOptions

SITE = "reddit"
BASE = "https://www.reddit.com"
MAX_IDS = 100  # /api/morechildren reads at most 100 ids a request
LISTING_LIMIT = "500"
_ID = re.compile(r"[a-z0-9]{1,16}")
_CONTINUE_PATH = re.compile(r"/comments/[a-z0-9]+/[^/]*/([a-z0-9]+)(?:\.json)?/?$")
_CHANGED = "Reddit's JSON layout may have changed"
SAVED = "a saved listing holds only what Reddit sent"

Get = Callable[..., "Page"]
Thing = tuple[str, dict[str, Any]]


def is_continue(stub: dict[str, Any]) -> bool:
    """A "continue this thread" stub: it lists no ids, only a parent."""
    return not stub.get("children")


def comment_id(fullname: object) -> str | None:
    """``"t1_abc"`` -> ``"abc"``; None for a submission or anything else."""
    if isinstance(fullname, str) and fullname.startswith("t1_") and len(fullname) > 3:
        return fullname[3:]
    return None


def listing_request(
    link_id: str, comment: str | None, sort: str, context: str | None
) -> tuple[str, dict[str, str]]:
    """The URL and params of a thread's listing, or of one comment's page."""
    path = (
        f"/comments/{link_id}/_/{comment}.json"
        if comment
        else f"/comments/{link_id}.json"
    )
    params = {"raw_json": "1", "limit": LISTING_LIMIT, "sort": sort}
    if comment and context:
        params["context"] = context
    return BASE + path, params


def more_request(link_id: str, ids: list[str], sort: str) -> tuple[str, dict[str, str]]:
    params = {"api_type": "json", "link_id": f"t3_{link_id}", "children": ",".join(ids)}
    return f"{BASE}/api/morechildren.json", {**params, "sort": sort, "raw_json": "1"}


def requested(url: str) -> tuple[str, list[str]]:
    """What a page asked for: ("more", ids), ("continue", [comment id]) or ("", [])."""
    parts = urlsplit(url)
    if parts.path.rstrip("/").removesuffix(".json").endswith("/api/morechildren"):
        ids = parse_qs(parts.query).get("children", [""])[0].split(",")
        return "more", [i for i in ids if i]
    match = _CONTINUE_PATH.search(parts.path)
    return ("continue", [match[1]]) if match else ("", [])


_END = object()


def walk_things(things: object) -> Iterator[Thing]:
    """(kind, data) of every thing, each followed by its replies (depth first)."""
    stack = [iter(things if isinstance(things, list) else [])]
    while stack:
        thing = next(stack[-1], _END)
        if thing is _END:
            stack.pop()
            continue
        thing = thing if isinstance(thing, dict) else {}
        data = thing.get("data") if isinstance(thing.get("data"), dict) else {}
        yield str(thing.get("kind")), data
        stack.append(iter(listing_children(data.get("replies"))))


def listing_children(listing: object) -> list[Any]:
    """The things of a Listing; ``replies`` is ``""``, not a Listing, when empty."""
    data = listing.get("data") if isinstance(listing, dict) else None
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else []


def read_answer(page: Page) -> tuple[list[Thing], str | None]:
    """The things an expansion page holds, or why it holds none we can use."""
    if not 200 <= page.status < 300:
        return [], f"its request failed ({page.text})"
    try:
        data = json.loads(page.text)
    except ValueError:
        return [], "Reddit's answer was not JSON"
    if isinstance(data, list) and len(data) == 2:  # a comment's own page
        return list(walk_things(listing_children(data[1]))), None
    envelope = data.get("json") if isinstance(data, dict) else None
    if not isinstance(envelope, dict):
        return [], "Reddit's answer was not a comment listing"
    if envelope.get("errors"):
        return [], f"Reddit answered with errors: {envelope['errors']}"
    body = envelope.get("data")
    return list(
        walk_things(body.get("things") if isinstance(body, dict) else None)
    ), None


def failed_page(url: str, params: dict[str, str], error: SourceError) -> Page:
    """A request that failed, kept as a Page so that ``parse`` can say what it cost."""
    from argmap.fetch import Page  # only fetching needs requests and its cache

    # Page.failed never gives a 2xx status: a block page served with 200 failed too.
    return Page.failed(f"{url}?{urlencode(params)}", error)


def expand_stubs(
    get: Get, first: Page, link_id: str, *, limit: int, sort: str
) -> list[Page]:
    """The first page, then one page per extra request (at most ``limit``).

    Stubs holding the most comments go first, as PRAW does, so a bounded run
    loads as much as it can. A 404 is kept and the next stub tried; any other
    failure is kept and ends the expansion (the site is refusing us).
    """
    tree = CommentTree(link_id, first.url)
    tree.add(_first_things(first), 0)
    plan, pages = _Plan(tree, link_id, sort), [first]
    while len(pages) - 1 < limit and (request := plan.next_request()) is not None:
        try:
            page = get(request[0], params=request[1])
        except SourceError as e:
            page = failed_page(*request, e)
        pages.append(page)
        problem = tree.add_answer(page, len(pages) - 1)
        if problem is not None and page.status not in (404, 410):
            break
    return pages


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
            self._push(1 if is_continue(stub) else _count(stub), found_at, stub)
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


def _none_asked_for(things: list[Thing], ids: list[str]) -> bool:
    got = {data.get("id") for kind, data in things if kind == "t1"}
    return bool(got) and not got & set(ids)


def _count(stub: dict[str, Any]) -> int:
    count = stub.get("count")
    if isinstance(count, int) and count > 0:
        return count
    return len(stub_ids(stub))


def stub_ids(stub: dict[str, Any]) -> list[Any]:
    """The ids a "load more comments" stub stands for; [] if it lists none."""
    ids = stub.get("children")
    return ids if isinstance(ids, list) else []


class CommentTree:
    """Comments from the first listing and every answer page, linked by ``parent_id``.

    Comments may arrive in any order and more than once (the first copy is
    kept). Links are resolved only in ``ordered``, once everything is in.
    """

    def __init__(self, root_id: str, where: str):
        self.root_id, self.where = root_id, where
        self.comments: dict[str, dict[str, Any]] = {}
        self.parent: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        self.stubs: list[tuple[int, dict[str, Any]]] = []
        self.asked_at: dict[str, int] = {}
        self.continued: set[str] = set()
        self.failed: dict[str, str] = {}  # comment id, or "continue:<id>" -> why
        self.foreign: dict[str, str] = {}  # comment id -> the other thread's t3_ id

    def add(self, things: list[Thing], page_index: int) -> None:
        for kind, data in things:
            if kind == "more":
                self.stubs.append((page_index, data))
            elif kind == "t1":
                self._add_comment(data)
            else:
                raise LayoutChangedError(
                    f"{SITE}: a thing of kind {kind!r} among the comments of "
                    f"{self.where}; {_CHANGED}"
                )

    def add_answer(self, page: Page, page_index: int) -> str | None:
        """Merge one expansion page; if it failed, note what it leaves open and why."""
        kind, ids = requested(page.url)
        things, problem = read_answer(page)
        if problem is None and kind == "more" and _none_asked_for(things, ids):
            # Reddit leaves out deleted comments, but an answer with none of
            # the ids asked for is about something else: keep what belongs to
            # this thread, and count the ids asked for as not loaded.
            self.add(things, page_index)
            problem = "Reddit answered with other comments than those asked for"
            self.failed.update((key, problem) for key in ids)
            return None
        if problem is not None:
            keys = [f"continue:{i}" for i in ids] if kind == "continue" else ids
            self.failed.update((key, problem) for key in keys)
            return problem
        if kind == "more":
            self.asked_at.update((i, page_index) for i in ids)
        elif kind == "continue":
            self.continued.update(ids)
        self.add(things, page_index)
        return None

    def open_ids(self, stub: dict[str, Any], found_at: int) -> list[str]:
        """Ids of a stub neither loaded nor asked for since the stub was seen.

        Reddit answers a long list of ids with some comments and a new stub
        for the rest, so an id asked for before that stub came is open again.
        """
        ids = [c for c in stub_ids(stub) if isinstance(c, str)]
        return [
            c
            for c in ids
            if c not in self.comments and self.asked_at.get(c, -1) <= found_at
        ]

    def _add_comment(self, data: dict[str, Any]) -> None:
        cid, parent_id = data.get("id"), data.get("parent_id")
        if not isinstance(cid, str) or not cid:
            raise LayoutChangedError(
                f"{SITE}: a comment in {self.where} has no id; {_CHANGED}"
            )
        link_id = data.get("link_id")
        if isinstance(link_id, str) and link_id != f"t3_{self.root_id}":
            self.foreign.setdefault(cid, link_id)  # an answer about another thread
            return
        if isinstance(parent_id, str) and parent_id.startswith("t3_"):
            parent = self.root_id
        elif (parent := comment_id(parent_id)) is None:
            raise LayoutChangedError(
                f"{SITE}: comment {cid} in {self.where} has no usable parent_id "
                f"({parent_id!r}); {_CHANGED}"
            )
        if cid in self.comments:
            return  # answers overlap; the first copy is kept
        self.comments[cid] = data
        self.parent[cid] = parent
        self.children[parent].append(cid)

    def ordered(self) -> tuple[list[tuple[dict[str, Any], str, int]], list[Skipped]]:
        """(comment, parent id, depth) in reading order, and what had no place.

        A comment whose parent is not in the response (a permalink's context
        window cut it off) is placed under the post, as Reddit's own permalink
        view shows it, and the missing parent is listed as skipped.
        """
        skipped: list[Skipped] = []
        tops = list(self.children.get(self.root_id, []))
        for missing in [p for p in self.children if p not in self.comments]:
            if missing == self.root_id:
                continue
            orphans = self.children[missing]
            tops.extend(orphans)
            replies = (
                "1 reply is" if len(orphans) == 1 else f"{len(orphans)} replies are"
            )
            why = f"not in Reddit's response; its {replies} placed under the post"
            skipped.append(Skipped(f"comment {missing}", why))
        out: list[tuple[dict[str, Any], str, int]] = []
        stack = [(cid, 1) for cid in reversed(tops)]
        while stack:
            cid, depth = stack.pop()
            parent = (
                self.parent[cid] if self.parent[cid] in self.comments else self.root_id
            )
            out.append((self.comments[cid], parent, depth))
            stack.extend((c, depth + 1) for c in reversed(self.children.get(cid, [])))
        placed = {data["id"] for data, _, _ in out}
        skipped.extend(
            Skipped(f"comment {cid}", f"Reddit sent it with thread {link}, not this one")
            for cid, link in self.foreign.items()
            if cid not in self.comments
        )
        skipped.extend(
            Skipped(
                f"comment {cid}",
                "its parent links loop, so it has no place in the tree",
            )
            for cid in self.comments
            if cid not in placed
        )
        return out, skipped

    def open_stubs(self, reason: str) -> list[Skipped]:
        """A Skipped for every stub whose comments are still missing, with how many."""
        skipped: list[Skipped] = []
        counted: set[str] = set()  # stubs re-offered by Reddit overlap; count once
        for found_at, stub in self.stubs:
            if is_continue(stub):
                entry = self._open_continue(stub, reason)
            else:
                entry = self._open_more(stub, found_at, counted, reason)
            if entry is not None:
                skipped.append(entry)
        return skipped

    def _open_continue(self, stub: dict[str, Any], reason: str) -> Skipped | None:
        parent = comment_id(stub.get("parent_id"))
        if parent is None or parent in self.continued:
            return None
        why = self.failed.get(f"continue:{parent}", reason)
        return Skipped(
            f"'continue this thread' under comment {parent}",
            f"its deeper replies (how many is not known) were not loaded: {why}",
        )

    def _open_more(
        self, stub: dict[str, Any], found_at: int, counted: set[str], reason: str
    ) -> Skipped | None:
        ids = stub_ids(stub)
        still = [c for c in self.open_ids(stub, found_at) if c not in counted]
        if not still:
            return None
        counted.update(still)
        failures = [self.failed[c] for c in still if c in self.failed]
        held = _count(stub) if len(still) == len(ids) else 0
        amount = (
            _comments(held)
            if held >= len(still)
            else f"at least {_comments(len(still))}"
        )
        parent = comment_id(stub.get("parent_id"))
        under = f"comment {parent}" if parent else "the post"
        return Skipped(
            f"'load more comments' under {under}",
            f"{amount} were not loaded: {failures[0] if failures else reason}",
        )


def _comments(n: int) -> str:
    return f"{n} comment" if n == 1 else f"{n} comments"
