"""Every Hacker News capture, and one capture of each other site, mapped from its
saved file by the CLI into HTML, GraphML and JSON that follow the schema."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from argmap.cli import app
from argmap.export.json import read_json
from tests.helpers import shared_path
from tests.schema_check import check_schema

HN_CAPTURES = [
    "hn-html/hn-item-39232976-pkl-config-language-2024-02.html",
    "hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html",
    "hn-html/hn-item-48351450-comment-permalink-subthread-2026-06.html",
    "hn-html/hn-item-20865492-openbsd-was-right-2019-09.html",
    "hn-html/legacy/hn-item-3083797-virtualbox-is-garbage-2011-10.html",
    "hn-html/legacy/hn-item-3412900-who-is-hiring-jan-2012-page1.html",  # + pages 2, 3
    "hn-html/legacy/hn-item-4992617-who-is-hiring-jan-2013.html",
    "hn-html/legacy/hn-item-5002483-future-according-to-larry-page-2013-01.html",
]
OTHER_SITES = [
    "reddit/reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json",
    "discourse/urho3d/t-about-all-the-drama-around-here-5371.json",
    "lobsters/lobsters-s-tdfoqh-ranking-comments-by-replies-2022.json",
]
LOADING_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "object": "data"}


@pytest.mark.parametrize("capture", HN_CAPTURES + OTHER_SITES)
def test_capture_maps_to_valid_outputs(capture, tmp_path):
    path = shared_path("corpora", *capture.split("/"))
    result = CliRunner().invoke(app, ["map", str(path), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output + result.stderr
    [graphml] = tmp_path.glob("*.graphml")
    [json_file] = tmp_path.glob("*.json")
    [html] = tmp_path.glob("*.html")

    G = nx.read_graphml(graphml, force_multigraph=True)
    check_schema(G)
    H = read_json(json_file)
    check_schema(H)
    for graph in (G, H):  # the analysis stage ran, so the schema checked its attributes
        assert graph.graph["acceptability_threshold"] == 0.5
    assert sorted(G.nodes) == sorted(H.nodes) and G.number_of_edges() == H.number_of_edges()
    igraph = pytest.importorskip("igraph")
    g = igraph.Graph.Read_GraphML(str(graphml))
    assert g.vcount() == G.number_of_nodes()

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
    for tag, attr in LOADING_ATTRS.items():
        for element in soup.find_all(tag):
            assert not str(element.get(attr, "")).startswith(("http:", "https:", "//")), element
    data = json.loads(soup.find("script", {"type": "application/json"}).string)
    assert data  # the map's data is embedded, not fetched


def test_paginated_2012_thread_is_one_map(tmp_path):
    path = shared_path("corpora", "hn-html", "legacy", "hn-item-3412900-who-is-hiring-jan-2012-page1.html")
    result = CliRunner().invoke(app, ["map", str(path), "-o", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0
    G = read_json(next(tmp_path.glob("*.json")))
    posts = [n for n, d in G.nodes(data=True) if d["kind"] == "post"]
    assert len(posts) == 225  # 224 comments + the story
    assert G.graph["complete"] is True



@pytest.mark.parametrize("capture", HN_CAPTURES + OTHER_SITES)
def test_no_claim_edge_answers_the_title(capture, tmp_path):
    """The title names the topic: on the Pkl thread it once drew 312 claim edges."""
    path = shared_path("corpora", *capture.split("/"))
    result = CliRunner().invoke(app, ["map", str(path), "-o", str(tmp_path), "-q", "-f", "json"])
    assert result.exit_code == 0, result.output + result.stderr
    [json_file] = tmp_path.glob("*.json")
    G = read_json(json_file)
    root = next(n for n, d in G.nodes(data=True) if d["kind"] == "post" and d["parent"] == "")
    title = G.graph["title"]
    title_claims = {v for _, v, rel in G.out_edges(root, data="relation")
                    if rel == "contains" and title and G.nodes[v]["start"] < len(title)}  # fmt: skip
    into_title = [(u, v, d["relation"]) for u, v, d in G.in_edges(title_claims, data=True)
                  if d["relation"] != "contains"]  # fmt: skip
    assert into_title == []
