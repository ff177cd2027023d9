"""Saved Hacker News pages built to make the page patterns slow.

A pattern that runs from each "<a " to the next ">" takes time in the square
of the page: 20,000 unclosed "<a " before </body> made reading a real page
take 23 s (40,000: 87 s). These sizes would take minutes at that rate.
"""

from __future__ import annotations

from argmap.sources.files import read_thread_file
from argmap.sources.hackernews import item as hn
from argmap.sources.hackernews.pages import estimated_pages, more_href
from tests.helpers import shared_path
from tests.sources.test_hackernews import modern_page

MANY = 40_000


def test_more_link_is_found_past_many_unclosed_anchors():
    page = modern_page([("10", 0), ("11", 1)])
    before_link = page.replace(
        '<tr><td class="title"><a href="item?id=1&amp;p=2"',
        "<a " * MANY + '<tr><td class="title"><a href="item?id=1&amp;p=2"',
    )
    after_link = page.replace("</body>", "<a " * MANY + "</body>")
    for hostile in (before_link, after_link):
        assert more_href(hostile) == "item?id=1&p=2"
        assert estimated_pages(hostile) is None  # the page shows no comment count
        thread = hn.parse_pages([hostile])
        assert [p.id for p in thread.posts] == ["1", "10", "11"]


def test_a_more_link_with_endless_attributes_is_no_link():
    attributes = 'href="x ' * MANY + "href=" + "h" * MANY
    assert more_href(f"<a {attributes}>More</a>") is None
    assert more_href(f'<a {attributes} href="item?id=1&amp;p=2">More</a>') is None
    assert more_href('<a class="x"href="item?id=7&amp;p=3">More</a>') == "item?id=7&p=3"


def test_sniff_is_linear_in_unclosed_html_tags():
    head = "<title>A story | Hacker News</title>" + "<html " * 10_000
    assert hn.sniff(head)
    assert not hn.sniff(
        '<html op="news"><title>A | Hacker News</title>' + "<html " * 10_000
    )


def test_a_real_page_with_many_unclosed_anchors_reads_the_same(tmp_path):
    name = "hn-item-48350598-chuwi-minibook-x-2026-06.html"
    original = shared_path("corpora", "hn-html", name)
    hostile = tmp_path / name
    text = original.read_text("utf-8")
    hostile.write_text(text.replace("</body>", "<a " * MANY + "</body>"), "utf-8")
    expected = read_thread_file(original)
    thread = read_thread_file(hostile)
    assert [(p.id, p.parent, p.text) for p in thread.posts] == [
        (p.id, p.parent, p.text) for p in expected.posts
    ]
