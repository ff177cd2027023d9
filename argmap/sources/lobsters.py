"""Lobsters stories (lobste.rs/s/ID), read from the story JSON (``/s/ID.json``).

The story is the root: its title is the first block, its ``description`` the
text, its ``url`` the link. Comments come in thread order. Since about 2022
each has ``depth`` (0 for top level) and ``parent_comment`` (a short id);
before, only ``indent_level`` (1 for top level), so the parent is the last
comment one level up, as on the page. ``commenting_user`` is a user name now
and was an object with ``username`` before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from argmap.errors import LayoutChangedError
from argmap.model import Post, Skipped, Thread
from argmap.sources._html import assemble, clean_text, html_to_parts, safe_href
from argmap.sources._values import iso_datetime, str_or_empty
from argmap.sources.base import SavedFile, Source
from argmap.sources.replies import IndentStack

if TYPE_CHECKING:
    from argmap.http.page import Page

SITE = "lobsters"
BASE = "https://lobste.rs/"
_CHANGED = "the site's API may have changed"


class LobstersStorySource(Source):
    """Lobsters story with its comments"""

    site = SITE
    kind = "story"
    pattern = (
        r"https?://(?:www\.)?lobste\.rs/s/(?P<id>[a-z0-9]+)"
        r"(?:\.json|/[^\s?#]*)?(?:[?#]\S*)?$"
    )
    example = "https://lobste.rs/s/tdfoqh/ranking_comments_by_sum_replies_scores"
    saved_file = SavedFile(
        "a Lobsters story (lobste.rs/s/ID.json)",
        lambda data: sniff_json(data),
        lambda _, data: parse_json(data),
    )

    def fetch(self) -> list[Page]:
        return [self.session.get(f"{BASE}s/{self.item_id}.json")]

    def parse(self, pages: list[Page]) -> Thread:
        return parse_json(pages[0].json(), url=self.url)


SOURCES = [LobstersStorySource]


def sniff_json(data: Any) -> bool:
    """True if decoded JSON looks like a saved Lobsters story."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("short_id"), str)
        and isinstance(data.get("comments"), list)
        and "submitter_user" in data
    )


def parse_json(data: Any, *, url: str | None = None) -> Thread:
    """The Thread of a story JSON: the story, then its comments in page order."""
    where = url or "the given Lobsters story"
    story_id = data.get("short_id") if isinstance(data, dict) else None
    if not isinstance(story_id, str) or not story_id:
        raise LayoutChangedError(f"{SITE}: {where} has no story id; {_CHANGED}")
    title = clean_text(str(data.get("title") or ""))
    description = str_or_empty(data.get("description"))
    text, blocks = assemble([("title", title)] + html_to_parts(description, BASE))
    story_url = str_or_empty(data.get("comments_url")) or f"{BASE}s/{story_id}"
    author, created = (
        _user(data.get("submitter_user")),
        iso_datetime(data.get("created_at")),
    )
    root = Post(story_id, None, author, created, 0, story_url, "ok", text, blocks)
    link = safe_href(data.get("url") or None, BASE)
    thread = Thread(SITE, story_id, story_url, title, [root], link=link)
    comments = data.get("comments") or []
    if not isinstance(comments, list):
        raise LayoutChangedError(f"{SITE}: {where} has no comment list; {_CHANGED}")
    _add_comments(thread, comments, where)
    return thread


def _add_comments(thread: Thread, comments: list[Any], where: str) -> None:
    """Link each comment to its parent, by ``parent_comment`` or by indentation."""
    by_id = {thread.root.id: thread.root}
    stack: IndentStack[Post] = IndentStack(thread.root)
    for raw in comments:
        post = _read_comment(raw, where)
        level = _level(raw, where)
        parent = stack.parent(level)
        if "parent_comment" in raw:
            parent = by_id.get(_parent_ref(raw, where) or thread.root.id)
        if parent is None or post.id in by_id:
            stack.push(level, None)
            why = "it appears twice" if post.id in by_id else "its parent is missing"
            thread.skipped.append(Skipped(f"comment {post.id}", why))
            thread.complete = False
            continue
        post.parent, post.depth = parent.id, parent.depth + 1
        stack.push(level, post)
        by_id[post.id] = post
        thread.posts.append(post)


def _parent_ref(raw: dict, where: str) -> str | None:
    """``parent_comment``: a comment's short id, or null for a top-level comment."""
    ref = raw["parent_comment"]
    if ref is not None and not isinstance(ref, str):
        raise LayoutChangedError(
            f"{SITE}: comment {raw.get('short_id')} in {where} has a parent_comment "
            f"that is not a comment id ({type(ref).__name__}); {_CHANGED}"
        )
    return ref


def _level(raw: dict, where: str) -> int:
    """1 for a top-level comment: ``depth`` + 1, or ``indent_level``."""
    depth, indent = raw.get("depth"), raw.get("indent_level")
    level = depth + 1 if isinstance(depth, int) else indent
    if not isinstance(level, int) or level < 1:
        raise LayoutChangedError(
            f"{SITE}: comment {raw.get('short_id')} in {where} has neither depth "
            f"nor indent_level, so its parent is unknown; {_CHANGED}"
        )
    return level


def _read_comment(raw: Any, where: str) -> Post:
    comment_id = raw.get("short_id") if isinstance(raw, dict) else None
    if not isinstance(comment_id, str) or not comment_id:
        raise LayoutChangedError(f"{SITE}: a comment in {where} has no id; {_CHANGED}")
    # Moderators' removals also set is_deleted; the moderation is what to say.
    if raw.get("is_moderated"):
        status = "removed"
    else:
        status = "deleted" if raw.get("is_deleted") else "ok"
    body = "" if status == "deleted" else raw.get("comment") or ""
    if not isinstance(body, str):
        raise LayoutChangedError(
            f"{SITE}: comment {comment_id} in {where} has no HTML text; {_CHANGED}"
        )
    text, blocks = assemble(html_to_parts(body, BASE))
    url = str_or_empty(raw.get("url")) or str_or_empty(raw.get("short_id_url"))
    url = url or f"{BASE}c/{comment_id}"
    author = _user(raw.get("commenting_user"))
    created = iso_datetime(raw.get("created_at"))
    return Post(comment_id, None, author, created, 0, url, status, text, blocks)


def _user(value: Any) -> str | None:
    """A user name, given as a string (2022+) or an object with ``username``."""
    if isinstance(value, dict):
        value = value.get("username")
    return value if isinstance(value, str) and value else None
