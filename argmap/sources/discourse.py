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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from bs4 import Tag

from argmap.errors import (
    BlockedError,
    LayoutChangedError,
    NotFoundError,
    OfflineMissError,
    SourceError,
    UnsupportedSourceError,
)
from argmap.model import Post, Skipped, Thread
from argmap.sources._html import (
    assemble,
    clean_text,
    html_to_parts,
    parse_html,
    safe_href,
)
from argmap.sources.base import Source

if TYPE_CHECKING:
    from argmap.fetch import Page

SITE = "discourse"
CHUNK = 20  # post ids per posts.json request, as Discourse's own client asks
MAX_POST_REQUESTS = 50  # so at most 20 + 50 * 20 = 1,020 posts of a topic
# post_type 2 and 3 are notices the software writes, not things people say.
ACTION_TYPES = {2: "moderator action", 3: "small action"}
# A quote with no post number is matched against the posts just before it and
# its author's latest posts, this many of each: a bound, so that a huge topic of
# unattributed quotes is read in linear time.
QUOTE_LOOKBACK = 200
_CHANGED = "the forum's API may have changed"
_AVATAR_HOST = re.compile(r"^/user_avatar/([^/]+)/")
_BBCODE = re.compile(r"\[/?quote[^\]]*\]")
# phpBB quotes that an import left as text: [quote="name"] ... [/quote]
_BB_TAG = re.compile(r"\[/?[a-z]+(?:=[^\]]*)?\]", re.IGNORECASE)
_BB_OPEN = re.compile(r"\[quote(?:=[\"“”']?([^\]\"“”']*)[\"“”']?)?\]")
_SPACE = re.compile(r"\s+")


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

    def fetch(self) -> list[Page]:
        """The topic, then the posts it lists beyond the first ones, in chunks."""
        pages = [self._fetch_topic()]
        missing = _missing_ids(pages[0].json(), [])
        base = f"{self.match['base']}/t/{self.item_id}/posts.json?"
        for start in range(0, min(len(missing), CHUNK * MAX_POST_REQUESTS), CHUNK):
            query = urlencode(
                [("post_ids[]", i) for i in missing[start : start + CHUNK]]
            )
            try:
                chunk = self.session.get(base + query)
                chunk.json()  # an error page in place of the chunk fails here
            except OfflineMissError:
                raise
            except SourceError as e:  # kept, so parse can say what it cost; stop
                from argmap.fetch import Page

                pages.append(Page.failed(base + query, e))
                break
            pages.append(chunk)
        return pages

    def parse(self, pages: list[Page]) -> Thread:
        answered = [p for p in pages[1:] if 200 <= p.status < 300]
        failed = [p for p in pages[1:] if not 200 <= p.status < 300]
        data, more = pages[0].json(), [page.json() for page in answered]
        thread = parse_json(data, url=self.url, more=more)
        if failed:
            _note_failed(thread, data, more, answered, failed[0])
        return thread

    def _fetch_topic(self) -> Page:
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
        return page


SOURCES = [DiscourseTopicSource]


def _note_failed(
    thread: Thread, data: dict, more: list[Any], answered: list[Page], failed: Page
) -> None:
    """Say which posts a failed posts.json request (and the ones after it) cost.

    ``parse_json`` counts every post still missing as not returned by the
    forum; only those a request that was answered asked for are that.
    """
    missing = _missing_ids(data, more)
    asked = {
        i
        for page in answered
        for i in parse_qs(urlsplit(page.url).query).get("post_ids[]", [])
    }
    vanished = sum(1 for post_id in missing if str(post_id) in asked)
    counted = [i for i, s in enumerate(thread.skipped) if s.item == f"{len(missing)} posts"]
    if counted:
        del thread.skipped[counted[-1]]
    if vanished:
        thread.skipped.append(
            Skipped(
                f"{vanished} posts",
                "the forum did not return them (deleted, or hidden from guests)",
            )
        )
    thread.skipped.append(
        Skipped(
            f"{len(missing) - vanished} posts",
            f"not fetched: {failed.text}; run again to fetch them "
            "(what was read is cached)",
        )
    )
    thread.complete = False


def is_topic(data: Any) -> bool:
    stream = data.get("post_stream") if isinstance(data, dict) else None
    return isinstance(stream, dict) and isinstance(stream.get("posts"), list)


def sniff_json(data: Any) -> bool:
    """True for a saved topic (``/t/ID.json``), not a bare posts.json chunk."""
    return is_topic(data) and isinstance(data.get("id"), int) and "title" in data


def parse_json(
    data: Any, *, url: str | None = None, more: Sequence[Any] = ()
) -> Thread:
    """The Thread of a topic JSON, plus the posts.json chunks fetched after it."""
    where = url or "the given Discourse topic"
    if not is_topic(data) or not isinstance(data.get("id"), int):
        raise LayoutChangedError(f"{SITE}: {where} has no topic id; {_CHANGED}")
    raw_posts = _merged_posts(data, more, where)
    topic_url = _topic_url(data, url)
    first = raw_posts[0] if raw_posts else {}
    if first.get("post_number") != 1 or _key(first.get("post_type")) in ACTION_TYPES:
        raise LayoutChangedError(f"{SITE}: {where} has no opening post; {_CHANGED}")
    title = clean_text(_str(data.get("title")))
    link = safe_href(data.get("featured_link"))
    root = _read_post(first, topic_url, where, title=title)
    thread = Thread(SITE, str(data["id"]), topic_url, title, [root], link=link)
    _Linker(thread, data["id"]).add_all(raw_posts[1:], topic_url, where)
    _note_missing(thread, data, more)
    return thread


