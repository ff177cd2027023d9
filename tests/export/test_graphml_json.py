import json
from pathlib import Path

import networkx as nx
import pytest

from argmap.errors import ExportError
from argmap.export.graphml import read_graphml, write_graphml
from argmap.export.json import read_json, write_json
from tests.schema_check import check_schema
from tests.test_graph import make_graph

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def G():
    return make_graph()[2]


def same_graph(a, b):
    assert sorted(a.nodes) == sorted(b.nodes)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr)
    # networkx's GraphML reader adds empty node_default/edge_default entries.
    assert a.graph == {k: v for k, v in b.graph.items() if k not in ("node_default", "edge_default")}


def test_graphml_round_trips_in_networkx(G, tmp_path):
    path = write_graphml(G, tmp_path / "m.graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    check_schema(H)
    same_graph(G, H)


def test_graphml_reads_back_as_the_same_multidigraph(G, tmp_path):
    path = write_graphml(G, tmp_path / "m.graphml")
    # The line docs/schema.md and the README give, and argmap's own reader.
    for H in (nx.read_graphml(path, force_multigraph=True), read_graphml(path)):
        assert type(H) is nx.MultiDiGraph
        assert set(H.nodes) == set(G.nodes)
        assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    # Without the flag networkx gives a DiGraph: why the docs name it.
    assert type(nx.read_graphml(path)) is nx.DiGraph


def test_the_docs_say_how_to_read_graphml_back():
    line = "nx.read_graphml(path, force_multigraph=True)"
    for doc in ("README.md", "docs/schema.md"):
        assert line in (REPO / doc).read_text(encoding="utf-8"), doc


def test_graphml_loads_in_igraph(G, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = write_graphml(G, tmp_path / "m.graphml")
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.vcount() == G.number_of_nodes() and g.ecount() == G.number_of_edges()
    assert set(g.vs["kind"]) == {"post", "claim"}
    assert sorted(g.es["relation"]) == sorted(d["relation"] for *_, d in G.edges(data=True))


def test_json_round_trips(G, tmp_path):
    path = write_json(G, tmp_path / "m.json")
    data = json.loads(path.read_text())
    assert set(data) >= {"directed", "multigraph", "graph", "nodes", "edges"}
    H = read_json(path)
    check_schema(H)
    same_graph(G, H)


def test_illegal_xml_characters_are_removed(G, tmp_path):
    G.nodes["hackernews:2"]["text"] = "bad\x00 \x0b chars \ufffe and \ud800 here"
    G.graph["title"] = "title\x1f"
    path = write_graphml(G, tmp_path / "m.graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    assert H.nodes["hackernews:2"]["text"] == "bad  chars  and  here"
    assert H.graph["title"] == "title"
    write_json(G, tmp_path / "m.json")  # encodable despite the lone surrogate


def test_mixed_types_get_one_type_per_name(G, tmp_path):
    G.nodes["hackernews:1"]["extra"] = 1
    G.nodes["hackernews:2"]["extra"] = "one"
    G.nodes["hackernews:1"]["score"] = 1
    G.nodes["hackernews:2"]["score"] = 2.5
    G.nodes["hackernews:3"]["tags"] = ["a", "b"]
    G.nodes["hackernews:4"]["none"] = None
    path = write_graphml(G, tmp_path / "m.graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    assert H.nodes["hackernews:1"]["extra"] == "1"
    assert H.nodes["hackernews:1"]["score"] == 1.0
    assert H.nodes["hackernews:3"]["tags"] == '["a", "b"]'
    igraph = pytest.importorskip("igraph")
    igraph.Graph.Read_GraphML(str(path))


def test_failed_write_keeps_the_old_file(G, tmp_path, monkeypatch):
    path = tmp_path / "m.graphml"
    path.write_text("old")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nx, "write_graphml_lxml", boom)
    with pytest.raises(ExportError, match="No space left"):
        write_graphml(G, path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.graphml"]


def test_unwritable_directory_is_an_export_error(G, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_json(G, blocker / "sub" / "m.json")
