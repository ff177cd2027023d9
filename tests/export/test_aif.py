"""AIF and xAIF (issue 11): claims as I-nodes, supports and rebuts as RA and
CA, posts as L-nodes with their authors and times, loaded back with arguebuf
and ARG-tech's xaif package and checked against the graph, node for node.

xaif is in the test extra; arguebuf is not (it pins protobuf<6 and lxml<6,
see pyproject.toml), so its test skips unless arguebuf is installed:
``pip install 'argmap[aif]'`` in a separate environment, or
``pip install --no-deps arguebuf arg-services pendulum graphviz grpcio
grpcio-reflection`` beside protobuf 7 and lxml 6, where it works as well."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from argmap.export.aif import aif_time, write_aif
from argmap.export.xaif import write_xaif
from tests.helpers import need_client
from tests.test_graph import make_graph

AIF_TYPES = {"I", "L", "RA", "CA", "MA", "PA", "YA", "TA"}
HOSTILE = '<script>alert(1)</script> & "quotes" : not a speaker'


@pytest.fixture(scope="module")
def G():
    G = make_graph()[2]
    G.nodes["hackernews:4"]["text"] += " " + HOSTILE
    G.nodes["hackernews:5"]["created"] = ""  # a page that gave no time
    return G


def expected(G):
    """What the AIF of ``G`` must hold, counted from the graph."""
    kind = dict(G.nodes(data="kind"))
    owner = {v: u for u, v, r in G.edges(data="relation") if r == "contains"}
    replies = {(u, v) for u, v, r in G.edges(data="relation") if r == "replies_to"}
    claim_edges = [
        (u, v, r)
        for u, v, r in G.edges(data="relation")
        if kind[u] == kind[v] == "claim"
    ]
    schemes = [(u, v, r) for u, v, r in claim_edges if r in ("supports", "rebuts")]
    anchored = [e for e in schemes if (owner[e[0]], owner[e[1]]) in replies]
    questions = [e for e in claim_edges if e[2] == "questions"]
    claims = [n for n, k in kind.items() if k == "claim"]
    return {
        "I": len(claims),
        "L": sum(k == "post" for k in kind.values()),
        "RA": sum(r == "supports" for *_, r in schemes),
        "CA": sum(r == "rebuts" for *_, r in schemes),
        "TA": len(replies),
        "YA": len(claims) + len(questions) + len(anchored),
    }


def edges_of(data, nodes):
    # Every edge joins two nodes of the file.
    ids = {n["nodeID"] for n in nodes}
    assert len(ids) == len(nodes)
    for e in data:
        assert e["fromID"] in ids and e["toID"] in ids, e
    return data


def test_aif_counts_match_the_graph(G, tmp_path):
    data = json.loads(write_aif(G, tmp_path / "m.aif.json").read_text(encoding="utf-8"))
    assert set(data) == {"nodes", "edges", "locutions", "participants"}
    types = Counter(n["type"] for n in data["nodes"])
    assert types == expected(G)
    assert set(types) <= AIF_TYPES
    edges_of(data["edges"], data["nodes"])
    # A YA has one edge in and one out; a TA joins two L-nodes, an RA or CA
    # two I-nodes (and a YA may leave a TA for an RA or CA it anchors).
    kind = {n["nodeID"]: n["type"] for n in data["nodes"]}
    joins = {"TA": "L", "RA": "I", "CA": "I"}
    for n, own in kind.items():
        touching = [e for e in data["edges"] if n in (e["fromID"], e["toID"])]
        if own == "YA":
            assert len(touching) == 2, n
        elif own in joins:
            ends = [e["toID"] if e["fromID"] == n else e["fromID"] for e in touching]
            assert sorted(kind[m] for m in ends if kind[m] != "YA") == [joins[own]] * 2
    links = [n for n in kind if kind[n] not in ("I", "L")]
    assert len(data["edges"]) == 2 * len(links)


def test_posts_are_locutions_with_author_and_time(G, tmp_path):
    data = json.loads(write_aif(G, tmp_path / "m.aif.json").read_text(encoding="utf-8"))
    people = {p["participantID"]: p["firstname"] for p in data["participants"]}
    said = {lo["nodeID"]: lo for lo in data["locutions"]}
    posts = [d for _, d in G.nodes(data=True) if d["kind"] == "post"]
    L = [n for n in data["nodes"] if n["type"] == "L"]
    assert len(L) == len(posts) == len(said)
    for node, post in zip(L, posts):
        author = post["author"] or "unknown"
        assert node["text"] == f"{author} : {post['text']}"
        assert people[said[node["nodeID"]]["personID"]] == author
        assert (
            said[node["nodeID"]]["timestamp"]
            == node["timestamp"]
            == aif_time(post["created"])
        )
        assert said[node["nodeID"]]["source"] == post["url"]
    assert aif_time("2024-02-03T16:43:55Z") == "2024-02-03 16:43:55"


def test_illocutions_and_schemes_say_what_the_edges_said(G, tmp_path):
    data = json.loads(write_aif(G, tmp_path / "m.aif.json").read_text(encoding="utf-8"))
    text = {n["nodeID"]: n["text"] for n in data["nodes"]}
    kind = {n["nodeID"]: n["type"] for n in data["nodes"]}
    out = {e["fromID"]: [] for e in data["edges"]}
    for e in data["edges"]:
        out[e["fromID"]].append(e["toID"])
    arrows = Counter()
    for s, targets in out.items():
        if kind[s] == "I":
            for scheme in targets:
                for target in out.get(scheme, []):
                    arrows[text[s], kind[scheme], text[scheme], text[target]] += 1
    assert arrows == Counter({
        ("That is not true.", "CA", "Default Conflict", "C++ has decades of tooling that Rust lacks."): 1,
        ("Agreed, memory safety matters a lot for security.", "RA", "Default Inference",
         "Memory safety matters."): 1,
    })  # fmt: skip
    illocutions = Counter(text[n] for n in text if kind[n] == "YA")
    assert illocutions == Counter({
        "Asserting": 7, "Default Illocuting": 1, "Pure Questioning": 1, "Challenging": 1,
        "Arguing": 1, "Disagreeing": 1,
    })  # fmt: skip


def test_arguebuf_loads_aif_and_xaif_with_the_graphs_counts(G, tmp_path):
    arguebuf = need_client("arguebuf", "arguebuf is in argmap[aif]")
    from argmap.export.aif import load_arguebuf

    want = expected(G)
    paths = [
        write_aif(G, tmp_path / "m.aif.json"),
        write_xaif(G, tmp_path / "m.xaif.json"),
    ]
    graphs = [arguebuf.load.file(paths[0])] + [load_arguebuf(p) for p in paths]
    for g in graphs:
        assert len(g.atom_nodes) == want["I"]
        schemes = Counter(type(s.scheme).__name__ for s in g.scheme_nodes.values())
        assert schemes == Counter({"Support": want["RA"], "Attack": want["CA"]})
        # arguebuf keeps the argument side: I -> scheme -> I, two edges a scheme.
        assert len(g.edges) == 2 * (want["RA"] + want["CA"])
        texts = {a.plain_text for a in g.atom_nodes.values()}
        assert texts == {
            d["text"] for _, d in G.nodes(data=True) if d["kind"] == "claim"
        }


def test_xaif_has_the_structure_ova_and_oamf_read(G, tmp_path):
    data = json.loads(
        write_xaif(G, tmp_path / "m.xaif.json").read_text(encoding="utf-8")
    )
    aif = json.loads(write_aif(G, tmp_path / "m.aif.json").read_text(encoding="utf-8"))
    assert set(data) == {"AIF", "text", "dialog", "OVA"} and data["dialog"] is True
    assert set(data["AIF"]) == {"nodes", "edges", "locutions", "participants",
                                "schemefulfillments", "descriptorfulfillments"}  # fmt: skip
    nodes = data["AIF"]["nodes"]
    assert all(set(n) == {"nodeID", "text", "type"} for n in nodes)
    assert [(n["nodeID"], n["text"], n["type"]) for n in nodes] == [
        (n["nodeID"], n["text"], n["type"]) for n in aif["nodes"]
    ]
    edges = edges_of(data["AIF"]["edges"], nodes)
    assert all(set(e) == {"edgeID", "fromID", "toID"} for e in edges)
    assert data["AIF"]["participants"] == aif["participants"]
    ova = data["OVA"]
    assert set(ova) == {"firstname", "surname", "url", "nodes", "edges"}
    assert [n["nodeID"] for n in ova["nodes"]] == [n["nodeID"] for n in nodes]
    assert all(
        isinstance(n["x"], int) and isinstance(n["y"], int) for n in ova["nodes"]
    )
    assert [(e["fromID"], e["toID"]) for e in ova["edges"]] == [
        (e["fromID"], e["toID"]) for e in edges
    ]
    # The thread text is HTML: one span per L-node, every post escaped.
    L = [n["nodeID"] for n in nodes if n["type"] == "L"]
    for node_id in L:
        assert f'<span class="highlighted" id="{node_id}">' in data["text"]
    assert "<script>" not in data["text"] and "&lt;script&gt;" in data["text"]
    assert data["text"].count("<span") == len(L)


def test_arg_techs_xaif_package_reads_it(G, tmp_path):
    need_client("pandas", "the xaif package needs pandas")
    xaif = need_client("xaif", "xaif (ARG-tech's library) is in the test extra")
    data = json.loads(
        write_xaif(G, tmp_path / "m.xaif.json").read_text(encoding="utf-8")
    )
    doc = xaif.AIF(data)
    assert doc.is_valid_json_aif() and doc.is_json_aif_dialog()
    relations = doc.get_csv("argument-relation")
    found = Counter(relations[relations["relation"] != "None"]["relation"])
    assert found == Counter(
        {"Default Conflict": expected(G)["CA"], "Default Inference": expected(G)["RA"]}
    )
    said = doc.get_csv("locution")
    said = said[said["relation"] != "None"]
    assert len(said) == expected(G)["I"] + 1  # every claim, and the one challenge
    authors = [
        d["author"] or "unknown" for _, d in G.nodes(data=True) if d["kind"] == "post"
    ]
    L = [n["nodeID"] for n in data["AIF"]["nodes"] if n["type"] == "L"]
    assert [doc.get_speaker(n)[0].strip() for n in L] == authors
