"""GEXF for Gephi, written by networkx, with a colour for every relation.

The node and edge attributes are GraphML's, with two exceptions: GEXF
reserves ``start`` and ``end`` for the time a node or edge exists (networkx
and Gephi read them as such), so a claim's character offsets are written as
``text_start`` and ``text_end``. Each node has a ``label`` (its author or
claim text, cut short) and each node and edge a ``viz:color``, so the map
opens in Gephi already coloured: relations in the hues of the HTML map.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from argmap.atomic import atomic_write
from argmap.export._flatten import flattened
from argmap.registry import exporters
from argmap.text.xmlsafe import strip_xml_illegal

# The hues of the HTML map (argmap/export/html/style.py, Okabe-Ito), so a
# reader who knows one knows the other; a test keeps them equal. Not imported
# from there: that would load the HTML renderer (jinja2, pyvis) for a GEXF.
RELATION_COLOURS = {
    "rebuts": "#d55e00",
    "supports": "#0072b2",
    "questions": "#cc79a7",
    "neutral": "#8c939d",
}
CONTAINS_COLOUR = "#c9ced6"
NODE_COLOURS = {"root": "#2b323c", "post": "#4e79a7", "claim": "#9ab0c9"}
OTHER_COLOUR = "#b0b6bf"
RENAMED = {"start": "text_start", "end": "text_end"}
LABEL_CHARS = 80


@exporters("gexf")
def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as GEXF 1.2 for Gephi; read it back with ``read_gexf``."""
    H = gexf_graph(G)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    meta = writer.xml.find("meta")
    if meta is not None:  # GEXF has no graph attributes; its meta says what this is
        description = " ".join(str(G.graph.get(k, "")) for k in ("title", "url"))
        meta.append(_element("description", description.strip()))
        keywords = f"argmap, {G.graph.get('site', '')}, {G.graph.get('thread_id', '')}"
        meta.append(_element("keywords", keywords))
    return atomic_write(Path(path), writer.write)


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """The map written by ``write_gexf`` as a MultiDiGraph with its edge keys.

    networkx returns a DiGraph when no two edges join the same nodes, and
    drops the keys then; each key is its edge's ``relation`` (docs/schema.md).
    """
    H = nx.read_gexf(Path(path))
    if H.is_multigraph():
        return H
    M = nx.MultiDiGraph()
    M.graph.update(H.graph)
    M.add_nodes_from(H.nodes(data=True))
    for u, v, d in H.edges(data=True):
        M.add_edge(u, v, key=d.get("relation"), **d)
    return M


def gexf_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A flattened copy of ``G`` with GEXF's labels and colours added."""
    H = flattened(G)
    H.graph = {"name": str(H.graph.get("title", ""))}
    for _, d in H.nodes(data=True):
        for old, new in RENAMED.items():
            if old in d:
                d[new] = d.pop(old)
        d["label"] = _node_label(d)
        d["viz"] = {
            "color": _rgba(_node_colour(d)),
            "size": 10 if d.get("kind") == "post" else 5,
        }
    for _, _, d in H.edges(data=True):
        for old, new in RENAMED.items():
            if old in d:
                d[new] = d.pop(old)
        relation = str(d.get("relation", ""))
        shown = d.get("stance", "neutral") if relation == "replies_to" else relation
        d["label"] = str(shown)
        d["viz"] = {
            "color": _rgba(_edge_colour(relation, shown)),
            "thickness": _thickness(relation),
        }
    return H


def _node_label(d: dict[str, Any]) -> str:
    if d.get("kind") == "post":
        return str(d.get("author") or d.get("post_id", ""))
    text = str(d.get("text", ""))
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _node_colour(d: dict[str, Any]) -> str:
    kind = d.get("kind")
    if kind == "post":
        return NODE_COLOURS["root"] if d.get("depth") == 0 else NODE_COLOURS["post"]
    return NODE_COLOURS.get(str(kind), OTHER_COLOUR)


def _edge_colour(relation: str, shown: object) -> str:
    if relation == "contains":
        return CONTAINS_COLOUR
    return RELATION_COLOURS.get(str(shown), OTHER_COLOUR)


def _thickness(relation: str) -> float:
    if relation == "contains":
        return 0.5
    return 1.0 if relation == "replies_to" else 2.0


def _rgba(colour: str) -> dict[str, float | int]:
    value = int(colour.lstrip("#"), 16)
    return {"r": value >> 16, "g": (value >> 8) & 0xFF, "b": value & 0xFF, "a": 1.0}


def _element(tag: str, text: str) -> Element:
    element = Element(tag)
    element.text = strip_xml_illegal(text)
    return element
