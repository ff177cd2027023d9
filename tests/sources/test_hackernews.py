"""The Hacker News item source, on the real captures in ../shared and on hand-made pages."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from argmap.errors import InputError, LayoutChangedError, NotFoundError
from argmap.http.session import Page
from argmap.model import Thread
from argmap.sources.hackernews import item as hn
from argmap.sources.hackernews.item import HackerNewsItemSource
from tests import helpers
from tests.helpers import shared_path

FACTS = json.loads((Path(__file__).parent / "hn_expected.json").read_text("utf-8"))
CAPTURES = FACTS["captures"]
PAGINATED = FACTS["paginated"]
ALL_FILES = sorted([*CAPTURES, *PAGINATED["pages"]])
HN = "https://news.ycombinator.com/"


def capture(name: str) -> Path:
    return shared_path("corpora", "hn-html", *name.split("/"))


@cache
def read(name: str) -> str:
    return capture(name).read_text("utf-8", errors="replace")


@cache
def parsed(name: str) -> Thread:
    return hn.parse_pages([read(name)], url=name)


@cache
def merged() -> Thread:
    return hn.parse_pages([read(name) for name in PAGINATED["pages"]])


def comments(thread: Thread):
    return thread.posts[1:]


def check_tree(thread: Thread) -> None:
    """The structure of every thread, and Hacker News' ids and URLs."""
    helpers.check_tree(thread)
    root = thread.root
    assert root.url == hn.item_url(thread.id)
    assert thread.url == hn.item_url(thread.id) and thread.site == "hackernews"


# -- every capture against MANIFEST.md and hand-checked facts -------------------


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_capture_counts_and_root(name):
    facts, thread = CAPTURES[name], parsed(name)
    check_tree(thread)
    assert thread.complete and thread.skipped == []
    assert (thread.id, thread.title, thread.link) == (
        facts["id"],
        facts["title"],
        facts["link"],
    )
    assert len(comments(thread)) == facts["comments"]
    assert max(p.depth for p in comments(thread)) == facts["manifest_max_depth"] + 1
    authors = {p.author for p in comments(thread) if p.author}
    assert len(authors) == facts["distinct_comment_authors"]
    assert Counter(p.status for p in comments(thread)) == facts["statuses"]
    assert thread.root.author == facts["root_author"]
    created = thread.root.created.isoformat() if thread.root.created else None
    assert created == facts["root_created"]


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_capture_hand_checked_facts(name):
    facts, thread = CAPTURES[name], parsed(name)
    got = {cid: thread.post(cid).parent for cid in facts["parents"]}
    assert got == facts["parents"]
    for cid, status in facts.get("status_of", {}).items():
        assert thread.post(cid).status == status
    for cid, stamp in facts.get("created_of", {}).items():
        assert thread.post(cid).created.isoformat() == stamp


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_timestamps_only_where_the_page_has_them(name):
    thread = parsed(name)
    stamps = [p.created for p in thread.posts if p.status != "deleted"]
    if CAPTURES[name]["timestamps"]:
        assert all(s is not None and s.tzinfo == timezone.utc for s in stamps)
    else:
        assert stamps and all(s is None for s in stamps)


@pytest.mark.parametrize("name", ALL_FILES)
def test_the_logged_in_viewer_is_never_an_author(name):
    thread = merged() if name in PAGINATED["pages"] else parsed(name)
    viewer = CAPTURES.get(name, PAGINATED)["viewer"]
    authors = {p.author for p in thread.posts}
    assert "also_on_sunday" not in authors and "pedro1976" not in authors
    if viewer:
        assert viewer in read(name)  # the name really is on the page


@pytest.mark.parametrize(
    "name", [n for n, facts in CAPTURES.items() if facts["timestamps"]]
)
def test_every_parent_matches_hns_own_parent_link(name):
    # 2024+ rows link their parent in the comhead ("parent" -> #id); 2019 rows do not.
    thread = parsed(name)
    soup = BeautifulSoup(read(name), "lxml")
    rows = soup.select("tr.athing.comtr")
    assert len(rows) == len(comments(thread))
    for row in rows:
        nav = [a for a in row.select("span.navs a") if a.get_text() == "parent"]
        expected = nav[0]["href"].lstrip("#") if nav else thread.id
        assert thread.post(row["id"]).parent == expected, row["id"]