def _merged_posts(data: dict, more: Sequence[Any], where: str) -> list[dict[str, Any]]:
    """Every post fetched, once each, in post_number order."""
    posts: dict[Any, dict[str, Any]] = {}
    for chunk in [data, *more]:
        if not is_topic(chunk):
            raise LayoutChangedError(
                f"{SITE}: a posts.json answer for {where} has no post_stream; {_CHANGED}"
            )
        for raw in chunk["post_stream"]["posts"]:
            if not isinstance(raw, dict) or not isinstance(raw.get("post_number"), int):
                raise LayoutChangedError(
                    f"{SITE}: a post in {where} has no post_number; {_CHANGED}"
                )
            post_id = _key(raw.get("id"))
            key = ("id", post_id) if post_id is not None else ("n", raw["post_number"])
            posts.setdefault(key, raw)
    return sorted(posts.values(), key=lambda raw: raw["post_number"])


def _missing_ids(data: dict, more: Sequence[Any]) -> list[Any]:
    """Post ids the topic lists in its stream but no response has given yet."""
    have = {
        _key(raw.get("id"))
        for chunk in [data, *more]
        for raw in _posts_of(chunk)
        if isinstance(raw, dict)
    }
    stream = data["post_stream"].get("stream")
    stream = stream if isinstance(stream, list) else []
    return [i for i in stream if _key(i) is not None and i not in have]


def _posts_of(chunk: Any) -> list[Any]:
    return chunk["post_stream"]["posts"] if is_topic(chunk) else []


def _note_missing(thread: Thread, data: dict, more: Sequence[Any]) -> None:
    missing = _missing_ids(data, more)
    if not missing:
        return
    thread.complete = False
    if not more:
        why = "listed in the topic's post stream but not in the saved JSON"
    elif len(more) >= MAX_POST_REQUESTS:
        why = f"not fetched: argmap asks for at most {MAX_POST_REQUESTS} chunks"
    else:
        why = "the forum did not return them (deleted, or hidden from guests)"
    thread.skipped.append(Skipped(f"{len(missing)} posts", why))


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


def _read_post(raw: dict, topic_url: str, where: str, *, title: str = "") -> Post:
    number, cooked = raw["post_number"], raw.get("cooked")
    if not isinstance(cooked, str):
        raise LayoutChangedError(f"{SITE}: post {number} of {where} has no text")
    status = _status(raw)
    parts = _bbcode_quotes(html_to_parts(_clean(cooked), _base_of(topic_url)))
    parts = [("title", title)] + parts if title else parts
    text, blocks = assemble(parts) if status != "deleted" else ("", ())
    author = _str(raw.get("username")) or None
    created = _created(raw.get("created_at"))
    url = f"{topic_url}/{number}"
    return Post(str(number), None, author, created, 0, url, status, text, blocks)


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


def _created(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


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


def _key(value: Any) -> int | str | None:
    """An id, number or type from the JSON, if it is one (not a list, dict, ...)."""
    return value if isinstance(value, (int, str)) else None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _names(raw: dict) -> set[str]:
    names = (raw.get("username"), raw.get("name"), raw.get("display_username"))
    return {str(n).lower() for n in names if n}


class _Linker:
    """Adds posts in order, each under the post it answers (see the module doc)."""

    def __init__(self, thread: Thread, topic_id: int):
        self.thread, self.topic_id = thread, topic_id
        self.by_number: dict[Any, Post] = {1: thread.root}
        self.names: dict[str, set[str]] = {}
        self.by_name: dict[str, list[Post]] = {}  # a user's posts, in order
        self.plain: dict[str, str] = {}

    def add_all(self, raw_posts: list[dict], topic_url: str, where: str) -> None:
        for raw in raw_posts:
            kind = ACTION_TYPES.get(_key(raw.get("post_type")))  # type: ignore[arg-type]
            if kind:
                self.thread.skipped.append(_action(raw, kind))
                continue
            if raw["post_number"] in self.by_number:
                number = raw["post_number"]
                why = f"post_number {number} appears twice; the first post is kept"
                self.thread.skipped.append(Skipped(f"post {number}", why))
                self.thread.complete = False
                continue
            post = _read_post(raw, topic_url, where)
            parent = self._parent(raw)
            post.parent, post.depth = parent.id, parent.depth + 1
            self.by_number[raw["post_number"]] = post
            self.names[post.id] = _names(raw)
            for name in self.names[post.id]:
                self.by_name.setdefault(name, []).append(post)
            self.thread.posts.append(post)

    def _parent(self, raw: dict) -> Post:
        target = self.by_number.get(_key(raw.get("reply_to_post_number")))
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


def _action(raw: dict, kind: str) -> Skipped:
    what = raw.get("action_code") or _clean(_str(raw.get("cooked"))).get_text()
    what = clean_text(str(what))[:80]
    return Skipped(f"post {raw['post_number']}", f"{kind} post ({what}), not a reply")
