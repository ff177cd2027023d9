"""The Hacker News Algolia API source, and how the HN source chooses HTML or API.

No capture of the API exists (MANIFEST: "Not found"), so ``api_item_from_html``
builds the documented items JSON from a real HTML capture: ids, authors, the
``span.age`` epoch as ``created_at_i``, comment HTML from ``.commtext``, and
nesting from HN's own "parent" links. Both parsers must then give the same
Thread, except where the API cannot know (docs/sources.md).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from functools import cache

import pytest
from bs4 import BeautifulSoup

from argmap.errors import InputError, LayoutChangedError, NotFoundError
from argmap.http.session import Page
from argmap.model import Thread
from argmap.sources import find
from argmap.sources.base import SourceOptions
from argmap.sources.hackernews import api as hn_api
from argmap.sources.hackernews import item as hn
from argmap.sources.hackernews import pages as hn_pages
from argmap.sources.hackernews.api import HackerNewsApiSource
from argmap.sources.hackernews.item import HackerNewsItemSource
from tests.helpers import shared_path

HN = "https://news.ycombinator.com/"
API = "https://hn.algolia.com/api/v1/items/"
CAPTURES = [
    "hn-item-48350598-chuwi-minibook-x-2026-06.html",
    "hn-item-39232976-pkl-config-language-2024-02.html",
    "hn-item-48351450-comment-permalink-subthread-2026-06.html",
]
# Where the API cannot match the page (docs/sources.md): HTML status -> API status.
STATUS_IN_API = {"flagged": "ok", "collapsed": "ok", "dead": "deleted"}


@cache
def read(name: str) -> str:
    return shared_path("corpora", "hn-html", name).read_text("utf-8", errors="replace")


# -- building the documented API JSON from a real page ---------------------------


def _epoch(head) -> int | None:
    age = head.select_one("span.age[title]") if head is not None else None
    return int(age["title"].split()[-1]) if age is not None else None


def _inner_html(box, wrapped: bool) -> str:
    for reply in box.select("div.reply"):
        reply.decompose()
    body = box.decode_contents().strip()
    # The Rails API wrapped HN's "a<p>b" as "<p>a</p><p>b</p>"; accept both.
    return f"<p>{body.replace('<p>', '</p><p>')}</p>" if wrapped else body


def _item(item_id: int, kind: str, head, text: str | None, parent: int | None):
    user = head.select_one("a.hnuser") if head is not None else None
    stamp = _epoch(head)
    iso = datetime.fromtimestamp(stamp, tz=timezone.utc) if stamp else None
    return {
        "id": item_id, "created_at": iso.strftime("%Y-%m-%dT%H:%M:%S.000Z") if iso else None,
        "created_at_i": stamp, "type": kind, "author": user.get_text() if user else None,
        "title": None, "url": None, "text": text, "points": None,
        "parent_id": parent, "story_id": None, "children": [], "options": [],
    }  # fmt: skip


def api_item_from_html(page: str, *, wrapped: bool = False) -> dict:
    """The items/ID JSON the API documents, for the thread on ``page``."""
    soup = BeautifulSoup(page, "lxml")
    fat = soup.select_one("table.fatitem")
    root_id = int(fat.select_one("tr.athing")["id"])
    cell = fat.select_one("td.default")
    if cell is not None:  # a comment's own page
        box = cell.select_one(".commtext")
        head = cell.select_one("span.comhead")
        root = _item(root_id, "comment", head, _inner_html(box, wrapped), None)
    else:
        top = fat.select_one("div.toptext")
        text = _inner_html(top, wrapped) if top and top.get_text(strip=True) else None
        root = _item(root_id, "story", fat.select_one("td.subtext"), text, None)
        title_a = fat.select_one("span.titleline > a")
        href = title_a["href"]
        root.update(title=title_a.get_text(), points=1, story_id=root_id)
        root["url"] = None if href == f"item?id={root_id}" else href
    items = {root_id: root}
    for row in soup.select("tr.athing.comtr"):
        nav = [a for a in row.select("span.navs a") if a.get_text() == "parent"]
        parent = int(nav[0]["href"].lstrip("#")) if nav else root_id
        head = row.select_one("span.comhead")
        box = row.select_one(".commtext") or row.select_one(".comment")
        item = _item(int(row["id"]), "comment", head, _inner_html(box, wrapped), parent)
        item["story_id"] = root_id
        items[parent]["children"].append(item)
        items[item["id"]] = item
    return root


def assert_same_thread(api: Thread, page: Thread) -> None:
    """Field by field, allowing only the documented status differences."""
    for field in ("site", "id", "url", "title", "link", "complete", "skipped"):
        assert getattr(api, field) == getattr(page, field), field
    assert [p.id for p in api.posts] == [p.id for p in page.posts]
    for a, h in zip(api.posts, page.posts):
        for field in ("parent", "depth", "author", "created", "url", "text", "blocks"):
            assert getattr(a, field) == getattr(h, field), (h.id, field)
        assert a.status == STATUS_IN_API.get(h.status, h.status), h.id


@pytest.mark.parametrize("wrapped", [False, True], ids=["hn-html", "p-wrapped"])
@pytest.mark.parametrize("name", CAPTURES)
def test_api_thread_equals_html_thread(name, wrapped):
    page = hn.parse_pages([read(name)], url=HN)
    data = json.loads(json.dumps(api_item_from_html(read(name), wrapped=wrapped)))
    assert hn_api.sniff_json(data)
    assert_same_thread(hn_api.parse_json(data, url=HN), page)


def test_the_comparison_covers_what_it_claims():
    page = hn.parse_pages([read(CAPTURES[1])])
    api = hn_api.parse_json(api_item_from_html(read(CAPTURES[1])))
    differs = {h.id: (h.status, a.status) for a, h in zip(api.posts, page.posts)}
    differs = {k: v for k, v in differs.items() if v[0] != v[1]}
    # The two [flagged] placeholders and the one collapsed row of 39232976.
    assert differs == {
        "39243896": ("flagged", "ok"),
        "39239634": ("flagged", "ok"),
        "39242400": ("collapsed", "ok"),
    }
    assert len(page.posts) == 567 and all(p.created for p in api.posts)
    assert api.link == "https://pkl-lang.org/blog/introducing-pkl.html"
    root = hn_api.parse_json(api_item_from_html(read(CAPTURES[2]))).root
    assert (root.parent, root.depth, root.blocks[0].kind) == (None, 0, "paragraph")


# -- the API's own shapes: deleted, dead, missing fields --------------------------


def story(*children, **fields) -> dict:
    base = {"id": 1, "created_at": "2024-01-02T03:04:05.000Z", "type": "story",
            "author": "op", "title": "A title", "url": None, "text": None,
            "points": 3, "parent_id": None, "story_id": 1, "children": list(children)}  # fmt: skip
    return base | fields


def comment(item_id: int, *children, **fields) -> dict:
    base = {"id": item_id, "created_at": "2024-01-02T04:00:00.000Z",
            "created_at_i": 1704168000, "type": "comment", "author": f"u{item_id}",
            "text": f"c{item_id}<p>more", "children": list(children)}  # fmt: skip
    return base | fields


def test_deleted_items_null_fields_and_bare_stubs():
    data = story(
        comment(2, comment(3), author=None, text=None),  # deleted, reply kept
        {"id": 4, "children": [comment(5)]},  # a dead/deleted stub (old API)
        comment(6, text=""),
    )
    thread = hn_api.parse_json(data)
    got = {p.id: (p.parent, p.depth, p.status, p.author, p.text) for p in thread.posts}
    assert got == {
        "1": (None, 0, "ok", "op", "A title"),
        "2": ("1", 1, "deleted", None, ""),
        "3": ("2", 2, "ok", "u3", "c3\n\nmore"),
        "4": ("1", 1, "deleted", None, ""),
        "5": ("4", 2, "ok", "u5", "c5\n\nmore"),
        "6": ("1", 1, "ok", "u6", ""),
    }
    assert thread.post("3").created == datetime(2024, 1, 2, 4, tzinfo=timezone.utc)
    assert thread.post("4").created is None and thread.complete


def test_story_fields_title_text_link_and_iso_time():
    data = story(text="Why?<p>&gt; a quote", url="https://example.com/x")
    root = hn_api.parse_json(data).root
    assert root.text == "A title\n\nWhy?\n\na quote"
    assert [b.kind for b in root.blocks] == ["title", "paragraph", "quote"]
    assert root.created == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert hn_api.parse_json(data).link == "https://example.com/x"
    assert hn_api.parse_json(story(url="javascript:alert(1)")).link is None


def test_a_very_deep_thread_does_not_recurse():
    deepest = comment(2)
    for item_id in range(3, 3000):
        deepest = comment(item_id, deepest)
    thread = hn_api.parse_json(story(deepest))
    assert max(p.depth for p in thread.posts) == 2998


@pytest.mark.parametrize(
    "data",
    [
        [],
        "x",
        {"children": []},
        story(comment(2, id=None)),
        story(comment(2, children=3)),
    ],
    ids=["list", "string", "no-id", "comment-without-id", "children-not-a-list"],
)
def test_missing_mandatory_fields_are_layout_errors(data):
    with pytest.raises(
        LayoutChangedError, match=r"^hackernews: .*API may have changed"
    ):
        hn_api.parse_json(data, url=API + "1")


def test_sniff_json():
    assert hn_api.sniff_json(story()) and hn_api.sniff_json(comment(2))
    hnpwa = {"id": 1, "title": "t", "user": "u", "time": 1, "comments": []}
    for other in (hnpwa, {"post_stream": {"posts": []}}, [], None, story(type="x")):
        assert not hn_api.sniff_json(other)


# -- the API as its own source, and HackerNewsItemSource's choice of fetcher -----


class FakeSession:
    """Serves canned texts by URL and records every request."""

    def __init__(self, pages: dict[str, str]):
        self.pages, self.requested = pages, []

    def get(self, url: str, *, params=None) -> Page:
        self.requested.append(url)
        if url not in self.pages:
            raise NotFoundError(f"{url} not found", url=url, status=404)
        when = datetime(2026, 1, 1, tzinfo=timezone.utc)
        return Page(url=url, text=self.pages[url], status=200, fetched_at=when)


def test_api_source_fetches_one_url_and_parses_it():
    data = json.dumps(api_item_from_html(read(CAPTURES[0])))
    session = FakeSession({API + "48350598": data})
    source = find(API + "48350598")(API + "48350598", session=session)
    assert isinstance(source, HackerNewsApiSource)
    thread = source.fetch_thread()
    assert session.requested == [API + "48350598"]
    assert thread.url == HN + "item?id=48350598" and len(thread.posts) == 125


def paginated_page(
    count: int | None, comments: int = 3, *, first: int = 10, more: bool = True
) -> str:
    """A modern item page with ``comments`` rows, a More link and the story's count."""
    rows = "".join(
        f'<tr class="athing comtr" id="{first + i}"><td><table><tr><td class="ind" '
        f'indent="0"></td><td class="default"><span class="comhead"><a class="hnuser">'
        f'u</a></span><div class="commtext">hi {i}</div></td></tr></table></td></tr>'
        for i in range(comments)
    )
    shown = f'<a href="item?id=1">{count}&nbsp;comments</a>' if count else ""
    return (
        '<html op="item"><head><title>A story | Hacker News</title></head><body>'
        '<table class="fatitem"><tr class="athing submission" id="1"><td class="title">'
        '<span class="titleline"><a href="https://example.com/">A story</a></span></td>'
        f'</tr><tr><td class="subtext"><a class="hnuser">op</a> | {shown}</td></tr>'
        f"</table><table>{rows}</table>"
        + ('<a href="item?id=1&amp;p=2" rel="next">More</a>' if more else "")
        + "</body></html>"
    )


