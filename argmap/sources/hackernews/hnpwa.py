"""Hacker News through the hnpwa API: ``api.hnpwa.com/v0/item/ID.json``.

The format of node-hnapi, which several HN readers use: a story
``{id, title, points, user, time, content, url, comments_count, comments}``
whose ``comments`` nest ``{id, level, user, time, content, comments,
dead?, deleted?}``. ``content`` is HTML, ``time`` UNIX seconds, ``level`` the
depth under the story (0 for a top-level comment). A dead or deleted comment
keeps its place with empty content. One request returns the whole tree.

The ids are HN's own, so posts match the ``hackernews`` source's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from argmap.errors import LayoutChangedError
from argmap.model import Post, Thread
from argmap.sources._html import assemble, clean_text, html_to_parts, safe_href
from argmap.sources._values import str_or_empty, unix_datetime
from argmap.sources.base import SavedFile, Source
from argmap.sources.hackernews.api import int_id, reply_list
from argmap.sources.hackernews.pages import HN_BASE, SITE, item_url
from argmap.sources.replies import add_nested

if TYPE_CHECKING:
    from argmap.http.page import Page

API_BASE = "https://api.hnpwa.com/v0/item/"
_CHANGED = "the hnpwa API may have changed"


class HackerNewsHnpwaSource(Source):
    """Hacker News item from the hnpwa API (api.hnpwa.com), with its reply tree"""

    site = SITE
    kind = "hnpwa"
    pattern = r"https?://api\.hnpwa\.com/v0/item/(?P<id>\d+)\.json/?(?:[?#]\S*)?$"
    example = "https://api.hnpwa.com/v0/item/26312516.json"
    saved_file = SavedFile(
        "a Hacker News hnpwa API item (api.hnpwa.com/v0/item/ID.json)",
        lambda data: sniff_json(data),
        lambda _, data: parse_json(data),
    )


    def fetch(self) -> list[Page]:
        return [self.session.get(f"{API_BASE}{self.item_id}.json")]

    def parse(self, pages: list[Page]) -> Thread:
        return parse_json(pages[0].json(), url=self.url)



def sniff_json(data: Any) -> bool:
    """True for an hnpwa item: ``comments`` is a list and ``level`` is not Algolia's."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("id"), int)
        and isinstance(data.get("comments"), list)
        and ("comments_count" in data or "commentscount" in data or "level" in data)
        and "children" not in data
    )


def parse_json(data: Any, *, url: str | None = None) -> Thread:
    """The Thread of an hnpwa item: the item is the root, ``comments`` the replies."""
    where = url or "the given hnpwa item"
    if not isinstance(data, dict):
        raise LayoutChangedError(f"{SITE}: {where} is not an hnpwa item; {_CHANGED}")
    root_id = int_id(data, where, _CHANGED)
    title = clean_text(str_or_empty(data.get("title")))
    is_comment = "level" in data and not title
    parts = [] if is_comment else [("title", title)]
    text, blocks = assemble(parts + html_to_parts(str_or_empty(data.get("content")), HN_BASE))
    root = Post(root_id, None, _user(data), _time(data), 0, item_url(root_id), "ok", text, blocks)
    link = safe_href(data.get("url"), HN_BASE) if not is_comment else None
    thread = Thread(SITE, root_id, item_url(root_id), title, [root], link=link)
    add_nested(
        thread,
        reply_list(data, "comments", where, _CHANGED),
        lambda item: reply_list(item, "comments", where, _CHANGED),
        lambda item, parent: _read_comment(item, parent, where),
    )
    return thread


def _read_comment(item: Any, parent: Post, where: str) -> Post:
    item_id = int_id(item, where, _CHANGED)
    body = item.get("content")
    if not isinstance(body, (str, type(None))):
        raise LayoutChangedError(
            f"{SITE}: comment {item_id} in {where} has content that is not a string; "
            f"{_CHANGED}"
        )
    status = "deleted" if item.get("deleted") else "dead" if item.get("dead") else "ok"
    if status == "ok" and not (body or "").strip():
        status = "deleted"
    # Dead comments keep their text (as on HN with showdead); deleted ones have none.
    text, blocks = assemble(html_to_parts(body or "", HN_BASE))
    return Post(item_id, parent.id, _user(item), _time(item), parent.depth + 1,
                item_url(item_id), status, text, blocks)  # fmt: skip


def _user(item: dict[str, Any]) -> str | None:
    return str_or_empty(item.get("user")) or None


def _time(item: dict[str, Any]):
    stamp = item.get("time")
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        return unix_datetime(stamp)
    return None
