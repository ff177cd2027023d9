"""Which earlier post each Discourse post answers, when the JSON does not say.

A post answers its ``reply_to_post_number``; with none, the first post it
quotes (``aside.quote[data-post]``, else the quoted author and words, as
Discourse's asides or as ``[quote=...]`` text an import left); with no quote
either, the opening post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from argmap.model import Post, Skipped, Thread
from argmap.sources._html import parse_html
from argmap.sources.discourse.posts import (
    ACTION_TYPES,
    action_skipped,
    json_key,
    read_post,
)

# A quote with no post number is matched against the posts just before it and
# its author's latest posts, this many of each: a bound, so that a huge topic of
# unattributed quotes is read in linear time.
QUOTE_LOOKBACK = 200
# phpBB quotes that an import left as text: [quote="name"] ... [/quote]
_BB_TAG = re.compile(r"\[/?[a-z]+(?:=[^\]]*)?\]", re.IGNORECASE)
_BB_OPEN = re.compile(r"\[quote(?:=[\"“”']?([^\]\"“”']*)[\"“”']?)?\]")
_SPACE = re.compile(r"\s+")


class ReplyLinker:
    """Adds posts in order, each under the post it answers (see the module doc)."""

    def __init__(self, thread: Thread, topic_id: int):
        self.thread, self.topic_id = thread, topic_id
        self.by_number: dict[Any, Post] = {1: thread.root}
        self.names: dict[str, set[str]] = {}
        self.by_name: dict[str, list[Post]] = {}  # a user's posts, in order
        self.plain: dict[str, str] = {}

    def add_all(self, raw_posts: list[dict], topic_url: str, where: str) -> None:
        for raw in raw_posts:
            post_type = json_key(raw.get("post_type"))
            kind = ACTION_TYPES.get(post_type)  # type: ignore[arg-type]
            if kind:
                self.thread.skipped.append(action_skipped(raw, kind))
                continue
            if raw["post_number"] in self.by_number:
                number = raw["post_number"]
                why = f"post_number {number} appears twice; the first post is kept"
                self.thread.skipped.append(Skipped(f"post {number}", why))
                self.thread.complete = False
                continue
            post = read_post(raw, topic_url, where)
            parent = self._parent(raw)
            post.parent, post.depth = parent.id, parent.depth + 1
            self.by_number[raw["post_number"]] = post
            self.names[post.id] = _names(raw)
            for name in self.names[post.id]:
                self.by_name.setdefault(name, []).append(post)
            self.thread.posts.append(post)

    def _parent(self, raw: dict) -> Post:
        target = self.by_number.get(json_key(raw.get("reply_to_post_number")))
        if target is not None:
            return target
        for quote in _quotes(raw.get("cooked") or ""):
            found = self._quoted(quote)
            if found is not None:
                return found
        return self.thread.root

    def _quoted(self, quote: _Quote) -> Post | None:
        if quote.post is not None:  # the quote names its post: trust it
            same_topic = quote.topic in (None, self.topic_id)
            return self.by_number.get(quote.post) if same_topic else None
        # Nearest first, at most QUOTE_LOOKBACK of each.
        earlier = self.thread.posts[: -QUOTE_LOOKBACK - 1 : -1]
        by_name = self.by_name.get(quote.name, [])[: -QUOTE_LOOKBACK - 1 : -1]
        # Short quotes ("Yes.") match too much text to go by words alone.
        pool = [*by_name, *(earlier if len(quote.words) >= 20 else [])]
        for post in pool:
            if quote.words and quote.words in self._plain(post):
                return post
        return by_name[0] if by_name else None

    def _plain(self, post: Post) -> str:
        if post.id not in self.plain:
            self.plain[post.id] = _plain(post.text)
        return self.plain[post.id]


@dataclass(frozen=True)
class _Quote:
    """What a quote aside says about the post it quotes."""

    post: int | None  # data-post: the quoted post_number
    topic: int | None  # data-topic: the quoted post's topic
    name: str  # the quoted user, lower case
    words: str  # the start of the quoted words, as ``_plain`` makes them


def _quotes(cooked: str) -> list[_Quote]:
    """The quotes of a post: Discourse's asides, then imported [quote=...] text."""
    quotes, soup = [], parse_html(cooked)
    for aside in soup.select("aside.quote"):
        if aside.find_parent("aside") is not None:
            continue  # a quote inside a quote says nothing about this post
        title = aside.select_one("div.title")
        name = aside.get("data-username") or (title.get_text() if title else "")
        words = " ".join(bq.get_text(" ") for bq in aside.find_all("blockquote"))
        post, topic = _int(aside.get("data-post")), _int(aside.get("data-topic"))
        name = str(name).strip().rstrip(":").strip().lower()
        quotes.append(_Quote(post, topic, name, _plain(words)[:60]))
    for aside in soup.select("aside"):
        aside.decompose()
    text = soup.get_text(" ")
    for found in _BB_OPEN.finditer(text):
        name = (found[1] or "").strip().lower()
        words = _plain(text[found.end() : found.end() + 300])[:60]
        quotes.append(_Quote(None, None, name, words))
    return quotes


def _plain(text: str) -> str:
    """Lower-case words, single spaces, no leftover BBCode tags ([quote=..], [code])."""
    return _SPACE.sub(" ", _BB_TAG.sub(" ", text)).strip().lower()


def _int(value: Any) -> int | None:
    # isdigit() alone lets "²" through, which int() refuses.
    ok = isinstance(value, str) and value.isascii() and value.isdigit()
    return int(value) if ok and len(value) < 20 else None


def _names(raw: dict) -> set[str]:
    names = (raw.get("username"), raw.get("name"), raw.get("display_username"))
    return {str(n).lower() for n in names if n}
