"""GEXF for Gephi (issue 11): networkx reads back the map with GraphML's
attributes, and every relation has its colour."""

from __future__ import annotations

import networkx as nx
import pytest
from lxml import etree

from argmap.export.gexf import RELATION_COLOURS, read_gexf, write_gexf
from tests.test_graph import make_graph

VIZ = "{http://www.gexf.net/1.2draft/viz}"
GEXF = "{http://www.gexf.net/1.2draft}"
RENAMED = {"start": "text_start", "end": "text_end"}


@pytest.fixture(scope="module")
def G():
    G = make_graph()[2]
    G.nodes["hackernews:2#0"]["text"] = "<b>&amp; \x01 control</b> \ud800"
    return G


def hex_of(color):
    return "#{:02x}{:02x}{:02x}".format(*(int(color.get(c)) for c in "rgb"))


def test_networkx_reads_back_the_nodes_edges_and_attributes(G, tmp_path):
    H = read_gexf(write_gexf(G, tmp_path / "m.gexf"))
    assert type(H) is nx.MultiDiGraph
    assert set(H.nodes) == set(G.nodes)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    for n, d in G.nodes(data=True):
        got = {RENAMED.get(k, k): v for k, v in d.items()}
        if n == "hackernews:2#0":
            got["text"] = "<b>&amp;  control</b> "  # characters XML forbids are dropped
        assert {k: H.nodes[n][k] for k in got} == got
        assert H.nodes[n]["label"]
    for u, v, k, d in G.edges(keys=True, data=True):
        assert {a: H.edges[u, v, k][a] for a in d} == d


def test_every_relation_and_kind_has_a_colour(G, tmp_path):
    root = etree.parse(str(write_gexf(G, tmp_path / "m.gexf"))).getroot()
    colours = {}
    for edge in root.iter(f"{GEXF}edge"):
        colour = hex_of(edge.find(f"{VIZ}color"))
        colours.setdefault(edge.get("label"), set()).add(colour)
    # A reply edge is labelled and coloured by its stance, as on the HTML map.
    assert colours == {
        "contains": {"#c9ced6"},
        **{
            rel: {RELATION_COLOURS[rel]}
            for rel in ("rebuts", "supports", "questions", "neutral")
        },
    }
    nodes = {
        n.get("id"): hex_of(n.find(f"{VIZ}color")) for n in root.iter(f"{GEXF}node")
    }
    assert nodes["hackernews:1"] != nodes["hackernews:2"] != nodes["hackernews:2#0"]
    assert root.find(f"{GEXF}graph").get("mode") == "static"  # offsets are not times


def test_relation_colours_are_the_html_maps():
    from argmap.export import gexf
    from argmap.export.html import style

    assert gexf.RELATION_COLOURS == style.RELATION_COLOURS
