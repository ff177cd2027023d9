"""Reddit threads, read from Reddit's JSON (the thread URL with ``.json``).

A thread's JSON is ``[t3 Listing, t1 Listing]``: the submission, then the
comment tree, each comment's ``replies`` a nested Listing (or ``""`` when it
has none). Long threads leave "load more comments" and "continue this thread"
stubs, which ``fetch`` expands (see ``argmap.sources.reddit.more``) unless
the ``expand_more`` option is off, with at most ``max_more_requests`` extra
requests. Stubs left closed are listed in ``Thread.skipped`` with the number
of comments they hold, and the thread is marked incomplete.

The submission is the root post: its title (a "title" block), then its self
text. Comment bodies are Reddit markdown, turned into plain text (see
``markdown_to_text``) whose quotes, list items and code are found by
``blocks_from_text``. A comment permalink (``.../comments/ID/SLUG/CID/?context=N``)
yields the same kind of thread (the submission at its root, its URL the
thread's), holding only that comment's branch; a comment whose parent is not in
the response is placed under the post (see ``CommentTree.ordered``).

Politeness. Reddit asks clients for a unique, descriptive User-Agent with a
version; every request carries ours, ``argmap/<version> (+project url)``
(``argmap.http.session.USER_AGENT``). Since July 2023 Reddit's Data API terms allow
clients without OAuth 10 queries a minute, so the source asks the session to
space requests to www.reddit.com ``MIN_INTERVAL`` seconds apart (``pacing``; the session's
default is one a second per host); with the default ``max_more_requests`` a run
is at most 51 requests, about five minutes, and cached pages cost nothing.
Since mid-2024 Reddit's robots.txt disallows every path to every agent; the
session obeys robots.txt, so a live fetch may stop with RobotsDisallowedError,
while saved ``.json`` files (``parse_listing``) and cached pages still work.
"""

from __future__ import annotations

import html
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

from argmap.errors import (
    LayoutChangedError,
    OfflineMissError,
    RobotsDisallowedError,
    SourceError,
)
from argmap.http.walls import SAVE, SiteWall, Wall
from argmap.model import Block, Post, Thread
from argmap.sources._html import safe_href
from argmap.sources._values import str_or_empty, unix_datetime
from argmap.sources.base import SavedFile, Source
from argmap.sources.reddit.listing import (
    BASE,
    SITE,
    listing_children,
    listing_request,
    walk_things,
)
from argmap.sources.reddit.markdown import markdown_to_text
from argmap.sources.reddit.more import (
    EXPAND_MORE,
    MAX_MORE_REQUESTS,
    SAVED,
    closed_reason,
    expand_stubs,
)
from argmap.sources.reddit.tree import CommentTree
from argmap.text.blocks import blocks_from_text
from argmap.text.xmlsafe import strip_xml_illegal

if TYPE_CHECKING:
    from argmap.http.page import Page

MIN_INTERVAL = 6.0  # seconds: 10 requests a minute, Reddit's limit without OAuth
SORTS = ("confidence", "top", "new", "controversial", "old", "qa")
_CHANGED = "Reddit's JSON layout may have changed"
_STATUS_BODIES = {"[deleted]": "deleted", "[removed]": "removed"}
_STATUS_BODIES["[ Removed by Reddit ]"] = "removed"  # an admin (not a mod) removal
BLOCK_TEXT = "whoa there, pardner!"
BLOCK_PAGE = SiteWall(
    BLOCK_TEXT,
    Wall(
        f"Reddit's block page ({BLOCK_TEXT!r})",
        "Reddit refuses clients without OAuth from some networks and limits how "
        f"fast they may ask: wait a few minutes and run again, {SAVE}",
    ),
)


