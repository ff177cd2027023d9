"""Fuzz the Discourse topic parser (``discourse.parse_json``), with posts.json chunks.

Inputs: real topics of ../shared/corpora (the 2013 API schema, a native
quoting debate, an import with quotes and no reply links, a topic with
action posts) cut to a few posts, with every field replaced by every wrong
type in turn, and with random fields replaced, deleted, wrapped or made
hostile text; hostile ``cooked`` HTML; chunks that repeat or contradict the topic.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.sources.discourse import topic as discourse
from tests.fuzz._fuzz import (
    big_inputs,
    call_parser,
    capture_json,
    check_thread,
    every_field_wrong,
    fuzz_settings,
    hostile_text,
    json_values,
    mutated_json,
)

TOPICS = [
    "discourse/try-discourse-org-t-57-sandbox-2013.json",
    "discourse/urho3d/t-about-all-the-drama-around-here-5371.json",
    "discourse/urho3d/t-emscripten-support-812.json",
    "discourse/urho3d/t-migration-from-custom-container-library-to-augmented-eastl-5872.json",
]


@cache
def _cut(name: str, posts: int) -> str:
    import json

    data = capture_json(name)
    stream = data["post_stream"]
    if "5872" in name:  # keep the opening post and the action posts
        stream["posts"] = stream["posts"][:1] + [
            p for p in stream["posts"] if p.get("post_type") in (2, 3)
        ][: posts - 1]
    else:
        stream["posts"] = stream["posts"][:posts]
    stream["stream"] = (stream.get("stream") or [])[: posts + 2]
    return json.dumps(data)


def cut(name: str, posts: int) -> dict:
    import json

    return json.loads(_cut(name, posts))


@pytest.mark.parametrize("name", [TOPICS[0], TOPICS[3]] + ([TOPICS[2]] if big_inputs() else []))
def test_every_field_of_a_real_topic_with_every_wrong_type(name):
    # Three posts of the 2013 topic, two of the others: a reply, an action post.
    # Each post's HTML is cut short: its length says nothing about types.
    topic = cut(name, 3 if "2013" in name else 2)
    for post in topic["post_stream"]["posts"]:
        post["cooked"] = (post.get("cooked") or "")[:300]
    assert every_field_wrong(topic, discourse.parse_json) > 300


@fuzz_settings(examples=40, deadline_ms=5_000)
@given(name=st.sampled_from(TOPICS), data=st.data())
def test_real_topic_with_random_fields_broken(name, data):
    doc = data.draw(mutated_json(cut(name, 6)))
    thread = call_parser(discourse.parse_json, doc)
    if thread is not None:
        check_thread(thread)


@fuzz_settings(examples=30, deadline_ms=5_000)
@given(name=st.sampled_from(TOPICS), data=st.data())
def test_chunks_that_repeat_contradict_or_break_the_topic(name, data):
    topic = cut(name, 4)
    chunk = {"post_stream": {"posts": cut(name, 6)["post_stream"]["posts"][2:]}}
    more = data.draw(
        st.lists(st.one_of(st.just(chunk), mutated_json(chunk), json_values), max_size=3)
    )
    thread = call_parser(discourse.parse_json, topic, more=more)
    if thread is not None:
        check_thread(thread)


cooked_html = st.lists(
    st.one_of(
        hostile_text,
        st.sampled_from([
            '<aside class="quote" data-post="{}" data-topic="{}" data-username="{}">',
            "<blockquote>", "</blockquote>", "</aside>", "[quote=\"{}\"]", "[/quote]",
            '<aside class="onebox" data-onebox-src="{}">', '<div class="lightbox-wrapper"><div class="meta">',
            '<div class="poll-info">', "<p>", "</p>", '<div class="title">{}:</div>',
        ]),
    ),
    max_size=12,
).map("".join)  # fmt: skip
fills = st.one_of(
    st.sampled_from(["1", "2", "3", "\u00b2", "-1", "9" * 30, "", "bob", "57", "x\x00"]),
    hostile_text,
)


@fuzz_settings(examples=60, deadline_ms=5_000)
@given(data=st.data())
def test_hostile_cooked_html_and_quotes(data):
    topic = cut(TOPICS[0], 4)
    for post in topic["post_stream"]["posts"]:
        template = data.draw(cooked_html)
        post["cooked"] = template.replace("{}", data.draw(fills).replace('"', ""))
        post["username"] = data.draw(st.one_of(st.sampled_from(["bob", "Bob", ""]), json_values))
        post.pop("reply_to_post_number", None)
    thread = call_parser(discourse.parse_json, topic)
    if thread is not None:
        check_thread(thread)
