"""The Reddit source, on real captures and recorded sessions and on made-up listings."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import responses
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import (
    HttpError,
    LayoutChangedError,
    NotFoundError,
    OfflineMissError,
    RobotsDisallowedError,
)
from argmap.http.session import Page, PoliteSession
from argmap.model import Thread
from argmap.sources.base import SourceOptions
from argmap.sources.reddit import SOURCES as REDDIT_SOURCES
from argmap.sources.reddit import thread as reddit
from argmap.sources.reddit.thread import RedditShortLinkSource, RedditThreadSource
from tests import helpers
from tests.helpers import shared_path

FACTS = json.loads((Path(__file__).parent / "reddit_expected.json").read_text("utf-8"))
CAPTURES = FACTS["captures"]
REPLAYS = FACTS["replays"]
WHEN = datetime(2020, 7, 4, tzinfo=timezone.utc)
N49RW = "https://www.reddit.com/r/announcements/comments/n49rw/were_back/"
OLD_N49RW = "praw-TestCommentForest.test_replace__all_large"


@cache
def raw(name: str) -> Any:
    return json.loads(shared_path("corpora", "reddit", name).read_text("utf-8"))


@cache
def parsed(name: str) -> Thread:
    return reddit.parse_listing(raw(name), url=name)


def comments(thread: Thread):
    return thread.posts[1:]


def check_tree(thread: Thread) -> None:
    """The structure of every thread, and Reddit's title block, URLs and times."""
    helpers.check_tree(thread)
    assert thread.site == "reddit" and thread.root.blocks[0].kind == "title"
    for post in comments(thread):
        assert post.url.startswith("https://www.reddit.com/") and post.id in post.url
        assert post.created is None or post.created.tzinfo == timezone.utc


def raw_parents(bodies: list[Any]) -> dict[str, str]:
    """comment id -> parent id, straight from the JSON (a t3_ parent is the post id)."""
    parents: dict[str, str] = {}
    stack: list[Any] = []
    for body in bodies:
        if isinstance(body, dict):
            stack.extend(body["json"]["data"]["things"])
        else:
            stack.extend(body[1]["data"]["children"])
    while stack:
        thing = stack.pop()
        if thing["kind"] != "t1":
            continue
        parents.setdefault(thing["data"]["id"], thing["data"]["parent_id"][3:])
        if thing["data"]["replies"]:
            stack.extend(thing["data"]["replies"]["data"]["children"])
    return parents


# -- the saved captures against MANIFEST.md and hand-checked facts --------------


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_capture_counts_and_root(name):
    facts, thread = CAPTURES[name], parsed(name)
    check_tree(thread)
    assert (thread.id, thread.title, thread.link, thread.url) == (
        facts["id"],
        facts["title"],
        facts["link"],
        facts["url"],
    )
    assert len(comments(thread)) == facts["comments"]
    assert sum(p.depth == 1 for p in thread.posts) == facts["top_level"]
    assert max(p.depth for p in comments(thread)) == facts["manifest_max_depth"] + 1
    authors = {p.author for p in comments(thread) if p.author}
    assert len(authors) == facts["distinct_authors"]
    if "manifest_distinct_authors" in facts:  # MANIFEST counts "[deleted]" as a name
        assert len(authors) + 1 == facts["manifest_distinct_authors"]
    assert sum(p.author is None for p in comments(thread)) == facts["deleted_authors"]
    assert Counter(p.status for p in comments(thread)) == facts["statuses"]
    assert thread.root.author == facts["root_author"]
    assert thread.root.created.isoformat() == facts["root_created"]


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_capture_hand_checked_parents_and_statuses(name):
    facts, thread = CAPTURES[name], parsed(name)
    got = {cid: thread.post(cid).parent for cid in facts["parents"]}
    assert got == facts["parents"]
    for cid, status in facts["status_of"].items():
        post = thread.post(cid)
        assert (post.status, post.text, post.blocks) == (status, "", ())


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_every_parent_is_reddits_own_parent_id(name):
    thread, parents = parsed(name), raw_parents([raw(name)])
    assert {p.id: p.parent for p in comments(thread)} == parents


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_a_saved_listing_lists_every_stub_as_skipped(name):
    facts, thread = CAPTURES[name], parsed(name)
    assert len(thread.skipped) == facts["more_stubs"] + facts["continue_stubs"]
    assert thread.complete is (not thread.skipped)
    held = [
        re.match(r"(\d+) comments? (?:was|were) not loaded", s.reason) for s in thread.skipped
    ]
    assert sum(int(m[1]) for m in held if m) == facts["more_held"]
    assert all(reddit.SAVED in s.reason for s in thread.skipped)
    continued = [s for s in thread.skipped if "continue this thread" in s.item]
    assert len(continued) == facts["continue_stubs"]


