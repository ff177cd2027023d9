"""Reddit's JSON as things, and the requests that ask Reddit for them.

A Listing holds things, ``(kind, data)``: ``t1`` comments, whose ``replies``
nest further Listings, and ``more`` stubs standing for comments left out.
A page's URL is the only record of what it asked for (``requested``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from argmap.http.page import Page

SITE = "reddit"
BASE = "https://www.reddit.com"
LISTING_LIMIT = "500"
_CONTINUE_PATH = re.compile(r"/comments/[a-z0-9]+/[^/]*/([a-z0-9]+)(?:\.json)?/?$")

Thing = tuple[str, dict[str, Any]]


def is_continue(stub: dict[str, Any]) -> bool:
    """A "continue this thread" stub: it lists no ids, only a parent."""
    return not stub.get("children")


def comment_id(fullname: object) -> str | None:
    """``"t1_abc"`` -> ``"abc"``; None for a submission or anything else."""
    if isinstance(fullname, str) and fullname.startswith("t1_") and len(fullname) > 3:
        return fullname[3:]
    return None


def stub_ids(stub: dict[str, Any]) -> list[Any]:
    """The ids a "load more comments" stub stands for; [] if it lists none."""
    ids = stub.get("children")
    return ids if isinstance(ids, list) else []


def stub_count(stub: dict[str, Any]) -> int:
    """How many comments a stub stands for: its ``count``, else its ids."""
    count = stub.get("count")
    if isinstance(count, int) and count > 0:
        return count
    return len(stub_ids(stub))


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
    if not page.ok:
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
