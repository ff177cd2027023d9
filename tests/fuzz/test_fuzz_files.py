"""Fuzz ``files.read_thread_file``: whatever bytes a saved file holds.

Inputs: every real capture of ../shared/corpora (HN pages, Reddit, Discourse,
Lobsters, hnpwa) and the bundled sample, cut at random points, with ranges
deleted or repeated, and with invalid UTF-8, NUL, BOMs and controls put in;
random bytes; JSON nested past Python's limit; other encodings. Only
argmap's own errors may escape, and each names the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.errors import ThreadFormatError
from argmap.sources.files import read_thread_file
from tests.fuzz._fuzz import (
    big_inputs,
    call_parser,
    capture_bytes,
    check_thread,
    fuzz_settings,
    mangled_bytes,
    write_bytes,
)

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "open-source-ai-thread.json"
CAPTURES = [
    "lobsters/lobsters-s-tdfoqh-ranking-comments-by-replies-2022.json",
    "lobsters/lobsters-s-d9ucpe-what-problems-strace-2021.json",
    "discourse/try-discourse-org-t-57-sandbox-2013.json",
    "discourse/urho3d/t-about-all-the-drama-around-here-5371.json",
    "reddit/reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json",
    "hn-html/legacy/hn-item-5002483-future-according-to-larry-page-2013-01.html",
    "hn-html/hn-item-48351450-comment-permalink-subthread-2026-06.html",
    "other/hnpwa-api-item-26312516-speed-is-the-killer-feature-2021-03.json",
]
BIG_CAPTURES = [
    "reddit/reddit-comments-n49rw-announcements-were-back.rec2020.json",
    "discourse/urho3d/t-random-projects-shots-2431.json",
    "hn-html/hn-item-39232976-pkl-config-language-2024-02.html",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-files")


def read(path: Path):
    thread = call_parser(read_thread_file, path)
    if thread is not None:
        check_thread(thread)
    return thread


@fuzz_settings(examples=40, deadline_ms=10_000)
@given(
    name=st.sampled_from(["sample"] + CAPTURES + (BIG_CAPTURES if big_inputs() else [])),
    data=st.data(),
)
def test_captures_cut_and_mangled(folder, name, data):
    raw = SAMPLE.read_bytes() if name == "sample" else capture_bytes(name)
    mangled = data.draw(mangled_bytes(raw))
    # Each example in a folder of its own: an HN page reads its neighbours.
    path = folder / f"{data.draw(st.integers(0, 10**9))}"
    path.mkdir(exist_ok=True)
    read(write_bytes(path, Path(name).name, mangled))


@fuzz_settings(examples=40, deadline_ms=3_000)
@given(raw=st.one_of(st.binary(max_size=512), st.binary(max_size=64).map(lambda b: b"{" + b)))
def test_random_bytes(folder, raw):
    read(write_bytes(folder, "random.json", raw))


@pytest.mark.parametrize(
    "raw",
    [
        b"", b"\xef\xbb\xbf", b"\x00" * 100, b"{", b"[", b"null", b"1e999999", b'"x"',
        b"[1, 2, 3]", b"{}", b'{"format": "argmap-thread"}', b"\xff\xfe{\x00}\x00",
        "{\"format\": \"argmap-thread\", \"posts\": []}".encode("utf-16"),
        b'{"format": "argmap-thread", "posts": [{"id": "\\ud800", "parent": null}]}',
        b"[" * 100_000, b'{"a":' * 50_000, b"<html>" * 10_000,
    ],
    ids=lambda raw: repr(raw[:24]),
)  # fmt: skip
def test_odd_files(folder, raw):
    read(write_bytes(folder, "odd.json", raw))


def test_json_nested_past_pythons_limit_is_a_format_error(folder):
    """json.loads recurses (about 1,000 levels): a clean error, not RecursionError."""
    assert len(json.loads(nested_api_item(5))["children"]) == 1
    path = folder / "deep-api-item.json"
    path.write_text(nested_api_item(2_000), encoding="utf-8")
    with pytest.raises(ThreadFormatError, match="nested too deeply"):
        read_thread_file(path)


def nested_api_item(n: int) -> str:
    """An Algolia item whose reply chain is ``n`` items long (json.dumps would recurse)."""
    head = '{"id": 1, "type": "story", "created_at": "2024-01-01T00:00:00Z", "children": ['
    body = "".join(
        f'{{"id": {i}, "type": "comment", "text": "x", "children": [' for i in range(2, n + 1)
    )
    return head + body + "]}" * n


def test_a_directory_and_a_missing_file(folder):
    assert call_parser(read_thread_file, folder) is None
    assert call_parser(read_thread_file, folder / "missing.json") is None
