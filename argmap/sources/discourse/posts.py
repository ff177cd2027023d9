"""One Discourse post read from the topic JSON: its text, author, time and status.

Also the notice an action post ("closed the topic") leaves in ``Thread.skipped``.
Where each post goes in the tree is ``quotes``' work.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import Tag

from argmap.errors import LayoutChangedError
from argmap.model import Post, Skipped
from argmap.sources._html import assemble, clean_text, html_to_parts, parse_html
from argmap.sources._values import iso_datetime, str_or_empty

SITE = "discourse"
# post_type 2 and 3 are notices the software writes, not things people say.
ACTION_TYPES = {2: "moderator action", 3: "small action"}
_BBCODE = re.compile(r"\[/?quote[^\]]*\]")


def json_key(value: Any) -> int | str | None:
    """An id, number or type from the JSON, if it is one (not a list, dict, ...)."""
    return value if isinstance(value, (int, str)) else None


def read_post(raw: dict, topic_url: str, where: str, *, title: str = "") -> Post:
    number, cooked = raw["post_number"], raw.get("cooked")
    if not isinstance(cooked, str):
        raise LayoutChangedError(f"{SITE}: post {number} of {where} has no text")
    status = _status(raw)
    parts = _bbcode_quotes(html_to_parts(_clean(cooked), _base_of(topic_url)))
    parts = [("title", title)] + parts if title else parts
    text, blocks = assemble(parts) if status != "deleted" else ("", ())
    author = str_or_empty(raw.get("username")) or None
    created = iso_datetime(raw.get("created_at"))
    url = f"{topic_url}/{number}"
    return Post(str(number), None, author, created, 0, url, status, text, blocks)


def action_skipped(raw: dict, kind: str) -> Skipped:
    what = raw.get("action_code") or _clean(str_or_empty(raw.get("cooked"))).get_text()
    what = clean_text(str(what))[:80]
    return Skipped(f"post {raw['post_number']}", f"{kind} post ({what}), not a reply")


def _bbcode_quotes(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Text between [quote] and [/quote] (left by an import) as quote blocks."""
    out, depth = [], 0
    for kind, text in parts:
        if kind == "code":  # BBCode in code is code
            out.append((kind, text))
            continue
        pos = 0
        for marker in _BBCODE.finditer(text):
            out.append(("quote" if depth else kind, text[pos : marker.start()]))
            depth = max(0, depth + (-1 if marker[0].startswith("[/") else 1))
            pos = marker.end()
        out.append(("quote" if depth else kind, text[pos:]))
    return [(kind, text) for kind, text in out if text.strip()]


def _status(raw: dict) -> str:
    if raw.get("deleted_at") or raw.get("user_deleted"):
        return "deleted"
    # A post hidden by community flags shows a notice in place of its text.
    return "flagged" if raw.get("hidden") else "ok"


def _clean(cooked: str) -> Tag:
    """The cooked HTML without link previews' borrowed text and image captions."""
    soup = parse_html(cooked)
    for tag in soup.select("div.lightbox-wrapper div.meta, div.poll-info"):
        tag.decompose()
    # A onebox is a pasted link Discourse expanded with the linked page's words.
    for box in soup.select("aside.onebox, div.onebox"):
        link = box.get("data-onebox-src") or _first_href(box)
        paragraph = soup.new_tag("p")
        paragraph.string = str(link or "")
        box.replace_with(paragraph)
    return soup.body or soup


def _first_href(tag: Tag) -> str | None:
    anchor = tag.find("a", href=True)
    return str(anchor["href"]) if anchor is not None else None


def _base_of(topic_url: str) -> str | None:
    return topic_url.split("/t/", 1)[0] + "/" if "://" in topic_url else None
