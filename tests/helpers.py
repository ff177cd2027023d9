"""What tests share: where the real captures are, small threads built in code,
and the structure every parsed thread must have. The one home for test
helpers; conftest.py holds only fixtures and hooks (a conftest is not meant
to be imported)."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from argmap.model import BLOCK_KINDS, POST_STATUSES, Post, Thread
from argmap.text.blocks import blocks_from_text

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARGMAP_SHARED", REPO.parent / "shared"))
#: Set (to anything but "" or "0") by .ci/run: a missing capture fails the test
#: instead of skipping it, so CI cannot pass with half the suite skipped.
REQUIRE_SHARED_ENV = "ARGMAP_REQUIRE_SHARED"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the calling test when it is absent
    (fails it when $ARGMAP_REQUIRE_SHARED is set)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        why = f"needs ../shared ({path} not found): real captures are not in the repo"
        if os.environ.get(REQUIRE_SHARED_ENV, "") not in ("", "0"):
            pytest.fail(
                f"{why}; {REQUIRE_SHARED_ENV} is set, so this fails", pytrace=False
            )
        pytest.skip(why)
    return path


def check_tree(thread: Thread) -> None:
    """Structure every parsed thread must have, whatever the site: one root,
    ids once each, every parent before its replies and one level up, known
    statuses, and blocks that cover text with no white space at their edges."""
    root = thread.root
    assert (root.parent, root.depth) == (None, 0)
    seen = {root.id: root}
    for post in thread.posts[1:]:
        assert post.id not in seen, f"duplicate id {post.id}"
        parent = seen[post.parent]  # parents come first, in reading order
        assert post.depth == parent.depth + 1
        assert post.status in POST_STATUSES
        seen[post.id] = post
    for post in thread.posts:
        for block in post.blocks:
            assert block.kind in BLOCK_KINDS
            covered = post.text[block.start : block.end]
            # blocks_from_text keeps code's indentation: it is how code is marked
            edges = covered.rstrip() if block.kind == "code" else covered.strip()
            assert covered.strip() and covered == edges


def post(
    post_id: str,
    parent: str | None,
    text: str,
    depth: int,
    *,
    author: str = "alice",
    status: str = "ok",
    title: bool = False,
) -> Post:
    return Post(
        id=post_id,
        parent=parent,
        author=author,
        created=datetime(2024, 2, 3, 16, 43, 55, tzinfo=timezone.utc),
        depth=depth,
        url=f"https://news.ycombinator.com/item?id={post_id}",
        status=status,
        text=text,
        blocks=blocks_from_text(text, title=title),
    )


def tiny_thread() -> Thread:
    """A story, two disagreeing replies, a quoting reply, a question, a deleted post."""
    posts = [
        post(
            "1",
            None,
            "Rust is the future of systems programming\n\nMemory safety matters.",
            0,
            author="op",
            title=True,
        ),
        post(
            "2",
            "1",
            "I don't think so. C++ has decades of tooling that Rust lacks.",
            1,
            author="bob",
        ),
        post(
            "3",
            "2",
            "> C++ has decades of tooling\n\nThat is not true. Cargo is better than "
            "anything C++ has.",
            2,
            author="carol",
        ),
        post(
            "4",
            "1",
            "Agreed, memory safety matters a lot for security.",
            1,
            author="dan",
        ),
        post("5", "4", "What about performance?", 2, author="erin"),
        post("6", "4", "[deleted]", 2, author=None, status="deleted"),
    ]
    return Thread(
        site="hackernews",
        id="1",
        url="https://news.ycombinator.com/item?id=1",
        title="Rust is the future of systems programming",
        posts=posts,
        fetched_at=datetime(2024, 2, 4, tzinfo=timezone.utc),
    )


def hn_firebase_items(thread: Thread) -> list[dict]:
    """A Hacker News thread as the Firebase API's items (one dict per post),
    for dumps built at test time from the captures: the text as HTML
    paragraphs, ``kids`` in the thread's order, deleted posts as bare stubs."""
    import html

    kids: dict[str, list[int]] = {}
    for p in thread.posts[1:]:
        kids.setdefault(p.parent, []).append(int(p.id))
    items = []
    for p in thread.posts:
        text = p.text
        if p.parent is None and thread.title and text.startswith(thread.title):
            text = text[len(thread.title) :].strip()
        item = {
            "id": int(p.id),
            "type": "comment" if p.parent else "story",
            "time": int(p.created.timestamp()) if p.created else None,
        }
        if p.parent:
            item["parent"] = int(p.parent)
        else:
            item |= {"title": thread.title, "url": thread.link}
        if p.status == "deleted":
            item["deleted"] = True
        else:
            paragraphs = [html.escape(x) for x in text.split("\n\n") if x.strip()]
            item |= {"by": p.author, "text": "<p>".join(paragraphs)}
        if p.id in kids:
            item["kids"] = kids[p.id]
        items.append(item)
    return items


def pushshift_items(listing: list) -> list[dict]:
    """A saved Reddit comments listing as Pushshift's records: the submission,
    then every comment flat with its ``link_id`` (stubs left out)."""
    submission = listing[0]["data"]["children"][0]["data"]
    records = [dict(submission)]
    stack = list(listing[1]["data"]["children"])
    while stack:
        thing = stack.pop()
        if thing.get("kind") != "t1":
            continue
        data = dict(thing["data"])
        replies = data.pop("replies", "")
        if isinstance(replies, dict):
            stack.extend(replies["data"]["children"])
        data.setdefault("link_id", f"t3_{submission['id']}")
        records.append(data)
    return records
