"""A cheap, exact layout of the reply tree: nested blocks on shelves.

Force-directed layouts cost seconds at 2,000 nodes (spring_layout: 9 s) and
vis-network physics took ~100 s in a browser, while a reply tree already says
where everything belongs. Every post gets a rectangular block holding its
subthread: the post's card with its claims in a column under it (each
claim a box of its own text, so the map can be read without hovering) at
the top, and its replies' blocks below, left to right, wrapping onto
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

import networkx as nx

from argmap.export.html.safe_text import one_line
from argmap.export.html.tree import ReplyTree, build_reply_tree

__all__ = ["POST_HALF", "ReplyTree", "build_reply_tree", "claim_lines", "tree_layout"]

# Screen units (vis-network canvas pixels at zoom 1). POST_HALF is half the
# widest post card the HTML map draws (its label is truncated to fit), and
# POST_UP half its height (two lines: author, first words).
POST_HALF = 80.0
POST_UP = 22.0
# A claim box: CLAIM_WIDTH wide at most, text wrapped at about LINE_CHARS a
# line of LINE_HEIGHT, cut to LABEL_CHARS (the panel shows all of it).
CLAIM_WIDTH = 170.0
LINE_CHARS = 27
LINE_HEIGHT = 14.0
CLAIM_PAD = 10.0
CLAIM_GAP = 8.0  # between claim boxes in a column, and under the card
LABEL_CHARS = 100
UNIT_HALF = max(POST_HALF, CLAIM_WIDTH / 2)  # half a card with its claims
SIBLING_GAP = 30.0  # between sibling blocks
THREAD_GAP = 110.0  # between top-level subthreads, so they read as groups
ROW_GAP = 70.0  # between a post and the shelf of its replies, and between shelves
MAP_ASPECT = 1.6  # width / height of the whole map (a screen beside the panel)
ROW_ASPECT = 5.0  # replies wrap when their row grows wider than this

Pos = tuple[float, float]


def tree_layout(
    G: nx.MultiDiGraph, tree: ReplyTree | None = None
) -> dict[Hashable, Pos]:
    """Positions for every node of ``G``; deterministic, O(n log n)."""
    tree = tree or build_reply_tree(G)
    order = tree.preorder()
    units = order if tree.centre is not None else [None, *order]
    heights = {
        u: [_claim_height(G.nodes[c]) for c in tree.claims.get(u, [])] for u in order
    }
    # Each unit reaches UNIT_HALF to each side, POST_UP above its card's centre
    # and its claim column below it.
    down = {u: POST_UP + sum(h + CLAIM_GAP for h in heights[u]) for u in order}
    down[None] = 0.0
    size: dict = {}  # unit -> (width, height) of its block
    offset: dict = {}  # unit -> its position relative to its parent's
    for u in reversed(units):
        size[u] = _pack(u, tree, down, size, offset)
    pos: dict[Hashable, Pos] = {}
    spot = {units[0]: (0.0, 0.0)}
    for u in units:
        x, y = spot[u]
        for v in tree.children.get(u, []):
            spot[v] = (x + offset[v][0], y + offset[v][1])
        if u is not None:
            pos[u] = (round(x, 1), round(y, 1))
            _place_claims(pos, tree.claims.get(u, []), heights[u], x, y)
    return pos


def claim_lines(text: object) -> int:
    """How many lines a claim's box holds (its text cut to LABEL_CHARS)."""
    return max(1, math.ceil(min(len(one_line(text)), LABEL_CHARS) / LINE_CHARS))


def _claim_height(d: dict) -> float:
    return CLAIM_PAD + LINE_HEIGHT * claim_lines(d.get("text"))


def _up(u: Hashable) -> float:
    return 0.0 if u is None else POST_UP


def _pack(u: Hashable, tree: ReplyTree, down: dict, size: dict, offset: dict) -> Pos:
    """Shelve the blocks of ``u``'s replies under it; record where each reply
    sits relative to ``u`` and return the size of ``u``'s block."""
    kids = tree.children.get(u, [])
    half = 0.0 if u is None else UNIT_HALF
    if not kids:
        return 2 * half, _up(u) + down[u]
    if u == tree.centre:  # the biggest discussions first, as a forum ranks them
        gap = THREAD_GAP
        shelves = _fit_screen(sorted(kids, key=lambda v: -size[v][1]), size, gap)
    else:
        gap = SIBLING_GAP
        area = sum((size[v][0] + gap) * (size[v][1] + ROW_GAP) for v in kids)
        widest = max(size[v][0] for v in kids)
        shelves = _shelve(kids, size, gap, max(widest, math.sqrt(area * ROW_ASPECT)))
    top, width = down[u] + ROW_GAP, 2 * half
    for shelf in shelves:
        row = sum(size[v][0] for v in shelf) + gap * (len(shelf) - 1)
        width = max(width, row)
        line = top + POST_UP  # the cards of a shelf on one line
        x = -row / 2
        for v in shelf:
            offset[v] = (x + size[v][0] / 2, line)
            x += size[v][0] + gap
        top = max(line - POST_UP + size[v][1] for v in shelf) + ROW_GAP
    return width, top - ROW_GAP + _up(u)


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


def _place_claims(pos: dict, claims: list, heights: list, x: float, y: float) -> None:
    # A column under the card, in the order the post makes them.
    top = y + POST_UP + CLAIM_GAP
    for c, h in zip(claims, heights, strict=True):
        pos[c] = (round(x, 1), round(top + h / 2, 1))
        top += h + CLAIM_GAP
