"""The reply tree of a map, as the text exports walk it: posts in reading
order, each post's claims, and the sub-thread each top-level reply starts."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx


def claims_by_post(H: nx.MultiDiGraph) -> dict[Hashable, list[Hashable]]:
    """Each post's claims (``contains`` edges), in the order of the post."""
    owned: dict[Hashable, list[Hashable]] = {}
    for u, v, relation in H.edges(data="relation"):
        if relation == "contains" and H.nodes[v].get("kind") == "claim":
            owned.setdefault(u, []).append(v)
    for claims in owned.values():
        claims.sort(key=lambda c: (_number(H.nodes[c].get("index")), str(c)))
    return owned


def parents(H: nx.MultiDiGraph) -> dict[Hashable, Hashable]:
    """Each reply's parent post, from its ``replies_to`` edge."""
    found: dict[Hashable, Hashable] = {}
    for u, v, relation in H.edges(data="relation"):
        if relation == "replies_to" and u != v and u not in found:
            found[u] = v
    return found


def posts(H: nx.MultiDiGraph) -> list[Hashable]:
    """Post nodes in the order the graph holds them: the thread's reading order."""
    return [n for n, kind in H.nodes(data="kind") if kind == "post"]


def subthreads(H: nx.MultiDiGraph) -> tuple[list[Hashable], list[list[Hashable]]]:
    """``(opening posts, sub-threads)``: the posts that answer nothing (the
    root), and for each top-level reply, it and every post below it, in
    reading order. A post whose parent chain loops or leaves the map starts
    a sub-thread of its own, so every post is in exactly one place."""
    order = posts(H)
    parent = parents(H)
    roots = [p for p in order if p not in parent]
    top: dict[Hashable, Hashable] = {}
    for post in order:
        chain, current = [], post
        while current in parent and current not in top and current not in chain:
            chain.append(current)
            if parent[current] in roots:
                break
            current = parent[current]
        head = top.get(current, chain[-1] if chain else post)
        for p in chain:
            top[p] = head
    groups: dict[Hashable, list[Hashable]] = {}
    for post in order:
        if post not in roots:
            groups.setdefault(top.get(post, post), []).append(post)
    return roots, list(groups.values())


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
