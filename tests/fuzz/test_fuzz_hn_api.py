"""Fuzz the Hacker News Algolia API parser (``hn_api.parse_json``) and its sniffer.

No real API response was found (../shared/corpora/MANIFEST.md), so the base
documents are the API JSON built from two real item pages (a story and a
comment's page), as tests/sources/test_hn_api.py builds them. Inputs: every
field replaced by every wrong type in turn; random fields replaced, deleted,
wrapped or made hostile text; trees built from scratch with repeated ids,
bare stubs and hostile text.
"""

from __future__ import annotations

import copy
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.sources.hackernews import api as hn_api
from tests.fuzz._fuzz import (
    call_parser,
    check_thread,
    every_field_wrong,
    fuzz_settings,
    hostile_text,
    json_values,
    mutated_json,
)
from tests.sources.test_hn_api import api_item_from_html, read

PAGES = [
    "hn-item-48350598-chuwi-minibook-x-2026-06.html",
    "hn-item-48351450-comment-permalink-subthread-2026-06.html",
]


@cache
def _item(name: str, width: int, depth: int) -> dict:
    def prune(item: dict, level: int) -> dict:
        item["children"] = [prune(c, level + 1) for c in item["children"][:width]]
        if level >= depth:
            item["children"] = []
        return item

    return prune(api_item_from_html(read(name)), 0)


def item(name: str, width: int = 2, depth: int = 3) -> dict:
    return copy.deepcopy(_item(name, width, depth))


def _sniff_then_parse(data):
    assert hn_api.sniff_json(data) in (True, False)
    return hn_api.parse_json(data)


@pytest.mark.parametrize("name", PAGES)
def test_every_field_of_an_item_with_every_wrong_type(name):
    assert every_field_wrong(item(name, 2, 2), _sniff_then_parse) > 300


@fuzz_settings(examples=40, deadline_ms=5_000)
@given(name=st.sampled_from(PAGES), data=st.data())
def test_item_with_random_fields_broken(name, data):
    doc = data.draw(mutated_json(item(name, 3, 4)))
    thread = call_parser(_sniff_then_parse, doc)
    if thread is not None:
        check_thread(thread)


ids = st.one_of(st.integers(1, 6), json_values)
node = st.fixed_dictionaries(
    {"id": ids},
    optional={
        "author": st.one_of(st.none(), hostile_text, json_values),
        "text": st.one_of(st.none(), hostile_text, json_values),
        "type": st.sampled_from(["comment", "story", "poll", 7]),
        "created_at_i": st.one_of(st.integers(-(2**40), 2**40), json_values),
        "created_at": st.one_of(st.sampled_from(["2024-02-03T16:43:55.000Z", "2024-02-30", "x"]), json_values),
        "title": json_values,
        "url": st.one_of(st.sampled_from(["javascript:alert(1)", "https://x.example/", "//[x"]), json_values),
    },
)  # fmt: skip
trees = st.recursive(
    node.map(lambda d: {**d, "children": []}),
    lambda kids: st.tuples(node, st.lists(kids, max_size=3)).map(
        lambda t: {**t[0], "children": t[1]}
    ),
    max_leaves=12,
)


@fuzz_settings(examples=60, deadline_ms=3_000)
@given(tree=trees, root_type=st.sampled_from(["story", "comment"]))
def test_trees_built_from_scratch(tree, root_type):
    tree = {**tree, "id": 1, "type": root_type, "created_at": "2024-01-01T00:00:00Z"}
    thread = call_parser(_sniff_then_parse, tree)
    if thread is not None:
        check_thread(thread)
