"""Saved threads on disk: every format is recognised by content, not by file name."""

from __future__ import annotations

import json
import shutil
import sys
import types
from typing import ClassVar

import pytest

import argmap
from argmap.errors import (
    InputError,
    LayoutChangedError,
    ThreadFormatError,
    UnsupportedSourceError,
)
from argmap.model import Post, Thread
from argmap.segment import load_pipeline
from argmap.sources import files, lookup
from argmap.sources.base import SavedFile, Source
from argmap.sources.files import read_thread_file
from tests.helpers import SHARED, shared_path
from tests.schema_check import check_schema

CORPORA = SHARED / "corpora"
# Every saved thread in ../shared/corpora that argmap reads, with its site.
CAPTURES = {
    **{f"discourse/{n}": "discourse" for n in (
        "try-discourse-org-t-57-sandbox-2013.json",
        "urho3d/t-about-all-the-drama-around-here-5371.json",
        "urho3d/t-emscripten-support-812.json",
        "urho3d/t-migration-from-custom-container-library-to-augmented-eastl-5872.json",
        "urho3d/t-next-release-2031.json",
        "urho3d/t-random-projects-shots-2431.json",
        "urho3d/t-re-to-rbfx-and-not-to-rbfx-6605.json",
        "urho3d/t-the-last-english-release-7362.json",
        "urho3d/t-to-rbfx-and-not-to-rbfx-5864.json",
    )},
    **{f"hn-html/{n}": "hackernews" for n in (
        "hn-item-20865492-openbsd-was-right-2019-09.html",
        "hn-item-39232976-pkl-config-language-2024-02.html",
        "hn-item-48350598-chuwi-minibook-x-2026-06.html",
        "hn-item-48351450-comment-permalink-subthread-2026-06.html",
        "legacy/hn-item-3083797-virtualbox-is-garbage-2011-10.html",
        "legacy/hn-item-3412900-who-is-hiring-jan-2012-page1.html",
        "legacy/hn-item-3412900-who-is-hiring-jan-2012-page2.html",
        "legacy/hn-item-3412900-who-is-hiring-jan-2012-page3-last.html",
        "legacy/hn-item-4992617-who-is-hiring-jan-2013.html",
        "legacy/hn-item-5002483-future-according-to-larry-page-2013-01.html",
    )},
    **{f"lobsters/{n}": "lobsters" for n in (
        "lobsters-s-d9ucpe-what-problems-strace-2021.json",
        "lobsters-s-donlgu-systemd-services-are-easy-2018.json",
        "lobsters-s-tdfoqh-ranking-comments-by-replies-2022.json",
    )},
    **{f"reddit/{n}": "reddit" for n in (
        "reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json",
        "reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json",
        "reddit-comments-n49rw-announcements-were-back.rec2016-with-more-stubs.json",
        "reddit-comments-n49rw-announcements-were-back.rec2020.json",
    )},
}  # fmt: skip
JSON_CAPTURES = sorted(name for name in CAPTURES if name.endswith(".json"))
HNPWA = [
    "other/hnpwa-api-item-25015967-biden-wins-2020-11.json",
    "other/hnpwa-api-item-26312516-speed-is-the-killer-feature-2021-03.json",
]


def capture(name: str):
    if CAPTURES.get(name) == "reddit":
        pytest.importorskip("argmap.sources.reddit", reason="reddit.py not written yet")
    return shared_path("corpora", *name.split("/"))


def test_the_list_covers_every_capture_in_shared():
    shared_path("corpora")
    on_disk = {
        str(p.relative_to(CORPORA))
        for p in CORPORA.rglob("*")
        if p.suffix in (".json", ".html") and p.parent.name not in ("cassettes",)
        and "extracted" not in p.parts
    }  # fmt: skip
    assert on_disk == set(CAPTURES) | set(HNPWA)


@pytest.mark.parametrize("name", JSON_CAPTURES)
def test_json_is_read_by_content_whatever_the_file_is_called(name, tmp_path):
    renamed = tmp_path / "download"
    shutil.copy(capture(name), renamed)
    thread = read_thread_file(renamed)
    assert thread.site == CAPTURES[name] and len(thread.posts) > 1


@pytest.mark.parametrize("name", JSON_CAPTURES)
def test_each_json_capture_is_claimed_by_exactly_one_reader(name):
    data = json.loads(capture(name).read_text("utf-8"))
    claims = [f.what for f in files.saved_files("json") if f.sniff(data)]
    assert len(claims) == 1, claims


