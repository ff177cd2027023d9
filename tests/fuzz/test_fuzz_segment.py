"""Fuzz segmentation (``argmap.segment``): any post text becomes valid claims.

Inputs: hostile text (controls, lone surrogates, bidi and zero-width marks,
emoji and combining marks, argmap's own quote/list/code markers) with blocks
read from the text (thread JSON, Reddit) or from HTML markup (HN, Discourse,
Lobsters); very long posts and posts of 10,000 lines; a post longer than
spaCy's max_length. Each claim must lie inside its post, in order, without
overlap, and say what its span says.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.model import CLAIM_TYPES, Post, Thread
from argmap.segment import load_pipeline, segment_posts, segment_thread
from argmap.sources._html import html_to_text
from argmap.text.blocks import blocks_from_text
from tests.fuzz._fuzz import fuzz_settings, hostile_text
from tests.fuzz.test_fuzz_hn_html import tag_soup


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def make_post(text: str, blocks=None, title: bool = False) -> Post:
    if blocks is None:
        blocks = blocks_from_text(text, title=title)
    return Post("1", None, "a", None, 0, "", "ok", text, blocks)


SURROGATE = re.compile("[\ud800-\udfff]")  # spaCy reads them as U+FFFD


def check_claims(post: Post, claims) -> None:
    end = 0
    for index, claim in enumerate(claims):
        assert claim.post_id == post.id and claim.index == index
        assert claim.claim_type in CLAIM_TYPES
        assert end <= claim.start < claim.end <= len(post.text), (claim, len(post.text))
        assert isinstance(claim.text, str) and claim.text.strip(), claim
        if claim.claim_type != "quote":
            span = SURROGATE.sub("\ufffd", post.text[claim.start : claim.end])
            assert claim.text == " ".join(span.split())
        end = claim.end


@fuzz_settings(examples=80, deadline_ms=3_000)
@given(text=hostile_text, title=st.booleans())
def test_plain_text_posts(nlp, text, title):
    post = make_post(text, title=title)
    check_claims(post, list(segment_posts([post], nlp)))


@fuzz_settings(examples=60, deadline_ms=3_000)
@given(html=st.one_of(tag_soup, hostile_text))
def test_html_posts_with_blocks_from_the_markup(nlp, html):
    text, blocks = html_to_text(html)
    post = make_post(text, blocks)
    check_claims(post, list(segment_posts([post], nlp)))


@fuzz_settings(examples=10, deadline_ms=20_000)
@given(piece=hostile_text, lines=st.integers(1_000, 10_000), newline=st.sampled_from(["\n", "\n\n", "\n> ", "\n- "]))
def test_long_posts(nlp, piece, lines, newline):
    text = newline.join([piece or "x"] * lines)
    post = make_post(text)
    check_claims(post, list(segment_posts([post], nlp)))


def test_a_post_longer_than_spacys_limit_is_kept_and_listed_as_skipped(nlp):
    long_text = "A claim that goes on. " * (nlp.max_length // 22 + 10)
    posts = [make_post("Short root post here."), make_post(long_text)]
    posts[1].id, posts[1].parent, posts[1].depth = "2", "1", 1
    thread = Thread("x", "1", "", "", posts)
    claims = segment_thread(thread, nlp)
    assert {c.post_id for c in claims} == {"1"}
    assert [s.item for s in thread.skipped] == ["post 2"]
    assert "not split into claims" in thread.skipped[0].reason
    segment_thread(thread, nlp)
    assert len(thread.skipped) == 1, "a second run lists it once"


# Issue 14's slow family: long runs of prefix/suffix punctuation, which
# spaCy's affix stripping handled in time quadratic in the run. Any character
# that is not a letter, digit or space, repeated or mixed, thousands long.
punctuation = st.characters(
    exclude_categories=("L", "N", "Zs", "Cs", "Cc"), exclude_characters="\n"
)
punctuation_runs = st.one_of(
    st.tuples(punctuation, st.integers(2_000, 12_000)).map(lambda t: t[0] * t[1]),
    st.lists(punctuation, min_size=1, max_size=6).flatmap(
        lambda unit: st.integers(500, 3_000).map(lambda n: "".join(unit) * n)
    ),
)


@fuzz_settings(examples=15, deadline_ms=10_000)
@given(run=punctuation_runs, before=st.sampled_from(["", "It is ", "No. "]))
def test_long_punctuation_runs_segment_with_offsets_intact(nlp, run, before):
    post = make_post(before + run + " and that is all.")
    check_claims(post, list(segment_posts([post], nlp)))