class RedditThreadSource(Source):
    """Reddit thread or comment permalink (reddit.com/r/SUB/comments/ID/...)"""

    site = SITE
    kind = "thread"
    pattern = (
        r"https?://(?:(?:www|old|new|np|m)\.)?reddit\.com(?:/(?:r|u|user)/[\w-]+)?"
        r"/comments/(?P<id>[a-z0-9]+)(?:\.json)?"
        r"(?:/(?P<slug>[^/?#\s]*)(?:/(?P<comment>[a-z0-9]+)(?:\.json)?)?)?/?"
        r"(?:\?(?P<query>[^#\s]*))?(?:#\S*)?$"
    )
    example = "https://www.reddit.com/r/announcements/comments/n49rw/were_back/"
    saved_file = SavedFile(
        "a Reddit comments listing (reddit.com/comments/ID.json)",
        lambda data: sniff_json(data),
        lambda _, data: parse_listing(data),
    )
    declared_options = (EXPAND_MORE, MAX_MORE_REQUESTS)
    walls = (BLOCK_PAGE,)
    pacing = MappingProxyType({"www.reddit.com": MIN_INTERVAL})


    def fetch(self) -> list[Page]:
        """The listing, then (with ``expand_more``) one page per stub request."""
        url, params = listing_request(
            self.item_id, self._group("comment"), self.sort, self.context
        )
        try:
            first = self.session.get(url, params=params)
        except (OfflineMissError, RobotsDisallowedError) as e:
            raise _save_instead(e, self.url, f"{url}?{urlencode(params)}") from None
        if not self.options.expand_more:
            return [first]
        return expand_stubs(
            self.session.get,
            first,
            self.item_id,
            limit=self.options.max_more_requests,
            sort=self.sort,
        )

    def parse(self, pages: list[Page]) -> Thread:
        why = closed_reason(pages, self.options)
        return parse_pages(pages, url=self.url, unexpanded=why)

    @property
    def sort(self) -> str:
        sort = self._query("sort")
        return sort if sort in SORTS else "confidence"

    @property
    def context(self) -> str | None:
        """``?context=N`` of a permalink: how many ancestors Reddit includes."""
        context = self._query("context")
        return context if context and context.isdigit() else None

    def _group(self, name: str) -> str | None:
        return self.match.groupdict().get(name)

    def _query(self, key: str) -> str | None:
        values = parse_qs(self._group("query") or "").get(key)
        return values[0] if values else None


class RedditShortLinkSource(RedditThreadSource):
    """Reddit short link to a thread (redd.it/ID)"""

    kind = "shortlink"
    pattern = r"https?://(?:www\.)?redd\.it/(?P<id>[a-z0-9]+)/?(?:[?#]\S*)?$"
    example = "https://redd.it/n49rw"



def _save_instead(error: SourceError, thread_url: str, json_url: str) -> SourceError:
    """``error`` telling the user to save the thread's JSON from a browser:
    Reddit's robots.txt disallows every path, so "fetch it online first" (the
    session's advice for a page missing from the cache) cannot work."""
    how = (
        f"open {json_url} in a browser, save the page as a .json file, and map "
        "that file (argmap map FILE.json)"
    )
    if isinstance(error, OfflineMissError):
        message = (
            f"{thread_url} is not in the cache, and Reddit's robots.txt does not let "
            f"argmap fetch it online: {how}"
        )
    else:
        message = f"{error}; {how}"
    return type(error)(message, url=error.url, status=error.status)


def sniff_json(data: Any) -> bool:
    """True for a Reddit comments listing: ``[t3 Listing, t1 Listing]``."""
    if not (isinstance(data, list) and len(data) == 2):
        return False
    if not all(isinstance(x, dict) and x.get("kind") == "Listing" for x in data):
        return False
    posts, comments = listing_children(data[0]), listing_children(data[1])
    kinds = [_kind(x) for x in posts]
    reply_kinds = {_kind(x) for x in comments}
    return (
        set(kinds) <= {"t3"}
        and reply_kinds <= {"t1", "more"}
        and bool(posts or comments)
    )


def _kind(thing: Any) -> str | None:
    """A thing's ``kind``; str() so that a list or dict there cannot break a set."""
    return str(thing.get("kind")) if isinstance(thing, dict) else None


def parse_listing(data: Any, *, url: str | None = None) -> Thread:
    """A Thread from one saved comments listing; its stubs are listed as skipped."""
    return _build(data, [], url or "the given Reddit listing", SAVED)


