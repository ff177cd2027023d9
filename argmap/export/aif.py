"""AIF (Argument Interchange Format) JSON, as AIFdb serves it and arguebuf reads it.

The argument side: each claim is an I-node; ``supports`` and ``rebuts``
become RA ("Default Inference") and CA ("Default Conflict") scheme nodes
between the two claims' I-nodes. The dialogue side, as OVA draws it: each
post is an L-node (``"author : text"``) with a locution giving its author and
time; a YA illocution links it to each of its claims ("Asserting", "Pure
Questioning" for a question, "Default Illocuting" for a passage it quotes);
a TA transition leads from a parent's L-node to each reply's, and anchors a
YA "Arguing" or "Disagreeing" on the RA or CA that the reply's claims make
towards the parent's. A claim that ``questions`` another gets a YA
"Challenging" from its post's L-node to the questioned claim's I-node.
``neutral`` edges have no AIF counterpart and are left out, as are nodes of
other kinds than posts and claims. docs/schema.md lists all of this.

Written here rather than with arguebuf: arguebuf's AIF writer keeps I- and
scheme nodes only, so the posts, authors and times would be lost. The tests
load every file back with arguebuf.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_write_text
from argmap.export._extras import require
from argmap.export._flatten import flattened
from argmap.export._thread_order import claims_by_post, posts
from argmap.registry import exporters

SCHEMES = {
    "supports": ("RA", "Default Inference"),
    "rebuts": ("CA", "Default Conflict"),
}
ANCHORS = {"RA": "Arguing", "CA": "Disagreeing"}
ILLOCUTIONS = {
    "claim": "Asserting",
    "question": "Pure Questioning",
    "quote": "Default Illocuting",
}
CHALLENGING = "Challenging"
TRANSITION = "Default Transition"
UNKNOWN_AUTHOR = "unknown"


@exporters("aif")
def write_aif(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as AIF JSON (``{"nodes", "edges", "locutions", "participants"}``)."""
    return atomic_write_text(
        Path(path), json.dumps(build_aif(G).data, ensure_ascii=False, indent=1) + "\n"
    )


def load_arguebuf(path: str | Path) -> Any:
    """The AIF or xAIF file at ``path`` as an ``arguebuf.Graph`` (argument side only)."""
    arguebuf = require("arguebuf", "loading AIF into arguebuf", "aif")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return arguebuf.load.xaif(data) if "AIF" in data else arguebuf.load.aif(data)


class AifMap:
    """AIF nodes, edges, locutions and participants built from a map, with
    where each node belongs in OVA's dialogical layout (column, row)."""

    def __init__(self) -> None:
        self.data: dict[str, list[dict[str, Any]]] = {
            "nodes": [],
            "edges": [],
            "locutions": [],
            "participants": [],
        }
        self.place: dict[str, tuple[int, float]] = {}
        self.timestamps: dict[str, str] = {}

    def node(
        self, kind: str, text: str, timestamp: str, column: int, row: float
    ) -> str:
        node_id = str(len(self.data["nodes"]) + 1)
        self.data["nodes"].append(
            {"nodeID": node_id, "text": text, "type": kind, "timestamp": timestamp}
        )
        self.place[node_id] = (column, row)
        self.timestamps[node_id] = timestamp
        return node_id

    def edge(self, source: str, target: str) -> None:
        edge_id = str(len(self.data["edges"]) + 1)
        self.data["edges"].append(
            {"edgeID": edge_id, "fromID": source, "toID": target, "formEdgeID": None}
        )

    def link(
        self,
        source: str,
        kind: str,
        text: str,
        target: str,
        timestamp: str,
        column: int,
    ) -> str:
        """``source -> new node -> target``, the new node between the two."""
        row = (self.place[source][1] + self.place[target][1]) / 2
        middle = self.node(kind, text, timestamp, column, row)
        self.edge(source, middle)
        self.edge(middle, target)
        return middle


def build_aif(G: nx.MultiDiGraph) -> AifMap:
    """The AIF of ``G`` (see the module docstring for what becomes what)."""
    H = flattened(G)
    aif = AifMap()
    owner = claims_by_post(H)
    post_of = {claim: post for post, claims in owner.items() for claim in claims}
    locution: dict[Hashable, str] = {}
    proposition: dict[Hashable, str] = {}
    people: dict[str, int] = {}
    row = 0.0
    for post in posts(H):
        d = H.nodes[post]
        name = str(d.get("author") or UNKNOWN_AUTHOR)
        if name not in people:
            people[name] = len(people) + 1
            aif.data["participants"].append(
                {"participantID": people[name], "firstname": name, "surname": ""}
            )
        when = aif_time(d.get("created", ""))
        locution[post] = aif.node("L", f"{name} : {d.get('text', '')}", when, 1, row)
        aif.data["locutions"].append({
            "nodeID": locution[post], "personID": people[name], "timestamp": when,
            "start": when or None, "end": None, "source": str(d.get("url", "")),
        })  # fmt: skip
        claims = owner.get(post, [])
        for i, claim in enumerate(claims):
            c = H.nodes[claim]
            proposition[claim] = aif.node("I", str(c.get("text", "")), when, 3, row + i)
            illocution = ILLOCUTIONS.get(str(c.get("claim_type")), ILLOCUTIONS["quote"])
            aif.link(locution[post], "YA", illocution, proposition[claim], when, 2)
        row += max(1, len(claims)) + 0.5
    transitions = {}
    for u, v, d in H.edges(data=True):
        if d.get("relation") == "replies_to" and u in locution and v in locution:
            when = aif.timestamps[locution[u]]
            transitions[u, v] = aif.link(
                locution[v], "TA", TRANSITION, locution[u], when, 0
            )
    for u, v, d in H.edges(data=True):
        relation = d.get("relation")
        if u not in proposition or v not in proposition:
            continue
        when = aif.timestamps[proposition[u]]
        if relation in SCHEMES:
            kind, text = SCHEMES[relation]
            scheme = aif.link(proposition[u], kind, text, proposition[v], when, 4)
            transition = transitions.get((post_of[u], post_of[v]))
            if transition is not None:
                anchor = aif.node("YA", ANCHORS[kind], when, 5, aif.place[scheme][1])
                aif.edge(transition, anchor)
                aif.edge(anchor, scheme)
        elif relation == "questions":
            aif.link(locution[post_of[u]], "YA", CHALLENGING, proposition[v], when, 2)
    return aif


def aif_time(created: object) -> str:
    """``2024-02-03T16:43:55Z`` as AIF writes it, ``2024-02-03 16:43:55``; "" stays ""."""
    text = str(created or "")
    return text[:19].replace("T", " ") if len(text) >= 19 else ""
