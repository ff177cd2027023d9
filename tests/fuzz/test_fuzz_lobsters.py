"""Fuzz the Lobsters story JSON parser (``lobsters.parse_json``).

Inputs: the three real stories of ../shared/corpora (2018, 2021 and 2022
schemas) with every field replaced by every wrong type in turn, and with
random fields replaced, deleted, wrapped or made hostile text; and comment
lists built from scratch with absurd depths, indents and parent links.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.sources import lobsters
from tests.fuzz._fuzz import (
    call_parser,
    capture_json,
    check_thread,
    every_field_wrong,
    fuzz_settings,
    json_values,
    mutated_json,
    short_hostile_text,
)

STORIES = [
    "lobsters/lobsters-s-tdfoqh-ranking-comments-by-replies-2022.json",
    "lobsters/lobsters-s-d9ucpe-what-problems-strace-2021.json",
    "lobsters/lobsters-s-donlgu-systemd-services-are-easy-2018.json",
]


@pytest.mark.parametrize("name", STORIES)
def test_every_field_of_a_real_story_with_every_wrong_type(name):
    doc = capture_json(name)
    del doc["comments"][4:]
    assert every_field_wrong(doc, lobsters.parse_json) > 300


@fuzz_settings(examples=40, deadline_ms=3_000)
@given(name=st.sampled_from(STORIES), data=st.data())
def test_real_story_with_random_fields_broken(name, data):
    doc = data.draw(mutated_json(capture_json(name)))
    thread = call_parser(lobsters.parse_json, doc)
    if thread is not None:
        check_thread(thread)


comment = st.fixed_dictionaries(
    {"short_id": st.one_of(st.sampled_from(["a", "b", "c", "d"]), json_values)},
    optional={
        "depth": st.one_of(st.integers(-3, 6), st.sampled_from([10**12, 10**30]), json_values),
        "indent_level": st.one_of(st.integers(-3, 6), st.just(10**18), json_values),
        "parent_comment": st.one_of(st.none(), st.sampled_from(["a", "b", "zz"]), json_values),
        "comment": st.one_of(short_hostile_text, json_values),
        "commenting_user": st.one_of(short_hostile_text, st.fixed_dictionaries({"username": json_values}), json_values),
        "created_at": st.one_of(st.sampled_from(["2022-07-01T10:00:00.000-05:00", "2022-13-99", "9999-12-31T23:59:59+14:00"]), json_values),
        "is_deleted": json_values,
        "is_moderated": json_values,
        "url": json_values,
    },
)  # fmt: skip


@fuzz_settings(examples=60, deadline_ms=3_000)
@given(comments=st.lists(comment, max_size=12), title=json_values)
def test_comment_lists_built_from_scratch(comments, title):
    doc = {"short_id": "s", "title": title, "submitter_user": "u", "comments": comments}
    thread = call_parser(lobsters.parse_json, doc)
    if thread is not None:
        check_thread(thread)
