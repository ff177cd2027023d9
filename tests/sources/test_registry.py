"""Meta-tests over every registered source (gallery-dl test_extractor, yt-dlp test_all_urls)."""

from __future__ import annotations

import re
import sys
import types

import pytest
import requests
from typer.testing import CliRunner

from argmap.cli import app
from argmap.errors import InputError, UnsupportedSourceError
from argmap.http.session import PoliteSession
from argmap.http.walls import find_wall
from argmap.model import Thread
from argmap.sources import (
    SOURCE_MODULES,
    find,
    load_thread,
    source_classes,
    source_module,
)
from argmap.sources.base import Source, SourceOptions
from argmap.sources.files import known_formats
from argmap.sources.lookup import declared_options

SOURCES = source_classes()
HAS_REDDIT = any(cls.site == "reddit" for cls in SOURCES)


def name_of(source_cls: type[Source]) -> str:
    return source_cls.__name__


# URLs people paste, and the one site that must read each.
EXTRA_URLS = [
    ("https://news.ycombinator.com/item?id=1", "hackernews"),
    ("http://news.ycombinator.com/item?id=8863&p=2", "hackernews"),
    ("https://news.ycombinator.com/item?id=39232976#39233331", "hackernews"),
    ("https://hn.algolia.com/api/v1/items/1", "hackernews"),
    ("https://hn.algolia.com/api/v1/items/39232976/", "hackernews"),
    ("https://lobste.rs/s/d9ucpe", "lobsters"),
    ("https://lobste.rs/s/d9ucpe/what_problems_do_people_solve_with_strace", "lobsters"),
    ("https://lobste.rs/s/tdfoqh.json", "lobsters"),
    ("https://lobste.rs/s/tdfoqh/ranking_comments#c_ncdsfc", "lobsters"),
    ("https://discourse.urho3d.io/t/5864", "discourse"),
    ("https://discourse.urho3d.io/t/to-rbfx-and-not-to-rbfx/5864/42", "discourse"),
    ("https://meta.discourse.org/t/what-is-discourse/12345?u=someone", "discourse"),
    ("https://forum.example.org/community/t/a-topic/7", "discourse"),
    ("https://try.discourse.org/t/this-site-is-a-sandbox-it-is-reset-every-day/57.json", "discourse"),
    ("http://127.0.0.1:4200/t/-/1", "discourse"),
    ("https://www.reddit.com/r/announcements/comments/n49rw/were_back/", "reddit"),
    ("https://old.reddit.com/r/funny/comments/3hahrw/ba_dum_tsss/", "reddit"),
    ("https://redd.it/n49rw", "reddit"),
]  # fmt: skip

# URLs no source reads: they must get the "supported sites" error.
NOT_THREADS = [
    "https://news.ycombinator.com/user?id=pg",
    "https://news.ycombinator.com/news",
    "https://hn.algolia.com/?query=argmap",
    "https://lobste.rs/t/programming",
    "https://lobste.rs/u/pushcx",
    "https://discourse.urho3d.io/c/showcase/12",
    "https://discourse.urho3d.io/t/only-a-slug",
    "https://discourse.urho3d.io/latest",
    "https://example.com/",
    "ftp://news.ycombinator.com/item?id=1",
]


@pytest.mark.parametrize("source_cls", SOURCES, ids=name_of)
def test_every_source_declares_site_kind_pattern_and_example(source_cls):
    for attr in ("site", "kind", "pattern", "example"):
        value = getattr(source_cls, attr)
        assert isinstance(value, str) and value, f"{source_cls.__name__}.{attr}"
    assert "id" in re.compile(source_cls.pattern).groupindex
    assert re.fullmatch(r"[a-z][a-z0-9_]*", source_cls.site)


@pytest.mark.parametrize("source_cls", SOURCES, ids=name_of)
def test_example_is_matched_by_its_own_source_and_no_other(source_cls):
    matching = [cls for cls in SOURCES if cls.match_url(source_cls.example)]
    assert matching == [source_cls]
    assert find(source_cls.example) is source_cls
    assert source_cls.match_url(source_cls.example)["id"]


@pytest.mark.parametrize("source_cls", SOURCES, ids=name_of)
def test_class_name_is_site_kind_source(source_cls):
    name = source_cls.__name__
    expected = f"{source_cls.site}{source_cls.kind}source".replace("_", "")
    assert re.fullmatch(r"(?:[A-Z][a-z0-9]*)+Source", name), name
    assert name.lower() == expected


def test_docstrings_are_present_and_unique():
    docs = [(cls.__doc__ or "").strip() for cls in SOURCES]
    assert all(docs), [cls.__name__ for cls in SOURCES if not cls.__doc__]
    assert len(set(docs)) == len(docs)


