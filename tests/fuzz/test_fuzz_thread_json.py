"""Fuzz argmap's own thread format (``thread_json.parse_thread_json``).

Inputs: the bundled sample thread with every field replaced by every wrong
type in turn; random fields replaced, deleted, wrapped or made hostile text;
threads built from scratch with hostile ids, parents (cycles, self-replies,
dangling links), statuses, times and text. Every error must be a
ThreadFormatError, since this is the user's own file.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from argmap.errors import ArgmapError, ThreadFormatError
from argmap.sources import thread_json
from tests.fuzz._fuzz import (
    check_thread,
    every_field_wrong,
    fuzz_settings,
    hostile_text,
    json_values,
    mutated_json,
)

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "open-source-ai-thread.json"


def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def parse(data):
    try:
        return thread_json.parse_thread_json(data)
    except ArgmapError as e:
        assert isinstance(e, ThreadFormatError), f"{type(e).__name__}: {e}"
        raise


def test_every_field_of_the_sample_with_every_wrong_type():
    data = sample()
    del data["posts"][4:]
    data["skipped"] = [{"item": "comment 9", "reason": "flagged"}]
    assert every_field_wrong(data, parse, list_items=4) > 300


@fuzz_settings(examples=60, deadline_ms=3_000)
@given(data=st.data())
def test_sample_with_random_fields_broken(data):
    doc = data.draw(mutated_json(sample(), max_mutations=4))
    try:
        thread = parse(doc)
    except ThreadFormatError as e:
        assert str(e).strip()
        return
    check_thread(thread)


post_ids = st.one_of(st.sampled_from(["1", "2", "3", 4, "x\x00", "\u202e1"]), json_values)
post = st.fixed_dictionaries(
    {"id": post_ids, "parent": st.one_of(st.none(), post_ids)},
    optional={
        "text": st.one_of(hostile_text, json_values),
        "author": st.one_of(hostile_text, json_values),
        "status": st.one_of(st.sampled_from(["ok", "deleted", "flagged", "dead", "removed", "collapsed", "OK"]), json_values),
        "created": st.one_of(st.integers(-(2**62), 2**62), st.floats(), st.sampled_from(["2026-06-01T09:00:00Z", "2026-06-01T09:00:00+05:30", "2026-06-01", "yesterday", "9999-12-31T23:59:59-23:59"]), json_values),
        "url": st.one_of(hostile_text, json_values),
    },
)  # fmt: skip


@fuzz_settings(examples=80, deadline_ms=3_000)
@given(
    posts=st.lists(post, max_size=8),
    fields=st.dictionaries(
        st.sampled_from(["version", "site", "id", "url", "title", "link", "fetched_at", "skipped"]),
        st.one_of(hostile_text, json_values),
    ),
)
def test_threads_built_from_scratch(posts, fields):
    data = {"format": "argmap-thread", **fields, "posts": posts}
    try:
        thread = parse(data)
    except ThreadFormatError as e:
        assert str(e).strip()
        return
    check_thread(thread)
