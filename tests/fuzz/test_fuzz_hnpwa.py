"""Fuzz the hnpwa API parser (``hnpwa.parse_json``) and its sniffer.

Base documents are pruned copies of the real Speed capture; inputs replace
every field with every wrong type, break random fields, and build trees from
scratch with repeated ids and hostile text.
"""

from __future__ import annotations

import copy
import json
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.sources.hackernews import hnpwa
from tests.fuzz._fuzz import (
    call_parser,
    check_thread,
    every_field_wrong,
    fuzz_settings,
    hostile_text,
    json_values,
    mutated_json,
)
from tests.helpers import shared_path

NAME = "hnpwa-api-item-26312516-speed-is-the-killer-feature-2021-03.json"


@cache
def _item(width: int, depth: int) -> dict:
    data = json.loads(shared_path("corpora", "other", NAME).read_text("utf-8"))

    def prune(item: dict, level: int) -> dict:
        kids = item.get("comments") or []
        item["comments"] = [] if level >= depth else [prune(c, level + 1) for c in kids[:width]]
        return item

    return prune(data, 0)


def item(width: int = 2, depth: int = 3) -> dict:
    return copy.deepcopy(_item(width, depth))


def _sniff_then_parse(data):
    assert hnpwa.sniff_json(data) in (True, False)
    return hnpwa.parse_json(data)


@pytest.mark.slow
def test_every_field_of_an_item_with_every_wrong_type():
    assert every_field_wrong(item(2, 2), _sniff_then_parse) > 100


@fuzz_settings(examples=40, deadline_ms=5_000)
@given(data=st.data())
def test_item_with_random_fields_broken(data):
    doc = data.draw(mutated_json(item(3, 4)))
    thread = call_parser(_sniff_then_parse, doc)
    if thread is not None:
        check_thread(thread)


node = st.fixed_dictionaries(
    {"id": st.one_of(st.integers(1, 6), json_values)},
    optional={
        "user": st.one_of(st.none(), hostile_text, json_values),
        "content": st.one_of(st.none(), hostile_text, json_values),
        "time": st.one_of(st.integers(-(2**40), 2**40), json_values),
        "level": st.one_of(st.integers(0, 5), json_values),
        "dead": st.booleans(),
        "deleted": st.booleans(),
    },
)  # fmt: skip
trees = st.recursive(
    node.map(lambda d: {**d, "comments": []}),
    lambda kids: st.tuples(node, st.lists(kids, max_size=3)).map(
        lambda t: {**t[0], "comments": t[1]}
    ),
    max_leaves=12,
)


@fuzz_settings(examples=60, deadline_ms=3_000)
@given(tree=trees, title=st.one_of(hostile_text, json_values))
def test_trees_built_from_scratch(tree, title):
    tree = {**tree, "id": 1, "title": title, "comments_count": 3}
    thread = call_parser(_sniff_then_parse, tree)
    if thread is not None:
        check_thread(thread)