def test_deleted_author_keeps_the_comment_text():
    thread = parsed("reddit-comments-n49rw-announcements-were-back.rec2020.json")
    kept = [p for p in comments(thread) if p.author is None and p.status == "ok"]
    assert len(kept) == 229 - 28 - 1 and all(p.text for p in kept)


def test_link_post_and_self_post_roots():
    link = parsed("reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json").root
    assert (link.text, link.blocks[0].kind) == ("Ba Dum Tsss", "title")
    story = parsed("reddit-comments-n49rw-announcements-were-back.rec2020.json").root
    assert story.text.startswith("We're back\n\nHey folks,\n\nAs you may have noticed")
    assert [b.kind for b in story.blocks[:2]] == ["title", "paragraph"]
    assert story.text[story.blocks[1].start : story.blocks[1].end] == "Hey folks,"


def test_markdown_of_real_comments():
    thread = parsed("reddit-comments-n49rw-announcements-were-back.rec2020.json")
    quoted = thread.post("c365n9e")  # "> `rm -rf /*`" then *emphasis*
    assert quoted.text.startswith("> rm -rf /*\n\nFTFY. rm -rf / actually refuses")
    assert quoted.quotes[0].text == "rm -rf /*" and "try it!)" in quoted.text
    linked = thread.post("c36fkwh")
    assert linked.text.endswith("angry too (http://en.wikipedia.org/wiki/INTERCAL).")
    code = thread.post("c3681ya")  # indented four spaces: code, kept as written
    assert [b.kind for b in code.blocks] == ["code"] and '\\"I' in code.text
    assert thread.post("c3688rk").text.startswith("Bad form, man \u0ca0_\u0ca0")


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_sniff_json_recognises_every_capture(name):
    assert reddit.sniff_json(raw(name))


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        [1, 2],
        None,
        "x",
        [{"kind": "Listing"}, {"kind": "Listing"}],
        {"json": {"errors": [], "data": {"things": []}}},
        [{"kind": "Listing", "data": {"children": [{"kind": "t1"}]}}] * 2,
        {"title": "t", "posts": [{"id": "1"}]},
    ],
)
def test_sniff_json_rejects_other_json(data):
    assert not reddit.sniff_json(data)


# -- hand-made listings ----------------------------------------------------------


def t1(cid: str, parent: str, body: str = "Some words.", **extra: Any) -> dict:
    data = {"id": cid, "parent_id": parent, "author": "someone", "body": body}
    return {
        "kind": "t1",
        "data": {"created_utc": 1.5e9, "replies": "", **data, **extra},
    }


def listing(*things: dict) -> dict:
    return {"kind": "Listing", "data": {"children": list(things)}}


def thread_json(*things: dict, **post: Any) -> list:
    t3 = {"id": "abc", "title": "A title", "selftext": "", "is_self": True, **post}
    return [listing({"kind": "t3", "data": t3}), listing(*things)]


def more(parent: str, children: list[str], count: int | None = None) -> dict:
    data = {"id": children[0] if children else "_", "parent_id": parent}
    data.update(children=children, count=len(children) if count is None else count)
    return {"kind": "more", "data": data}


@pytest.mark.parametrize(
    ("stub", "said"),
    [
        (more("t1_c1", ["c2"]), "1 comment was not loaded"),
        (more("t1_c1", ["c2", "c3"]), "2 comments were not loaded"),
        (more("t1_c1", ["c2", "c3"], count=1), "at least 2 comments were not loaded"),
    ],
)
def test_a_closed_stub_counts_its_comments_in_good_english(stub, said):
    thread = reddit.parse_listing(thread_json(t1("c1", "t3_abc"), stub))
    (skipped,) = thread.skipped
    assert skipped.reason.startswith(said + ": ")


