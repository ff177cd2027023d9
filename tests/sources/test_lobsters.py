"""The Lobsters source, on the three real story captures and on hand-made stories."""

from __future__ import annotations

import copy
import json
from collections import Counter
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import pytest

from argmap.errors import LayoutChangedError
from argmap.http.session import Page
from argmap.model import Thread
from argmap.sources import find
from argmap.sources import lobsters as lb
from argmap.sources.lobsters import LobstersStorySource
from tests.helpers import shared_path

FACTS = json.loads(
    (Path(__file__).parent / "lobsters_expected.json").read_text("utf-8")
)
CAPTURES = FACTS["captures"]
NEW = "lobsters-s-tdfoqh-ranking-comments-by-replies-2022.json"
OLD = "lobsters-s-d9ucpe-what-problems-strace-2021.json"


@cache
def raw(name: str) -> dict:
    return json.loads(shared_path("corpora", "lobsters", name).read_text("utf-8"))


@cache
def parsed(name: str) -> Thread:
    return lb.parse_json(raw(name))


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_capture_counts_root_and_parents(name):
    facts, thread = CAPTURES[name], parsed(name)
    comments = thread.posts[1:]
    assert len(raw(name)["comments"]) == len(comments) == facts["comments"]
    assert thread.complete and thread.skipped == []
    assert (thread.site, thread.id, thread.title) == (
        "lobsters",
        facts["id"],
        facts["title"],
    )
    assert (thread.url, thread.link) == (facts["url"], facts["link"])
    root = thread.root
    assert (root.id, root.parent, root.depth, root.url) == (
        facts["id"],
        None,
        0,
        thread.url,
    )
    assert root.author == facts["root_author"]
    assert root.created.isoformat() == facts["root_created"]
    assert root.blocks[0].kind == "title" and root.text.startswith(thread.title)
    assert max(p.depth for p in comments) == facts["manifest_max_depth"] + 1
    assert Counter(p.status for p in comments) == facts["statuses"]
    assert {c: thread.post(c).parent for c in facts["parents"]} == facts["parents"]
    assert {c: thread.post(c).author for c in facts["authors_of"]} == facts[
        "authors_of"
    ]
    seen = {root.id: root}
    for post in comments:
        assert post.depth == seen[post.parent].depth + 1
        assert (
            post.url.endswith(f"#c_{post.id}") and post.created.tzinfo == timezone.utc
        )
        seen[post.id] = post


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_schema_of_each_capture(name):
    first = raw(name)["comments"][0]
    schema = "depth" if "depth" in first else "indent_level"
    assert schema == CAPTURES[name]["schema"]


def test_new_schema_depth_agrees_with_parent_links():
    for comment in raw(NEW)["comments"]:
        assert parsed(NEW).post(comment["short_id"]).depth == comment["depth"] + 1


def test_story_description_and_comment_html():
    thread = parsed(NEW)
    assert [b.kind for b in thread.root.blocks][:3] == [
        "title",
        "paragraph",
        "paragraph",
    ]
    assert "sum of all the scores of their children" in thread.root.text
    reply = thread.post("pcvbcd")
    assert reply.blocks[0].kind == "quote"
    assert reply.quotes[0].text.startswith("Your proposal, or the max variant")


def story(*comments: dict, **fields) -> dict:
    base = {"short_id": "abc123", "title": "T", "url": "", "description": "",
            "created_at": "2022-07-22T12:06:59.000-05:00", "submitter_user": "op",
            "comments": list(comments)}  # fmt: skip
    return base | fields


def comment(short_id: str, parent: str | None = None, depth: int = 0, **fields) -> dict:
    base = {"short_id": short_id, "comment": f"<p>{short_id}</p>", "commenting_user": "u",
            "created_at": "2022-07-22T13:00:00.000-05:00", "is_deleted": False,
            "is_moderated": False, "parent_comment": parent, "depth": depth}  # fmt: skip
    return base | fields


def test_deleted_and_moderated_comments():
    data = story(
        comment("a", is_deleted=True, comment="<p>Comment removed by author</p>"),
        comment("b", "a", 1),
        comment(
            "c", is_deleted=True, is_moderated=True, comment="<p>Removed by mod</p>"
        ),
    )
    thread = lb.parse_json(data)
    got = {p.id: (p.parent, p.status, p.text) for p in thread.posts[1:]}
    assert got == {
        "a": ("abc123", "deleted", ""),
        "b": ("a", "ok", "b"),
        "c": ("abc123", "removed", "Removed by mod"),
    }


