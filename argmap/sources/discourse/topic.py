"""Discourse topics on any forum: ``https://HOST/t/SLUG/ID`` (or ``/t/ID``).

Discourse runs on thousands of hosts, so no host list is kept: a URL shaped
like a topic is tried, and ``/t/ID.json`` must answer with a topic (a
``post_stream``), else the URL is refused as not Discourse. That answer holds
the first ~20 posts and the ids of all of them (``post_stream.stream``); the
rest come from ``/t/ID/posts.json?post_ids[]=...``, CHUNK ids a request.

Post ids are ``post_number`` (as strings): replies and quotes name posts by
number, URLs end in it, and it is unique and stable within a topic. A post
answers its ``reply_to_post_number``; with none (the reply button under the
topic, or a topic imported from another forum) the first post it quotes is
its parent (``aside.quote[data-post]``, else the quoted author and words),
and with no quote either, the opening post. Action posts ("closed the
topic", "split this topic") go to ``Thread.skipped``; posts hidden by flags
are kept as "flagged", deleted posts as "deleted" with no text.

Reading one post is ``posts``' work; finding its parent,
``quotes``'.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from argmap.errors import (
    BlockedError,
    LayoutChangedError,
    NotFoundError,
    SourceError,
    UnsupportedSourceError,
)
from argmap.model import Skipped, Thread, plural
from argmap.sources._html import clean_text, safe_href
from argmap.sources._values import str_or_empty
from argmap.sources.base import SavedFile, Source
from argmap.sources.discourse.posts import ACTION_TYPES, SITE, json_key, read_post
from argmap.sources.discourse.quotes import QUOTE_LOOKBACK, ReplyLinker
from argmap.sources.follow import follow_pages

if TYPE_CHECKING:
    from argmap.http.page import Page

__all__ = ["ACTION_TYPES", "CHUNK", "MAX_POST_REQUESTS", "QUOTE_LOOKBACK", "SITE"]
__all__ += ["DiscourseTopicSource", "is_topic", "parse_json", "sniff_json"]

CHUNK = 20  # post ids per posts.json request, as Discourse's own client asks
MAX_POST_REQUESTS = 50  # so at most 20 + 50 * 20 = 1,020 posts of a topic
_CHANGED = "the forum's API may have changed"
_WITHHELD = "the forum did not return them (deleted, or hidden from guests)"
_AVATAR_HOST = re.compile(r"^/user_avatar/([^/]+)/")


class DiscourseTopicSource(Source):
    """Discourse topic on any forum, with all its posts"""

    site = SITE
    kind = "topic"
    pattern = (
        r"(?P<base>https?://[^/\s?#]+(?:/[^\s?#]*?)?)/t/"
        r"(?:(?P<slug>[^/\s?#]*[^\d/\s?#][^/\s?#]*)/)?(?P<id>\d+)"
        r"(?:/(?P<post>\d+))?(?:\.json)?/?(?:[?#]\S*)?$"
    )
    example = "https://discourse.urho3d.io/t/to-rbfx-and-not-to-rbfx/5864"
    saved_file = SavedFile(
        "a Discourse topic (https://HOST/t/ID.json)",
        lambda data: sniff_json(data),
        lambda _, data: parse_json(data),
    )

    def fetch(self) -> list[Page]:
        """The topic, then the posts it lists beyond the first ones, in chunks."""
        topic, data = self._fetch_topic()
        missing = _missing_ids(data, [])
        base = f"{self.match['base']}/t/{self.item_id}/posts.json?"
        chunks = [
            base
            + urlencode([("post_ids[]", i) for i in missing[start : start + CHUNK]])
            for start in range(0, min(len(missing), CHUNK * MAX_POST_REQUESTS), CHUNK)
        ]
        return follow_pages(
            self.session.get,
            [topic],
            lambda pages: (
                (chunks[len(pages) - 1], None) if len(pages) <= len(chunks) else None
            ),
            max_pages=1 + len(chunks),
            problem=_not_a_chunk,
        )

    def parse(self, pages: list[Page]) -> Thread:
        answered = [p for p in pages[1:] if p.ok]
        failed = [p for p in pages[1:] if not p.ok]
        asked = {
            i
            for page in answered
            for i in parse_qs(urlsplit(page.url).query).get("post_ids[]", [])
        }
        return parse_json(
            pages[0].json(),
            url=self.url,
            more=[page.json() for page in answered],
            failed=failed[0].text if failed else None,
            asked=asked,
        )

    def _fetch_topic(self) -> tuple[Page, dict]:
        url = f"{self.match['base']}/t/{self.item_id}.json"
        host = self.match["base"].split("://", 1)[-1]
        try:
            page = self.session.get(url)
        except NotFoundError as e:
            raise NotFoundError(
                f"{url} was not found: the topic does not exist or is private, "
                f"or {host} is not a Discourse forum",
                url=url,
                status=e.status,
            ) from None
        try:
            data = page.json()
        except BlockedError:
            raise
        except SourceError:
            data = None
        if not is_topic(data):
            raise UnsupportedSourceError(
                f"{self.url} is not a Discourse topic: {url} did not answer with "
                "Discourse's topic JSON (a post_stream), so argmap cannot read it"
            )
        return page, data


def _not_a_chunk(url: str, pages: list[Page], page: Page) -> str | None:
    """Why ``page`` is not posts.json (an error page in its place), or None."""
    try:
        page.json()
    except SourceError as e:
        return str(e)
    return None


def is_topic(data: Any) -> bool:
    stream = data.get("post_stream") if isinstance(data, dict) else None
    return isinstance(stream, dict) and isinstance(stream.get("posts"), list)


def sniff_json(data: Any) -> bool:
    """True for a saved topic (``/t/ID.json``), not a bare posts.json chunk."""
    return is_topic(data) and isinstance(data.get("id"), int) and "title" in data


def parse_json(
    data: Any,
    *,
    url: str | None = None,
    more: Sequence[Any] = (),
    failed: str | None = None,
    asked: Collection[str] = (),
) -> Thread:
    """The Thread of a topic JSON, plus the posts.json chunks fetched after it.

    ``failed``: why the request for the next chunk failed (fetching stopped
    there); ``asked``: the post ids the answered chunks asked for.
    """
    where = url or "the given Discourse topic"
    if not is_topic(data) or not isinstance(data.get("id"), int):
        raise LayoutChangedError(f"{SITE}: {where} has no topic id; {_CHANGED}")
    raw_posts = _merged_posts(data, more, where)
    topic_url = _topic_url(data, url)
    first = raw_posts[0] if raw_posts else {}
    if (
        first.get("post_number") != 1
        or json_key(first.get("post_type")) in ACTION_TYPES
    ):
        raise LayoutChangedError(f"{SITE}: {where} has no opening post; {_CHANGED}")
    title = clean_text(str_or_empty(data.get("title")))
    link = safe_href(data.get("featured_link"))
    root = read_post(first, topic_url, where, title=title)
    thread = Thread(SITE, str(data["id"]), topic_url, title, [root], link=link)
    ReplyLinker(thread, data["id"]).add_all(raw_posts[1:], topic_url, where)
    _note_missing(thread, data, more, failed, asked)
    return thread


def _merged_posts(data: dict, more: Sequence[Any], where: str) -> list[dict[str, Any]]:
    """Every post fetched, once each, in post_number order."""
    posts: dict[Any, dict[str, Any]] = {}
    for chunk in [data, *more]:
        if not is_topic(chunk):
            raise LayoutChangedError(
                f"{SITE}: a posts.json answer for {where} has no post_stream; "
                f"{_CHANGED}"
            )
        for raw in chunk["post_stream"]["posts"]:
            if not isinstance(raw, dict) or not isinstance(raw.get("post_number"), int):
                raise LayoutChangedError(
                    f"{SITE}: a post in {where} has no post_number; {_CHANGED}"
                )
            post_id = json_key(raw.get("id"))
            key = ("id", post_id) if post_id is not None else ("n", raw["post_number"])
            posts.setdefault(key, raw)
    return sorted(posts.values(), key=lambda raw: raw["post_number"])


def _missing_ids(data: dict, more: Sequence[Any]) -> list[Any]:
    """Post ids the topic lists in its stream but no response has given yet."""
    have = {
        json_key(raw.get("id"))
        for chunk in [data, *more]
        for raw in _posts_of(chunk)
        if isinstance(raw, dict)
    }
    stream = data["post_stream"].get("stream")
    stream = stream if isinstance(stream, list) else []
    return [i for i in stream if json_key(i) is not None and i not in have]


def _posts_of(chunk: Any) -> list[Any]:
    return chunk["post_stream"]["posts"] if is_topic(chunk) else []


def _note_missing(
    thread: Thread,
    data: dict,
    more: Sequence[Any],
    failed: str | None,
    asked: Collection[str],
) -> None:
    """Say which posts the topic lists but no response gave, and why."""
    missing = _missing_ids(data, more)
    if failed is not None:
        # Only posts an answered request asked for were withheld by the forum;
        # the rest were lost to the failed request and those after it.
        vanished = sum(1 for post_id in missing if str(post_id) in asked)
        if vanished:
            thread.skipped.append(Skipped(plural(vanished, "post"), _WITHHELD))
        thread.skipped.append(
            Skipped(
                plural(len(missing) - vanished, "post"),
                f"not fetched: {failed}; run again to fetch them "
                "(what was read is cached)",
            )
        )
        thread.complete = False
        return
    if not missing:
        return
    thread.complete = False
    if not more:
        why = "listed in the topic's post stream but not in the saved JSON"
    elif len(more) >= MAX_POST_REQUESTS:
        why = f"not fetched: argmap asks for at most {MAX_POST_REQUESTS} chunks"
    else:
        why = _WITHHELD
    thread.skipped.append(Skipped(plural(len(missing), "post"), why))


def _topic_url(data: dict, url: str | None) -> str:
    """``https://HOST/t/SLUG/ID``; relative when a saved file does not name its host."""
    match = DiscourseTopicSource.match_url(url or "")
    base = match["base"] if match else _saved_host(data)
    slug = data.get("slug")
    return f"{base}/t/{slug}/{data['id']}" if slug else f"{base}/t/{data['id']}"


def _saved_host(data: dict) -> str:
    """A saved topic names its host only in avatar paths (/user_avatar/HOST/...)."""
    for raw in _posts_of(data):
        found = _AVATAR_HOST.match(str(raw.get("avatar_template") or ""))
        if found:
            return f"https://{found[1]}"
    return ""
