"""The report's content as plain data, read from a mapped graph.

The ranked lists (contested claims, agreement, open questions, hot
sub-threads, who rebuts whom) are ``argmap.analysis.overview``'s, the same
answer the HTML map's overview panel shows; this module adds what a written
report needs around them: thread facts, whether each claim stands
(``acceptability``), the key points, participants, a timeline and the stance
mix per sub-thread. Every item keeps its post's forum ``url``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

import networkx as nx

from argmap.analysis import acceptability
from argmap.analysis.overview import _subthread_roots, overview
from argmap.export.html.safe_text import http_url

STANCES = ("rebuts", "supports", "questions", "neutral")
TIMELINE_BUCKETS = 24
# A thread's posts come in a burst and then a trickle over days: slicing the
# whole span puts nearly everything in the first slice or two. The slices
# cover the time until this share of posts was written; later posts are
# counted in the last slice (``later`` says how many).
TIMELINE_SHARE = 0.95
MAX_SUBTHREADS = 8
MAX_POINTS = 10


def report_data(G: nx.MultiDiGraph, *, limit: int = 5) -> dict[str, Any]:
    """Everything ``argmap report`` writes, as JSON-serialisable data."""
    if not acceptability.is_annotated(G):  # a map written before the analysis stage
        G = acceptability.annotate(G.copy())
    summary = overview(
        G, min_confidence=G.graph["acceptability_threshold"], limit=limit
    )
    for section in ("contested", "agreed", "open_questions", "hot_subthreads"):
        for item in summary[section]:
            _add_links(G, item)
    for item in summary["contested"]:
        _add_links(G, item["strongest"])
    for pair in summary["people"]:
        _add_links(G, pair)
    return {
        "facts": facts(G),
        "overview": summary,
        "points": points(G),
        "most_answered": most_answered(G, limit),
        "timeline": timeline(G),
        "subthreads": subthread_stances(G),
    }


def _add_links(G: nx.MultiDiGraph, item: dict[str, Any]) -> None:
    """Give an item its post's URL and, for a claim, whether it stands."""
    node = item.get("node", "")
    data = G.nodes[node] if node in G else {}
    post = item.get("post") or _post_of(G, node)
    item["url"] = http_url(G.nodes[post].get("url")) if post in G else ""
    if data.get("kind") == "claim":
        item["acceptability"] = data.get("acceptability", "")
        item["strength"] = data.get("strength")


def _post_of(G: nx.MultiDiGraph, node: str) -> str:
    if node not in G:
        return ""
    if G.nodes[node].get("kind") == "post":
        return node
    for post, _, key in G.in_edges(node, keys=True):
        if key == "contains":
            return post
    return ""


