"""What tests share: where the real captures are, small threads built in code,
and the structure every parsed thread must have. The one home for test
helpers; conftest.py holds only fixtures and hooks (a conftest is not meant
to be imported)."""

from __future__ import annotations

import importlib
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


#: Set by .ci/run's client step: an export's real client (arguebuf, ConvoKit,
#: the Argdown parser) that is missing fails the test instead of skipping it.
REQUIRE_CLIENTS_ENV = "ARGMAP_REQUIRE_CLIENTS"


def skip_without_client(why: str) -> None:
    """Skip the calling test because a format's real client is missing, or
    fail it where $ARGMAP_REQUIRE_CLIENTS says the clients must be there."""
    if os.environ.get(REQUIRE_CLIENTS_ENV, "") not in ("", "0"):
        pytest.fail(
            f"{why}; {REQUIRE_CLIENTS_ENV} is set, so this fails", pytrace=False
        )
    pytest.skip(why)


def need_client(module: str, why: str):
    """``import module`` for a test that checks output with a real client."""
    try:
        return importlib.import_module(module)
    except ImportError:
        skip_without_client(f"{why} ({module} is not installed)")


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


# A debate with a known report (tests/analysis): who rebuts whom is fixed, not classified.
DEBATE_TITLE = "Tabs or spaces"


def debate(texts: dict[str, str] | None = None, authors: dict[str, str] | None = None):
    """A story and five replies with known outcomes (texts and authors replaceable):

    - 1#1 "Tabs are better than spaces." is rebutted by 2#0 (0.9), which is
      itself rebutted by 3#0 (0.8): 2#0 is out, 1#1 stands again, and 1#1 is
      the most contested claim (strongest rebuttal 2#0).
    - 3#0 is supported by 6#0 (0.6) and never rebutted: the consensus.
    - 4#0 is a question nobody answers: the open question.
    - 5#0 rebuts 2#0 with confidence 0.3, below the threshold: it does not count.
    """
    from argmap.analysis.acceptability import annotate
    from argmap.graph import build_graph
    from argmap.model import Claim, Relation

    texts = {
        "1": f"{DEBATE_TITLE}\n\nTabs are better than spaces.",
        "2": "Spaces are better.",
        "3": "No, tabs win.",
        "4": "Why does anyone care?",
        "5": "Maybe not.",
        "6": "Right, tabs win.",
    } | (texts or {})
    authors = {
        "1": "op",
        "2": "alice",
        "3": "bob",
        "4": "carol",
        "5": "dave",
        "6": "erin",
    } | (authors or {})
    parents = {"1": None, "2": "1", "3": "2", "4": "1", "5": "2", "6": "3"}
    depth = {"1": 0, "2": 1, "3": 2, "4": 1, "5": 2, "6": 3}
    posts = [
        post(i, parents[i], texts[i], depth[i], author=authors[i], title=i == "1")
        for i in parents
    ]
    thread = Thread(
        "hackernews", "1", "https://news.ycombinator.com/item?id=1", DEBATE_TITLE, posts
    )
    body = texts["1"][len(DEBATE_TITLE) + 2 :]
    claims = [
        Claim("1", 0, DEBATE_TITLE, 0, len(DEBATE_TITLE)),
        Claim("1", 1, body, len(DEBATE_TITLE) + 2, len(texts["1"])),
    ]
    for i in "23456":
        kind = "question" if i == "4" else "claim"
        claims.append(Claim(i, 0, texts[i], 0, len(texts[i]), kind))
    stances = {
        "2": "rebuts",
        "3": "rebuts",
        "4": "questions",
        "5": "rebuts",
        "6": "supports",
    }
    relations = [Relation(i, parents[i], s, 0.7, "test") for i, s in stances.items()]
    for source, target, label, confidence in [
        ("2#0", "1#1", "rebuts", 0.9),
        ("3#0", "2#0", "rebuts", 0.8),
        ("5#0", "2#0", "rebuts", 0.3),
        ("6#0", "3#0", "supports", 0.6),
    ]:
        relations.append(
            Relation(source, target, label, confidence, "test", kind="claim")
        )
    return annotate(build_graph(thread, claims, relations, classifier="test"))


def add_point(
    G,
    text: str,
    members: list[str],
    prevalence: int,
    method: str = "argmap.points_lexical.v1",
) -> None:
    """A key point node as the key-points stage writes them (docs/schema.md)."""
    node = f"hackernews:point:{len(text)}"
    G.add_node(
        node,
        kind="point",
        site="hackernews",
        text=text,
        prevalence=prevalence,
        size=len(members),
        method=method,
    )
    for claim in members:
        G.add_edge(claim, node, key="expresses", relation="expresses")


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