def test_old_user_object_and_indent_level():
    old = [
        {"short_id": "a", "comment": "<p>x</p>", "indent_level": 1,
         "commenting_user": {"username": "ann", "karma": 3}},
        {"short_id": "b", "comment": "<p>y</p>", "indent_level": 2, "commenting_user": {}},
        {"short_id": "c", "comment": "<p>z</p>", "indent_level": 1, "commenting_user": None},
    ]  # fmt: skip
    thread = lb.parse_json(story(*old, submitter_user={"username": "op"}))
    got = [(p.id, p.parent, p.depth, p.author) for p in thread.posts]
    assert got == [
        ("abc123", None, 0, "op"),
        ("a", "abc123", 1, "ann"),
        ("b", "a", 2, None),
        ("c", "abc123", 1, None),
    ]
    assert thread.post("a").created is None and thread.link is None


def test_comments_whose_parent_is_missing_are_skipped_with_their_replies():
    data = story(
        comment("a"), comment("b", "gone", 1), comment("c", "b", 2), comment("d")
    )
    thread = lb.parse_json(data)
    assert [p.id for p in thread.posts] == ["abc123", "a", "d"]
    assert [(s.item, s.reason) for s in thread.skipped] == [
        ("comment b", "its parent is missing"),
        ("comment c", "its parent is missing"),
    ]
    assert not thread.complete
    skipping = [{"short_id": "x", "comment": "", "indent_level": 3}]
    assert [s.item for s in lb.parse_json(story(*skipping)).skipped] == ["comment x"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "no id", "comments": []}, "has no story id"),
        (story(comment("a") | {"short_id": None}), "a comment in .* has no id"),
        (story({"short_id": "a", "comment": ""}), "neither depth nor indent_level"),
        (story(comments="nope"), "has no comment list"),
        ([], "has no story id"),
    ],
)
def test_missing_mandatory_fields_are_layout_errors(data, message):
    with pytest.raises(LayoutChangedError, match=rf"^lobsters: .*{message}"):
        lb.parse_json(data, url="https://lobste.rs/s/abc123")


def test_sniff_json():
    assert all(lb.sniff_json(raw(name)) for name in CAPTURES)
    for other in (
        {"short_id": "x"},
        {"post_stream": {"posts": []}},
        [],
        {"id": 1, "comments": []},
    ):
        assert not lb.sniff_json(other)


class Session:
    def __init__(self, text: str):
        self.text, self.requested = text, []

    def get(self, url: str, *, params=None) -> Page:
        self.requested.append(url)
        return Page(url, self.text, 200, datetime(2026, 1, 1, tzinfo=timezone.utc))


def test_fetch_asks_for_the_story_json():
    session = Session(json.dumps(raw(NEW)))
    url = "https://lobste.rs/s/tdfoqh/ranking_comments_by_sum_replies_scores"
    thread = find(url)(url, session=session).fetch_thread()
    assert session.requested == ["https://lobste.rs/s/tdfoqh.json"]
    assert thread.posts == parsed(NEW).posts and thread.fetched_at.year == 2026


@pytest.mark.parametrize(
    ("url", "story_id"),
    [
        ("https://lobste.rs/s/tdfoqh", "tdfoqh"),
        ("https://lobste.rs/s/tdfoqh/ranking_comments_by_sum_replies_scores", "tdfoqh"),
        ("https://lobste.rs/s/tdfoqh.json", "tdfoqh"),
        ("http://www.lobste.rs/s/d9ucpe/x#c_42bzeq", "d9ucpe"),
        ("https://lobste.rs/c/42bzeq", None),
        ("https://lobste.rs/t/programming", None),
        ("https://lobste.rs.evil.example/s/tdfoqh", None),
    ],
)
def test_url_pattern(url, story_id):
    match = LobstersStorySource.match_url(url)
    assert (match["id"] if match else None) == story_id


def test_parse_does_not_change_its_input():
    before = copy.deepcopy(raw(OLD))
    lb.parse_json(raw(OLD))
    assert raw(OLD) == before
