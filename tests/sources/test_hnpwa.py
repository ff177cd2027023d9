"""The hnpwa API format (api.hnpwa.com/v0/item/ID.json) on the two real captures."""

from __future__ import annotations

import json

import pytest

from argmap.sources import find
from argmap.sources.files import read_thread_file
from argmap.sources.hackernews import hnpwa
from tests.helpers import shared_path

# (capture, comments in the file, max level + 1, dead or deleted) per ../shared/corpora/MANIFEST.md
CAPTURES = [
    ("hnpwa-api-item-25015967-biden-wins-2020-11.json", 2170, 4, 202),
    ("hnpwa-api-item-26312516-speed-is-the-killer-feature-2021-03.json", 485, 11, 0),
]


def read(name):
    return read_thread_file(shared_path("corpora", "other", name))


@pytest.mark.parametrize(("name", "comments", "depth", "gone"), CAPTURES)
def test_every_comment_with_its_parent_and_depth(name, comments, depth, gone):
    thread = read(name)
    assert len(thread.posts) == comments + 1
    assert thread.root.parent is None and thread.root.text.startswith(thread.title)
    assert max(p.depth for p in thread.posts) == depth
    assert sum(p.status != "ok" for p in thread.posts) == gone
    by_id = thread.posts_by_id
    for post in thread.posts[1:]:
        assert by_id[post.parent].depth == post.depth - 1
    assert len(by_id) == len(thread.posts)


def test_a_nested_reply_keeps_its_parent_and_text():
    data = json.loads(shared_path("corpora", "other", CAPTURES[1][0]).read_text("utf-8"))
    first = data["comments"][0]
    reply = first["comments"][0]
    thread = hnpwa.parse_json(data)
    post = thread.post(str(reply["id"]))
    assert post.parent == str(first["id"]) and post.author == reply["user"]
    assert post.url == f"https://news.ycombinator.com/item?id={reply['id']}"
    assert post.text and "<p>" not in post.text


def test_the_api_url_is_its_own_source():
    assert find("https://api.hnpwa.com/v0/item/26312516.json") is hnpwa.HackerNewsHnpwaSource
