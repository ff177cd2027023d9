"""Key points: repeated claims grouped across posts (argmap.analysis.points)."""

from __future__ import annotations

import pytest

from argmap.analysis.points import (
    MIN_AUTHORS,
    LexicalMethod,
    add_points,
    find_points,
    get_method,
    points_in,
)
from argmap.errors import InputError
from argmap.graph import build_graph
from argmap.model import Claim, Relation, Thread
from tests.helpers import post
from tests.schema_check import check_schema

SAME = [
    "Configuration languages should never be Turing complete.",
    "A configuration language should never be Turing complete",
    "Configuration languages should never be Turing complete, full stop.",
]
OTHER = [
    "The documentation website loads slowly on my phone.",
    "Apple uses this internally for years already.",
    "Kotlin bindings would help adoption a lot.",
]


def make_graph(texts_by_author, relations=(), claim_type="claim"):
    """One post per (author, text) under a root; each post one claim."""
    posts = [post("0", None, "A thread title", 0, author="op", title=True)]
    claims = []
    for n, (author, text) in enumerate(texts_by_author, start=1):
        posts.append(post(str(n), "0", text, 1, author=author))
        claims.append(Claim(str(n), 0, text, 0, len(text), claim_type))
    thread = Thread("hackernews", "0", "https://example.org", "A thread title", posts)
    return build_graph(thread, claims, list(relations), classifier="x")


def members_text(G, point):
    return sorted(G.nodes[m]["text"] for m in point.members)


def test_same_point_is_grouped_across_posts():
    G = make_graph(zip(["ann", "bob", "cy", "dee", "eve", "fay"], SAME + OTHER))
    [point] = find_points(G)
    assert members_text(G, point) == sorted(SAME)
    assert point.prevalence == point.size == 3
    assert point.text in SAME and point.representative in point.members


def test_opposite_polarity_is_not_grouped():
    yes = "Pkl is a great configuration language for large teams."
    no = "Pkl is not a great configuration language for large teams."
    G = make_graph(
        [("ann", yes), ("bob", no), ("cy", yes.replace("great", "great new"))]
    )
    [point] = find_points(G)
    assert no not in members_text(G, point)
    assert len(point.members) == 2


def test_a_claim_never_joins_the_claim_it_rebuts():
    G = make_graph(
        zip(["ann", "bob"], SAME[:2]),
        [Relation("2#0", "1#0", "rebuts", 0.9, "test", "claim")],
    )
    assert find_points(G) == []
    G = make_graph(zip(["ann", "bob"], SAME[:2]))
    assert len(find_points(G)) == 1


def test_prevalence_counts_distinct_authors():
    G = make_graph(zip(["ann", "ann", "bob"], SAME))
    [point] = find_points(G)
    assert (point.size, point.prevalence) == (3, 2)
    assert point.authors == ("ann", "bob")
    # One person repeating themselves is no shared point.
    assert MIN_AUTHORS == 2 and find_points(make_graph(zip(["ann"] * 3, SAME))) == []


def test_support_and_rebut_shares():
    G = make_graph(
        zip(
            ["ann", "bob", "cy", "dee"],
            ["Rust is slow to compile big projects.", *SAME],
        ),
        [
            Relation("2#0", "1#0", "rebuts", 0.9, "t", "claim"),
            Relation("3#0", "1#0", "supports", 0.8, "t", "claim"),
        ],
    )
    [point] = find_points(G)
    assert (point.rebuts_share, point.supports_share) == (
        round(1 / 3, 4),
        round(1 / 3, 4),
    )


def test_ids_are_stable_and_ranked():
    texts = (
        SAME
        + OTHER
        + [
            "Kotlin bindings would help the adoption a lot.",
            "Kotlin bindings would help adoption a lot!",
        ]
    )
    authors = ["ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal"]
    first, second = (find_points(make_graph(zip(authors, texts))) for _ in range(2))
    assert first == second
    assert [p.id for p in first] == ["hackernews:#point/0", "hackernews:#point/1"]
    assert [p.prevalence for p in first] == [3, 3]
    # Ties go to the point that appears first in the thread.
    assert first[0].text in SAME


