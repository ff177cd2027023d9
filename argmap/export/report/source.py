"""What ``argmap report`` reads: a map JSON that argmap wrote, or any thread
source ``argmap map`` reads (mapped first)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.errors import InputError

MAP_JSON_KEYS = {"directed", "multigraph", "graph", "nodes"}
KINDS = {"post", "claim", "point"}
# The attributes the report reads, with their docs/schema.md types: a map
# edited by hand gets one line naming the bad value, not a crash.
NODE_TYPES = {
    "post": {
        "author": str,
        "created": str,
        "depth": int,
        "url": str,
        "text": str,
        "status": str,
    },
    "claim": {
        "text": str,
        "claim_type": str,
        "start": int,
        "end": int,
        "acceptability": str,
        "strength": (int, float),
    },
    "point": {"text": str, "prevalence": (int, float), "size": (int, float)},
}


def map_json_data(source: str | Path | None) -> dict[str, Any] | None:
    """The parsed JSON of ``source`` when it is a map JSON file, else None
    (a URL, a thread file, a saved page: ``argmap map``'s sources)."""
    if source is None:
        return None
    path = Path(source)
    try:
        if not path.is_file():
            return None
    except (OSError, ValueError):  # a URL or an odd name is no file
        return None
    from argmap.sources.files import read_bytes

    raw = read_bytes(path)
    if not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None  # the thread reader names what is wrong with it
    if (
        isinstance(data, dict)
        and MAP_JSON_KEYS <= data.keys()
        and ("edges" in data or "links" in data)
    ):
        return data
    return None


def graph_from_map_json(data: dict[str, Any], where: str) -> nx.MultiDiGraph:
    """The graph of a map JSON (docs/schema.md), or InputError saying why not."""
    edges = "edges" if "edges" in data else "links"
    try:
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges=edges)
    except (KeyError, TypeError, ValueError, AttributeError, nx.NetworkXError) as e:
        raise InputError(
            f"{where}: not a readable map JSON ({type(e).__name__}: {e})"
        ) from None
    if not isinstance(G.graph.get("site"), str) or "thread_id" not in G.graph:
        raise InputError(
            f"{where}: a node-link graph, but not an argmap map (no site or thread_id)"
        )
    for name in ("title", "url", "link", "classifier"):
        if not isinstance(G.graph.get(name, ""), str):
            raise InputError(
                f"{where}: the graph's {name} is not text, as docs/schema.md says it is"
            )
    threshold = G.graph.get("acceptability_threshold", 0.5)
    if (
        not isinstance(threshold, (int, float))
        or isinstance(threshold, bool)
        or not 0 <= threshold <= 1
    ):
        raise InputError(
            f"{where}: acceptability_threshold {str(threshold)[:40]!r} is not a number from 0 to 1"
        )
    for node, attrs in G.nodes(data=True):
        kind = attrs.get("kind")
        if kind not in KINDS:
            raise InputError(
                f"{where}: node {str(node)[:80]!r} has no kind post, claim or point; not an argmap map"
            )
        for name, kinds in NODE_TYPES[kind].items():
            value = attrs.get(name)
            if value is not None and (
                not isinstance(value, kinds) or isinstance(value, bool)
            ):
                raise InputError(f"{where}: node {str(node)[:80]!r} has {name} {str(value)[:40]!r}, "
                                 "not what docs/schema.md says")  # fmt: skip
    for u, v, attrs in G.edges(data=True):
        if not isinstance(attrs.get("relation"), str):
            raise InputError(
                f"{where}: edge {str(u)[:60]!r} -> {str(v)[:60]!r} has no relation; not an argmap map"
            )
        confidence = attrs.get("confidence", 0.0)
        if not isinstance(confidence, (int, float)) or isinstance(confidence, bool):
            raise InputError(
                f"{where}: edge {str(u)[:60]!r} -> {str(v)[:60]!r} has a confidence that is no number"
            )
    return G