def test_a_cut_context_places_orphans_under_the_post():
    # A permalink whose context window starts below dm96bm3: its reply dm96vjw
    # arrives without its parent. Built from the real 6wmniq listing.
    data = raw(
        "reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json"
    )
    top = data[1]["data"]["children"][1]
    branch = top["data"]["replies"]["data"]["children"][1]
    assert (top["data"]["id"], branch["data"]["id"]) == ("dm96bm3", "dm96vjw")
    thread = reddit.parse_listing([data[0], listing(branch)], url="cut")
    check_tree(thread)
    orphan = thread.post("dm96vjw")
    assert (orphan.parent, orphan.depth) == ("6wmniq", 1)
    assert "dm96bm3" not in thread.posts_by_id and not thread.complete
    missing = [s for s in thread.skipped if s.item == "comment dm96bm3"]
    assert len(missing) == 1 and "1 reply is placed under the post" in missing[0].reason
    replies = [p for p in comments(thread) if p.parent == "dm96vjw"]
    assert len(replies) == 2 and all(p.depth == 2 for p in replies)


def test_replies_empty_string_and_nested_listings_anywhere():
    nested = t1("c2", "t1_c1", replies=listing(t1("c3", "t1_c2", replies="")))
    thread = reddit.parse_listing(
        thread_json(t1("c1", "t3_abc", replies=listing(nested)))
    )
    assert [(p.id, p.depth) for p in thread.posts] == [
        ("abc", 0),
        ("c1", 1),
        ("c2", 2),
        ("c3", 3),
    ]
    assert thread.complete


def test_parent_loops_are_skipped_not_fatal():
    thread = reddit.parse_listing(
        thread_json(t1("c1", "t3_abc"), t1("x", "t1_y"), t1("y", "t1_x"))
    )
    assert [p.id for p in thread.posts] == ["abc", "c1"]
    assert {s.item for s in thread.skipped} == {"comment x", "comment y"}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([listing(), listing(t1("c1", "t3_abc"))], "no submission"),
        (thread_json(t1("c1", None)), "comment c1 .* no usable parent_id"),
        (thread_json(t1("", "t3_abc")), "a comment .* has no id"),
        (thread_json(t1("c1", "t3_abc", body=None)), "comment c1 .* no body"),
        ({"kind": "Listing"}, "not a comments listing"),
    ],
)
def test_missing_mandatory_fields_fail_loudly(data, problem):
    with pytest.raises(LayoutChangedError, match=f"reddit: .*{problem}"):
        reddit.parse_listing(data, url="https://www.reddit.com/comments/abc/")


def test_fetch_thread_names_site_and_url_when_the_layout_changed():
    session = FakeSession(lambda url, params: json.dumps([listing(), listing()]))
    source = RedditThreadSource("https://www.reddit.com/comments/abc/", session=session)
    with pytest.raises(
        LayoutChangedError, match=r"reddit: .*https://www\.reddit\.com/comments/abc/"
    ):
        source.fetch_thread()


def test_optional_fields_degrade_to_none():
    bare = {"kind": "t1", "data": {"id": "c1", "parent_id": "t3_abc", "body": "Hi."}}
    thread = reddit.parse_listing(thread_json(bare, title=None, created_utc="soon"))
    post = thread.post("c1")
    assert (post.author, post.created, post.url) == (
        None,
        None,
        "https://www.reddit.com/comments/abc/c1/",
    )
    assert (thread.title, thread.root.author, thread.root.created) == ("", None, None)


def test_collapsed_and_removed_statuses():
    thread = reddit.parse_listing(
        thread_json(
            t1("c1", "t3_abc", collapsed=True),
            t1("c2", "t3_abc", body="[removed]", author="[deleted]"),
            t1("c3", "t3_abc", body="[ Removed by Reddit ]"),
            selftext="[deleted]",
        )
    )
    assert [p.status for p in thread.posts] == [
        "deleted",
        "collapsed",
        "removed",
        "removed",
    ]
    assert thread.root.text == "A title"  # the title stays: replies answer it


