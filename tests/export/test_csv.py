"""CSV tables (issue 11): nodes.csv and edges.csv that pandas reads with the
right dtypes, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.export.csv import _FORMULA, _PREFIXED, _cell, write_csv
from tests.test_graph import make_graph

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
           "'=1", "''+x", "NA", "null", "", "a,b\n\"c\""]  # fmt: skip


@pytest.fixture(scope="module")
def G():
    G = make_graph()[2]
    posts = [n for n, d in G.nodes(data=True) if d["kind"] == "post"]
    for n, text in zip(posts, HOSTILE):
        G.nodes[n]["author"] = text
    claims = [n for n, d in G.nodes(data=True) if d["kind"] == "claim"]
    for n, text in zip(claims, HOSTILE[len(posts) :] + HOSTILE):
        G.nodes[n]["text"] = text
    return G


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_one_row_per_node_and_edge_with_the_graphml_names(G, tmp_path):
    folder = write_csv(G, tmp_path / "m-csv")
    assert sorted(p.name for p in folder.iterdir()) == [
        "csv-metadata.json",
        "edges.csv",
        "nodes.csv",
    ]
    nodes, edges = rows(folder / "nodes.csv"), rows(folder / "edges.csv")
    assert (
        len(nodes) - 1 == G.number_of_nodes() and len(edges) - 1 == G.number_of_edges()
    )
    assert nodes[0][:3] == ["id", "kind", "site"] and edges[0][:4] == [
        "source",
        "target",
        "key",
        "relation",
    ]
    names = {k for _, d in G.nodes(data=True) for k in d}
    assert set(nodes[0]) == names | {"id"}
    assert set(edges[0]) == {k for *_, d in G.edges(data=True) for k in d} | {
        "source",
        "target",
        "key",
    }
    meta = json.loads((folder / "csv-metadata.json").read_text(encoding="utf-8"))
    assert [
        [c["name"] for c in t["tableSchema"]["columns"]] for t in meta["tables"]
    ] == [nodes[0], edges[0]]


def test_no_text_cell_starts_a_formula(G, tmp_path):
    folder = write_csv(G, tmp_path / "m-csv")
    for name in ("nodes.csv", "edges.csv"):
        for row in rows(folder / name)[1:]:
            for cell in row:
                if cell.startswith(TRIGGERS):  # only a number may: not text
                    float(cell)


def test_pandas_reads_the_right_dtypes_and_the_texts_as_they_were(G, tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas is in argmap[pandas]")
    from argmap.export.csv import read_csv

    nodes, edges = read_csv(write_csv(G, tmp_path / "m-csv"))
    assert {c: str(t) for c, t in nodes.dtypes.items() if c in ("depth", "index", "start", "end")} == {
        "depth": "Int64", "index": "Int64", "start": "Int64", "end": "Int64"}  # fmt: skip
    assert (
        str(nodes["text"].dtype) == "string" and str(nodes["author"].dtype) == "string"
    )
    assert (
        str(edges["confidence"].dtype) == "Float64"
        and str(edges["low_confidence"].dtype) == "boolean"
    )
    nodes = nodes.set_index("id")
    for n, d in G.nodes(data=True):
        for name, value in d.items():
            got = nodes.at[n, name]
            assert got == value, (n, name, got, value)
        absent = [c for c in nodes.columns if c not in d]
        assert all(pd.isna(nodes.at[n, c]) or nodes.at[n, c] == "" for c in absent)
    keyed = {(r.source, r.target, r.key): r for r in edges.itertuples()}
    for u, v, k, d in G.edges(keys=True, data=True):
        for name, value in d.items():
            assert getattr(keyed[u, v, k], name) == value
    # Plain pandas reads the same tables; ints with gaps come as floats there.
    plain = pd.read_csv(tmp_path / "m-csv" / "nodes.csv", keep_default_na=False)
    assert len(plain) == G.number_of_nodes()


@given(st.text())
def test_the_injection_prefix_reads_back_exactly(text):
    pd = pytest.importorskip("pandas")
    cell = _cell(text)
    assert not cell.startswith(TRIGGERS)
    assert (
        pd.Series([cell], dtype="string").str.replace(_PREFIXED, "", regex=True)[0]
        == text
    )
    assert bool(_FORMULA.match(text)) == (cell != text)
