"""The data the page script reads: vis nodes and edges, the detail panel's
info for each, and the header, all from the graph and its reply tree.

The vis nodes and edges come from pyvis's ``Network`` (see ``network``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import Any

import networkx as nx

from argmap.export.html.layout import ReplyTree
from argmap.export.html.network import add_edges, add_node, new_network
from argmap.export.html.safe_text import (
    as_number,
    as_text,
    http_url,
    one_line,
    readable_time,
)
from argmap.export.html.style import (
    BRANCH_COLOURS,
    RELATION_COLOURS,
    ROOT_COLOUR,
    edge_styles,
    vis_options,
)
from argmap.model import plural


def map_data(G: nx.MultiDiGraph, tree: ReplyTree, pos: dict) -> dict[str, Any]:
    """Nodes in reply-tree order, each post's claims after it, placed at ``pos``."""
    order = [w for u in tree.preorder() for w in (u, *tree.claims.get(u, []))]
    index = {u: i for i, u in enumerate(order)}
    subthread = tree.subthreads()  # one colour a subthread, claims included
    owner = {c: p for p, cs in tree.claims.items() for c in cs}
    net, info = new_network(), []
    for i, u in enumerate(order):
        d = G.nodes[u]
        branch = subthread.get(owner.get(u, u), -1)
        fill = (
            ROOT_COLOUR if branch < 0 else BRANCH_COLOURS[branch % len(BRANCH_COLOURS)]
        )
        add_node(net, i, d, pos[u], fill, u == tree.centre)
        info.append(_node_info(u, d, index.get(owner.get(u)), tree) | {"sub": branch})
    edge_info = add_edges(net, G, index)
    return {
        "nodes": net.nodes,
        "info": info,
        "edges": net.edges,
        "edgeInfo": edge_info,
        "edgeStyles": edge_styles(),
        "options": vis_options(len(order)),
        "counts": counts_of(G),
    }


def header(G: nx.MultiDiGraph, counts: dict[str, int]) -> dict[str, Any]:
    """The thread's title, links, provenance and counts for the page heading."""
    graph = G.graph
    url, link = as_text(graph.get("url")), as_text(graph.get("link"))
    skipped = int(as_number(graph.get("skipped")) or 0)
    return {
        "title": one_line(graph.get("title")) or "Untitled thread",
        "site": as_text(graph.get("site")),
        "url": url,
        "url_href": http_url(url),
        "link": link,
        "link_href": http_url(link),
        "fetched": readable_time(graph.get("fetched_at")),
        "version": as_text(graph.get("argmap_version")),
        "complete": graph.get("complete", True) is not False,
        "skipped": skipped,
        "counts": counts,
        "tally": [
            plural(counts["posts"], "post"),
            plural(counts["claims"], "claim"),
            plural(counts["rebuts"], "rebuttal"),
            plural(counts["supports"], "support"),
            plural(counts["questions"], "question"),
        ],
        "skipped_text": plural(skipped, "item") + " skipped",
    }


def _node_info(u: Hashable, d: dict, post: int | None, tree: ReplyTree) -> dict:
    base = {
        "nid": as_text(u),
        "kind": as_text(d.get("kind")),
        "text": as_text(d.get("text")),
    }
    if d.get("kind") == "post":
        url = as_text(d.get("url"))
        return base | {
            "author": as_text(d.get("author")),
            "time": readable_time(d.get("created")),
            "status": as_text(d.get("status")),
            "depth": int(as_number(d.get("depth")) or 0),
            "url": url,
            "link": bool(http_url(url)),
            "replies": len(tree.children.get(u, [])),
            "claims": len(tree.claims.get(u, [])),
        }
    return base | {
        "type": as_text(d.get("claim_type")),
        "post": -1 if post is None else post,
    }


def counts_of(G: nx.MultiDiGraph) -> dict[str, int]:
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    relations = Counter(rel for _, _, rel in G.edges(data="relation"))
    counts = {"posts": kinds["post"], "claims": kinds["claim"]}
    return counts | {rel: relations[rel] for rel in RELATION_COLOURS}