def test_2024_collapsed_hidden_and_flagged_rows():
    thread = parsed("hn-item-39232976-pkl-config-language-2024-02.html")
    soup = BeautifulSoup(
        read("hn-item-39232976-pkl-config-language-2024-02.html"), "lxml"
    )
    noshow = [row["id"] for row in soup.select("tr.athing.comtr.noshow")]
    coll = [row["id"] for row in soup.select("tr.athing.comtr.coll")]
    assert (len(noshow), len(coll)) == (8, 3)
    assert {thread.post(i).status for i in noshow} == {"ok"}  # hidden, not removed
    flagged = [p for p in thread.posts if p.status == "flagged"]
    assert {p.id for p in flagged} == {"39243896", "39239634"} <= set(coll)
    assert all(p.text == "[flagged]" and p.author for p in flagged)
    collapsed = thread.post("39242400")
    assert collapsed.text.startswith("Did all the timestamps get reset?")


def test_2024_comment_text_links_and_quotes():
    thread = parsed("hn-item-39232976-pkl-config-language-2024-02.html")
    dang = thread.post("39242012")
    assert dang.text == (
        "See also https://pkl-lang.org/index.html\n\n(via "
        "https://news.ycombinator.com/item?id=39239265, but we merged that thread hither)"
    )
    quote = thread.post("39240044").quotes[0]
    assert quote.text.startswith("Pkl was built using the GraalVM Truffle framework.")


def test_root_text_starts_with_the_title_block_then_story_text():
    thread = parsed("legacy/hn-item-4992617-who-is-hiring-jan-2013.html")
    root = thread.root
    assert root.blocks[0].kind == "title"
    assert root.text.startswith(
        "Ask HN: Who is hiring? (January 2013)\n\nPlease lead with"
    )
    assert [b.kind for b in root.blocks[1:]] == ["paragraph"] * (len(root.blocks) - 1)
    permalink = parsed("hn-item-48351450-comment-permalink-subthread-2026-06.html").root
    assert permalink.text.startswith("Used laptops are such a good deal")
    assert "title" not in {b.kind for b in permalink.blocks}


def test_2011_deleted_row_without_id_keeps_its_replies_linked():
    thread = parsed("legacy/hn-item-3083797-virtualbox-is-garbage-2011-10.html")
    deleted = thread.post("3083928-deleted-1")
    assert (deleted.status, deleted.text, deleted.author, deleted.depth) == (
        "deleted",
        "",
        None,
        3,
    )
    assert deleted.url == hn.item_url("3083928")
    code = thread.post("3084288")
    assert [b.kind for b in code.blocks] == ["paragraph", "code"]
    assert "\n    if (strcmp(mod->name" in code.text


# -- the paginated 2012 thread -------------------------------------------------


def test_three_2012_pages_merge_into_one_thread():
    thread = merged()
    check_tree(thread)
    assert thread.complete and thread.skipped == []
    assert (thread.id, thread.title, thread.link) == (
        PAGINATED["id"],
        PAGINATED["title"],
        None,
    )
    assert thread.root.author == PAGINATED["root_author"]
    assert (
        len(comments(thread))
        == PAGINATED["comments"]
        == sum(PAGINATED["comments_per_page"])
    )
    assert (
        len({p.author for p in comments(thread)})
        == PAGINATED["distinct_comment_authors"]
    )
    assert {cid: thread.post(cid).parent for cid in PAGINATED["parents"]} == PAGINATED[
        "parents"
    ]
    ids = [p.id for p in comments(thread)]
    starts = [0, 97, 197]
    assert [ids[i] for i in starts] == PAGINATED["first_ids_per_page"]
    for name, count, depth in zip(
        PAGINATED["pages"],
        PAGINATED["comments_per_page"],
        PAGINATED["manifest_max_depth_per_page"],
    ):
        if name.endswith("page1.html"):
            page = parsed(name)
            assert len(comments(page)) == count
            assert max(p.depth for p in comments(page)) == depth + 1


def test_more_links_and_page_refs_of_the_2012_pages():
    pages = [read(name) for name in PAGINATED["pages"]]
    more = [hn.more_href(text) for text in pages]
    assert more == [m.lstrip("/") if m else None for m in PAGINATED["more_links"]]
    assert [hn.page_ref(text) for text in pages] == [
        "item?id=3412900",
        more[0],
        more[1],
    ]


def test_first_page_alone_is_incomplete():
    thread = parsed(PAGINATED["pages"][0])
    assert not thread.complete
    assert [s.item for s in thread.skipped] == ["page 2"]


PKL = "hn-item-39232976-pkl-config-language-2024-02.html"