def test_every_registered_module_has_a_sources_list():
    for name in SOURCE_MODULES:
        module = source_module(name)
        if module is None:
            assert name == "reddit", f"argmap.sources.{name} is missing"
            continue
        assert module.SOURCES and all(issubclass(c, Source) for c in module.SOURCES)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to make a session or send a request fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a source made (or prepared) an HTTP request")

    monkeypatch.setattr(PoliteSession, "__init__", refuse)
    monkeypatch.setattr(PoliteSession, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", refuse)


@pytest.mark.parametrize("source_cls", SOURCES, ids=name_of)
def test_constructing_a_source_from_its_example_makes_no_request(
    source_cls, no_network
):
    for via in ("auto", "html", "api"):
        source = source_cls(source_cls.example, options=SourceOptions(via=via))
        assert source.url == source_cls.example and source.item_id


@pytest.mark.parametrize(("url", "site"), EXTRA_URLS)
def test_extra_urls_match_exactly_one_source_of_their_site(url, site):
    if site == "reddit" and not HAS_REDDIT:
        pytest.skip("argmap/sources/reddit.py is not in this tree yet")
    matching = [cls for cls in SOURCES if cls.match_url(url)]
    assert len(matching) == 1, (url, [cls.__name__ for cls in matching])
    assert matching[0].site == site and find(url) is matching[0]


@pytest.mark.parametrize("url", NOT_THREADS)
def test_urls_no_source_reads_get_the_supported_sites_error(url):
    assert not [cls for cls in SOURCES if cls.match_url(url)]
    with pytest.raises(UnsupportedSourceError) as info:
        find(url)
    message = str(info.value)
    assert repr(url) in message and "Supported sites" in message
    for cls in SOURCES:
        assert cls.example in message


def test_source_module_skips_only_a_module_that_is_not_there(monkeypatch):
    assert source_module("no_such_forum") is None

    def broken(name):
        raise ModuleNotFoundError("No module named 'praw'", name="praw")

    monkeypatch.setattr("argmap.sources.lookup.importlib.import_module", broken)
    with pytest.raises(ModuleNotFoundError, match="praw"):
        source_module("lobsters")


class StubRedditThreadSource(Source):
    """Stub Reddit thread source (test only)"""

    site, kind = "reddit", "thread"
    pattern = r"https?://(?:www\.)?reddit\.com/r/\w+/comments/(?P<id>[a-z0-9]+)"
    example = "https://www.reddit.com/r/test/comments/abc123/"

    def fetch(self):
        return []

    def parse(self, pages):
        return Thread("reddit", self.item_id, self.url, "stub", [])


def test_reddit_wiring_with_a_stub_module(monkeypatch):
    stub = types.ModuleType("argmap.sources.reddit")
    stub.SOURCES = [StubRedditThreadSource]
    monkeypatch.setitem(sys.modules, "argmap.sources.reddit", stub)
    assert "reddit" in SOURCE_MODULES
    assert StubRedditThreadSource in source_classes()
    assert (
        find("https://www.reddit.com/r/x/comments/abc123/t/") is StubRedditThreadSource
    )


# -- what each source declares to the shared layers ------------------------------------

DECLARED = [(cls, o) for cls in SOURCES for o in cls.declared_options]


@pytest.mark.parametrize(
    ("source_cls", "option"),
    DECLARED,
    ids=[f"{c.__name__}.{o.name}" for c, o in DECLARED],
)
def test_every_declared_option_is_a_flag_of_argmap_map(source_cls, option):
    assert option.name.isidentifier() and option.flag.startswith("--") and option.help
    if option.choices:
        assert option.default in option.choices and option.check(option.default) is None
    source = source_cls(source_cls.example, session=object())
    assert getattr(source.options, option.name) == option.default
    result = CliRunner().invoke(app, ["map", "--help"], env={"COLUMNS": "200"})
    assert option.flag.split("/")[0] in result.output


def test_declared_options_are_one_each_by_name_and_flag():
    options = {o.name: o for _, o in DECLARED}
    assert len({o.flag for o in options.values()}) == len(options)
    assert declared_options() == list(options.values())


def test_an_option_no_source_declares_is_one_clear_error():
    with pytest.raises(InputError, match="no source has the option 'vai'"):
        load_thread(None, options=SourceOptions(vai="api"))


SAVING = [cls for cls in SOURCES if "saved_file" in vars(cls) and cls.saved_file]
assert len(SAVING) == len({cls.saved_file for cls in SOURCES if cls.saved_file})
ODD_INPUTS = [None, 0, "", "<html>", [], {}, [1, 2], {"id": []}, {"comments": 1}]


@pytest.mark.parametrize("source_cls", SAVING, ids=name_of)
def test_saved_file_sniffers_answer_a_bool_and_never_raise(source_cls):
    saved = source_cls.saved_file
    assert saved.saved_as in ("json", "html")
    for odd in ODD_INPUTS:
        assert saved.sniff(odd) is False
    assert saved.what in known_formats()


WALLS = [(cls, w) for cls in SOURCES for w in vars(cls).get("walls", ())]


@pytest.mark.parametrize(("source_cls", "site_wall"), WALLS, ids=lambda x: str(x)[:40])
def test_declared_walls_are_recognised_on_every_response(source_cls, site_wall):
    page = f"<html><body><p>{site_wall.phrase}</p></body></html>"
    assert find_wall(page, strict=True) is site_wall.wall
    assert find_wall(page.upper()) is site_wall.wall


class FakeLimiter:
    def __init__(self):
        self.intervals = {}

    def set_interval(self, host, seconds):
        self.intervals[host] = seconds


@pytest.mark.parametrize("source_cls", SOURCES, ids=name_of)
def test_a_source_paces_its_session_as_it_declares(source_cls):
    session = types.SimpleNamespace(limiter=FakeLimiter())
    source = source_cls(source_cls.example, session=session)
    assert source.session is session
    assert session.limiter.intervals == dict(source_cls.pacing)
    for host, seconds in source_cls.pacing.items():
        assert "." in host and "/" not in host and seconds > 0
