"""xAIF: the JSON that OVA saves and loads and every oAMF module reads and writes.

``{"AIF": {...}, "text": ..., "dialog": true, "OVA": {...}}``: the ``AIF``
part holds the same nodes and edges as the ``aif`` format (nodes here carry
``nodeID``, ``text`` and ``type``; times are in the locutions and in OVA's
layout), plus ``participants``, ``schemefulfillments`` and
``descriptorfulfillments`` (left empty: argmap names no scheme beyond the
default ones). ``text`` is the thread as OVA shows it beside the map, each
post in a ``<span class="highlighted">`` whose id is its L-node's; it is
HTML, so every post is escaped. ``OVA`` places each node in OVA's dialogical
layout: transitions, locutions, illocutions, propositions, then schemes, from
left to right, one row per claim.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_write_text
from argmap.export.aif import build_aif
from argmap.registry import exporters

COLUMN_WIDTH = 330
ROW_HEIGHT = 110


@exporters("xaif")
def write_xaif(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as xAIF JSON; OVA opens it with "Load analysis"."""
    return atomic_write_text(
        Path(path), json.dumps(build_xaif(G), ensure_ascii=False, indent=1) + "\n"
    )


def build_xaif(G: nx.MultiDiGraph) -> dict[str, Any]:
    aif = build_aif(G)
    nodes = [{k: n[k] for k in ("nodeID", "text", "type")} for n in aif.data["nodes"]]
    edges = [{k: e[k] for k in ("edgeID", "fromID", "toID")} for e in aif.data["edges"]]
    locutions = [
        {k: lo[k] for k in ("nodeID", "personID", "start", "end")}
        for lo in aif.data["locutions"]
    ]
    layout = [
        {
            "nodeID": n["nodeID"],
            "visible": True,
            "x": aif.place[n["nodeID"]][0] * COLUMN_WIDTH,
            "y": round(aif.place[n["nodeID"]][1] * ROW_HEIGHT),
            "timestamp": n["timestamp"],
        }
        for n in aif.data["nodes"]
    ]
    return {
        "AIF": {
            "nodes": nodes,
            "edges": edges,
            "locutions": locutions,
            "participants": aif.data["participants"],
            "schemefulfillments": [],
            "descriptorfulfillments": [],
        },
        "text": _thread_text(aif.data["nodes"]),
        "dialog": True,
        "OVA": {
            "firstname": "",
            "surname": "",
            "url": str(G.graph.get("url", "")),
            "nodes": layout,
            "edges": [
                {"fromID": e["fromID"], "toID": e["toID"], "visible": True}
                for e in edges
            ],
        },
    }


def _thread_text(nodes: list[dict[str, Any]]) -> str:
    # Built from the L-nodes, so each span's id is its L-node's, as OVA and
    # oAMF's segmenters mark a locution in the text.
    parts = []
    for n in nodes:
        if n["type"] != "L":
            continue
        speaker, _, said = n["text"].partition(" : ")
        body = html.escape(said).replace("\n", "<br>")
        parts.append(
            f'{html.escape(speaker)}: <span class="highlighted" id="{n["nodeID"]}">{body}</span><br><br>'
        )
    return "".join(parts)