# -- markdown ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**bold** and *it* and ***both***", "bold and it and both"),
        ("__strong__ _em_ snake_case_name ~~gone~~", "strong em snake_case_name gone"),
        (
            "see [the docs](https://x.org/a_b_c) now",
            "see the docs (https://x.org/a_b_c) now",
        ),
        (
            "[https://x.org](https://x.org) and [](https://y.org)",
            "https://x.org and https://y.org",
        ),
        (
            "[sub](/r/python) [bad](javascript:void)",
            "sub (https://www.reddit.com/r/python) bad",
        ),
        ("[w](www.example.com)", "w (http://www.example.com)"),
        ("`a *b* c` and https://x.org/*y*_z_", "a *b* c and https://x.org/*y*_z_"),
        (r"\*not em\* a\_b \[x\]", "*not em* a_b [x]"),
        ("^^^tiny ^(two words) 2^10", "tiny two words 2^10"),
        (">!spoiler!< &amp; &gt; &#3232;", "spoiler & > \u0ca0"),
        ("# Heading\n\n---\n\ntext  \nmore", "Heading\n\ntext\nmore"),
        ("> **quoted** line\n\nreply", "> quoted line\n\nreply"),
        (">     quoted code\n>     more", "> quoted code\n> more"),
        ("```\n**kept** as is\n```", "```\n**kept** as is\n```"),
        ("    code *stays*\n\nprose *goes*", "    code *stays*\n\nprose goes"),
        ("* item *one*\n* item two", "* item one\n* item two"),
        ("a\r\nb\n\n\n\n\nc\u200b\x00", "a\nb\n\nc"),
    ],
)
def test_markdown_to_text(markdown, text):
    assert reddit.markdown_to_text(markdown) == text