def _posts(G: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    return [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == "post"]


def facts(G: nx.MultiDiGraph) -> dict[str, Any]:
    posts = _posts(G)
    claims = [d for _, d in G.nodes(data=True) if d.get("kind") == "claim"]
    times = sorted(d["created"] for _, d in posts if d.get("created"))
    relations = Counter(d.get("relation") for *_, d in G.edges(data=True))
    stances = Counter(
        d.get("stance")
        for *_, d in G.edges(data=True)
        if d.get("relation") == "replies_to"
    )
    labels = Counter(d.get("acceptability") for d in claims)
    g = G.graph
    threshold = g.get("acceptability_threshold", acceptability.ACCEPTABILITY_THRESHOLD)
    attacks = sum(
        d.get("relation") == "rebuts" and float(d.get("confidence", 0.0)) >= threshold
        for *_, d in G.edges(data=True)
    )
    return {
        "title": g.get("title", ""),
        "url": http_url(g.get("url")),
        "link": http_url(g.get("link")),
        "site": g.get("site", ""),
        "thread_id": g.get("thread_id", ""),
        "posts": len(posts),
        "authors": len({d.get("author") for _, d in posts if d.get("author")}),
        "claims": len(claims),
        "questions": sum(d.get("claim_type") == "question" for d in claims),
        "first": times[0] if times else "",
        "last": times[-1] if times else "",
        "replies": {s: stances.get(s, 0) for s in STANCES},
        "claim_relations": {s: relations.get(s, 0) for s in STANCES},
        "acceptability": {
            s: labels.get(s, 0)
            for s in (acceptability.IN, acceptability.OUT, acceptability.UNDEC)
        },
        "threshold": threshold,
        "attacks": attacks,
        "classifier": g.get("classifier", ""),
        "fetched_at": g.get("fetched_at", ""),
        "complete": bool(g.get("complete", True)),
        "skipped": g.get("skipped", 0),
        "argmap_version": g.get("argmap_version", ""),
    }


# What a reader should take a row of "Top points" for: the methods differ in
# how often a group is really one point (docs/analysis.md, "Hand-check").
POINTS_NOTES = {
    "argmap.points_lexical.v1": "Claims by different people that share their wording "
    "(the lexical method): a row is claims that use the same words, and not every "
    "row is one opinion.",
    "argmap.points_minilm.v2": "Claims by different people that the sentence encoder "
    "finds near-identical (argmap.points_minilm.v2).",
}


def points_note(points: list[dict[str, Any]]) -> str:
    """One line on how the points were grouped ("" when there are none)."""
    methods = sorted({p["method"] for p in points if p["method"]})
    return " ".join(POINTS_NOTES.get(m, f"Grouped by {m}.") for m in methods)


def points(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Key points (nodes of kind "point"), most prevalent first, with the stance
    split of their member claims: each member's own claim relation (its most
    confident), else its post's stance toward its parent."""
    found = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != "point":
            continue
        members = [
            u
            for u, _, d in G.in_edges(node, data=True)
            if d.get("relation") == "expresses"
        ]
        split = Counter(_member_stance(G, m) for m in members)
        representative = next(
            (m for m in members if G.nodes[m].get("text") == data.get("text")), None
        )
        example = representative or (members[0] if members else "")
        found.append({
            "node": node,
            "text": data.get("text", ""),
            "method": data.get("method", ""),
            "prevalence": int(data.get("prevalence", 0) or 0),
            "size": int(data.get("size", len(members)) or 0),
            "stances": {s: split.get(s, 0) for s in (*STANCES, "none")},
            "url": http_url(G.nodes[_post_of(G, example)].get("url")) if _post_of(G, example) else "",
        })  # fmt: skip
    found.sort(key=lambda p: (-p["prevalence"], -p["size"], p["text"]))
    return found[:MAX_POINTS]


def _member_stance(G: nx.MultiDiGraph, claim: str) -> str:
    best = max(
        ((float(d.get("confidence", 0.0)), d["relation"]) for _, _, d in G.out_edges(claim, data=True)
         if d.get("relation") in STANCES),
        default=None,
    )  # fmt: skip
    if best:
        return best[1]
    post = _post_of(G, claim)
    for _, _, d in G.out_edges(post, data=True) if post else ():
        if d.get("relation") == "replies_to":
            return d.get("stance", "none")
    return "none"


def most_answered(G: nx.MultiDiGraph, limit: int) -> list[dict[str, Any]]:
    """Authors whose comments drew the most replies, with how many posts they
    wrote. Replies to the story itself are left out: every top-level comment is
    one, so the submitter would always come first."""
    written: Counter[str] = Counter()
    replies: Counter[str] = Counter()
    rebutted: Counter[str] = Counter()
    for node, data in _posts(G):
        author = data.get("author", "")
        if not author:
            continue
        written[author] += 1
        if data.get("depth") == 0:
            continue
        for _, _, d in G.in_edges(node, data=True):
            if d.get("relation") == "replies_to":
                replies[author] += 1
                rebutted[author] += d.get("stance") == "rebuts"
    ranked = sorted(replies, key=lambda a: (-replies[a], -rebutted[a], a))
    return [
        {
            "author": a,
            "replies": replies[a],
            "rebuttals": rebutted[a],
            "posts": written[a],
        }
        for a in ranked[:limit]
    ]


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def timeline(G: nx.MultiDiGraph, buckets: int = TIMELINE_BUCKETS) -> dict[str, Any]:
    """Posts, and posts that rebut their parent, per equal slice of the thread's time."""
    dated = []
    undated = 0
    for node, data in _posts(G):
        when = _parse_time(data.get("created", ""))
        if when is None:
            undated += 1
            continue
        rebuts = any(d.get("stance") == "rebuts" for _, _, d in G.out_edges(node, data=True)
                     if d.get("relation") == "replies_to")  # fmt: skip
        dated.append((when, rebuts))
    if not dated:
        return {
            "start": "",
            "end": "",
            "posts": [],
            "rebuttals": [],
            "undated": undated,
        }
    dated.sort(key=lambda pair: pair[0])
    start = dated[0][0]
    end = dated[min(len(dated) - 1, int(TIMELINE_SHARE * len(dated)))][0]
    span = (end - start).total_seconds() or 1.0
    posts, rebuttals = [0] * buckets, [0] * buckets
    for when, rebuts in dated:
        i = min(buckets - 1, int((when - start).total_seconds() / span * buckets))
        posts[i] += 1
        rebuttals[i] += rebuts
    return {"start": start.strftime("%Y-%m-%d %H:%M UTC"), "end": end.strftime("%Y-%m-%d %H:%M UTC"),
            "posts": posts, "rebuttals": rebuttals, "undated": undated,
            "later": sum(when > end for when, _ in dated)}  # fmt: skip


def subthread_stances(
    G: nx.MultiDiGraph, limit: int = MAX_SUBTHREADS
) -> list[dict[str, Any]]:
    """The largest top-level sub-threads with the stance of every reply in them."""
    roots = _subthread_roots(G)
    mix: dict[str, Counter[str]] = defaultdict(Counter)
    size: Counter[str] = Counter()
    for post, root in roots.items():
        size[root] += 1
        for _, _, d in G.out_edges(post, data=True):
            if d.get("relation") == "replies_to" and post != root:
                mix[root][d.get("stance", "neutral")] += 1
    ranked = sorted(size, key=lambda r: (-size[r], r))[:limit]
    items = []
    for root in ranked:
        data = G.nodes[root]
        items.append({
            "node": root,
            "author": data.get("author", ""),
            "text": data.get("text", ""),
            "posts": size[root],
            "stances": {s: mix[root].get(s, 0) for s in STANCES},
            "url": http_url(data.get("url")),
        })  # fmt: skip
    return items