def test_graph_gets_point_nodes_and_expresses_edges(tmp_path):
    G = make_graph(zip(["ann", "bob", "cy", "dee"], SAME + OTHER[:1]))
    points = find_points(G)
    add_points(G, points)
    check_schema(G)
    node = G.nodes["hackernews:#point/0"]
    assert (node["kind"], node["size"], node["prevalence"]) == ("point", 3, 3)
    assert sorted(
        u
        for u, _, k in G.in_edges("hackernews:#point/0", keys=True)
        if k == "expresses"
    ) == sorted(points[0].members)
    assert points_in(G) == points

    from argmap.export import get_writer
    from argmap.export.graphml import read_graphml
    from argmap.export.json import read_json

    check_schema(read_json(get_writer("json")(G, tmp_path / "m.json")))
    back = read_graphml(get_writer("graphml")(G, tmp_path / "m.graphml"))
    check_schema(back)
    assert back.nodes["hackernews:#point/0"] == G.nodes["hackernews:#point/0"]
    assert back.number_of_edges() == G.number_of_edges()


@pytest.mark.parametrize("claim_type", ["question", "quote"])
def test_questions_and_quotes_are_not_points(claim_type):
    G = make_graph(zip(["ann", "bob"], SAME[:2]), claim_type=claim_type)
    assert find_points(G) == []


def test_short_claims_are_not_points():
    assert (
        find_points(make_graph(zip(["ann", "bob"], ["Thanks a lot!", "Thanks a lot!"])))
        == []
    )


def test_a_shared_link_is_not_a_shared_point():
    link = "https://pkl-lang.org/main/current/language-reference/index.html#grammar"
    G = make_graph(
        zip(["ann", "bob", "cy"], [f"See also {link}", f"{link} is broken", link])
    )
    assert find_points(G) == []
    # A link beside the words does not keep a point apart either.
    G = make_graph(zip(["ann", "bob"], [f"{SAME[0]} {link}", SAME[1]]))
    [point] = find_points(G)
    assert point.prevalence == 2


def test_the_title_is_not_a_point_member():
    title = SAME[0]
    posts = [post("0", None, title, 0, author="op", title=True)]
    claims = [Claim("0", 0, title, 0, len(title), "claim")]
    for n, (author, text) in enumerate(zip(["ann", "bob"], SAME[1:]), start=1):
        posts.append(post(str(n), "0", text, 1, author=author))
        claims.append(Claim(str(n), 0, text, 0, len(text), "claim"))
    G = build_graph(Thread("hackernews", "0", "https://example.org", title, posts),
                    claims, [], classifier="x")  # fmt: skip
    [point] = find_points(G)
    assert members_text(G, point) == sorted(SAME[1:])
    assert "op" not in point.authors


def test_methods(monkeypatch, tmp_path):
    assert isinstance(get_method("lexical"), LexicalMethod)
    with pytest.raises(InputError, match="--points must be one of"):
        get_method("bogus")
    monkeypatch.setenv("ARGMAP_ENCODER_DIR", str(tmp_path))
    with pytest.raises(InputError, match="argmap train encoder|transformer"):
        get_method("encoder")
    assert isinstance(get_method("auto"), LexicalMethod)


def write_thread(path, texts_by_author):
    import json

    posts = [
        {"id": "1", "parent": None, "author": "op", "text": "Should configs be code?"}
    ]
    posts += [{"id": str(n), "parent": "1", "author": a, "text": t}
              for n, (a, t) in enumerate(texts_by_author, start=2)]  # fmt: skip
    thread = {
        "format": "argmap-thread",
        "site": "myforum",
        "id": "1",
        "title": "Configs",
        "posts": posts,
    }
    path.write_text(json.dumps(thread), encoding="utf-8")
    return path


def test_map_thread_adds_points_and_exposes_them(tmp_path):
    import argmap

    source = write_thread(
        tmp_path / "t.json", zip(["ann", "bob", "cy", "dee"], SAME + OTHER[:1])
    )
    amap = argmap.map_thread(source)
    check_schema(amap.graph)
    assert [p.id for p in amap.points] == ["myforum:#point/0"]
    assert amap.points == points_in(amap.graph)
    bare = argmap.map_thread(source, points=None)
    assert not [n for n, k in bare.graph.nodes(data="kind") if k == "point"]
    assert bare.points == amap.points  # found on demand, not added to the graph
    with pytest.raises(InputError):
        argmap.map_thread(source, points="bogus")


def test_too_many_claims_of_one_polarity_leave_points_out(monkeypatch, caplog):
    from argmap.analysis import points

    G = make_graph(zip(["ann", "bob", "cy"], SAME))
    monkeypatch.setattr(points, "MAX_AVERAGE_LINK", 2)
    assert points.find_points(G) == []
    assert "key points left out: 3 claims of one polarity" in caplog.text
