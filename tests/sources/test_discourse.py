"""The Discourse source, on the real topics in ../shared and on a replayed multi-page fetch."""

from __future__ import annotations

import copy
import json
from collections import Counter
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from argmap.errors import LayoutChangedError, NotFoundError, UnsupportedSourceError
from argmap.http.session import Page
from argmap.model import Thread
from argmap.sources import find
from argmap.sources.discourse import topic as dc
from argmap.sources.discourse.topic import DiscourseTopicSource
from tests import helpers
from tests.helpers import shared_path

FACTS = json.loads(
    (Path(__file__).parent / "discourse_expected.json").read_text("utf-8")
)
CAPTURES = FACTS["captures"]
URHO = "https://discourse.urho3d.io"
EMSCRIPTEN = "urho3d/t-emscripten-support-812.json"
RBFX = "urho3d/t-to-rbfx-and-not-to-rbfx-5864.json"


@cache
def raw(name: str) -> dict:
    return json.loads(
        shared_path("corpora", "discourse", *name.split("/")).read_text("utf-8")
    )


def data(name: str) -> dict:
    """A fresh copy of a capture, safe to edit."""
    return copy.deepcopy(raw(name))


@cache
def parsed(name: str) -> Thread:
    return dc.parse_json(raw(name))


def raw_posts(name: str) -> dict[str, dict]:
    return {str(p["post_number"]): p for p in raw(name)["post_stream"]["posts"]}


def check_tree(thread: Thread) -> None:
    """The structure of every thread, and Discourse's post numbers and URLs."""
    helpers.check_tree(thread)
    root = thread.root
    assert (root.id, thread.site) == ("1", "discourse")
    assert root.blocks[0].kind == "title" and root.text.startswith(thread.title)
    for post in thread.posts[1:]:
        assert int(post.parent) < int(post.id)  # a reply has a later number
        assert post.url == f"{thread.url}/{post.id}"
        assert all(block.kind != "title" for block in post.blocks)


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_capture_counts_and_root(name):
    facts, thread = CAPTURES[name], parsed(name)
    check_tree(thread)
    assert len(raw(name)["post_stream"]["posts"]) == facts["raw_posts"]
    assert len(thread.posts) == facts["posts"]
    assert len(thread.posts) + len(thread.skipped) == facts["raw_posts"]
    assert [s.item for s in thread.skipped] == facts["skipped"]
    assert thread.complete
    assert (thread.id, thread.title, thread.url) == (
        facts["id"],
        facts["title"],
        facts["url"],
    )
    assert thread.root.author == facts["root_author"]
    assert thread.root.created.isoformat() == facts["root_created"]
    assert max(p.depth for p in thread.posts) == facts["max_depth"]
    assert Counter(p.status for p in thread.posts) == facts["statuses"]
    if "distinct_authors" in facts:
        assert len({p.author for p in thread.posts}) == facts["distinct_authors"]


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_manifest_max_reply_depth_is_the_longest_reply_to_chain(name):
    posts = {p["post_number"]: p for p in raw(name)["post_stream"]["posts"]}

    def hops(post):
        count = 0
        while (target := post.get("reply_to_post_number")) in posts:
            post, count = posts[target], count + 1
        return count

    assert max(map(hops, posts.values())) == CAPTURES[name]["manifest_max_reply_depth"]


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_hand_checked_parents_and_statuses(name):
    facts, thread = CAPTURES[name], parsed(name)
    assert {n: thread.post(n).parent for n in facts["parents"]} == facts["parents"]
    for number, status in facts.get("status_of", {}).items():
        assert thread.post(number).status == status


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_parents_agree_with_discourses_reply_to_user(name):
    # Discourse also names the user replied to; it must be the parent's author,
    # unless the post replied to was moved out of the topic.
    thread, posts = parsed(name), raw_posts(name)
    for post in thread.posts[1:]:
        r = posts[post.id]
        user, target = (
            (r.get("reply_to_user") or {}).get("username"),
            r.get("reply_to_post_number"),
        )
        if user and str(target) in thread.posts_by_id:
            assert thread.post(post.parent).author == user, post.id
        elif user:
            assert post.parent == "1", post.id  # moved away: the opening post


def test_emscripten_has_no_reply_links_so_quotes_give_them():
    thread, posts = parsed(EMSCRIPTEN), raw_posts(EMSCRIPTEN)
    assert all(p.get("reply_to_post_number") is None for p in posts.values())
    quoted = [p for p in thread.posts[1:] if p.parent != "1"]
    with_aside = [p for p in quoted if 'aside class="quote' in posts[p.id]["cooked"]]
    assert len(quoted) == CAPTURES[EMSCRIPTEN]["quote_links"]
    assert len(with_aside) == CAPTURES[EMSCRIPTEN]["aside_quote_links"]
    # None of the 812 quote asides names its post: the quoted author does.
    assert 'data-post="' not in "".join(p["cooked"] for p in posts.values())
    for post in quoted:
        assert post.blocks and "quote" in {b.kind for b in post.blocks}, post.id


