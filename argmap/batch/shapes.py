"""One thread's dump items in the shape the site's API answers, for the sources.

A group of dump items becomes the JSON ``argmap map`` reads when it is saved
from the site: a Hacker News Algolia item (``hn.algolia.com/api/v1/items/ID``)
or a Reddit comments listing (``[t3 Listing, t1 Listing]``). The sources then
read it, so a thread from a dump and the same thread saved from the site
give the same posts, text and blocks.

What the shapes cannot carry is said here:

- Hacker News ``dead`` items: Algolia has no such marker, so their ids are
  listed beside the item and ``argmap.batch.worker`` gives those posts the
  status "dead" (their text is kept, as the Firebase API keeps it).
- Replies are in the order the parent's ``kids`` lists them (Hacker News'
  ranking), then by id; Reddit comments oldest first (Pushshift keeps no
  ranking), linked by ``parent_id``.
- A Reddit comment whose parent is not in the dump is placed under the
  submission and listed as skipped, as the sources do for a permalink.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any


class MissingRoot(Exception):
    """The story or submission a group of items belongs to is not in the dump."""


def hn_item_tree(raws: list[str], root_id: int) -> tuple[dict[str, Any], list[str]]:
    """The Algolia-shaped item of story ``root_id`` and the ids of dead items."""
    items = {item["id"]: item for item in map(json.loads, raws)}
    if root_id not in items:
        raise MissingRoot(
            f"story {root_id} is not in the dump, only "
            f"{_count(len(items), 'item')} under it"
        )
    kids: dict[int, list[int]] = {}
    for item_id, item in items.items():
        if item_id != root_id and isinstance(item.get("parent"), int):
            kids.setdefault(item["parent"], []).append(item_id)
    shaped = {item_id: _algolia(item, root_id) for item_id, item in items.items()}
    for parent, children in kids.items():
        if parent in shaped:
            ranked = _ranked(items[parent].get("kids"), children)
            shaped[parent]["children"] = [shaped[c] for c in ranked]
    dead = [str(i) for i, item in items.items() if item.get("dead") is True]
    return shaped[root_id], dead


def _ranked(kids: Any, present: list[int]) -> list[int]:
    """``present`` in the order of the parent's ``kids``, the rest by id."""
    here = set(present)
    order = [k for k in kids if k in here] if isinstance(kids, list) else []
    listed = set(order)
    return order + sorted(k for k in present if k not in listed)


def _algolia(item: dict[str, Any], root_id: int) -> dict[str, Any]:
    time = item.get("time")
    stamp = time if isinstance(time, int) and not isinstance(time, bool) else None
    gone = item.get("deleted") is True
    return {
        "id": item["id"],
        "type": item.get("type") or "comment",
        "created_at_i": stamp,
        "created_at": _iso(stamp),
        # As Algolia: a deleted item has neither author nor text.
        "author": None if gone else item.get("by"),
        "text": None if gone else item.get("text"),
        "title": item.get("title"),
        "url": item.get("url"),
        "points": item.get("score"),
        "parent_id": item.get("parent"),
        "story_id": root_id,
        "children": [],
    }


def _iso(stamp: int | None) -> str | None:
    if stamp is None:
        return None
    try:
        moment = datetime.fromtimestamp(stamp, tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def reddit_listing(raws: list[str], thread_id: str) -> list[dict[str, Any]]:
    """The ``[t3 Listing, t1 Listing]`` of submission ``thread_id``.

    Comments go into the t1 Listing flat, oldest first, each with no
    ``replies``: the sources link them by ``parent_id``, so a deep chain
    needs no deep nesting (and cannot hit the JSON reader's depth limit).
    """
    submission, comments = None, []
    for item in map(json.loads, raws):
        if "body" in item:
            comments.append(item)
        elif item.get("id") == thread_id:
            submission = item
    if submission is None:
        raise MissingRoot(
            f"submission t3_{thread_id} is not in the dumps given, only "
            f"{_count(len(comments), 'comment')} of it (give its submissions "
            "dump too)"
        )
    comments.sort(key=lambda c: (_number(c.get("created_utc")), str(c.get("id"))))
    t1 = [{"kind": "t1", "data": {**c, "replies": ""}} for c in comments]
    return [_listing([{"kind": "t3", "data": submission}]), _listing(t1)]


def _listing(children: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"children": children}}


def _number(value: Any) -> float:
    """Pushshift's times are ints, floats or numeric strings, by era."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
