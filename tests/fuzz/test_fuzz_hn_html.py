"""Fuzz the HTML readers: comment HTML -> text, and whole Hacker News item pages.

Inputs: hostile text and tag soup for ``html_to_text``; 10,000-deep nesting of
every tag the walker treats specially; real item pages (../shared/corpora)
cut at random points, with bytes deleted, repeated or replaced by invalid
UTF-8, and with the attributes the parser reads (indent, ids, ages, spacer
widths) replaced by hostile values. Only argmap's own errors may escape.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.sources._html import html_to_text
from argmap.sources.base import as_text
from argmap.sources.hackernews.item import parse_pages
from tests.fuzz._fuzz import (
    XML_ILLEGAL,
    big_inputs,
    call_parser,
    capture_bytes,
    check_thread,
    fuzz_settings,
    hostile_piece,
    hostile_text,
    mangled_bytes,
    short_hostile_text,
)

# Small first pages of the three markups; the 800 KB page joins in long runs.
PAGES = [
    "hn-html/legacy/hn-item-5002483-future-according-to-larry-page-2013-01.html",
    "hn-html/legacy/hn-item-3083797-virtualbox-is-garbage-2011-10.html",
    "hn-html/hn-item-20865492-openbsd-was-right-2019-09.html",
    "hn-html/hn-item-48351450-comment-permalink-subthread-2026-06.html",
]
BIG_PAGES = [
    "hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html",
    "hn-html/hn-item-39232976-pkl-config-language-2024-02.html",
]
CHAIN = [
    "hn-html/legacy/hn-item-3412900-who-is-hiring-jan-2012-page1.html",
    "hn-html/legacy/hn-item-3412900-who-is-hiring-jan-2012-page2.html",
    "hn-html/legacy/hn-item-3412900-who-is-hiring-jan-2012-page3-last.html",
]
pages = st.sampled_from(PAGES + (BIG_PAGES if big_inputs() else []))

TAGS = (
    "<p>", "</p>", "<div>", "</div>", "<blockquote>", "</blockquote>", "<pre>",
    "</pre>", "<code>", "</code>", "<i>", "</i>", "<ul>", "<ol>", "<li>", "</li>",
    "</ul>", "<br>", "<br/>", "<a href=\"https://x.example/\">", "<a href='javascript:x'>",
    "<a href=\"//[bad\">", "<a>", "</a>", '<aside class="quote">', "</aside>",
    "<table><tr><td>", "</td></tr></table>", "<script>", "</script>", "<style>",
    "<img src=x onerror=alert(1)>", "<svg><g>", "<math>", "<template>", "<span>",
    "<font color=#000>", "<h1>", "</h1>", "<hr>", "<!DOCTYPE html>", "<?php x ?>",
    "<!-- c -->", "<![CDATA[ x ]]>", "<html>", "<body>", "</body>", "<head>",
    "<title>", "<p class=\"reply\">", "<div class=\"reply\">", "<\x00p>", "</",
)  # fmt: skip
tag_soup = st.lists(
    st.one_of(st.sampled_from(TAGS), hostile_piece, st.text(max_size=8)), max_size=40
).map("".join)
base_urls = st.one_of(
    st.none(),
    st.sampled_from(["https://news.ycombinator.com/", "https://[::1/", "x:", ""]),
    short_hostile_text,
)


def check_text(text: str, blocks) -> None:
    assert isinstance(text, str)
    assert not XML_ILLEGAL.search(text), "XML-illegal characters are removed"
    end = -2
    for block in blocks:
        assert end + 2 <= block.start < block.end <= len(text), block
        covered = text[block.start : block.end]
        assert covered == covered.strip(), "a block has no edge whitespace"
        end = block.end


@fuzz_settings(examples=60, deadline_ms=2_000)
@given(html=st.one_of(tag_soup, hostile_text), base_url=base_urls)
def test_html_to_text_takes_any_markup(html, base_url):
    text, blocks = html_to_text(html, base_url)
    check_text(text, blocks)


NESTING = {
    "div": ("<div>", "</div>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "italic": ("<i>", "</i>"),
    "list": ("<ul><li>", "</li></ul>"),
    "link": ('<a href="https://x.example/">', "</a>"),
    "pre": ("<pre>", "</pre>"),
    "discourse quote": ('<aside class="quote"><blockquote>', "</blockquote></aside>"),
    "table": ("<table><tr><td>", "</td></tr></table>"),
    "span": ("<span>", "</span>"),
}


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "unclosed"])
@pytest.mark.parametrize("kind", sorted(NESTING))
def test_html_to_text_reads_markup_nested_10000_deep(kind, closed):
    opening, closing = NESTING[kind]
    n = 10_000
    html = opening * n + "deep words" + (closing * n if closed else "") + "<p>after</p>"
    text, blocks = html_to_text(html)
    check_text(text, blocks)
    if kind not in ("link", "discourse quote"):
        assert "deep words" in text  # nothing is lost to the depth


@fuzz_settings(examples=12, deadline_ms=10_000)
@given(name=pages, data=st.data())
def test_item_page_cut_and_mangled(name, data):
    raw = data.draw(mangled_bytes(capture_bytes(name)))
    thread = call_parser(parse_pages, [as_text(raw)], url=name)
    if thread is not None:
        check_thread(thread)


# The attributes the parser reads, and hostile values for them.
HOOKS = [
    (r'indent="\d+"', 'indent="{}"'),
    (r'width="\d+"', 'width="{}"'),
    (r'class="athing comtr" id="\d+"', 'class="athing comtr" id="{}"'),
    (r"id='up_\d+'", "id='up_{}'"),
    (r'title="[^"]*"', 'title="{}"'),
    (r'href="item\?id=\d+"', 'href="item?id={}"'),
    (r'class="hnuser">[^<]*<', 'class="hnuser">{}<'),
    (r'class="(?:commtext|comment)[^"]*"', 'class="{}"'),
]
hook_values = st.one_of(
    st.sampled_from(
        ["-1", "-40", "0", "999999999999", "1e9", "4.5", "\u00b2", "\uff11", "", " ",
         "9" * 5000, "[deleted]", "[flagged]", "2024-13-45T99:99:99 99999999999999"]
    ),
    short_hostile_text.map(lambda t: t.replace('"', "").replace("'", "")),
)  # fmt: skip


@fuzz_settings(examples=20, deadline_ms=10_000)
@given(name=pages, data=st.data())
def test_item_page_with_hostile_attributes(name, data):
    text = as_text(capture_bytes(name))
    for _ in range(data.draw(st.integers(1, 4))):
        pattern, template = data.draw(st.sampled_from(HOOKS))
        matches = list(re.finditer(pattern, text))
        if not matches:
            continue
        match = data.draw(st.sampled_from(matches))
        value = data.draw(hook_values)
        text = text[: match.start()] + template.format(value) + text[match.end() :]
    thread = call_parser(parse_pages, [text], url=name)
    if thread is not None:
        check_thread(thread)


@fuzz_settings(examples=12, deadline_ms=10_000)
@given(name=pages, data=st.data())
def test_item_page_with_rows_dropped_repeated_and_unclosed(name, data):
    text = as_text(capture_bytes(name))
    cuts = [m.start() for m in re.finditer(r"<tr|</tr>|</table>|<td|</td>", text)]
    for _ in range(data.draw(st.integers(1, 6))):
        a = data.draw(st.sampled_from(cuts))
        b = data.draw(st.sampled_from(cuts))
        a, b = min(a, b), max(a, b)
        action = data.draw(st.sampled_from(("drop", "repeat", "unclose")))
        if action == "drop":
            text = text[:a] + text[b:]
        elif action == "repeat":
            text = text[:b] + text[a:b] + text[b:]
        else:
            text = text[:a] + re.sub(r"</(?:tr|td|table|div|span)>", "", text[a:b]) + text[b:]
        cuts = [c for c in cuts if c < len(text)] or [0]
    thread = call_parser(parse_pages, [text], url=name)
    if thread is not None:
        check_thread(thread)


@fuzz_settings(examples=5, deadline_ms=15_000)
@given(data=st.data())
def test_paginated_chain_with_mangled_pages(data):
    texts = [as_text(capture_bytes(name)) for name in CHAIN]
    which = data.draw(st.sets(st.integers(0, 2), min_size=1))
    for i in which:
        texts[i] = as_text(data.draw(mangled_bytes(texts[i].encode())))
    if data.draw(st.booleans()):
        texts = data.draw(st.permutations(texts))
    thread = call_parser(parse_pages, texts, url="chain")
    if thread is not None:
        check_thread(thread)


def test_an_empty_or_foreign_page_is_an_input_error():
    for text in ["", "\x00\ufffd", "<html></html>", "{}", "<table class=fatitem>"]:
        assert call_parser(parse_pages, [text]) is None
    assert call_parser(parse_pages, []) is None