def parse_pages(
    pages: list[Page], *, url: str | None = None, unexpanded: str = SAVED
) -> Thread:
    """A Thread from a listing page and the pages that expanded its stubs, in order."""
    where = url or pages[0].url
    return _build(pages[0].json(), pages[1:], where, unexpanded)


def _build(data: Any, answers: list[Page], where: str, unexpanded: str) -> Thread:
    submission = _submission(data, where)
    root, title, link = _root_post(submission)
    tree = CommentTree(root.id, where)
    tree.add(list(walk_things(listing_children(data[1]))), 0)
    for index, page in enumerate(answers, start=1):
        tree.add_answer(page, index)
    thread = Thread(SITE, root.id, root.url, title, [root], link=link)
    placed, skipped = tree.ordered()
    thread.posts.extend(_comment(c, parent, depth, root) for c, parent, depth in placed)
    thread.skipped = skipped + tree.open_stubs(unexpanded)
    thread.complete = not thread.skipped
    return thread


def _submission(data: Any, where: str) -> dict[str, Any]:
    if not sniff_json(data):
        raise LayoutChangedError(
            f"{SITE}: {where} is not a comments listing ([t3 Listing, t1 Listing]); "
            f"{_CHANGED}"
        )
    posts = listing_children(data[0])
    post = posts[0].get("data") if posts else None
    post_id = post.get("id") if isinstance(post, dict) else None
    if not isinstance(post_id, str) or not post_id:
        raise LayoutChangedError(
            f"{SITE}: the listing of {where} has no submission (t3) with an id; "
            f"{_CHANGED}"
        )
    return post


def _root_post(t3: dict[str, Any]) -> tuple[Post, str, str | None]:
    """The submission as the root post, its title, and the link of a link post."""
    post_id = t3["id"]
    title = " ".join(
        strip_xml_illegal(html.unescape(str(t3.get("title") or ""))).replace("\u200b", "").split()
    )
    url = _absolute(t3.get("permalink")) or f"{BASE}/comments/{post_id}/"
    status, body, body_blocks = _body(str_or_empty(t3.get("selftext")))
    text = f"{title}\n\n{body}" if title and body else title or body
    shift = len(title) + 2 if title and body else 0
    blocks = ((Block("title", 0, len(title)),) if title else ()) + tuple(
        Block(b.kind, b.start + shift, b.end + shift) for b in body_blocks
    )
    link = None if t3.get("is_self") else safe_href(t3.get("url"), BASE)
    if link and link.rstrip("/") == url.rstrip("/"):
        link = None
    author, created = _author(t3), unix_datetime(t3.get("created_utc"))
    post = Post(post_id, None, author, created, 0, url, status, text, blocks)
    return post, title, link


def _comment(data: dict[str, Any], parent: str, depth: int, root: Post) -> Post:
    body = data.get("body")
    if not isinstance(body, str):
        raise LayoutChangedError(
            f"{SITE}: comment {data['id']} of thread {root.id} has no body; {_CHANGED}"
        )
    status, text, blocks = _body(body)
    if status == "ok" and data.get("collapsed") is True:
        status = "collapsed"  # Reddit folds it away (low score, crowd control)
    url = _absolute(data.get("permalink")) or f"{root.url.rstrip('/')}/{data['id']}/"
    author, created = _author(data), unix_datetime(data.get("created_utc"))
    return Post(data["id"], parent, author, created, depth, url, status, text, blocks)


def _body(markdown: str) -> tuple[str, str, tuple[Block, ...]]:
    """Status, plain text and blocks of a body; a deleted body leaves no text."""
    status = _STATUS_BODIES.get(markdown.strip())
    if status is not None:
        return status, "", ()
    text = markdown_to_text(markdown)
    return "ok", text, blocks_from_text(text)


def _author(data: dict[str, Any]) -> str | None:
    author = data.get("author")
    known = isinstance(author, str) and author not in ("", "[deleted]")
    return author if known else None


def _absolute(permalink: object) -> str | None:
    ok = isinstance(permalink, str) and permalink.startswith("/")
    return BASE + permalink if ok else None