def test_a_saved_page_cut_short_is_incomplete_and_says_so(tmp_path):
    # The first 30 KB of a one-page thread whose story counts 564 comments.
    cut = tmp_path / "pkl.html"
    cut.write_bytes(capture(PKL).read_bytes()[:30_000])
    thread = hn.read_saved(cut)
    assert not thread.complete and 0 < len(comments(thread)) < 564
    (skipped,) = thread.skipped
    assert skipped.item == "comments not on the page"
    assert skipped.reason.startswith("the story counts 564 comments but the page holds ")
    assert "cut short" in skipped.reason


@pytest.mark.parametrize("name", CAPTURES)
def test_every_full_single_page_capture_is_complete(name):
    assert parsed(name).complete, parsed(name).skipped


def test_a_one_page_thread_with_fewer_comments_than_counted_is_incomplete():
    from tests.network.sites import hn_page

    whole = hn.parse_pages([hn_page([("10", 0), ("11", 1)], comments=2)])
    assert whole.complete and not whole.skipped
    short = hn.parse_pages([hn_page([("10", 0), ("11", 1)], comments=3)])
    assert not short.complete
    assert short.skipped[0].reason.startswith(
        "the story counts 3 comments but the page holds 2:"
    )


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([PAGINATED["pages"][0], PAGINATED["pages"][2]], "More link leads to"),
        (
            ["hn-item-20865492-openbsd-was-right-2019-09.html", PAGINATED["pages"][1]],
            "no More link",
        ),
        ([PAGINATED["pages"][1]], "not the first page"),
    ],
)
def test_pages_that_do_not_belong_together_are_refused(names, message):
    with pytest.raises(InputError, match=message):
        hn.parse_pages([read(name) for name in names])


# -- saved files -----------------------------------------------------------------


@pytest.mark.parametrize("page", [0, 1, 2])
def test_read_saved_finds_the_other_pages_next_to_any_page(page):
    thread = hn.read_saved(capture(PAGINATED["pages"][page]))
    assert thread.complete and len(comments(thread)) == 224
    assert thread.id == "3412900"


def test_read_saved_without_the_continuation_is_incomplete(tmp_path):
    first = capture(PAGINATED["pages"][0])
    shutil.copy(first, tmp_path / "saved.html")
    shutil.copy(capture(ALL_FILES[0]), tmp_path / "another-thread.html")
    thread = hn.read_saved(tmp_path / "saved.html")
    assert len(comments(thread)) == 97 and not thread.complete
    (skipped,) = thread.skipped
    assert skipped.item == "page 2"
    assert skipped.reason.startswith("continuation page not found next to ")
    assert skipped.reason.endswith("saved.html; pass it too or map the URL")


def test_read_saved_continuation_without_first_page_is_an_input_error(tmp_path):
    shutil.copy(capture(PAGINATED["pages"][1]), tmp_path / "p2.html")
    with pytest.raises(InputError, match="'more comments' page"):
        hn.read_saved(tmp_path / "p2.html")


@pytest.mark.parametrize("name", ALL_FILES)
def test_sniff_recognises_every_capture_by_content(name):
    assert hn.sniff(read(name)[: 64 * 1024])


@pytest.mark.parametrize(
    "head",
    [
        '{"format": "argmap-thread"}',
        '<html lang="en" op="news"><head><title>Hacker News</title></head>',
        '<html op="user"><head><title>Profile: pg | Hacker News</title></head>',
        "<html><head><title>Some blog | Other News</title></head>",
        "",
    ],
)
def test_sniff_rejects_other_content(head):
    assert not hn.sniff(head)


# -- URL pattern and registry ----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "item_id"),
    [
        ("https://news.ycombinator.com/item?id=39232976", "39232976"),
        ("http://news.ycombinator.com/item?id=1&p=2", "1"),
        ("https://news.ycombinator.com/item?id=5&goto=news#6", "5"),
        ("https://news.ycombinator.com/item?id=12x", None),
        ("https://news.ycombinator.com/user?id=12", None),
        ("https://news.ycombinator.com.evil.org/item?id=1", None),
        ("https://news.ycombinator.com/item?id=", None),
    ],
)
def test_url_pattern(url, item_id):
    match = HackerNewsItemSource.match_url(url)
    assert (match["id"] if match else None) == item_id


def test_registry_entry():
    from argmap.sources import hackernews

    assert hackernews.SOURCES[0] is HackerNewsItemSource
    assert HackerNewsItemSource.match_url(HackerNewsItemSource.example)
    assert (HackerNewsItemSource.site, HackerNewsItemSource.kind) == (
        "hackernews",
        "item",
    )


# -- hand-made pages: markup variants and failure modes --------------------------

STAMP = "2024-01-02T00:00:00 1704153600"


