"""What the analyses ask of a claim node: its post, whether it is the title."""

from __future__ import annotations

import re

import networkx as nx

# A link says where to look, not what is claimed: "See also https://..." and
# "the link https://... is broken" must not be grouped for the address they share.
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def post_of(G: nx.MultiDiGraph, claim: str) -> str:
    """The post node a claim belongs to (the source of its ``contains`` edge)."""
    for post, _, relation in G.in_edges(claim, keys=True):
        if relation == "contains":
            return post
    return ""


def is_title(G: nx.MultiDiGraph, claim: str) -> bool:
    """True for a claim cut from the thread's title: it names the topic, and
    neither answers nor repeats anybody."""
    post = post_of(G, claim)
    title = G.graph.get("title", "")
    return bool(
        post
        and title
        and G.nodes[post].get("depth") == 0
        and G.nodes[claim].get("end", 0) <= len(title)
    )


def without_links(text: str) -> str:
    """The text with its web addresses left out."""
    return _LINK.sub(" ", text)