def test_estimated_pages():
    assert hn_pages.estimated_pages(read(CAPTURES[1])) == 1  # no More link
    assert hn_pages.estimated_pages(paginated_page(7, comments=3)) == 3
    assert hn_pages.estimated_pages(paginated_page(None)) is None  # no count shown
    legacy = "legacy/hn-item-3412900-who-is-hiring-jan-2012-page1.html"
    assert hn_pages.estimated_pages(read(legacy)) is None


def api_json() -> str:
    return json.dumps(story(comment(2), comment(3, comment(4))))


@pytest.mark.parametrize(
    ("via", "page1", "requested", "posts"),
    [
        # auto: the count says 3 pages, so page 1 then one API request
        ("auto", paginated_page(7), ["item?id=1", "API"], 4),
        # auto: no count on page 1: read the pages, as before the API existed
        ("auto", paginated_page(None), ["item?id=1", "item?id=1&p=2"], 7),
        # auto: a stale count that fits on page 1: read the pages
        ("auto", paginated_page(2), ["item?id=1", "item?id=1&p=2"], 7),
        ("html", paginated_page(7), ["item?id=1", "item?id=1&p=2"], 7),
        ("api", paginated_page(7), ["API"], 4),
    ],
)
def test_item_source_chooses_pages_or_api(via, page1, requested, posts):
    page2 = paginated_page(7, first=20, more=False)
    session = FakeSession(
        {HN + "item?id=1": page1, HN + "item?id=1&p=2": page2, API + "1": api_json()}
    )
    source = HackerNewsItemSource(HN + "item?id=1", session, SourceOptions(via=via))
    thread = source.fetch_thread()
    assert session.requested == [API + "1" if r == "API" else HN + r for r in requested]
    assert len(thread.posts) == posts and thread.url == HN + "item?id=1"


def test_auto_falls_back_to_the_pages_when_the_api_fails(caplog):
    page2 = paginated_page(7, first=20, more=False)
    session = FakeSession(
        {HN + "item?id=1": paginated_page(7), HN + "item?id=1&p=2": page2}
    )
    source = HackerNewsItemSource(HN + "item?id=1", session)
    with caplog.at_level(logging.WARNING, logger="argmap.sources.hackernews.pages"):
        pages = source.fetch()
    assert session.requested == [HN + "item?id=1", API + "1", HN + "item?id=1&p=2"]
    assert len(pages) == 2 and "reading the HTML pages instead" in caplog.text


def test_via_api_does_not_fall_back():
    source = HackerNewsItemSource(
        HN + "item?id=1", FakeSession({}), SourceOptions(via="api")
    )
    with pytest.raises(NotFoundError):
        source.fetch()


def test_unknown_via_is_an_input_error():
    source = HackerNewsItemSource(
        HN + "item?id=1", FakeSession({}), SourceOptions(via="x")
    )
    with pytest.raises(InputError, match="via must be one of auto, html, api"):
        source.fetch()
