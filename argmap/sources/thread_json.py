"""argmap's own thread format: one JSON object, documented in docs/thread-format.md.

Users export a thread from anywhere into this shape and map it. Post text is
plain text with light conventions ("> " quotes, "- " list items, indented
code), from which the blocks are read.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from argmap.errors import ThreadFormatError
from argmap.model import POST_STATUSES, Post, Skipped, Thread, iso_utc
from argmap.text.blocks import blocks_from_text

FORMAT_NAME = "argmap-thread"
FORMAT_VERSION = 1


def is_thread_json(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT_NAME


def parse_thread_json(data: Any, *, origin: str = "thread file") -> Thread:
    """Build a Thread from the decoded JSON; raise ThreadFormatError if invalid."""
    if not is_thread_json(data):
        raise ThreadFormatError(f"{origin}: not an argmap thread (needs \"format\": \"{FORMAT_NAME}\")")
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ThreadFormatError(f"{origin}: format version {version!r} is not supported (expected {FORMAT_VERSION})")
    raw_posts = data.get("posts")
    if not isinstance(raw_posts, list) or not raw_posts:
        raise ThreadFormatError(f"{origin}: \"posts\" must be a non-empty list")
    title = _string(data, "title", origin, default="")
    records = [_post_record(p, i, origin) for i, p in enumerate(raw_posts)]
    posts = _link_posts(records, title, origin)
    return Thread(
        site=_string(data, "site", origin, default="unknown") or "unknown",
        id=_string(data, "id", origin, default=posts[0].id) or posts[0].id,
        url=_string(data, "url", origin, default=""),
        title=title,
        posts=posts,
        fetched_at=_datetime(data.get("fetched_at"), origin, "fetched_at"),
        link=data.get("link") if isinstance(data.get("link"), str) else None,
        skipped=_skipped(data.get("skipped"), origin),
    )


def thread_to_json(thread: Thread) -> dict[str, Any]:
    """The thread in the file format; ``parse_thread_json`` reads it back."""
    posts = []
    for post in thread.posts:
        posts.append({
            "id": post.id,
            "parent": post.parent,
            "author": post.author,
            "created": iso_utc(post.created) or None,
            "url": post.url,
            "status": post.status,
            "text": _text_with_markers(post),
        })
    return {
        "format": FORMAT_NAME, "version": FORMAT_VERSION,
        "site": thread.site, "id": thread.id, "url": thread.url, "title": thread.title,
        "link": thread.link, "fetched_at": iso_utc(thread.fetched_at) or None,
        "posts": posts,
        "skipped": [{"item": s.item, "reason": s.reason} for s in thread.skipped],
    }


def _post_record(raw: Any, i: int, origin: str) -> dict[str, Any]:
    where = f"{origin}: posts[{i}]"
    if not isinstance(raw, dict):
        raise ThreadFormatError(f"{where} must be an object")
    post_id = raw.get("id")
    if not isinstance(post_id, (str, int)) or isinstance(post_id, bool) or str(post_id) == "":
        raise ThreadFormatError(f"{where}: \"id\" must be a non-empty string")
    parent = raw.get("parent")
    if parent is not None and (not isinstance(parent, (str, int)) or isinstance(parent, bool)):
        raise ThreadFormatError(f"{where}: \"parent\" must be a post id or null")
    status = raw.get("status", "ok")
    if status not in POST_STATUSES:
        raise ThreadFormatError(f"{where}: \"status\" must be one of {', '.join(POST_STATUSES)}")
    text = raw.get("text", "")
    if not isinstance(text, str):
        raise ThreadFormatError(f"{where}: \"text\" must be a string")
    author = raw.get("author")
    return {
        "id": str(post_id),
        "parent": None if parent is None else str(parent),
        "author": author if isinstance(author, str) and author else None,
        "created": _datetime(raw.get("created"), f"{where} (post {str(post_id)!r})", "created"),
        "url": raw.get("url") if isinstance(raw.get("url"), str) else "",
        "status": status,
        "text": text,
    }


def _link_posts(records: list[dict[str, Any]], title: str, origin: str) -> list[Post]:
    """Check the reply tree and give each post its depth; the root comes first."""
    known: set[str] = set()
    for r in records:  # a set, not ids.count(): 100,000 posts must stay fast
        if r["id"] in known:
            raise ThreadFormatError(f"{origin}: post id {r['id']!r} appears more than once")
        known.add(r["id"])
    roots = [r for r in records if r["parent"] is None]
    if len(roots) != 1:
        raise ThreadFormatError(f"{origin}: a thread needs exactly one post with \"parent\": null, found {len(roots)}")
    for r in records:
        if r["parent"] is not None and r["parent"] not in known:
            raise ThreadFormatError(f"{origin}: post {r['id']!r} replies to {r['parent']!r}, which is not in the thread")
    depth = _depths(records, origin)
    root = roots[0]
    ordered = [root] + [r for r in records if r is not root]
    return [_make_post(r, depth[r["id"]], title if r is root else None) for r in ordered]


def _depths(records: list[dict[str, Any]], origin: str) -> dict[str, int]:
    parent_of = {r["id"]: r["parent"] for r in records}
    depth: dict[str, int] = {}
    for start in parent_of:
        chain: list[str] = []
        on_chain: set[str] = set()  # chain as a set: a deep chain stays linear
        node: str | None = start
        while node is not None and node not in depth:
            if node in on_chain:
                raise ThreadFormatError(f"{origin}: the replies to {node!r} form a cycle")
            chain.append(node)
            on_chain.add(node)
            node = parent_of[node]
        base = -1 if node is None else depth[node]
        for offset, item in enumerate(reversed(chain), 1):
            depth[item] = base + offset
    return depth


def _make_post(r: dict[str, Any], depth: int, title: str | None) -> Post:
    text = r["text"]
    if title:
        # The root's title is its first block: first replies can answer it.
        text = f"{title}\n\n{text}" if text.strip() else title
    blocks = blocks_from_text(text, title=bool(title))
    return Post(r["id"], r["parent"], r["author"], r["created"], depth, r["url"], r["status"], text, blocks)


def _text_with_markers(post: Post) -> str:
    parts = []
    for block in post.blocks:
        body = post.text[block.start : block.end]
        if block.kind == "title":
            continue
        if block.kind == "quote":
            body = "\n".join("> " + line.lstrip().removeprefix("> ") for line in body.split("\n"))
        elif block.kind == "code":
            body = "\n".join("    " + line for line in body.split("\n"))
        parts.append(body)
    return "\n\n".join(parts) if post.blocks else post.text


def _skipped(value: Any, origin: str) -> list[Skipped]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ThreadFormatError(f"{origin}: \"skipped\" must be a list of {{item, reason}} objects")
    return [Skipped(str(s.get("item", "")), str(s.get("reason", ""))) for s in value if isinstance(s, dict)]


def _string(data: dict[str, Any], key: str, origin: str, *, default: str) -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ThreadFormatError(f"{origin}: \"{key}\" must be a string")
    return str(value)


def _datetime(value: Any, origin: str, key: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise ThreadFormatError(f"{origin}: \"{key}\" is out of range") from None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ThreadFormatError(f"{origin}: \"{key}\" {value!r} is not an ISO 8601 time") from None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=timezone.utc)
        try:
            # Outputs are in UTC; "0001-01-01T00:00:00+01:00" is valid ISO 8601
            # but falls before year 1 there, which datetime cannot hold.
            return moment.astimezone(timezone.utc)
        except OverflowError:
            raise ThreadFormatError(
                f"{origin}: \"{key}\" {value!r} is out of range: in UTC it falls "
                "before year 1 or after year 9999"
            ) from None
    raise ThreadFormatError(f"{origin}: \"{key}\" must be an ISO 8601 string or a UNIX time")
