"""Comment HTML -> plain text and blocks (argmap.sources._html)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.model import BLOCK_KINDS
from argmap.sources._html import assemble, html_to_text

HN = "https://news.ycombinator.com/"
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def blocks_of(html: str, base_url: str | None = HN) -> list[tuple[str, str]]:
    text, blocks = html_to_text(html, base_url)
    return [(b.kind, text[b.start : b.end]) for b in blocks]


def check_invariants(text: str, blocks) -> None:
    assert not XML_ILLEGAL.search(text)
    assert text == text.strip()
    end = -2
    for block in blocks:
        assert block.kind in BLOCK_KINDS
        assert block.start >= end + 2, "blocks are ordered and do not overlap"
        assert 0 <= block.start < block.end <= len(text)
        covered = text[block.start : block.end]
        assert covered == covered.strip(), "no edge whitespace inside a block"
        end = block.end
    # Paragraphs are separated by exactly one blank line, and only blocks hold text.
    pieces = [text[b.start : b.end] for b in blocks]
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", "".join(pieces))


# -- paragraphs, whitespace, entities ---------------------------------------


def test_hn_paragraphs_are_split_on_p_and_joined_by_one_blank_line():
    html = '<div class="commtext c00">First one.<p>Second &amp; last.</p></div>'
    text, blocks = html_to_text(html)
    assert text == "First one.\n\nSecond & last."
    assert [(b.kind, b.start, b.end) for b in blocks] == [
        ("paragraph", 0, 10),
        ("paragraph", 12, 26),
    ]


def test_br_and_typed_newlines_are_line_breaks_spaces_collapse():
    html = "<p>a  \t b&nbsp;&nbsp;c<br>next line<br>\n<br>  after\nraw newline</p>"
    assert html_to_text(html)[0] == "a b c\nnext line\nafter\nraw newline"


def test_empty_paragraphs_are_dropped():
    assert blocks_of("<p> </p><p>&nbsp;</p><p>x</p><p><br></p>") == [("paragraph", "x")]
    assert html_to_text("") == ("", ())
    assert html_to_text("<div></div>") == ("", ())


def test_a_bs4_tag_is_accepted_as_well_as_a_string():
    soup = BeautifulSoup('<div id="c">one<p>two</div><div>other</div>', "lxml")
    assert html_to_text(soup.select_one("#c"))[0] == "one\n\ntwo"


# -- links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # HN cuts long link text and ends it with "...": the href is the real target.
        (
            (
                '<a href="http://webcache.example.com/search?q=cache:lkml.org/x&amp;strip=1">'
                "http://webcache.example.com/search?q=cache:lkml.or...</a>"
            ),
            "http://webcache.example.com/search?q=cache:lkml.org/x&strip=1",
        ),
        (
            '<a href="https:&#x2F;&#x2F;pkl-lang.org&#x2F;">https:&#x2F;&#x2F;pkl-lang.org&#x2F;</a>',
            "https://pkl-lang.org/",
        ),
        ('<a href="https://example.com/x">Social Tables</a>', "Social Tables"),
        ('<a href="item?id=1">item?id=1</a>', "https://news.ycombinator.com/item?id=1"),
        ('<a href="mailto:a@b.org">mailto:a@b.org</a>', "mailto:a@b.org"),
        ('<a href="mailto:a@b.org">a@b.org</a>', "a@b.org"),
        (
            '<a href="javascript:alert(1)">http://safe.example/</a>',
            "http://safe.example/",
        ),
        ('<a href="ftp://x.org/f">www.x.org/f...</a>', "www.x.org/f..."),
        ("<a>http://no-href.example/...</a>", "http://no-href.example/..."),
    ],
)
def test_link_text_or_target(html, expected):
    assert html_to_text(f"<p>{html}</p>", HN)[0] == expected


def test_relative_links_stay_text_without_a_base_url():
    assert html_to_text('<a href="item?id=1">item?id=1</a>', None)[0] == "item?id=1"


# -- code ----------------------------------------------------------------------


def test_pre_code_is_its_own_block_with_lines_and_relative_indent_kept():
    html = (
        "Try this:<p><pre><code>  def f(x):\n      return x\n\n  f(1)\n</code></pre>"
        '<a href="http://x.org/">http://x.org/</a><p>Done.'
    )
    assert blocks_of(html) == [
        ("paragraph", "Try this:"),
        ("code", "def f(x):\n    return x\n\nf(1)"),
        ("paragraph", "http://x.org/"),
        ("paragraph", "Done."),
    ]


def test_code_keeps_tabs_and_runs_of_spaces_but_not_illegal_characters():
    text, blocks = html_to_text("<pre><code>  a\tb    c\x00\n    d</code></pre>")
    assert text == "a\tb    c\n  d"
    assert [b.kind for b in blocks] == ["code"]


def test_code_block_edges_are_trimmed_so_blocks_start_on_text():
    # The first line's extra indent is lost; the block and the text agree.
    text, blocks = html_to_text("<p>x</p><pre><code>    deep\n  shallow</code></pre>")
    assert text == "x\n\ndeep\nshallow"
    assert text[blocks[1].start : blocks[1].end] == "deep\nshallow"


# -- quotes --------------------------------------------------------------------


def test_italic_quote_loses_its_marker_too():
    assert blocks_of("<p><i>&gt; quoted words</i></p><p>Reply.</p>") == [
        ("quote", "quoted words"),
        ("paragraph", "Reply."),
    ]


def test_greater_than_paragraph_is_a_quote_without_its_marker():
    html = "<p>&gt; Pkl was built using GraalVM.</p><p>What now?</p>"
    assert blocks_of(html) == [
        ("quote", "Pkl was built using GraalVM."),
        ("paragraph", "What now?"),
    ]


def test_greater_than_lines_inside_a_paragraph_split_from_the_reply():
    html = "<p>&gt; one\n&gt;two\nmy answer</p>"
    assert blocks_of(html) == [("quote", "one\ntwo"), ("paragraph", "my answer")]


def test_a_paragraph_made_only_of_italics_is_a_quote():
    html = "<p><i>They said this.</i></p><p>I disagree with <i>this</i> part.</p>"
    assert blocks_of(html) == [
        ("quote", "They said this."),
        ("paragraph", "I disagree with this part."),
    ]


def test_blockquote_and_discourse_aside_quote():
    html = (
        '<aside class="quote" data-post="3"><div class="title"><div class="quote-controls">'
        '</div><img class="avatar" src="a.png"> bob:</div>'
        "<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote></aside>"
        "<p>My reply.</p><blockquote>Plain quote</blockquote>"
    )
    assert blocks_of(html) == [
        ("quote", "Quoted one."),
        ("quote", "Quoted two."),
        ("paragraph", "My reply."),
        ("quote", "Plain quote"),
    ]


def test_nested_discourse_quotes_are_read_once():
    inner = '<aside class="quote"><div class="title">ann:</div><blockquote><p>A.</p></blockquote></aside>'
    html = f'<aside class="quote"><div class="title">bob:</div><blockquote>{inner}<p>B.</p></blockquote></aside>'
    assert blocks_of(html) == [("quote", "A."), ("quote", "B.")]


# -- lists ---------------------------------------------------------------------


def test_marker_lines_become_list_items_with_their_marker():
    html = "<p>Issues:\n1. copy breaks\n2) freezes\n- shared\n* folders\n\u2022 dots\nafter</p>"
    assert blocks_of(html) == [
        ("paragraph", "Issues:"),
        ("list_item", "1. copy breaks"),
        ("list_item", "2) freezes"),
        ("list_item", "- shared"),
        ("list_item", "* folders"),
        ("list_item", "\u2022 dots"),
        ("paragraph", "after"),
    ]


def test_hn_style_list_of_paragraphs_and_html_lists():
    html = "<p>- Ribbon is hiring.</p><p>- Remote ok.</p><ul><li>a</li><li>b</li></ul>"
    assert [kind for kind, _ in blocks_of(html)] == ["list_item"] * 4


def test_things_that_are_not_list_markers():
    html = "<p>-dash\n2019. was a year\n*emphasis*</p>"
    assert blocks_of(html) == [("paragraph", "-dash\n2019. was a year\n*emphasis*")]


# -- hostile and broken HTML --------------------------------------------------


def test_xml_illegal_characters_are_removed_everywhere():
    html = "<p>a\x00b\x08c\x0bd\x1f\ufffee\uffff \ud800f</p><a href='http://x.org/\x01'>http://x.org/\x01</a>"
    text, _ = html_to_text(html)
    assert text == "abcde f\n\nhttp://x.org/"
    assert "\t" in html_to_text("<pre>a\tb</pre>")[0]


@pytest.mark.parametrize(
    "html",
    [
        "<p><p><b>unclosed <i>nested</p></div></span>text",
        "<div class='commtext'>" + "<i>" * 5000 + "deep",
        "<table><tr><td>cell<p>para</td></tr>",
        "<script>alert(1)</script><style>p{}</style><!-- c --><p>visible</p>",
        "<pre>",
        "<a href='http://[bad'>http://[bad</a>",
        "&#0;&#xD800;&#1114111;&bogus;",
        "<aside class='quote'><div class='title'>no blockquote</div></aside>",
    ],
)
def test_odd_html_never_raises(html):
    text, blocks = html_to_text(html)
    check_invariants(text, blocks)


def test_scripts_styles_and_comments_contribute_no_text():
    html = "<script>alert(1)</script><style>p{}</style><!-- c --><p>visible</p>"
    assert html_to_text(html)[0] == "visible"


def test_assemble_skips_blank_parts():
    assert assemble([("paragraph", " "), ("title", "T"), ("code", "  x")]) == (
        "T\n\nx",
        assemble([("title", "T"), ("code", "  x")])[1],
    )


_FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br>",
        "<i>",
        "</i>",
        "<pre><code>",
        "</code></pre>",
        "<blockquote>",
        "</blockquote>",
        "<li>",
        "&gt; ",
        "- ",
        "1. ",
        "\n",
        "  ",
        "&nbsp;",
        "<a href='http://e.org/a'>",
        "</a>",
        "...",
        "\x00",
        "\t",
        "\ufffe",
    ]
)
_HTML = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_HTML)
def test_any_input_gives_clean_text_and_consistent_blocks(html):
    text, blocks = html_to_text(html, HN)
    check_invariants(text, blocks)
