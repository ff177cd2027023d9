"""Output names are safe on every OS and one per thread (issue 14).

Sites ``.`` and ``--`` gave ``.-x.json`` and ``---help.json``, ``CON.`` a
Windows device name, and every non-ASCII site and id ``_-_``, cut at 120
characters, so different threads overwrote each other's maps.
"""

from __future__ import annotations

import re

import networkx as nx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from argmap.export import SUFFIXES as EXPORT_SUFFIXES
from argmap.export._names import MAX_STEM, output_stem
from argmap.model import Post, Thread
from argmap.pipeline import ArgumentMap
from tests.fuzz._families import name_parts
from tests.fuzz._fuzz import fuzz_settings

WINDOWS_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
                    *(f"{d}{n}" for d in ("com", "lpt") for n in "0123456789")}  # fmt: skip
SUFFIXES = tuple(EXPORT_SUFFIXES.values())  # every format, folders included


def check_safe(stem: str) -> None:
    assert 0 < len(stem) <= MAX_STEM, stem
    assert re.fullmatch(r"[A-Za-z0-9._~-]+", stem), stem  # portable characters only
    assert stem[0] not in ".-~", stem  # not hidden, not an option, not a home dir
    assert not stem.endswith((".", " ")), stem  # Windows drops these
    for suffix in SUFFIXES:
        assert (stem + suffix).split(".")[0].lower() not in WINDOWS_RESERVED, stem


@fuzz_settings(examples=300, deadline_ms=1_000)
@given(site=st.one_of(name_parts, st.text()), thread_id=st.one_of(name_parts, st.text()))
def test_every_name_is_safe(site, thread_id):
    check_safe(output_stem(site, thread_id))


@fuzz_settings(examples=300, deadline_ms=1_000)
@given(a=st.tuples(name_parts, name_parts), b=st.tuples(name_parts, name_parts))
def test_distinct_threads_get_distinct_names(a, b):
    assume(a != b)
    # Compared case-folded: Windows and macOS file systems ignore case.
    assert output_stem(*a).casefold() != output_stem(*b).casefold(), (a, b)


@pytest.mark.parametrize("site, thread_id", [
    ("hackernews", "39232976"), ("hackernews", "41046773"), ("reddit", "n49rw"),
    ("discourse", "2031"), ("lobsters", "tdfoqh"), ("unknown", "1"), ("my_forum", "t.1-2"),
])  # fmt: skip
def test_ordinary_names_are_unchanged(site, thread_id):
    assert output_stem(site, thread_id) == f"{site}-{thread_id}"


@given(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,40}", fullmatch=True),
       st.from_regex(r"[a-z0-9_-]{0,40}[a-z0-9]", fullmatch=True))  # fmt: skip
def test_plain_lower_case_names_never_get_a_hash(site, thread_id):
    assert output_stem(site, thread_id) == f"{site}-{thread_id}"


@pytest.mark.parametrize("site, thread_id, unsafe", [
    (".", "x", ".-x"), ("--", "help", "---help"), ("CON.", "x", "CON.-x"),
    ("nul.", "", "nul.-"), ("x", "y.", "x-y."),
])  # fmt: skip
def test_the_issue_examples_are_made_safe(site, thread_id, unsafe):
    stem = output_stem(site, thread_id)
    check_safe(stem)
    assert stem != unsafe and "~" in stem


def test_maps_of_different_threads_do_not_overwrite_each_other(tmp_path):
    threads = [("日本", "一"), ("日本", "二"), ("Ünïcode", "1"), ("_", "_"),
               ("a" * 200, "1"), ("a" * 200, "2"), ("hackernews", "1")]  # fmt: skip
    written = set()
    for site, thread_id in threads:
        root = Post("1", None, None, None, 0, "")
        amap = ArgumentMap(Thread(site, thread_id, "", "", [root]), [], [],
                           nx.MultiDiGraph(title=f"{site} {thread_id}"))  # fmt: skip
        written.add(amap.write(tmp_path, ["json"])["json"].name)
    assert len(written) == len(threads) == len(list(tmp_path.iterdir()))
    assert "hackernews-1.json" in written
