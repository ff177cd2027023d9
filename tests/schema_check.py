"""The output schema of docs/schema.md, as a checker every output test uses."""

from __future__ import annotations

import networkx as nx

from argmap.model import escape_id

GRAPH = {"site": str, "thread_id": str, "url": str, "title": str, "fetched_at": str,
         "argmap_version": str, "link": str, "complete": bool, "skipped": int, "classifier": str}
COMMON = {"kind": str, "site": str}
POST = {"post_id": str, "author": str, "created": str, "parent": str, "depth": int,
        "url": str, "status": str, "text": str}
CLAIM = {"post_id": str, "index": int, "text": str, "start": int, "end": int, "claim_type": str}
POINT = {"text": str, "representative": str, "prevalence": int, "size": int,
         "supports_share": float, "rebuts_share": float, "method": str}
STANCES = {"rebuts", "supports", "questions", "neutral"}
STATUSES = {"ok", "deleted", "flagged", "dead", "removed", "collapsed"}
CLAIM_TYPES = {"claim", "question", "quote"}
#: Written by the analysis stage (argmap.analysis.acceptability.annotate), which
#: map_thread runs: required once the graph says it was analysed.
ANALYSED_GRAPH = {"acceptability_threshold": float}
ANALYSED_CLAIM = {"acceptability": str, "strength": float}
ACCEPTABILITY = {"in", "out", "undec"}


def _check_attrs(where, attrs, spec, *, int_as_float=False):
    missing = spec.keys() - attrs.keys()
    assert not missing, f"{where}: missing {sorted(missing)}"
    for name, kind in spec.items():
        value = attrs[name]
        if kind is int and int_as_float and isinstance(value, float):
            assert value == int(value), f"{where}: {name}={value!r}"
            continue
        assert isinstance(value, kind) and (kind is bool or not isinstance(value, bool)), (
            f"{where}: {name}={value!r} is not {kind.__name__}")


def check_schema(G: nx.MultiDiGraph, *, int_as_float: bool = False) -> None:
    """Assert ``G`` follows docs/schema.md. igraph reads ints back as floats."""
    _check_attrs("graph", G.graph, GRAPH, int_as_float=int_as_float)
    analysed = "acceptability_threshold" in G.graph
    if analysed:
        _check_attrs("graph", G.graph, ANALYSED_GRAPH)
    site = G.graph["site"]
    for n, d in G.nodes(data=True):
        _check_attrs(n, d, COMMON)
        assert d["site"] == site
        if d["kind"] == "post":
            _check_attrs(n, d, POST, int_as_float=int_as_float)
            assert n == f"{site}:{escape_id(d['post_id'])}"
            assert d["status"] in STATUSES
        elif d["kind"] == "point":
            _check_attrs(n, d, POINT, int_as_float=int_as_float)
            assert n.startswith(f"{site}:#point/") and n.rsplit("/", 1)[1].isdigit(), n
            assert G.nodes[d["representative"]]["kind"] == "claim"
            members = [u for u, _, rel in G.in_edges(n, data="relation") if rel == "expresses"]
            assert len(members) == d["size"] >= 2 and d["representative"] in members
            assert 2 <= d["prevalence"] <= d["size"]
            assert 0.0 <= d["supports_share"] + d["rebuts_share"] <= 1.0
        else:
            assert d["kind"] == "claim", n
            _check_attrs(n, d, CLAIM, int_as_float=int_as_float)
            assert n == f"{site}:{escape_id(d['post_id'])}#{int(d['index'])}"
            assert d["claim_type"] in CLAIM_TYPES
            if analysed:
                _check_attrs(n, d, ANALYSED_CLAIM)
                assert d["acceptability"] in ACCEPTABILITY and 0.0 <= d["strength"] <= 1.0
    for u, v, k, d in G.edges(keys=True, data=True):
        relation = d["relation"]
        kinds = (G.nodes[u]["kind"], G.nodes[v]["kind"])
        if relation == "contains":
            assert kinds == ("post", "claim") and G.nodes[v]["post_id"] == G.nodes[u]["post_id"]
            continue
        if relation == "expresses":
            assert kinds == ("claim", "point") and k == "expresses", (u, v)
            continue
        assert isinstance(d["confidence"], float) and 0.0 <= d["confidence"] <= 1.0
        assert isinstance(d["evidence"], str) and d["evidence"]
        assert d["low_confidence"] is (d["confidence"] < 0.5)
        if relation == "replies_to":
            assert kinds == ("post", "post") and d["stance"] in STANCES
            assert G.nodes[u]["parent"] == G.nodes[v]["post_id"]
        else:
            assert relation in STANCES and kinds == ("claim", "claim"), (u, v, relation)
        assert k == relation