def test_imported_bbcode_quotes_are_quote_blocks():
    post = parsed(EMSCRIPTEN).post("10")
    kinds = [b.kind for b in post.blocks]
    assert kinds[:3] == ["quote", "code", "quote"] and "[quote" not in post.text
    assert post.text.startswith("I am getting a build error:")


def test_action_posts_are_skipped_with_their_reason():
    thread = parsed(
        "urho3d/t-migration-from-custom-container-library-to-augmented-eastl-5872.json"
    )
    reasons = {s.item: s.reason for s in thread.skipped}
    assert reasons["post 42"] == "small action post (closed.enabled), not a reply"
    assert reasons["post 75"] == "small action post (split_topic), not a reply"
    old = parsed("try-discourse-org-t-57-sandbox-2013.json").skipped[0]
    assert old.reason.startswith("moderator action post (This topic is now pinned.")


def test_hidden_posts_are_flagged_and_keep_the_notice():
    post = parsed("urho3d/t-random-projects-shots-2431.json").post("359")
    assert post.status == "flagged" and post.author == "Modanung"
    assert (
        post.text == "This post was flagged by the community and is temporarily hidden."
    )


def test_deleted_posts_keep_their_place_but_no_text():
    topic = data("urho3d/t-the-last-english-release-7362.json")
    posts = topic["post_stream"]["posts"]
    posts[1]["deleted_at"] = "2022-11-22T00:00:00.000Z"
    posts[2]["user_deleted"] = True
    thread = dc.parse_json(topic)
    assert [(p.status, p.text) for p in thread.posts[1:3]] == [("deleted", "")] * 2
    assert thread.post("7").parent == "2"  # replies to a deleted post stay linked


def test_cooked_html_becomes_text_without_previews_or_image_captions():
    shots = parsed("urho3d/t-random-projects-shots-2431.json")
    assert shots.post("2").text == "https://www.youtube.com/watch?v=zdj2sudU4jE"
    assert "1213×838" not in shots.post("3").text  # lightbox caption
    assert shots.post("145").text.startswith(
        "A very old one, sorry.\n\nhttps://bananaft.itch.io/yedomaglobula\n\nLately"
    )
    release = parsed("urho3d/t-next-release-2031.json").post("56")
    assert [b.kind for b in release.blocks] == [
        "quote",
        "paragraph",
        "quote",
        "paragraph",
    ]
    assert (
        release.quotes[0].text
        == "do you just pull from GitHub and push back your changes?"
    )


def test_old_2013_schema_without_a_host():
    thread = parsed("try-discourse-org-t-57-sandbox-2013.json")
    assert [p.id for p in thread.posts] == ["1", "3", "14"]
    assert thread.post("14").created == datetime(
        2013, 2, 5, 17, 14, 17, 364000, tzinfo=timezone.utc
    )
    assert thread.post("3").text == ""  # an image only
    # A saved file names its host only in avatar paths; these are gravatars.
    assert (
        thread.post("14").url == "/t/this-site-is-a-sandbox-it-is-reset-every-day/57/14"
    )
    fetched = dc.parse_json(
        raw("try-discourse-org-t-57-sandbox-2013.json"),
        url="https://try.discourse.org/t/57",
    )
    assert (
        fetched.post("14").url
        == "https://try.discourse.org/t/this-site-is-a-sandbox-it-is-reset-every-day/57/14"
    )


def test_a_saved_first_page_alone_is_incomplete():
    topic = data(RBFX)
    topic["post_stream"]["posts"] = topic["post_stream"]["posts"][:20]
    thread = dc.parse_json(topic)
    assert len(thread.posts) == 20 and not thread.complete
    assert [(s.item, s.reason) for s in thread.skipped] == [
        ("320 posts", "listed in the topic's post stream but not in the saved JSON")
    ]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.pop("id"), "has no topic id"),
        (
            lambda t: t["post_stream"]["posts"][3].pop("post_number"),
            "has no post_number",
        ),
        (
            lambda t: t["post_stream"]["posts"][3].pop("cooked"),
            "post 4 of .* has no text",
        ),
        (lambda t: t["post_stream"]["posts"].pop(0), "has no opening post"),
    ],
)
def test_missing_mandatory_fields_are_layout_errors(edit, message):
    topic = data("urho3d/t-the-last-english-release-7362.json")
    edit(topic)
    with pytest.raises(LayoutChangedError, match=rf"^discourse: .*{message}"):
        dc.parse_json(topic, url=f"{URHO}/t/7362")


# -- fetching: any host, detected by the answer, in chunks ------------------------