def comment_row(
    cid, indent, user="u", text="hi", cls="", mark="", goto="item%3Fid%3D1"
):
    row_id = f' id="{cid}"' if cid else ""
    vote = (
        f'<a id="up_{cid}" href="vote?id={cid}&amp;how=up&amp;goto={goto}"></a>'
        if cid
        else ""
    )
    age = (
        f'<span class="age" title="{STAMP}"><a href="item?id={cid}">1 day ago</a></span>'
        if cid
        else ""
    )
    return (
        f'<tr class="athing comtr {cls}"{row_id}><td><table border="0"><tr>'
        f'<td class="ind" indent="{indent}"><img src="s.gif" height="1" width="{40 * indent}"></td>'
        f'<td class="votelinks">{vote}</td><td class="default"><div><span class="comhead">'
        f'<a href="user?id={user}" class="hnuser">{user}</a> {age}{mark}</span></div><br>'
        f'<div class="comment"><div class="commtext c00">{text}</div><div class="reply"><p>'
        '<font size="1"><u><a href="reply?id=1">reply</a></u></font></div></div></td></tr></table></td></tr>'
    )


def modern_page(rows, *, item_id=1, page=1, more=True, story_text=""):
    goto = f"item%3Fid%3D{item_id}" + (f"%26p%3D{page}" if page > 1 else "")
    more_link = (
        f'<tr><td class="title"><a href="item?id={item_id}&amp;p={page + 1}" class="morelink" rel="next">More</a></td></tr>'
        if more
        else ""
    )
    body = "".join(
        comment_row(*row[:2], **row[2] if len(row) > 2 else {}, goto=goto)
        for row in rows
    )
    return (
        f'<html lang="en" op="item"><head><title>A story | Hacker News</title></head><body>'
        f'<span class="pagetop"><a href="login?goto={goto}">login</a></span>'
        f'<table class="fatitem"><tr class="athing submission" id="{item_id}"><td class="title">'
        f'<span class="titleline"><a href="item?id={item_id}">A story</a></span></td></tr>'
        f'<tr><td class="subtext"><a href="user?id=op" class="hnuser">op</a> '
        f'<span class="age" title="{STAMP}"><a href="item?id={item_id}">x</a></span></td></tr>'
        f'<tr><td colspan="2"></td><td><div class="toptext">{story_text}</div></td></tr></table>'
        f'<table class="comment-tree">{body}{more_link}</table></body></html>'
    )


def test_modern_continuation_page_starting_deep_links_through_the_carried_stack():
    page1 = modern_page(
        [("10", 0), ("11", 1), ("12", 2)], story_text="Why?<p>&gt; a quote"
    )
    page2 = modern_page([("13", 2), ("14", 1), ("15", 0)], page=2, more=False)
    thread = hn.parse_pages([page1, page2])
    check_tree(thread)
    assert thread.link is None and thread.title == "A story"
    assert [b.kind for b in thread.root.blocks] == ["title", "paragraph", "quote"]
    assert thread.root.text == "A story\n\nWhy?\n\na quote"
    parents = {p.id: p.parent for p in comments(thread)}
    assert parents == {
        "10": "1",
        "11": "10",
        "12": "11",
        "13": "11",
        "14": "10",
        "15": "1",
    }
    assert thread.post("13").created == datetime(2024, 1, 2, tzinfo=timezone.utc)


def test_modern_pages_of_different_items_are_refused():
    page1 = modern_page([("10", 0)])
    other = modern_page([("20", 0)], item_id=2, page=2, more=False)
    with pytest.raises(InputError, match="does not continue"):
        hn.parse_pages([page1, other])


def test_status_markers_in_rows():
    page = modern_page(
        [
            ("10", 0, {"text": "[deleted]"}),
            ("11", 1, {"text": "shown anyway", "mark": " [dead]"}),
            ("12", 1, {"text": "[dead]"}),
            ("13", 0, {"text": "flagged text", "mark": " [flagged]"}),
            ("14", 0, {"text": "hidden", "cls": "coll"}),
        ],
        more=False,
    )
    thread = hn.parse_pages([page])
    got = {p.id: (p.status, p.text) for p in comments(thread)}
    assert got == {
        "10": ("deleted", ""),
        "11": ("dead", "shown anyway"),
        "12": ("dead", "[dead]"),
        "13": ("flagged", "flagged text"),
        "14": ("collapsed", "hidden"),
    }


def test_row_without_id_is_a_layout_error_naming_site_and_url():
    page = modern_page([("10", 0), ("", 1)], more=False)
    with pytest.raises(
        LayoutChangedError, match=r"hackernews: .*https://x\.test/item.* no id"
    ):
        hn.parse_pages([page], url="https://x.test/item")


