"""GraphML is always valid, whatever the thread says; JSON round-trips.

Hostile thread JSON (control characters, lone surrogates, bidi and zero-width
marks, emoji, markup in ids, authors, titles, URLs and text) goes through the
real pipeline (``argmap.map_thread``), and hostile Threads and Relations
through ``build_graph``. The GraphML must be well-formed UTF-8 XML 1.0 with no
character XML forbids (literally or as a reference), one ``<key>`` per
attribute name, every node and edge kept, and load in networkx and igraph;
the JSON must read back as the same graph.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import igraph
import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import argmap
from argmap.export._flatten import flatten_value, flattened
from argmap.export.graphml import write_graphml
from argmap.export.json import read_json, write_json
from argmap.graph import build_graph
from argmap.model import POST_STATUSES, Claim, Post, Relation, Thread
from argmap.segment import load_pipeline
from argmap.text.blocks import blocks_from_text
from tests.fuzz._fuzz import (
    XML_ILLEGAL,
    fuzz_settings,
    hostile_text,
    short_hostile_text,
)

BASELINE = "argmap.cue_words.v1"  # the stable classifier: this tests the export
NS = "{http://graphml.graphdrawing.org/xmlns}"
_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
ARGUMENTS = [
    "I don't think so. Rust is slower to compile.",
    "Agreed, memory safety matters.",
    "> Rust is slower to compile\n\nThat is not true at all.",
    "Why would anyone do that?",
    "- first point\n- second point",
]


def xml_char_ok(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or (
        0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    )


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("graphml")


def check_outputs(G: nx.MultiDiGraph, folder: Path) -> None:
    graphml = write_graphml(G, folder / "map.graphml")
    raw = graphml.read_bytes()
    text = raw.decode("utf-8")  # valid UTF-8, no lone surrogates
    assert not XML_ILLEGAL.search(text), "a character XML 1.0 forbids"
    for ref in _CHAR_REF.findall(text):
        code = int(ref[1:], 16) if ref.startswith("x") else int(ref)
        assert xml_char_ok(code), f"&#{ref}; refers to a character XML forbids"
    root = etree.fromstring(raw)  # well-formed, strictly
    keys = [(k.get("for"), k.get("attr.name")) for k in root.iter(f"{NS}key")]
    assert len(keys) == len(set(keys)), f"an attribute declared twice: {sorted(keys)}"

    F = flattened(G)
    assert (F.number_of_nodes(), F.number_of_edges()) == (
        G.number_of_nodes(),
        G.number_of_edges(),
    ), "cleaning ids merged nodes or edges"
    H = nx.read_graphml(graphml, force_multigraph=True)
    assert dict(H.nodes(data=True)) == dict(F.nodes(data=True))
    assert H.number_of_edges() == F.number_of_edges()
    assert {k: v for k, v in H.graph.items() if not k.endswith("_default")} == F.graph
    ig = igraph.Graph.Read_GraphML(str(graphml))
    assert (ig.vcount(), ig.ecount()) == (F.number_of_nodes(), F.number_of_edges())

    R = read_json(write_json(G, folder / "map.json"))
    assert dict(R.nodes(data=True)) == dict(F.nodes(data=True))
    assert sorted(map(repr, R.edges(keys=True, data=True))) == sorted(
        map(repr, F.edges(keys=True, data=True))
    )
    assert R.graph == F.graph
    # Every value is a GraphML scalar, the original minus what XML forbids.
    for _, data in G.nodes(data=True):
        for value in data.values():
            flat = flatten_value(value)
            assert isinstance(flat, (str, int, float, bool))
            if isinstance(value, str):
                assert flat == XML_ILLEGAL.sub("", value)


# -- through the real pipeline -----------------------------------------------------

post_ids = st.one_of(
    st.sampled_from(["1", "2", "1\x00", "\u202e1", "a b", "#0", "x#1", "\ud800", "<x>", "&"]),
    short_hostile_text.filter(bool),
)


@st.composite
def hostile_thread_json(draw) -> dict:
    ids = draw(st.lists(post_ids, min_size=1, max_size=6, unique=True))
    posts = []
    for i, post_id in enumerate(ids):
        text = draw(st.one_of(hostile_text, st.sampled_from(ARGUMENTS)))
        if draw(st.booleans()):
            text = draw(st.sampled_from(ARGUMENTS)) + draw(hostile_text) + text
        posts.append({
            "id": post_id,
            "parent": None if i == 0 else ids[draw(st.integers(0, i - 1))],
            "author": draw(st.one_of(st.none(), short_hostile_text)),
            "url": draw(st.one_of(short_hostile_text, st.just("javascript:alert(1)"))),
            "status": draw(st.sampled_from(POST_STATUSES)),
            "text": text,
        })  # fmt: skip
    return {
        "format": "argmap-thread",
        "site": draw(st.sampled_from(["hn", "x\x00y", "\u202esite", "a:b"])),
        "id": draw(post_ids),
        "title": draw(hostile_text),
        "url": draw(short_hostile_text),
        "link": draw(st.one_of(st.none(), short_hostile_text)),
        "posts": posts,
        "skipped": [{"item": draw(short_hostile_text), "reason": draw(hostile_text)}],
    }


@fuzz_settings(examples=40, deadline_ms=10_000)
@given(data=hostile_thread_json())
def test_hostile_threads_through_the_pipeline(nlp, folder, data):
    path = folder / "thread.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    amap = argmap.map_thread(path, nlp=nlp, classifier=BASELINE)
    check_outputs(amap.graph, folder)


def test_the_bundled_sample_through_the_pipeline(nlp, folder):
    check_outputs(argmap.map_thread(nlp=nlp, classifier=BASELINE).graph, folder)


# -- build_graph on hostile Threads, claims and relations -----------------------------


@st.composite
def hostile_graphs(draw) -> nx.MultiDiGraph:
    ids = draw(st.lists(post_ids, min_size=1, max_size=5, unique=True))
    site = draw(st.sampled_from(["hn", "x\x00y", "\ud800"]))
    posts, claims, relations = [], [], []
    for i, post_id in enumerate(ids):
        text = draw(hostile_text)
        parent = None if i == 0 else ids[draw(st.integers(0, i - 1))]
        created = draw(st.one_of(st.none(), st.just(datetime(1, 1, 1, tzinfo=timezone.utc))))
        posts.append(Post(post_id, parent, draw(st.one_of(st.none(), short_hostile_text)),
                          created, i and 1, draw(short_hostile_text), "ok", text,
                          blocks_from_text(text)))  # fmt: skip
        for index in range(draw(st.integers(0, 2))):
            start = draw(st.integers(0, len(text)))
            claims.append(Claim(post_id, index, draw(hostile_text), start, len(text),
                                draw(st.sampled_from(["claim", "question", "quote"]))))  # fmt: skip
        if parent is not None:
            relations.append(Relation(post_id, parent, draw(st.sampled_from(
                ["rebuts", "supports", "questions", "neutral"])),
                draw(st.floats(0, 1)), draw(hostile_text)))  # fmt: skip
    for _ in range(draw(st.integers(0, 3))):
        if claims:
            a, b = draw(st.sampled_from(claims)), draw(st.sampled_from(claims))
            relations.append(Relation(a.id, b.id, "rebuts", 0.5, draw(hostile_text), "claim"))
    thread = Thread(site, ids[0], draw(short_hostile_text), draw(hostile_text), posts,
                    link=draw(st.one_of(st.none(), short_hostile_text)))  # fmt: skip
    return build_graph(thread, claims, relations, classifier=draw(short_hostile_text))


@fuzz_settings(examples=60, deadline_ms=5_000)
@given(G=hostile_graphs())
def test_hostile_graphs_from_build_graph(folder, G):
    check_outputs(G, folder)


# -- any attribute values a library user may add to amap.graph ---------------------------

values = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.sampled_from([2**63, 10**400]),
    st.floats(allow_nan=False, allow_infinity=False), st.just(5e-324), hostile_text,
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sets(st.integers(), max_size=2), st.binary(max_size=4),
    st.just(datetime(2024, 1, 1, tzinfo=timezone.utc)),
)  # fmt: skip


@fuzz_settings(examples=60, deadline_ms=5_000)
@given(
    nodes=st.dictionaries(
        post_ids,
        st.dictionaries(st.sampled_from(["a", "b", "text", "depth", "score"]), values, max_size=4),
        min_size=1, max_size=5,
    ),
    graph_attrs=st.dictionaries(st.sampled_from(["title", "n", "complete"]), values, max_size=3),
)
def test_mixed_attribute_types_keep_one_type_per_name(folder, nodes, graph_attrs):
    G = nx.MultiDiGraph(**graph_attrs)
    for n, attrs in nodes.items():
        G.add_node(n, **attrs)
    ids = list(nodes)
    for u, v in itertools.pairwise(ids):
        G.add_edge(u, v, key="replies_to", confidence=0.5, evidence="x\x00")
    check_outputs(G, folder)
