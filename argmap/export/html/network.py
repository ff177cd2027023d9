"""The vis-network nodes and edges of the map, built through pyvis's
``Network`` (``add_node`` / ``add_edge``).

Only pyvis's data model is used, never its page: its template writes the
heading as raw HTML, links Bootstrap from a CDN and, when a title contains
"href", shows titles with innerHTML. Our template (``templates/``) inlines
the network pyvis built. Thread text reaches vis only as canvas labels
(drawn as text, never parsed); tooltips are built by the page script from
the separate ``info`` records with ``textContent``.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from argmap.export.html.layout import CLAIM_WIDTH, LABEL_CHARS, POST_HALF
from argmap.export.html.safe_text import as_number, as_text, one_line
from argmap.export.html.style import (
    CARD,
    CLAIM_FILL,
    CLAIM_MARKS,
    INACTIVE,
    LOW_CONFIDENCE_DASHES,
    RELATION_COLOURS,
    paint,
    style_name,
)

AUTHOR_CHARS = 22
FIRST_WORDS = 26  # characters of a post shown on its card


def new_network() -> Any:
    """An empty directed pyvis network (pyvis is imported only here)."""
    from pyvis.network import Network

    return Network(directed=True)


def add_node(net: Any, i: int, d: dict, xy: tuple, colour: str, centre: bool) -> None:
    """Node ``i`` (graph attributes ``d``) at ``xy``, in its sub-thread ``colour``."""
    x, y = xy
    if d.get("kind") == "post":
        active = as_text(d.get("status")) in ("", "ok")
        net.add_node(
            i, label=post_label(d), shape="box", x=x, y=y, margin=6,
            widthConstraint={"maximum": 2 * POST_HALF},
            color=paint(CARD, colour) if active else paint(**INACTIVE),
            font={"color": "#1d232b" if active else "#5b6470",
                  "size": 14 if centre else 12},
            borderWidth=3 if centre else 2,
            **({} if active else {"shapeProperties": {"borderDashes": [4, 3]}}),
        )  # fmt: skip
        return
    unknown = d.get("kind") != "claim"  # an unknown kind: shown, never dropped
    net.add_node(
        i, label=claim_label(d), shape="box", x=x, y=y, margin=5,
        color=paint(INACTIVE["background"] if unknown else CLAIM_FILL, colour),
        borderWidth=1, font={"size": 11, "color": "#1d232b", "align": "left"},
        widthConstraint={"maximum": CLAIM_WIDTH},
        shapeProperties={"borderRadius": 2},
    )  # fmt: skip


def add_edges(net: Any, G: nx.MultiDiGraph, index: dict) -> list[dict]:
    """Every edge of ``G`` in a stable order; returns the detail panel's record
    of each (relation, stance, confidence, evidence)."""
    found = sorted(
        ((index[u], index[v], as_text(d.get("relation")), as_text(k), d)
         for u, v, k, d in G.edges(keys=True, data=True)),
        key=lambda edge: edge[:4],
    )  # fmt: skip
    info = []
    for j, (u, v, rel, _key, d) in enumerate(found):
        stance = as_text(d.get("stance")) if rel == "replies_to" else ""
        conf = as_number(d.get("confidence"))
        extra: dict[str, Any] = {}
        if rel in RELATION_COLOURS and conf is not None:
            extra["width"] = round(1 + 2.5 * conf, 2)
        if d.get("low_confidence") is True:
            extra["dashes"] = LOW_CONFIDENCE_DASHES  # dotted: the classifier is unsure
            extra["low"] = 1
        net.add_edge(u, v, id=j, s=style_name(rel, stance), **extra)
        info.append({
            "relation": rel, "stance": stance, "confidence": conf,
            "evidence": as_text(d.get("evidence")),
        })  # fmt: skip
    for edge in net.edges:
        # pyvis sets arrows="to" on every directed edge; the style named by
        # "s" carries the arrow head of each relation instead.
        edge.pop("arrows", None)
    return info


def post_label(d: dict) -> str:
    """A post card: its author, and under it its first words."""
    author = one_line(d.get("author"))
    status = as_text(d.get("status"))
    if not author:
        author = f"[{status}]" if status not in ("", "ok") else "anonymous"
    words = _cut(one_line(d.get("text")), FIRST_WORDS)
    return _cut(author, AUTHOR_CHARS) + ("\n" + words if words else "")


def claim_label(d: dict) -> str:
    """The claim's text, cut to about LABEL_CHARS (the tooltip and the panel
    show all of it), marked when it is a question or a quote; " " for no text
    (pyvis would show the id)."""
    mark = CLAIM_MARKS.get(as_text(d.get("claim_type")), "")
    return mark + _cut(one_line(d.get("text")), LABEL_CHARS - len(mark)) or " "


def _cut(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    if " " in cut[n // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"
