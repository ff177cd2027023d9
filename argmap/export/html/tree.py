"""The reply tree of a map: posts under their parents, claims beside their
post, repaired into a proper tree whatever the graph holds."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx

from argmap.graph import node_id


@dataclass
class ReplyTree:
    """The reply structure a layout needs, repaired into a proper tree.

    ``centre`` is the root post, or None when the graph has no root post
    (then the top-level posts hang off an invisible centre). ``children`` holds
    the units the layout places: posts, plus any node that is neither a post
    nor a claim of a post in the graph (kept, never dropped).
    """

    centre: Hashable | None
    children: dict[Hashable | None, list[Hashable]] = field(default_factory=dict)
    claims: dict[Hashable, list[Hashable]] = field(default_factory=dict)

    def subthreads(self) -> dict[Hashable, int]:
        """Each placed unit's top-level subthread, numbered in sibling order."""
        out: dict[Hashable, int] = {}
        for i, top in enumerate(self.children.get(self.centre, [])):
            stack = [top]
            while stack:
                out[stack[-1]] = i
                stack.extend(self.children.get(stack.pop(), []))
        return out

    def preorder(self) -> list[Hashable]:
        """Placed units, parents before children, in sibling order."""
        out: list[Hashable] = []
        stack = list(reversed(self.children.get(self.centre, [])))
        if self.centre is not None:
            out.append(self.centre)
        while stack:
            u = stack.pop()
            out.append(u)
            stack.extend(reversed(self.children.get(u, [])))
        return out


def build_reply_tree(G: nx.MultiDiGraph) -> ReplyTree:
    """Posts linked by their ``parent`` attribute (or ``replies_to`` edges).

    Hostile or incomplete data is repaired rather than trusted: a post whose
    parent is missing hangs off the root, and a parent cycle is cut, so the
    result is always a tree and every node is placed exactly once.
    """
    posts = sorted(
        (u for u, d in G.nodes(data=True) if d.get("kind") == "post"), key=_sort_key(G)
    )
    post_set = set(posts)
    claims: dict[Hashable, list[Hashable]] = {}
    loose: list[Hashable] = []
    for u, d in G.nodes(data=True):
        if u in post_set:
            continue
        owner = _claim_owner(G, u, d, post_set)
        if owner is None:
            loose.append(u)
        else:
            claims.setdefault(owner, []).append(u)
    for owned in claims.values():
        owned.sort(key=lambda c: (_as_int(G.nodes[c].get("index")), str(c)))

    parent = {u: _parent_of(G, u, post_set) for u in posts}
    roots = [u for u in posts if parent[u] is None]
    explicit = [u for u in roots if not G.nodes[u].get("parent")]
    centre = explicit[0] if explicit else (roots[0] if len(roots) == 1 else None)
    tree = ReplyTree(centre=centre, claims=claims)
    kids: dict[Hashable | None, list[Hashable]] = {}
    for u in posts:
        if u != centre and parent[u] is not None:
            kids.setdefault(parent[u], []).append(u)
    top = [u for u in roots if u != centre]
    _attach(tree, kids, top + sorted(loose, key=str), posts)
    return tree


def _attach(tree: ReplyTree, kids: dict, top: list, posts: list) -> None:
    # Walk down from the centre; whatever a walk never reaches sits on a
    # parent cycle, and the first such post becomes a top-level post.
    seen: set[Hashable] = set()
    pending = list(top)
    tree.children[tree.centre] = []
    if tree.centre is not None:
        seen.add(tree.centre)
        pending = kids.get(tree.centre, []) + pending
    starts = iter(posts)
    while True:
        for u in pending:
            if u not in seen:
                tree.children[tree.centre].append(u)
                _walk(tree, kids, u, seen)
        cut = next((u for u in starts if u not in seen), None)
        if cut is None:
            return
        pending = [cut]


def _walk(tree: ReplyTree, kids: dict, start: Hashable, seen: set[Hashable]) -> None:
    seen.add(start)
    stack = [start]
    while stack:
        u = stack.pop()
        placed = [v for v in kids.get(u, []) if v not in seen]
        seen.update(placed)
        if placed:
            tree.children[u] = placed
        stack.extend(placed)


def _claim_owner(
    G: nx.MultiDiGraph, u: Hashable, d: dict, posts: set
) -> Hashable | None:
    if d.get("kind") != "claim":
        return None
    owners = sorted(
        (
            p
            for p, _, rel in G.in_edges(u, data="relation")
            if rel == "contains" and p in posts
        ),
        key=str,
    )
    if owners:
        return owners[0]
    guess = node_id(d.get("site", ""), d.get("post_id", ""))
    return guess if guess in posts else None


def _parent_of(G: nx.MultiDiGraph, u: Hashable, posts: set) -> Hashable | None:
    d = G.nodes[u]
    if d.get("parent"):
        guess = node_id(d.get("site", ""), d["parent"])
        if guess in posts and guess != u:
            return guess
    targets = sorted(
        (
            v
            for _, v, rel in G.out_edges(u, data="relation")
            if rel == "replies_to" and v in posts and v != u
        ),
        key=str,
    )
    return targets[0] if targets else None


def _sort_key(G: nx.MultiDiGraph):
    # Siblings in time order, then by numeric id, so a re-run is identical
    # whatever order the graph was built or read back in.
    def key(u: Hashable) -> tuple:
        d = G.nodes[u]
        pid = str(d.get("post_id", ""))
        return (
            str(d.get("created", "")),
            len(pid) if pid.isdigit() else 0,
            pid,
            str(u),
        )

    return key


def _as_int(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
