"""Fuzz the Reddit listing parser (``reddit.parse_listing``) and its sniffer.

Inputs: real listings of ../shared/corpora pruned to a few comments (with a
"load more comments" and a "continue this thread" stub), with every field
replaced by every wrong type in turn, and with random fields replaced,
deleted, wrapped or made hostile text; Reddit markdown made of hostile text.
"""

from __future__ import annotations

import copy
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.sources.reddit import thread as reddit
from tests.fuzz._fuzz import (
    call_parser,
    capture_json,
    check_thread,
    every_field_wrong,
    fuzz_settings,
    hostile_text,
    json_values,
    mutated_json,
)

LISTINGS = [
    "reddit/reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json",
    "reddit/reddit-comments-n49rw-announcements-were-back.rec2016-with-more-stubs.json",
    "reddit/reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json",
]


def prune(things: list, width: int, depth: int) -> list:
    """The first ``width`` comments of each level down to ``depth``, and the
    level's last thing when it is a stub."""
    kept = things[:width] + [t for t in things[width:][-1:] if t.get("kind") == "more"]
    for thing in kept:
        replies = thing.get("data", {}).get("replies")
        if isinstance(replies, dict):
            children = replies["data"]["children"]
            replies["data"]["children"] = prune(children, width, depth - 1) if depth > 1 else []
    return kept


def pruned(name: str, width: int = 2, depth: int = 3) -> list:
    return copy.deepcopy(_pruned(name, width, depth))


@cache
def _pruned(name: str, width: int, depth: int) -> list:
    data = capture_json(name)
    data[1]["data"]["children"] = prune(data[1]["data"]["children"], width, depth)
    return data


@pytest.mark.parametrize("name", LISTINGS)
def test_every_field_of_a_real_listing_with_every_wrong_type(name):
    data = pruned(name, width=1, depth=2)
    assert every_field_wrong(data, _sniff_then_parse, list_items=2) > 300


def _sniff_then_parse(data):
    # files.read_thread_file runs every sniffer on every JSON file it reads.
    assert reddit.sniff_json(data) in (True, False)
    return reddit.parse_listing(data)


@fuzz_settings(examples=40, deadline_ms=5_000)
@given(name=st.sampled_from(LISTINGS), data=st.data())
def test_real_listing_with_random_fields_broken(name, data):
    doc = data.draw(mutated_json(pruned(name, width=3, depth=4)))
    thread = call_parser(_sniff_then_parse, doc)
    if thread is not None:
        check_thread(thread)


@fuzz_settings(examples=60, deadline_ms=3_000)
@given(body=hostile_text, title=st.one_of(hostile_text, json_values))
def test_hostile_markdown_bodies(body, title):
    data = pruned(LISTINGS[0], width=1, depth=1)
    data[0]["data"]["children"][0]["data"]["title"] = title
    data[0]["data"]["children"][0]["data"]["selftext"] = body
    data[1]["data"]["children"][0]["data"]["body"] = body
    thread = call_parser(reddit.parse_listing, data)
    if thread is not None:
        check_thread(thread)