class ReplaySession:
    """Answers /t/ID.json with the first ``first`` posts and the whole stream,
    and /t/ID/posts.json?post_ids[]=... with those posts, from a saved topic."""

    def __init__(self, topic: dict, first: int = 20, base: str = URHO):
        self.topic, self.first, self.base, self.requested = topic, first, base, []
        self.by_id = {p["id"]: p for p in topic["post_stream"]["posts"]}

    def get(self, url: str, *, params=None) -> Page:
        self.requested.append(url)
        parts = urlsplit(url)
        if url == f"{self.base}/t/{self.topic['id']}.json":
            body = copy.deepcopy(self.topic)
            body["post_stream"]["posts"] = body["post_stream"]["posts"][: self.first]
        elif parts.path == f"/t/{self.topic['id']}/posts.json":
            ids = [int(i) for i in parse_qs(parts.query)["post_ids[]"]]
            body = {
                "post_stream": {
                    "posts": [self.by_id[i] for i in ids if i in self.by_id]
                }
            }
        else:
            raise NotFoundError(f"{url} not found", url=url, status=404)
        when = datetime(2026, 1, 1, tzinfo=timezone.utc)
        return Page(url=url, text=json.dumps(body), status=200, fetched_at=when)


def test_replayed_multi_page_fetch_equals_the_saved_topic():
    url = f"{URHO}/t/to-rbfx-and-not-to-rbfx/5864/42"
    session = ReplaySession(raw(RBFX))
    thread = find(url)(url, session=session).fetch_thread()
    assert session.requested[0] == f"{URHO}/t/5864.json"
    assert len(session.requested) == 1 + 16  # 320 more posts, 20 a request
    first_chunk = parse_qs(urlsplit(session.requested[1]).query)["post_ids[]"]
    assert first_chunk == [str(i) for i in raw(RBFX)["post_stream"]["stream"][20:40]]
    saved = dc.parse_json(raw(RBFX), url=url)
    assert thread.complete and thread.skipped == saved.skipped
    assert thread.posts == saved.posts and thread.url == saved.url


def test_fetch_is_bounded_and_says_what_it_left_out(monkeypatch):
    monkeypatch.setattr(dc, "MAX_POST_REQUESTS", 3)
    session = ReplaySession(raw(RBFX))
    source = DiscourseTopicSource(f"{URHO}/t/5864", session=session)
    thread = source.fetch_thread()
    assert len(session.requested) == 4 and len(thread.posts) == 20 + 3 * 20
    assert not thread.complete
    assert thread.skipped[-1].item == "260 posts"
    assert "at most 3 chunks" in thread.skipped[-1].reason


def test_any_host_and_subfolder_is_tried():
    session = ReplaySession(
        raw("urho3d/t-the-last-english-release-7362.json"),
        base="https://forum.example.org/community",
    )
    url = "https://forum.example.org/community/t/the-last-english-release/7362"
    thread = find(url)(url, session=session).fetch_thread()
    assert session.requested == ["https://forum.example.org/community/t/7362.json"]
    assert (
        thread.url
        == "https://forum.example.org/community/t/the-last-english-release/7362"
    )


class StaticSession:
    def __init__(self, text: str | None):
        self.text = text

    def get(self, url: str, *, params=None) -> Page:
        if self.text is None:
            raise NotFoundError(f"{url}: 404", url=url, status=404)
        return Page(url, self.text, 200, datetime(2026, 1, 1, tzinfo=timezone.utc))


@pytest.mark.parametrize(
    "answer", ["<html><body>a blog</body></html>", '{"id": 3}', "[]"]
)
def test_a_host_that_is_not_discourse_is_refused_clearly(answer):
    source = DiscourseTopicSource(
        "https://blog.example.com/t/a-post/3", session=StaticSession(answer)
    )
    with pytest.raises(
        UnsupportedSourceError, match=r"is not a Discourse topic: .*/t/3\.json"
    ):
        source.fetch()


def test_a_missing_topic_says_it_may_not_be_discourse():
    source = DiscourseTopicSource(
        "https://example.com/t/3", session=StaticSession(None)
    )
    with pytest.raises(
        NotFoundError,
        match="does not exist or is private, or example.com is not a Discourse forum",
    ):
        source.fetch()


@pytest.mark.parametrize(
    ("url", "topic", "slug", "post"),
    [
        (
            "https://discourse.urho3d.io/t/to-rbfx-and-not-to-rbfx/5864",
            "5864",
            "to-rbfx-and-not-to-rbfx",
            None,
        ),
        ("https://discourse.urho3d.io/t/5864", "5864", None, None),
        ("https://discourse.urho3d.io/t/5864/12", "5864", None, "12"),
        ("https://meta.discourse.org/t/some-topic/12/3?u=x", "12", "some-topic", "3"),
        ("https://d.example/t/-/9.json", "9", "-", None),
        ("https://d.example/t/slug/", None, None, None),
        ("https://d.example/t/123abc", None, None, None),
        ("https://d.example/c/category/5", None, None, None),
    ],
)
def test_url_pattern(url, topic, slug, post):
    match = DiscourseTopicSource.match_url(url)
    got = (match["id"], match["slug"], match["post"]) if match else (None, None, None)
    assert got == (topic, slug, post)


def test_sniff_json():
    assert dc.sniff_json(raw(RBFX))
    chunk = {"post_stream": {"posts": []}, "id": 5}  # a posts.json answer is no topic
    for other in (chunk, [], {"post_stream": []}, {"short_id": "x", "comments": []}):
        assert not dc.sniff_json(other)
