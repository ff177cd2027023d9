"""A cheap, exact layout of the reply tree: nested blocks on shelves.

Force-directed layouts cost seconds at 2,000 nodes (spring_layout: 9 s) and
vis-network physics took ~100 s in a browser, while a reply tree already says
where everything belongs. Every post gets a rectangular block holding its
subthread: the post's cluster (its box, its claims on a small circle round
it) at the top, and its replies' blocks below, left to right, wrapping onto
further shelves when a row grows much wider than it is tall. The root's
block is the map, aimed at a screen-shaped area, with the biggest
subthreads first.

Radial layouts were tried first: on real threads (hundreds of top-level
comments, most of them leaves) every ring must hold all the leaves side by
side, so a 2,000-comment thread became a thin ring 70,000 px across with an
empty middle. A plain layered tree was as wide. Blocks use the area instead,
and sibling blocks never overlap, so no two clusters overlap anywhere. Two
passes over the tree (sizes bottom-up, positions top-down): O(n log n),
about 40 ms for 2,000 posts and their claims.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx

from argmap.graph import node_id

# Screen units (vis-network canvas pixels at zoom 1). POST_HALF is half the
# widest post box the HTML map draws (its label is truncated to fit).
POST_HALF = 46.0
CLAIM_GAP = 24.0  # arc between neighbouring claims of one post
CLUSTER_MIN = POST_HALF + 22.0  # claims clear the post box
SIBLING_GAP = 30.0  # between sibling blocks
THREAD_GAP = 110.0  # between top-level subthreads, so they read as groups
ROW_GAP = 70.0  # between a post and the shelf of its replies, and between shelves
MAP_ASPECT = 1.6  # width / height of the whole map (a screen beside the panel)
ROW_ASPECT = 5.0  # replies wrap when their row grows wider than this

Pos = tuple[float, float]


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


def tree_layout(
    G: nx.MultiDiGraph, tree: ReplyTree | None = None
) -> dict[Hashable, Pos]:
    """Positions for every node of ``G``; deterministic, O(n log n)."""
    tree = tree or build_reply_tree(G)
    order = tree.preorder()
    units = order if tree.centre is not None else [None, *order]
    own = {u: cluster_radius(len(tree.claims.get(u, []))) for u in order}
    own[None] = 0.0
    size: dict = {}  # unit -> (width, height) of its block
    offset: dict = {}  # unit -> its position relative to its parent's
    for u in reversed(units):
        size[u] = _pack(u, tree, own, size, offset)
    pos: dict[Hashable, Pos] = {}
    spot = {units[0]: (0.0, 0.0)}
    for u in units:
        x, y = spot[u]
        for v in tree.children.get(u, []):
            spot[v] = (x + offset[v][0], y + offset[v][1])
        if u is not None:
            pos[u] = (round(x, 1), round(y, 1))
            _place_claims(pos, tree.claims.get(u, []), x, y, own[u])
    return pos


def cluster_radius(n_claims: int) -> float:
    """How far a post's claims sit from it: room for the box and the claims."""
    if n_claims == 0:
        return POST_HALF
    return max(CLUSTER_MIN, n_claims * CLAIM_GAP / (2 * math.pi))


def _pack(u: Hashable, tree: ReplyTree, own: dict, size: dict, offset: dict) -> Pos:
    """Shelve the blocks of ``u``'s replies under it; record where each reply
    sits relative to ``u`` and return the size of ``u``'s block."""
    kids = tree.children.get(u, [])
    if not kids:
        return 2 * own[u], 2 * own[u]
    if u == tree.centre:  # the biggest discussions first, as a forum ranks them
        gap = THREAD_GAP
        shelves = _fit_screen(sorted(kids, key=lambda v: -size[v][1]), size, gap)
    else:
        gap = SIBLING_GAP
        area = sum((size[v][0] + gap) * (size[v][1] + ROW_GAP) for v in kids)
        widest = max(size[v][0] for v in kids)
        shelves = _shelve(kids, size, gap, max(widest, math.sqrt(area * ROW_ASPECT)))
    top, width = own[u] + ROW_GAP, 2 * own[u]
    for shelf in shelves:
        row = sum(size[v][0] for v in shelf) + gap * (len(shelf) - 1)
        width = max(width, row)
        line = top + max(own[v] for v in shelf)  # posts of a shelf on one line
        x = -row / 2
        for v in shelf:
            offset[v] = (x + size[v][0] / 2, line)
            x += size[v][0] + gap
        top = max(line - own[v] + size[v][1] for v in shelf) + ROW_GAP
    return width, top - ROW_GAP + own[u]


def _shelve(kids: list, size: dict, gap: float, target: float) -> list[list]:
    """Fill shelves left to right, starting a new one when ``target`` is full."""
    shelves: list[list] = [[]]
    used = 0.0
    for v in kids:
        if shelves[-1] and used + size[v][0] > target:
            shelves.append([])
            used = 0.0
        shelves[-1].append(v)
        used += size[v][0] + gap
    return shelves


def _fit_screen(kids: list, size: dict, gap: float) -> list[list]:
    # Try shelf widths from the widest block to one single row and keep the
    # packing that would be drawn largest in a MAP_ASPECT-shaped window.
    target = max(size[v][0] for v in kids)
    full = sum(size[v][0] for v in kids) + gap * (len(kids) - 1)
    best: tuple[float, list[list]] = (-1.0, [])
    while True:
        shelves = _shelve(kids, size, gap, target)
        width = max(sum(size[v][0] + gap for v in shelf) - gap for shelf in shelves)
        height = sum(max(size[v][1] for v in shelf) + ROW_GAP for shelf in shelves)
        scale = min(MAP_ASPECT / width, 1 / height)
        if scale > best[0]:
            best = (scale, shelves)
        if target >= full:
            return best[1]
        target = min(full, target * 1.15)


def _place_claims(pos: dict, claims: list, x: float, y: float, r: float) -> None:
    # Start at three o'clock, clear of the lines up to the parent and down
    # to the replies, and go round clockwise.
    n = len(claims)
    for i, c in enumerate(claims):
        t = 2 * math.pi * i / n
        pos[c] = (round(x + r * math.cos(t), 1), round(y + r * math.sin(t), 1))


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
