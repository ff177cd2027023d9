"""Any text a thread can hold (control characters, lone surrogates, markup,
formula starts, Argdown and HTML syntax) goes into every new format without
an error, and each still loads as its format says."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from argmap.export.aif import write_aif
from argmap.export.argdown import EMPTY, write_argdown
from argmap.export.convokit import write_convokit
from argmap.export.csv import write_csv
from argmap.export.gexf import write_gexf
from argmap.export.xaif import write_xaif
from argmap.text.xmlsafe import strip_xml_illegal
from tests.export.test_argdown import parse
from tests.test_graph import make_graph

BASE = make_graph()[2]
hostile = st.text(
    st.characters(codec=None) | st.sampled_from("=+-@'\t\r\n[]<>#/\\.:*_{}\"&;,"),
    max_size=30,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(author=hostile, text=hostile, title=hostile)
# Found by this test: a title of white space only made an empty Argdown heading.
@example(author="", text="", title="\n")
def test_every_format_takes_any_text(author, text, title, tmp_path_factory):
    G = BASE.copy()
    G.graph["title"] = title
    G.nodes["hackernews:3"]["author"] = author
    G.nodes["hackernews:3#1"]["text"] = text
    G.nodes["hackernews:3"]["text"] = text
    out = tmp_path_factory.mktemp("any")
    clean = strip_xml_illegal(text)
    aif = json.loads(write_aif(G, out / "m.aif.json").read_text("utf-8"))
    assert clean in [n["text"] for n in aif["nodes"] if n["type"] == "I"]
    xaif = json.loads(write_xaif(G, out / "m.xaif.json").read_text("utf-8"))
    assert len(xaif["AIF"]["nodes"]) == len(aif["nodes"])
    statements, relations, _ = parse(
        write_argdown(G, out / "m.argdown").read_text("utf-8")
    )
    assert (" ".join(clean.split()) or EMPTY) in [t for t, _ in statements.values()]
    assert len(statements) == 9 and len(relations) == 2  # no text made or hid one
    H = nx.read_gexf(write_gexf(G, out / "m.gexf"))
    assert H.nodes["hackernews:3#1"]["text"] == clean
    utterances = (write_convokit(G, out / "m-convokit") / "utterances.jsonl").read_text(
        "utf-8"
    )
    assert json.loads(utterances.splitlines()[2])["text"] == clean
    folder = write_csv(G, out / "m-csv")
    pd = pytest.importorskip("pandas")
    from argmap.export.csv import read_csv

    nodes = read_csv(folder)[0].set_index("id")
    assert nodes.at["hackernews:3#1", "text"] == clean
    assert nodes.at["hackernews:3", "author"] == strip_xml_illegal(author)
    assert pd.notna(nodes.at["hackernews:3", "depth"])
