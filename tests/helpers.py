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


#: (post id, parent, author, text, claim type) of ``argued_graph``'s posts:
#: one claim a post (its whole text), but post 10 which has two.
ARGUED_POSTS = (
    ("1", None, "op", "Rust is the future of systems programming.", "claim"),
    ("2", "1", "bob", "C++ has decades of tooling that Rust lacks.", "claim"),
    (
        "3",
        "2",
        "carol",
        "That is not true. Cargo is better than anything C++ has.",
        "claim",
    ),
    ("4", "1", "dan", "Memory safety matters a lot for security.", "claim"),
    ("5", "4", "erin", "What about performance?", "question"),
    ("6", "4", None, "[deleted]", "claim"),
    ("7", "2", "frank", "Tooling is not what decides a language's future.", "claim"),
    ("8", "3", "bob", "Cargo is not better than CMake for big builds.", "claim"),
    ("9", "1", "gina", "Who maintains the compilers?", "question"),
    ("10", "8", "carol", "It is, by far.", "claim"),
    ("11", "7", "hal", "Performance is fine anyway.", "claim"),
)
#: (source claim, target claim, relation, confidence) between ``argued_graph``'s claims.
ARGUED_RELATIONS = (
    ("3#0", "2#0", "rebuts", 0.9),
    ("7#0", "2#0", "rebuts", 0.7),
    ("4#0", "1#0", "supports", 0.8),
    ("5#0", "4#0", "questions", 0.7),
    ("8#0", "3#0", "rebuts", 0.8),
    ("10#0", "8#0", "rebuts", 0.6),
    ("10#1", "8#0", "neutral", 0.3),
    ("11#0", "7#0", "supports", 0.3),
)


def argued_graph():
    """A small mapped thread with known arguments: claim 2#0 rebutted by two
    people, bob and carol rebutting each other, an unanswered question (9#0),
    a supported claim, and neutral and low-confidence edges."""
    from argmap.graph import build_graph
    from argmap.model import Claim, Relation

    posts = [
        post(pid, parent, text, 0 if parent is None else 1, author=author,
             status="deleted" if author is None else "ok", title=parent is None)
        for pid, parent, author, text, _ in ARGUED_POSTS
    ]  # fmt: skip
    thread = Thread(
        site="hackernews", id="1", url="https://news.ycombinator.com/item?id=1",
        title="Rust is the future of systems programming", posts=posts,
        fetched_at=datetime(2024, 2, 4, tzinfo=timezone.utc),
    )  # fmt: skip
    claims = [
        Claim(pid, 0, text, 0, len(text), kind)
        for pid, _, _, text, kind in ARGUED_POSTS
    ]
    claims.append(Claim("10", 1, "Low-confidence remark.", 15, 37))
    relations = [
        Relation(pid, parent, "rebuts" if pid in ("3", "7", "8", "10") else "neutral",
                 0.7, "a reply", "post")
        for pid, parent, *_ in ARGUED_POSTS if parent
    ]  # fmt: skip
    relations += [
        Relation(s, t, label, conf, f"cue for {label}", "claim")
        for s, t, label, conf in ARGUED_RELATIONS
    ]
    return build_graph(thread, claims, relations, classifier="argmap.stance_linear.v2")