def test_markdown_blocks_point_into_the_text():
    body = (
        "> quoted *claim*\n> goes on\n\nI disagree:\n\n1. first\n2. second\n\n    x = 1"
    )
    thread = reddit.parse_listing(thread_json(t1("c1", "t3_abc", body=body)))
    post = thread.post("c1")
    shown = [(b.kind, post.text[b.start : b.end]) for b in post.blocks]
    assert shown == [
        ("quote", "quoted claim\n> goes on"),
        ("paragraph", "I disagree:"),
        ("list_item", "1. first"),
        ("list_item", "2. second"),
        ("code", "    x = 1"),
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab *_~^>!`[]()\\#-\n\t&;x/:.")), max_size=80)
)
def test_markdown_never_raises_and_blocks_stay_inside(body):
    thread = reddit.parse_listing(thread_json(t1("c1", "t3_abc", body=body)))
    check_tree(thread)


# -- fetching: recorded sessions -------------------------------------------------------


class FakeSession:
    """Stands in for PoliteSession: ``answer(url, params)`` gives a body or raises."""

    def __init__(self, answer: Callable[[str, dict[str, str]], str]):
        self.answer = answer
        self.requests: list[tuple[str, dict[str, str]]] = []

    def get(self, url: str, params: dict[str, str] | None = None) -> Page:
        params = dict(params or {})
        self.requests.append((url, params))
        full = requests.Request("GET", url, params=params).prepare().url
        return Page(full, self.answer(url, params), 200, WHEN)

    def kinds(self) -> tuple[int, int]:
        """How many morechildren and continue-thread requests followed the first."""
        extra = [url for url, _ in self.requests[1:]]
        more = sum("morechildren" in url for url in extra)
        return more, len(extra) - more


class Recording:
    """Answers argmap's requests from ``extracted/<cassette>/``.

    Thread and continue-thread pages match on their /comments/ path, morechildren
    on the set of ids asked for. With ``fill_in``, a morechildren request no
    recording matches (PRAW in 2016 asked for up to 478 ids at once, argmap
    asks for at most 100) is answered from every comment the recordings hold:
    those asked for and all below them, flat, as Reddit sends them.
    """

    def __init__(
        self,
        cassette: str,
        *,
        fill_in: bool = False,
        fail: dict[int, Exception] | None = None,
    ):
        folder = shared_path("corpora", "reddit", "extracted", cassette)
        self.listings: dict[str, str] = {}
        self.answers: dict[frozenset[str], str] = {}
        self.fill_in, self.fail, self.calls = fill_in, fail or {}, 0
        for entry in json.loads((folder / "index.json").read_text("utf-8")):
            body = (folder / entry["file"]).read_text("utf-8")
            if "/comments/" not in entry["uri"] and entry["method"] == "GET":
                continue  # /api/info: not a request argmap makes
            if entry["method"] == "POST":
                form = entry["request_body"]
                form = dict(form) if isinstance(form, list) else dict(parse_qsl(form))
                self.answers[frozenset(form["children"].split(","))] = body
            else:
                self.listings[_comment_path(entry["uri"])] = body
        bodies = [
            json.loads(b) for b in [*self.listings.values(), *self.answers.values()]
        ]
        self.parents = raw_parents(bodies)
        self.comments: dict[str, dict] = {}
        for body in bodies:
            for kind, data in reddit.walk_things(_things(body)):
                if kind == "t1":
                    self.comments.setdefault(data["id"], {**data, "replies": ""})

    def __call__(self, url: str, params: dict[str, str]) -> str:
        self.calls += 1
        if self.calls in self.fail:
            raise self.fail[self.calls]
        if "morechildren" not in url:
            if (body := self.listings.get(_comment_path(url))) is None:
                raise NotFoundError(f"404 Not Found: {url}", url=url, status=404)
            return body
        asked = params["children"].split(",")
        if (body := self.answers.get(frozenset(asked))) is None and not self.fill_in:
            raise NotFoundError(f"404 Not Found: {url}", url=url, status=404)
        return body or self._fill_in(asked)

    def _fill_in(self, asked: list[str]) -> str:
        below: dict[str, list[str]] = defaultdict(list)
        for cid, parent in self.parents.items():
            below[parent].append(cid)
        things, stack = [], [c for c in reversed(asked) if c in self.comments]
        while stack:
            cid = stack.pop()
            things.append({"kind": "t1", "data": self.comments[cid]})
            stack.extend(reversed(below[cid]))
        return json.dumps({"json": {"errors": [], "data": {"things": things}}})


def _comment_path(uri: str) -> str:
    return urlsplit(uri).path.split("/comments/", 1)[1].removesuffix(".json").strip("/")


def _things(body: Any) -> list:
    return (
        body["json"]["data"]["things"]
        if isinstance(body, dict)
        else body[1]["data"]["children"]
    )


def fetch(
    cassette: str, url: str = N49RW, **options: Any
) -> tuple[Thread, FakeSession, Recording]:
    fill_in = options.pop("fill_in", cassette == OLD_N49RW)
    recording = Recording(cassette, fill_in=fill_in, fail=options.pop("fail", None))
    session = FakeSession(recording)
    source = RedditThreadSource(url, session=session, options=SourceOptions(**options))
    return source.fetch_thread(), session, recording


@pytest.mark.parametrize("cassette", sorted(REPLAYS))
def test_replay_expands_every_stub(cassette):
    facts = REPLAYS[cassette]
    thread, session, recording = fetch(cassette, facts["url"], max_more_requests=1000)
    check_tree(thread)
    assert (thread.complete, thread.skipped) == (True, [])
    asked = (facts["morechildren_requests"], facts["continue_requests"])
    assert session.kinds() == asked
    assert len(comments(thread)) == facts["comments_after"] == len(recording.parents)
    assert max(p.depth for p in thread.posts) == facts["max_depth_after"]
    got = {cid: thread.post(cid).parent for cid in facts["parents"]}
    assert got == facts["parents"]
    assert {p.id: p.parent for p in comments(thread)} == recording.parents
    assert thread.fetched_at == WHEN


def test_the_requests_argmap_sends():
    _, session, _ = fetch(OLD_N49RW, max_more_requests=1000)
    (url, params), *extra = session.requests
    assert url == "https://www.reddit.com/comments/n49rw.json"
    assert params == {"raw_json": "1", "limit": "500", "sort": "confidence"}
    asked = [p for u, p in extra if u == "https://www.reddit.com/api/morechildren.json"]
    assert all(len(p["children"].split(",")) <= 100 for p in asked)
    assert {(p["api_type"], p["link_id"], p["raw_json"], p["sort"]) for p in asked} == {
        ("json", "t3_n49rw", "1", "confidence")
    }
    continued = sorted(u for u, _ in extra if "morechildren" not in u)
    assert continued == [
        f"https://www.reddit.com/comments/n49rw/_/{c}.json"
        for c in ("c3669tv", "c368bpa", "c37oxrk")
    ]


def test_max_more_requests_bounds_the_run_and_lists_what_is_left():
    thread, session, _ = fetch(OLD_N49RW, max_more_requests=10)
    assert len(session.requests) == 11 and not thread.complete
    assert 485 < len(comments(thread)) < 1428
    assert thread.skipped
    assert all("max_more_requests" in s.reason for s in thread.skipped)
    check_tree(thread)


def test_expand_more_off_makes_one_request_and_skips_every_stub():
    thread, session, _ = fetch(OLD_N49RW, expand_more=False)
    assert len(session.requests) == 1 and len(comments(thread)) == 485
    assert len(thread.skipped) == 177 and not thread.complete
    assert all("expand_more=False" in s.reason for s in thread.skipped)


def test_a_failed_request_stops_the_expansion():
    error = HttpError("503 Service Unavailable", url="u", status=503)
    thread, session, _ = fetch(OLD_N49RW, max_more_requests=1000, fail={3: error})
    assert len(session.requests) == 3 and not thread.complete
    failed = [s for s in thread.skipped if "503 Service Unavailable" in s.reason]
    assert len(failed) == 1 and "its request failed" in failed[0].reason
    rest = [s for s in thread.skipped if s not in failed]
    assert rest and all("stopped when a request failed" in s.reason for s in rest)


def test_a_missing_continue_page_is_skipped_and_the_rest_still_load():
    url = REPLAYS["asyncpraw-TestCommentForest.test_replace__all"]["url"]
    gone = NotFoundError("404 Not Found", url="u", status=404)
    thread, session, _ = fetch(
        "asyncpraw-TestCommentForest.test_replace__all", url, fail={3: gone}
    )
    assert len(session.requests) == 7 and not thread.complete
    [skipped] = thread.skipped
    assert "continue this thread" in skipped.item and "404 Not Found" in skipped.reason
    assert 527 < len(comments(thread)) < 535


def test_reddit_error_answers_stop_the_expansion():
    first = json.dumps(thread_json(t1("c1", "t3_abc"), more("t1_c1", ["c2", "c3"])))
    refusal = json.dumps(
        {"json": {"errors": [["RATELIMIT", "you are doing that too much"]]}}
    )
    session = FakeSession(
        lambda url, params: refusal if "morechildren" in url else first
    )
    thread = RedditShortLinkSource(
        "https://redd.it/abc", session=session
    ).fetch_thread()
    [skipped] = thread.skipped
    assert "RATELIMIT" in skipped.reason and "2 comments" in skipped.reason


def test_answers_merge_out_of_order_and_duplicates_are_kept_once():
    first = thread_json(
        t1("c1", "t3_abc"), more("t1_c1", ["c2", "c1"]), more("t3_abc", ["c1"])
    )
    answer = {
        "json": {
            "errors": [],
            "data": {
                "things": [
                    t1("c4", "t1_c2"),
                    t1("c2", "t1_c1"),
                    t1("c1", "t3_abc", body="copy"),
                    more("t1_c2", ["c4"]),
                ]
            },
        }
    }
    session = FakeSession(
        lambda url, params: json.dumps(answer if "morechildren" in url else first)
    )
    thread = RedditThreadSource(
        "https://www.reddit.com/comments/abc/", session=session
    ).fetch_thread()
    assert [(p.id, p.parent, p.depth) for p in thread.posts] == [
        ("abc", None, 0),
        ("c1", "abc", 1),
        ("c2", "c1", 2),
        ("c4", "c2", 3),
    ]
    assert thread.post("c1").text == "Some words." and thread.complete
    assert [p["children"] for _, p in session.requests[1:]] == ["c2"]  # c1, c4 known


def test_permalink_with_context_fetches_the_comment_page():
    name = (
        "reddit-comments-6wmniq-askreddit-conspiracy-permalink-context100.rec2017.json"
    )
    url = "https://www.reddit.com/r/AskReddit/comments/6wmniq/_/dma3mi5/?context=100"
    thread, session, _ = fetch(
        "praw-TestComment.test_refresh__removed_comment", url, expand_more=False
    )
    assert session.requests == [
        (
            "https://www.reddit.com/comments/6wmniq/_/dma3mi5.json",
            {"raw_json": "1", "limit": "500", "sort": "confidence", "context": "100"},
        )
    ]
    assert thread.id == thread.root.id == "6wmniq" and thread.root.parent is None
    assert len(comments(thread)) == CAPTURES[name]["comments"] == 200
    # dma3mi5 was removed, so Reddit answered with the thread's first comments.
    assert "dma3mi5" not in thread.posts_by_id and len(thread.skipped) == 192


def test_unrecorded_morechildren_are_skipped_with_the_failure():
    url = "https://old.reddit.com/r/AskReddit/comments/6wmniq/_/dma3mi5/?context=100"
    thread, session, _ = fetch(
        "praw-TestComment.test_refresh__removed_comment", url, max_more_requests=5
    )
    assert len(session.requests) == 6 and len(comments(thread)) == 200
    # The largest stub goes first, 100 ids at a time: all five asks were for it.
    [failed] = [s for s in thread.skipped if "404 Not Found" in s.reason]
    assert failed.item == "'load more comments' under the post"
    assert failed.reason.startswith("2037 comments were not loaded: its request failed")
    assert len(thread.skipped) == 192
    assert sum("max_more_requests" in s.reason for s in thread.skipped) == 191


# -- URLs, construction, politeness -------------------------------------------------


URLS = {  # url -> "<kind> <thread id> [<comment id> [<context>]]"
    N49RW: "thread n49rw",
    "https://reddit.com/r/announcements/comments/n49rw/were_back": "thread n49rw",
    "https://old.reddit.com/r/announcements/comments/n49rw/": "thread n49rw",
    "http://np.reddit.com/r/funny/comments/3hahrw/ba_dum_tsss/": "thread 3hahrw",
    "https://m.reddit.com/r/funny/comments/3hahrw": "thread 3hahrw",
    "https://new.reddit.com/comments/3hahrw/": "thread 3hahrw",
    "https://www.reddit.com/comments/n49rw": "thread n49rw",
    "https://www.reddit.com/comments/n49rw.json": "thread n49rw",
    "https://www.reddit.com/r/funny/comments/3hahrw/?sort=new": "thread 3hahrw",
    "https://www.reddit.com/user/someone/comments/ab12cd/my_post/": "thread ab12cd",
    "https://www.reddit.com/r/x/comments/6wmniq/_/dma3mi5": "thread 6wmniq dma3mi5",
    "https://www.reddit.com/r/AskReddit/comments/6wmniq/which/dma3mi5/?context=3": (
        "thread 6wmniq dma3mi5 3"
    ),
    "https://www.reddit.com/r/x/comments/6wmniq/s/dma3mi5/?utm_source=a&context=8#c": (
        "thread 6wmniq dma3mi5 8"
    ),
    "https://redd.it/n49rw": "shortlink n49rw",
    "http://redd.it/3hahrw/": "shortlink 3hahrw",
}


@pytest.mark.parametrize(("url", "expected"), URLS.items())
def test_url_forms(url, expected):
    kind, item_id, *rest = expected.split()
    comment, context = [*rest, None, None][:2]
    [source_cls] = [c for c in REDDIT_SOURCES if c.match_url(url)]
    source = source_cls(url, session=FakeSession(_no_request))
    assert (source.kind, source.item_id) == (kind, item_id)
    assert (source._group("comment"), source.context) == (comment, context)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.reddit.com/r/announcements/",
        "https://www.reddit.com/user/someone/",
        "https://www.reddit.com/r/x/comments/",
        "https://evilreddit.com/r/x/comments/abc/",
        "https://reddit.com.evil.org/r/x/comments/abc/",
        "https://www.reddit.com/r/x/comments/ABC/",
        "https://redd.it/",
        "https://i.redd.it/abc.png",
        "https://news.ycombinator.com/item?id=1",
    ],
)
def test_urls_that_are_not_threads(url):
    assert not any(source_cls.match_url(url) for source_cls in REDDIT_SOURCES)


def test_examples_match_exactly_their_own_class():
    for source_cls in REDDIT_SOURCES:
        matching = [c for c in REDDIT_SOURCES if c.match_url(source_cls.example)]
        assert matching == [source_cls]
    assert len({c.__doc__ for c in REDDIT_SOURCES}) == len(REDDIT_SOURCES)
    assert {(c.__name__, c.site, c.kind) for c in REDDIT_SOURCES} == {
        ("RedditThreadSource", "reddit", "thread"),
        ("RedditShortLinkSource", "reddit", "shortlink"),
    }


def _no_request(url: str, params: dict[str, str]) -> str:
    raise AssertionError(f"constructing a source made a request: {url}")


def test_constructing_a_source_makes_no_request():
    session = FakeSession(_no_request)
    RedditThreadSource(N49RW, session=session)
    RedditShortLinkSource("https://redd.it/n49rw", session=session)
    assert session.requests == []
    assert RedditThreadSource(N49RW)._session is None  # not even a session is opened


def test_the_sort_of_the_url_is_kept_for_every_request():
    first = json.dumps(thread_json(t1("c1", "t3_abc"), more("t1_c1", ["c2"])))
    session = FakeSession(lambda url, params: first)
    url = "https://www.reddit.com/r/x/comments/abc/title/?sort=new"
    RedditThreadSource(
        url, session=session, options=SourceOptions(max_more_requests=1)
    ).fetch()
    assert [p["sort"] for _, p in session.requests] == ["new", "new"]


def test_fetch_asks_the_session_for_reddits_unauthenticated_pace():
    class Limiter:
        def __init__(self):
            self.asked: list[tuple[str, float]] = []

        def set_interval(self, host: str, seconds: float) -> None:
            self.asked.append((host, seconds))

    session = FakeSession(lambda url, params: json.dumps(thread_json()))
    session.limiter = Limiter()
    RedditShortLinkSource("https://redd.it/abc", session=session).fetch()
    assert session.limiter.asked == [("www.reddit.com", 6.0)]
    assert reddit.MIN_INTERVAL * 10 == 60  # ten requests a minute


@responses.activate
def test_fetch_through_a_real_polite_session():
    first = thread_json(t1("c1", "t3_abc"), more("t1_c1", ["c2", "c3"]))
    things = [t1("c2", "t1_c1"), t1("c3", "t1_c2")]
    answer = {"json": {"errors": [], "data": {"things": things}}}
    responses.get("https://www.reddit.com/comments/abc.json", json=first)
    responses.get("https://www.reddit.com/api/morechildren.json", json=answer)
    waits: list[float] = []
    polite = PoliteSession(
        use_cache=False, respect_robots=False, sleep=waits.append, clock=lambda: 0.0
    )
    with polite as session:
        thread = RedditShortLinkSource(
            "https://redd.it/abc", session=session
        ).fetch_thread()
    assert [(p.id, p.depth) for p in thread.posts] == [
        ("abc", 0), ("c1", 1), ("c2", 2), ("c3", 3)
    ]  # fmt: skip
    assert thread.complete and thread.skipped == []
    assert responses.calls[1].request.params["children"] == "c2,c3"
    agents = {call.request.headers["User-Agent"] for call in responses.calls}
    assert len(agents) == 1 and agents.pop().startswith("argmap/")
    assert waits == [6.0]  # the clock stands still: the second request waits 6 s


SAVE_ADVICE = (
    "open https://www.reddit.com/comments/abc.json?raw_json=1&limit=500&sort=confidence"
    " in a browser, save the page as a .json file, and map that file"
)


def test_offline_and_not_cached_says_to_save_the_json(tmp_path):
    url = "https://www.reddit.com/r/test/comments/abc/a_title/"
    session = PoliteSession(offline=True, cache_dir=tmp_path)
    with session, pytest.raises(OfflineMissError) as info:
        RedditThreadSource(url, session=session).fetch()
    message = str(info.value)
    assert message.startswith(f"{url} is not in the cache, and Reddit's robots.txt")
    assert SAVE_ADVICE in message
    assert "without --offline" not in message  # robots.txt forbids that way


@responses.activate
def test_robots_txt_refusal_says_to_save_the_json(tmp_path):
    responses.get("https://www.reddit.com/robots.txt", body="User-agent: *\nDisallow: /\n")
    session = PoliteSession(cache_dir=tmp_path, min_interval=0)
    with session, pytest.raises(RobotsDisallowedError) as info:
        RedditShortLinkSource("https://redd.it/abc", session=session).fetch()
    assert "robots.txt (https://www.reddit.com/robots.txt) disallows" in str(info.value)
    assert SAVE_ADVICE in str(info.value)
