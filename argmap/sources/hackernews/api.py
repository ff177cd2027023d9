"""Hacker News through the Algolia API: ``hn.algolia.com/api/v1/items/ID``.

One request returns an item with its whole reply tree: each item has ``id,
created_at, created_at_i, type, author, title, url, text`` (HTML), ``points,
parent_id, story_id`` and its replies, nested, in ``children``. Deleted (and
dead) items come with a null author and text, or as a bare ``{id, children}``
stub, or not at all; flagged comments come with their full text.

The Thread is the one the HTML pages give (``hackernews``): same ids, parents,
depths, authors, times, text and blocks, title, link and URLs. What the API
cannot say is listed in docs/sources.md: no flagged, dead or collapsed
markers, and replies in the API's order rather than HN's ranking.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from argmap.errors import LayoutChangedError
from argmap.model import Post, Thread
from argmap.sources._html import assemble, clean_text, html_to_parts, safe_href
from argmap.sources._values import iso_datetime, str_or_empty, unix_datetime
from argmap.sources.base import SavedFile, Source
from argmap.sources.hackernews.pages import HN_BASE, SITE, item_url
from argmap.sources.replies import add_nested

if TYPE_CHECKING:
    from argmap.http.page import Page
    from argmap.http.session import PoliteSession

API_BASE = "https://hn.algolia.com/api/v1/items/"
ITEM_TYPES = ("story", "comment", "poll", "pollopt", "job")
_CHANGED = "the API may have changed"


class HackerNewsApiSource(Source):
    """Hacker News item from the Algolia API, with its whole reply tree"""

    site = SITE
    kind = "api"
    pattern = r"https?://hn\.algolia\.com/api/v1/items/(?P<id>\d+)/?(?:[?#]\S*)?$"
    example = "https://hn.algolia.com/api/v1/items/39232976"
    saved_file = SavedFile(
        "a Hacker News Algolia API item (hn.algolia.com/api/v1/items/ID)",
        lambda data: sniff_json(data),
        lambda _, data: parse_json(data),
    )

    def fetch(self) -> list[Page]:
        return [fetch_item(self.session, self.item_id)]

    def parse(self, pages: list[Page]) -> Thread:
        return parse_json(pages[0].json(), url=self.url)


def api_url(item_id: str) -> str:
    return f"{API_BASE}{item_id}"


def is_api_url(url: str) -> bool:
    return url.split("://", 1)[-1].startswith("hn.algolia.com/api/")


def fetch_item(session: PoliteSession, item_id: str) -> Page:
    """One request for the item and every reply under it."""
    return session.get(api_url(item_id))


def sniff_json(data: Any) -> bool:
    """True if decoded JSON looks like an Algolia item (a saved API response)."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("id"), int)
        and isinstance(data.get("children"), list)
        and data.get("type") in ITEM_TYPES
        and "created_at" in data
    )


def parse_json(data: Any, *, url: str | None = None) -> Thread:
    """The Thread of an Algolia item: the item is the root, its tree the replies."""
    where = url or "the given Hacker News API item"
    if not isinstance(data, dict):
        raise LayoutChangedError(f"{SITE}: {where} is not an API item; {_CHANGED}")
    root, title, link = _read_root(data, where)
    thread = Thread(SITE, root.id, root.url, title, [root], link=link)
    add_nested(
        thread,
        _children(data, where),
        lambda item: _children(item, where),
        lambda item, parent: _read_item(item, parent, where),
    )
    return thread


def _read_root(data: dict[str, Any], where: str) -> tuple[Post, str, str | None]:
    """The root post, the title and the link; a comment root has neither."""
    item_id = _item_id(data, where)
    if data.get("type") == "comment":  # a comment's own page, as on HN
        post = _read_item(data, None, where)
        return post, "", None
    title = clean_text(str_or_empty(data.get("title")))
    parts = [("title", title)] + html_to_parts(str_or_empty(data.get("text")), HN_BASE)
    text, blocks = assemble(parts)
    link = safe_href(data.get("url"), HN_BASE)
    created, url = _created(data), item_url(item_id)
    author = str_or_empty(data.get("author")) or None
    root = Post(item_id, None, author, created, 0, url, "ok", text, blocks)
    return root, title, link


def _read_item(item: Any, parent: Post | None, where: str) -> Post:
    item_id = _item_id(item, where)
    author, body = item.get("author"), item.get("text")
    gone = author is None and body is None
    if not isinstance(body, (str, type(None))) or not isinstance(
        author, (str, type(None))
    ):
        raise LayoutChangedError(
            f"{SITE}: item {item_id} in {where} has a text or author that is not a "
            f"string; {_CHANGED}"
        )
    text, blocks = assemble(html_to_parts(body or "", HN_BASE))
    return Post(
        id=item_id,
        parent=parent.id if parent else None,
        author=author or None,
        created=_created(item),
        depth=parent.depth + 1 if parent else 0,
        url=item_url(item_id),
        status="deleted" if gone else "ok",
        text=text,
        blocks=blocks,
    )


def int_id(item: Any, where: str, changed: str) -> str:
    """An item's ``id`` (an int) as a string; LayoutChangedError if it has none."""
    value = item.get("id") if isinstance(item, dict) else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise LayoutChangedError(f"{SITE}: an item in {where} has no id; {changed}")
    return str(value)


def reply_list(item: dict[str, Any], key: str, where: str, changed: str) -> list[Any]:
    """An item's replies, nested under ``key``; LayoutChangedError if not a list."""
    replies = item.get(key) or []
    if not isinstance(replies, list):
        raise LayoutChangedError(
            f"{SITE}: item {item.get('id')} in {where} has no list of {key}; {changed}"
        )
    return replies


def _item_id(item: Any, where: str) -> str:
    return int_id(item, where, _CHANGED)


def _children(item: dict[str, Any], where: str) -> list[Any]:
    return reply_list(item, "children", where, _CHANGED)


def _created(item: dict[str, Any]) -> datetime | None:
    """From ``created_at_i`` (UNIX seconds), else the ISO ``created_at``."""
    stamp = item.get("created_at_i")
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        return unix_datetime(stamp)
    return iso_datetime(item.get("created_at"))