def test_row_without_indentation_is_a_layout_error():
    page = modern_page([("10", 0)], more=False).replace(
        'indent="0"><img src="s.gif" height="1" width="0">', ">"
    )
    with pytest.raises(LayoutChangedError, match="no indentation"):
        hn.parse_pages([page])


def test_row_indented_past_any_parent_is_skipped_with_its_replies():
    page = modern_page([("10", 0), ("11", 2), ("12", 3), ("13", 1)], more=False)
    thread = hn.parse_pages([page])
    assert [p.id for p in comments(thread)] == ["10", "13"]
    assert [s.item for s in thread.skipped] == ["comment 11", "comment 12"]
    assert "parent" in thread.skipped[0].reason and not thread.complete


def test_row_without_comment_text_is_skipped_with_its_replies():
    page = modern_page(
        [("10", 0), ("11", 1, {"text": "gone"}), ("12", 2), ("13", 0)], more=False
    )
    page = page.replace(
        '<div class="comment"><div class="commtext c00">gone</div>', "<div>"
    )
    thread = hn.parse_pages([page])
    assert [p.id for p in comments(thread)] == ["10", "13"]
    assert [(s.item, s.reason) for s in thread.skipped] == [
        ("comment 11", "page 1, depth 2: the row has no comment text"),
        ("comment 12", "page 1, depth 3: its parent is missing or was left out"),
    ]


def test_a_page_that_is_not_an_item_page_is_an_input_error():
    with pytest.raises(InputError):
        hn.parse_pages(["<html><body><p>nothing here</p></body></html>"])
    with pytest.raises(InputError):
        hn.parse_pages([])


# -- fetch(): More links followed through a fake session --------------------------


class FakeSession:
    """Serves canned page texts by URL and records what was asked for."""

    def __init__(self, pages: dict[str, str] | None = None, make=None):
        self.pages, self.make, self.requested = pages or {}, make, []

    def get(self, url: str, *, params=None) -> Page:
        self.requested.append(url)
        text = self.pages.get(url) if self.make is None else self.make(url)
        if text is None:
            raise NotFoundError(f"{url} not found", url=url, status=404)
        when = datetime(2026, 1, 1, tzinfo=timezone.utc)
        return Page(url=url, text=text, status=200, fetched_at=when)


def test_fetch_follows_the_fnid_chain_of_the_2012_thread():
    urls = [HN + "item?id=3412900", HN + "x?fnid=L4Utx2mqoS", HN + "x?fnid=ym6dUtJLfm"]
    session = FakeSession(dict(zip(urls, (read(n) for n in PAGINATED["pages"]))))
    source = HackerNewsItemSource(HN + "item?id=3412900&p=3", session=session)
    pages = source.fetch()
    assert session.requested == urls and [p.url for p in pages] == urls
    thread = source.fetch_thread()
    assert len(comments(thread)) == 224 and thread.complete
    assert thread.fetched_at == datetime(2026, 1, 1, tzinfo=timezone.utc)


def endless(url: str) -> str:
    page = int(url.split("&p=")[1]) if "&p=" in url else 1
    return modern_page([(str(100 + page), 0)], page=page)


def test_fetch_stops_at_max_pages_and_parse_says_so():
    session = FakeSession(make=endless)
    source = HackerNewsItemSource(HN + "item?id=1", session=session)
    pages = source.fetch()
    assert len(pages) == hn.MAX_PAGES == len(session.requested)
    assert session.requested[1] == HN + "item?id=1&p=2"
    thread = source.parse(pages)
    assert len(comments(thread)) == hn.MAX_PAGES and not thread.complete
    (skipped,) = thread.skipped
    assert skipped.item == f"page {hn.MAX_PAGES + 1}" and "MAX_PAGES" in skipped.reason


def test_fetch_does_not_loop_on_a_more_link_back_to_a_fetched_page():
    page2 = modern_page([("11", 0)], page=2).replace("p=3", "p=2")
    session = FakeSession(
        {HN + "item?id=1": modern_page([("10", 0)]), HN + "item?id=1&p=2": page2}
    )
    source = HackerNewsItemSource(HN + "item?id=1", session=session)
    pages = source.fetch()
    assert len(pages) == 2 == len(session.requested)
    assert source.parse(pages).complete  # the More link leads to a page already read


def test_fetch_passes_session_errors_through():
    source = HackerNewsItemSource(HN + "item?id=9", session=FakeSession())
    with pytest.raises(NotFoundError):
        source.fetch()
