"""Where the argument is: the summary a reader of a thread wants first.

``overview(G)`` reads a mapped graph (docs/schema.md) and answers five
questions, each as a short ranked list that points at graph nodes:

- **contested**: the claims with the most, and most confident, rebuttals, each
  with its strongest rebuttal;
- **agreed**: claims that are supported and not rebutted;
- **open_questions**: question claims that no reply answers;
- **hot_subthreads**: the top-level sub-threads densest in rebuttals;
- **people**: the pairs of authors who rebut each other most.

Only claim-level edges at or above ``min_confidence`` count: below it a label
is more likely wrong than right (``argmap.relate.base.LOW_CONFIDENCE``), and a
summary built on coin flips would mislead more than the map does. The root's
title is never listed: it names the topic and no claim answers it.

The HTML map's overview panel and ``argmap report`` both show this result,
so it is plain JSON-serialisable data and every item names its node ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from argmap.analysis._claims import is_title, post_of
from argmap.relate.base import LOW_CONFIDENCE

ARGUING = ("rebuts", "supports", "questions")
# A sub-thread needs a few posts before its rebuttal density means anything:
# one post with three rebutting sentences is not a heated exchange.
MIN_SUBTHREAD_POSTS = 3


def overview(
    G: nx.MultiDiGraph, *, min_confidence: float = LOW_CONFIDENCE, limit: int = 5
) -> dict[str, Any]:
    """The ranked summary of ``G``; each list has at most ``limit`` items."""
    edges = _claim_edges(G, min_confidence)
    return {
        "min_confidence": min_confidence,
        "contested": _contested(G, edges, limit),
        "agreed": _agreed(G, edges, limit),
        "open_questions": _open_questions(G, edges, limit),
        "hot_subthreads": _hot_subthreads(G, edges, limit),
        "people": _people(G, edges, limit),
    }


def _claim_edges(
    G: nx.MultiDiGraph, min_confidence: float
) -> list[tuple[str, str, str, float]]:
    """(source, target, relation, confidence) of every confident arguing claim edge."""
    found = []
    for source, target, data in G.edges(data=True):
        relation = data.get("relation")
        confidence = float(data.get("confidence", 0.0))
        if relation in ARGUING and confidence >= min_confidence:
            if is_title(G, target):  # older maps may still hold such edges
                continue
            found.append((source, target, relation, confidence))
    return found


def _brief(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """What every item says about a node: its id, post, author and text."""
    data = G.nodes[node]
    post = node if data.get("kind") == "post" else post_of(G, node)
    return {
        "node": node,
        "post": post,
        "author": G.nodes[post].get("author", "") if post else "",
        "text": data.get("text", ""),
    }


def _by_post(
    G: nx.MultiDiGraph, answers: list[tuple[float, str]]
) -> list[tuple[float, str]]:
    """One (confidence, claim) per answering post, its most confident claim.

    A reply that rebuts one claim in three sentences is one rebuttal, not
    three: counting posts keeps a long reply from outranking many short ones.
    """
    best: dict[str, tuple[float, str]] = {}
    for confidence, claim in answers:
        post = post_of(G, claim)
        if post not in best or confidence > best[post][0]:
            best[post] = (confidence, claim)
    return sorted(best.values(), key=lambda pair: -pair[0])


def _authors(G: nx.MultiDiGraph, answers: list[tuple[float, str]]) -> list[str]:
    """Distinct authors of ``answers``, most confident first; unknown ones left out."""
    authors: list[str] = []
    for _, claim in answers:
        author = _brief(G, claim)["author"]
        if author and author not in authors:
            authors.append(author)
    return authors


def _ranked(G: nx.MultiDiGraph, answers: dict[str, list], exclude: set[str]) -> list:
    """(claim, per-post answers) by summed confidence, then count; no title."""
    merged = {
        claim: _by_post(G, found)
        for claim, found in answers.items()
        if claim not in exclude and not is_title(G, claim)
    }
    return sorted(
        merged.items(),
        key=lambda item: (-sum(conf for conf, _ in item[1]), -len(item[1])),
    )


def _contested(G: nx.MultiDiGraph, edges: list, limit: int) -> list[dict[str, Any]]:
    rebuttals: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for source, target, relation, confidence in edges:
        if relation == "rebuts":
            rebuttals[target].append((confidence, source))
    items = []
    for claim, attacks in _ranked(G, rebuttals, set())[:limit]:
        confidence, strongest = attacks[0]
        items.append(
            _brief(G, claim)
            | {
                "rebuttals": len(attacks),
                "weight": round(sum(conf for conf, _ in attacks), 4),
                "rebutters": _authors(G, attacks),
                "strongest": _brief(G, strongest) | {"confidence": confidence},
            }
        )
    return items


def _agreed(G: nx.MultiDiGraph, edges: list, limit: int) -> list[dict[str, Any]]:
    supports: dict[str, list[tuple[float, str]]] = defaultdict(list)
    rebutted = set()
    for source, target, relation, confidence in edges:
        if relation == "supports":
            supports[target].append((confidence, source))
        elif relation == "rebuts":
            rebutted.add(target)
    # A supported question ("Did you activate the venv?" "Yes.") is answered,
    # not agreed with: agreement is about claims.
    asked = {c for c in supports if G.nodes[c].get("claim_type") == "question"}
    return [
        _brief(G, claim)
        | {
            "supports": len(backing),
            "weight": round(sum(conf for conf, _ in backing), 4),
            "supporters": _authors(G, backing),
        }
        for claim, backing in _ranked(G, supports, rebutted | asked)[:limit]
    ]


def _open_questions(
    G: nx.MultiDiGraph, edges: list, limit: int
) -> list[dict[str, Any]]:
    """Questions with no claim edge into them, those in posts nobody replied to first.

    Any claim edge counts as an answer, neutral included: a reply that takes up
    the question without arguing still answers it. A question that confidently
    rebuts or supports what it answers ("Isn't that just wrong?") is a
    rhetorical move, not an open question, and is left out.
    """
    rhetorical = {
        source for source, _, rel, _ in edges if rel in ("rebuts", "supports")
    }
    unanswered = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != "claim" or data.get("claim_type") != "question":
            continue
        if is_title(G, node) or node in rhetorical:
            continue
        if any(
            relation != "contains" for _, _, relation in G.in_edges(node, keys=True)
        ):
            continue
        post = post_of(G, node)
        replied = any(rel == "replies_to" for _, _, rel in G.in_edges(post, keys=True))
        unanswered.append((replied, node))
    # Stable: thread order within each group (nodes keep insertion order).
    unanswered.sort(key=lambda pair: pair[0])
    return [_brief(G, node) for _, node in unanswered[:limit]]


def _subthread_roots(G: nx.MultiDiGraph) -> dict[str, str]:
    """Each post node -> the depth-1 post whose sub-thread holds it."""
    parent_of = {}
    for source, target, relation in G.edges(keys=True):
        if relation == "replies_to":
            parent_of[source] = target
    roots = {}
    for node, data in G.nodes(data=True):
        if data.get("kind") != "post" or data.get("depth", 0) < 1:
            continue
        current, seen = node, set()
        while (
            G.nodes[current].get("depth", 0) > 1
            and current in parent_of
            and current not in seen
        ):
            seen.add(current)
            current = parent_of[current]
        roots[node] = current
    return roots


def _hot_subthreads(
    G: nx.MultiDiGraph, edges: list, limit: int
) -> list[dict[str, Any]]:
    roots = _subthread_roots(G)
    posts = Counter(roots.values())
    rebutting = {post_of(G, source) for source, _, rel, _ in edges if rel == "rebuts"}
    # Rebutting posts, as everywhere here: a reply's sentences are one voice.
    rebuttals = Counter(roots[post] for post in rebutting if post in roots)

    def density(root: str) -> float:
        return rebuttals[root] / posts[root]

    # Density times count: 3 rebuttals among 12 posts (0.25) is a spat, 14
    # among 70 (0.2) is the fight of the thread; density alone ranks the spat
    # first. Tiny sub-threads go last whatever their density.
    ranked = sorted(
        rebuttals,
        key=lambda r: (posts[r] < MIN_SUBTHREAD_POSTS, -density(r) * rebuttals[r]),
    )
    return [
        _brief(G, root)
        | {
            "posts": posts[root],
            "rebuttals": rebuttals[root],
            "density": round(density(root), 4),
        }
        for root in ranked[:limit]
    ]


def _people(G: nx.MultiDiGraph, edges: list, limit: int) -> list[dict[str, Any]]:
    """Author pairs by rebutting posts between them, both directions summed."""
    directed: Counter[tuple[str, str]] = Counter()
    counted: set[tuple[str, str]] = set()  # (rebutting post, its target's author)
    strongest: dict[tuple[str, str], tuple[float, str]] = {}
    for source, target, relation, confidence in edges:
        if relation != "rebuts":
            continue
        rebutter, rebutted = _brief(G, source), _brief(G, target)
        a, b = rebutter["author"], rebutted["author"]
        if not a or not b or a == b:
            continue
        if (rebutter["post"], b) not in counted:
            counted.add((rebutter["post"], b))
            directed[a, b] += 1
        pair = (min(a, b), max(a, b))
        if pair not in strongest or confidence > strongest[pair][0]:
            strongest[pair] = (confidence, source)
    totals = {pair: directed[pair] + directed[pair[::-1]] for pair in strongest}
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [
        {
            "a": a,
            "b": b,
            "rebuttals": total,
            "a_to_b": directed[a, b],
            "b_to_a": directed[b, a],
            "node": strongest[a, b][1],
        }
        for (a, b), total in ranked[:limit]
    ]
