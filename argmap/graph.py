"""Thread + claims + relations -> one networkx MultiDiGraph.

The node and edge attributes are the public output schema (docs/schema.md).
Edges point from the answering node to the answered one: reply -> parent,
reply claim -> the claim it answers, and post -> its own claims.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from argmap.model import Claim, Post, Relation, Thread, escape_id, iso_utc
from argmap.relate.base import LOW_CONFIDENCE
from argmap.version import __version__


def node_id(site: str, item_id: str, kind: str = "post") -> str:
    """Graph id of a post ("hackernews:123") or a claim ("hackernews:123#0").

    ``item_id`` is a post id for ``kind="post"`` and a ``Claim.id`` for
    ``kind="claim"``. Every node id of a graph is made here, so they cannot
    collide: a post's id is escaped (``escape_id``) and never contains "#",
    while a claim id always does, after its post's escaped id. Ordinary ids
    (no "#" or "%") are used as they are.
    """
    if kind == "post":
        return f"{site}:{escape_id(item_id)}"
    if kind == "claim":
        return f"{site}:{item_id}"
    raise ValueError(f"a node is a post or a claim, not {kind!r}")


def build_graph(
    thread: Thread,
    claims: Sequence[Claim],
    relations: Sequence[Relation],
    *,
    classifier: str = "",
) -> nx.MultiDiGraph:
    site = thread.site
    G = nx.MultiDiGraph(
        site=site,
        thread_id=thread.id,
        url=thread.url,
        title=thread.title,
        fetched_at=iso_utc(thread.fetched_at),
        argmap_version=__version__,
        link=thread.link or "",
        complete=thread.complete,
        skipped=len(thread.skipped),
        classifier=classifier,
    )
    for post in thread.posts:
        G.add_node(node_id(site, post.id), **post_attributes(post, site))
    for claim in claims:
        G.add_node(node_id(site, claim.id, "claim"), **claim_attributes(claim, site))
        G.add_edge(
            node_id(site, claim.post_id), node_id(site, claim.id, "claim"),
            key="contains", relation="contains",
        )
    for rel in relations:
        u, v = node_id(site, rel.source, rel.kind), node_id(site, rel.target, rel.kind)
        stance_attrs = {"confidence": float(rel.confidence), "evidence": rel.evidence,
                        "low_confidence": float(rel.confidence) < LOW_CONFIDENCE}
        if rel.is_claim_level:
            G.add_edge(u, v, key=rel.label, relation=rel.label, **stance_attrs)
        else:
            G.add_edge(
                u, v, key="replies_to", relation="replies_to", stance=rel.label, **stance_attrs
            )
    return G


def post_attributes(post: Post, site: str) -> dict[str, object]:
    return {
        "kind": "post",
        "site": site,
        "post_id": post.id,
        "author": post.author or "",
        "created": iso_utc(post.created),
        "parent": post.parent or "",
        "depth": post.depth,
        "url": post.url,
        "status": post.status,
        "text": post.text,
    }


def claim_attributes(claim: Claim, site: str) -> dict[str, object]:
    return {
        "kind": "claim",
        "site": site,
        "post_id": claim.post_id,
        "index": claim.index,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "claim_type": claim.claim_type,
    }
