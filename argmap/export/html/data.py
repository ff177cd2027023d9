"""The data the page script reads: vis nodes and edges, the detail panel's
info for each, and the header, all from the graph and its reply tree.

Built here, not with ``pyvis.Network``: pyvis only builds the same dicts,
mutates the caller's data, scans a list for every edge, and its template is
unsafe (CDN Bootstrap, a raw-HTML heading, an innerHTML tooltip when a title
contains "href").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import Any

import networkx as nx

from argmap.export.html.layout import POST_HALF, ReplyTree
from argmap.export.html.safe_text import (
    as_number,
    as_text,
    http_url,
    one_line,
    readable_time,
)
from argmap.export.html.style import (
    BRANCH_COLOURS,
    CLAIM_SHAPES,
    INACTIVE,
    RELATION_COLOURS,
    ROOT_COLOUR,
    edge_styles,
    paint,
    style_name,
    vis_options,
)
from argmap.model import plural

LABEL_CHARS = 12


def map_data(G: nx.MultiDiGraph, tree: ReplyTree, pos: dict) -> dict[str, Any]:
    """Nodes in reply-tree order, each post's claims after it, placed at ``pos``."""
    order = [w for u in tree.preorder() for w in (u, *tree.claims.get(u, []))]
    index = {u: i for i, u in enumerate(order)}
    subthread = tree.subthreads()  # one colour a subthread, claims included
    owner = {c: p for p, cs in tree.claims.items() for c in cs}
    nodes, info = [], []
    for i, u in enumerate(order):
        d = G.nodes[u]
        branch = subthread.get(owner.get(u, u), -1)
        fill = (
            ROOT_COLOUR if branch < 0 else BRANCH_COLOURS[branch % len(BRANCH_COLOURS)]
        )
        nodes.append(_vis_node(i, d, pos[u], fill, u == tree.centre))
        info.append(_node_info(u, d, index.get(owner.get(u)), tree))
    edges, edge_info = _edges(G, index)
    return {
        "nodes": nodes,
        "info": info,
        "edges": edges,
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


def _vis_node(i: int, d: dict, xy: tuple, fill: str, is_centre: bool) -> dict:
    x, y = xy
    if d.get("kind") == "post":
        active = as_text(d.get("status")) in ("", "ok")
        node = {
            "id": i, "x": x, "y": y, "shape": "box", "label": _label(d),
            "margin": 5, "widthConstraint": {"maximum": 2 * POST_HALF},
            "color": paint(fill, fill) if active else paint(**INACTIVE),
            "font": {"color": "#ffffff" if active else "#3d434b",
                     "size": 15 if is_centre else 13},
            "borderWidth": 2 if is_centre else 1,
        }  # fmt: skip
        if not active:
            node["shapeProperties"] = {"borderDashes": [4, 3]}
        return node
    shape, size = CLAIM_SHAPES.get(as_text(d.get("claim_type")), CLAIM_SHAPES["claim"])
    if d.get("kind") != "claim":  # unknown kind: shown, never dropped
        shape, size, fill = "triangle", 7, INACTIVE["border"]
    return {
        "id": i, "x": x, "y": y, "shape": shape, "size": size,
        "color": paint(fill, "#ffffff"), "borderWidth": 1,
    }  # fmt: skip


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


def _edges(G: nx.MultiDiGraph, index: dict) -> tuple[list[dict], list[dict]]:
    found = sorted(
        ((index[u], index[v], as_text(d.get("relation")), as_text(k), d)
         for u, v, k, d in G.edges(keys=True, data=True)),
        key=lambda edge: edge[:4],
    )  # fmt: skip
    edges, info = [], []
    for j, (u, v, rel, _key, d) in enumerate(found):
        stance = as_text(d.get("stance")) if rel == "replies_to" else ""
        edge = {"id": j, "from": u, "to": v, "s": style_name(rel, stance)}
        conf = as_number(d.get("confidence"))
        if rel in RELATION_COLOURS and conf is not None:
            edge["width"] = round(1 + 2.5 * conf, 2)
        if d.get("low_confidence") is True:
            edge["dashes"] = [2, 4]  # dotted: the classifier is unsure
        edges.append(edge)
        info.append({
            "relation": rel, "stance": stance, "confidence": conf,
            "evidence": as_text(d.get("evidence")),
        })  # fmt: skip
    return edges, info


def counts_of(G: nx.MultiDiGraph) -> dict[str, int]:
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    relations = Counter(rel for _, _, rel in G.edges(data="relation"))
    counts = {"posts": kinds["post"], "claims": kinds["claim"]}
    return counts | {rel: relations[rel] for rel in RELATION_COLOURS}


def _label(d: dict) -> str:
    author = one_line(d.get("author"))
    if not author:
        status = as_text(d.get("status"))
        return f"[{status}]" if status not in ("", "ok") else "anonymous"
    return author if len(author) <= LABEL_CHARS else author[: LABEL_CHARS - 1] + "…"
