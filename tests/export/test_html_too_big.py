"""A thread too big for a browser tab draws less, and says so (GraphML/JSON keep all)."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from argmap.export import html as html_export
from argmap.graph import build_graph
from argmap.relate import relate_thread
from argmap.segment import load_pipeline, segment_thread
from tests.helpers import tiny_thread


def page(G):
    soup = BeautifulSoup(html_export.generate_html(G), "lxml")
    data = json.loads(soup.find("script", {"type": "application/json"}).string)
    notice = soup.find(attrs={"data-role": "too-big"})
    return data, notice


def graph():
    thread = tiny_thread()
    claims = segment_thread(thread, load_pipeline())
    return build_graph(thread, claims, relate_thread(thread, claims))


def test_a_map_within_the_limit_draws_everything():
    G = graph()
    data, notice = page(G)
    assert notice is None and len(data["nodes"]) == G.number_of_nodes()


def test_too_many_claims_draws_the_posts_only(monkeypatch):
    G = graph()
    posts = [u for u, k in G.nodes(data="kind") if k == "post"]
    monkeypatch.setattr(html_export, "MAX_MAP_NODES", len(posts) + 1)
    data, notice = page(G)
    assert len(data["nodes"]) == len(posts)
    assert "GraphML and JSON" in notice.get_text()
    # The heading still counts the whole thread.
    assert data["counts"]["claims"] == G.number_of_nodes() - len(posts)


def test_too_many_posts_draws_the_shallowest_with_their_parents(monkeypatch):
    G = graph()
    monkeypatch.setattr(html_export, "MAX_MAP_NODES", 3)
    data, notice = page(G)
    assert len(data["nodes"]) == 3 and "too big to draw whole" in notice.get_text()
    drawn, _ = html_export.drawable(G)
    for u, d in drawn.nodes(data=True):
        if d["parent"]:
            assert any(
                v
                for _, v, rel in drawn.out_edges(u, data="relation")
                if rel == "replies_to"
            )