@pytest.mark.parametrize("name", HNPWA)
def test_hnpwa_files_are_read_by_content(name, tmp_path):
    renamed = tmp_path / "download"
    shutil.copy(capture(name), renamed)
    data = json.loads(renamed.read_text("utf-8"))
    claims = [f.what for f in files.saved_files("json") if f.sniff(data)]
    assert claims == ["a Hacker News hnpwa API item (api.hnpwa.com/v0/item/ID.json)"]
    assert read_thread_file(renamed).site == "hackernews"


def test_a_saved_html_page_keeps_working(tmp_path):
    page = tmp_path / "saved page.htm"
    shutil.copy(capture("hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html"), page)
    thread = read_thread_file(page)
    assert (thread.site, thread.id, len(thread.posts)) == (
        "hackernews",
        "48350598",
        125,
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("[]", UnsupportedSourceError),
        ("{}", UnsupportedSourceError),
        ('"a string"', UnsupportedSourceError),
        ("{not json", ThreadFormatError),
        ("\ufeff{}", UnsupportedSourceError),
        ("plain text", UnsupportedSourceError),
        ("<html><title>Blog</title></html>", UnsupportedSourceError),
    ],
)
def test_other_content_is_refused_clearly(content, error, tmp_path):
    path = tmp_path / "thread.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(error, match=str(path)):
        read_thread_file(path)


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"", "empty (0 bytes)"), (b"\xef\xbb\xbf \r\n\t\n", "empty (only white space)")],
)
def test_an_empty_file_is_called_empty(content, said, tmp_path):
    path = tmp_path / "thread.html"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_thread_file(path)
    assert str(info.value) == f"{path} is {said}: there is no thread in it to map"
    assert not isinstance(info.value, UnsupportedSourceError)


def test_a_broken_file_of_a_known_format_names_file_and_format(tmp_path, monkeypatch):
    topic = json.loads(capture("discourse/urho3d/t-next-release-2031.json").read_text())
    cooked = topic["post_stream"]["posts"][4].pop("cooked")
    path = tmp_path / "topic.json"
    path.write_text(json.dumps(topic), encoding="utf-8")
    with pytest.raises(
        LayoutChangedError, match=rf"{path} \(a Discourse topic .*\): discourse: post"
    ):
        read_thread_file(path)
    topic["post_stream"]["posts"][4]["cooked"] = cooked
    path.write_text(json.dumps(topic), encoding="utf-8")
    # A bug in the parser (the fuzz tests found the ones a field of the wrong
    # type caused) still names the file and the format.
    from argmap.sources.discourse import topic as discourse

    def unforeseen(*args, **kwargs):
        raise TypeError("unhashable type: 'list'")

    monkeypatch.setattr(discourse, "_merged_posts", unforeseen)
    with pytest.raises(
        LayoutChangedError, match=r"looks like a Discourse topic .*TypeError"
    ):
        read_thread_file(path)


class StubForumThreadSource(Source):
    """Stub forum thread (test only)"""

    site, kind = "stubforum", "thread"
    pattern = r"https://stub\.example/(?P<id>\d+)$"
    example = "https://stub.example/1"
    calls: ClassVar[list[str]] = []
    saved_file = SavedFile(
        "a stub forum thread (test only)",
        lambda data: isinstance(data, list) and data[:1] == ["stub"],
        lambda path, data: StubForumThreadSource.read(path),
    )

    @classmethod
    def read(cls, path):
        cls.calls.append(str(path))
        root = Post("r", None, "op", None, 0, "https://stub.example/r", "ok", "t", ())
        return Thread("stubforum", "r", "https://stub.example/r", "t", [root])


def test_a_new_source_reads_its_saved_files_with_no_edit_here(monkeypatch, tmp_path):
    # files.py finds saved-file readers among the registered sources' declarations.
    stub = types.ModuleType("argmap.sources.stubforum")
    stub.SOURCES = [StubForumThreadSource]
    monkeypatch.setitem(sys.modules, "argmap.sources.stubforum", stub)
    monkeypatch.setattr(lookup, "SOURCE_MODULES", [*lookup.SOURCE_MODULES, "stubforum"])
    path = tmp_path / "listing"
    path.write_text('["stub", {}]', encoding="utf-8")
    assert read_thread_file(path).site == "stubforum"
    assert StubForumThreadSource.calls == [str(path)]
    assert files.known_formats()[-1] == "a stub forum thread (test only)"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_every_capture_maps_to_a_graph_that_follows_the_schema(name, nlp):
    amap = argmap.map_thread(capture(name), nlp=nlp)
    check_schema(amap.graph)
    assert amap.graph.graph["site"] == CAPTURES[name]
    posts = [n for n, d in amap.graph.nodes(data=True) if d["kind"] == "post"]
    assert len(posts) == len(amap.thread.posts)
