"""Node identity: any post id gives its own node, whatever it looks like.

Claim ids are built from post ids, so a post id such as ``1#0`` or ``#1``
once collided with a claim's id or was taken for one (issue 14). Threads with
look-alike ids (tests/fuzz/_families.py) and arbitrary text go through the
real pipeline from an argmap thread JSON file, and the graph must keep every
post as a node, every reply edge, and every claim on its own post.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import argmap
from argmap.export.json import read_json, write_json
from argmap.graph import build_graph, node_id
from argmap.model import Claim, Relation, Thread, escape_id
from argmap.segment import load_pipeline
from tests.fuzz._families import tricky_id_lists
from tests.fuzz._fuzz import fuzz_settings
from tests.helpers import post as make_post

BASELINE = "argmap.cue_words.v1"
ARGUMENTS = (
    "Rust is great. It is memory safe.",
    "I don't think Rust is great. It is slow to compile.",
    "> It is slow to compile\n\nNo, that is not true at all.",
    "Why would anyone say that?",
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("ids")


@st.composite
def threads(draw, ids=None) -> dict:
    ids = draw(ids or st.one_of(tricky_id_lists(), st.lists(
        st.text(min_size=1, max_size=8), min_size=1, max_size=6, unique=True)))
    posts = [{
        "id": post_id,
        "parent": None if i == 0 else ids[draw(st.integers(0, i - 1))],
        "author": f"user{i}",
        "text": draw(st.sampled_from(ARGUMENTS)),
    } for i, post_id in enumerate(ids)]  # fmt: skip
    site = draw(st.sampled_from(["hackernews", "t", "a#b", "%", "a:b"]))
    return {"format": "argmap-thread", "site": site, "title": "Title", "posts": posts}


def check_identity(amap) -> None:
    thread, G = amap.thread, amap.graph
    site = thread.site
    kinds = dict(G.nodes(data="kind"))
    assert len(G) == len(thread.posts) + len(amap.claims), "two items share a node"
    for post in thread.posts:
        u = node_id(site, post.id)
        assert kinds.get(u) == "post" and G.nodes[u]["post_id"] == post.id, post.id
        if post.parent is not None:
            assert G.has_edge(u, node_id(site, post.parent), "replies_to"), post.id
    replies = [(u, v) for u, v, r in G.edges(data="relation") if r == "replies_to"]
    assert len(replies) == len(thread.replies())
    for claim in amap.claims:
        c = node_id(site, claim.id, "claim")
        assert kinds.get(c) == "claim", claim.id
        assert (G.nodes[c]["post_id"], G.nodes[c]["index"]) == (claim.post_id, claim.index)
        owners = [p for p, _, r in G.in_edges(c, data="relation") if r == "contains"]
        assert owners == [node_id(site, claim.post_id)], claim.id
    for u, v, r in G.edges(data="relation"):
        if r not in ("contains", "replies_to"):  # a claim answers a claim
            assert (kinds[u], kinds[v]) == ("claim", "claim"), (u, v, r)
    for rel in amap.relations:
        if rel.kind == "post":
            assert rel.source in thread.posts_by_id and rel.target in thread.posts_by_id
        else:
            assert kinds[node_id(site, rel.source, "claim")] == "claim"


@fuzz_settings(examples=40, deadline_ms=10_000)
@given(data=threads())
def test_any_post_ids_give_one_node_each(nlp, folder, data):
    path = folder / "thread.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    amap = argmap.map_thread(path, nlp=nlp, classifier=BASELINE)
    check_identity(amap)
    back = read_json(write_json(amap.graph, folder / "map.json"))
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        amap.graph.number_of_nodes(), amap.graph.number_of_edges())


def test_issue_examples(nlp, folder):
    # Ids "#1", "#2", "#3" gave no replies and phantom claim rebuttals; ids
    # "1", "1#0", "1#1" left one post node of three.
    for ids in (["#1", "#2", "#3"], ["1", "1#0", "1#1"]):
        data = {"format": "argmap-thread", "site": "t", "title": "Title", "posts": [
            {"id": ids[0], "parent": None, "author": "a", "text": ARGUMENTS[0]},
            {"id": ids[1], "parent": ids[0], "author": "b", "text": ARGUMENTS[1]},
            {"id": ids[2], "parent": ids[1], "author": "c", "text": ARGUMENTS[2]}]}
        path = folder / "issue.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        amap = argmap.map_thread(path, nlp=nlp, classifier=BASELINE)
        check_identity(amap)
        assert sum(k.startswith("replies_to:") for k in amap.relation_counts().elements()) == 2
        posts = {u: d for u, d in amap.graph.nodes(data=True) if d["kind"] == "post"}
        assert sorted(d["author"] for d in posts.values()) == ["a", "b", "c"]


@given(st.text())
def test_escape_is_reversible_and_has_no_hash(post_id):
    escaped = escape_id(post_id)
    assert "#" not in escaped
    assert escaped.replace("%23", "#").replace("%25", "%") == post_id
    if "#" not in post_id and "%" not in post_id:
        assert escaped == post_id  # the node ids of real threads are unchanged


def test_ordinary_ids_are_unchanged():
    assert node_id("hackernews", "39242012") == "hackernews:39242012"
    assert node_id("hackernews", Claim("39242012", 0, "x", 0, 1).id, "claim") == (
        "hackernews:39242012#0")
    assert node_id("reddit", "t1_abc") == "reddit:t1_abc"
    assert node_id("t", "1#0") == "t:1%230" and node_id("t", "%") == "t:%25"


def test_a_relation_says_its_kind():
    assert not Relation("1#0", "1", "rebuts", 0.5, "x").is_claim_level
    assert Relation("1", "2", "rebuts", 0.5, "x", "claim").is_claim_level
    with pytest.raises(ValueError):
        Relation("1", "2", "rebuts", 0.5, "x", "comment")


def test_build_graph_uses_the_relation_kind():
    posts = [make_post("#1", None, "A.", 0), make_post("#2", "#1", "B.", 1)]
    thread = Thread("t", "#1", "", "", posts)
    claims = [Claim("#1", 0, "A.", 0, 2), Claim("#2", 0, "B.", 0, 2)]
    relations = [Relation("#2", "#1", "rebuts", 0.5, "x"),
                 Relation(claims[1].id, claims[0].id, "rebuts", 0.5, "y", "claim")]  # fmt: skip
    G = build_graph(thread, claims, relations)
    assert G.has_edge("t:%232", "t:%231", "replies_to")
    assert G.has_edge("t:%232#0", "t:%231#0", "rebuts")
    assert len(G) == 4
