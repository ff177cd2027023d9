"""Make graph attributes safe for every format: scalars only, valid XML text."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable
from typing import Any

import networkx as nx

from argmap.text.xmlsafe import strip_xml_illegal


def flatten_value(value: Any) -> str | int | float | bool:
    """A GraphML-typed scalar: None -> "", containers -> JSON text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        # GraphML's "long" is 64 bits (Gephi and igraph parse it so): text beyond.
        return int(value) if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        # igraph refuses a subnormal double (below 2.2e-308) as an overflow.
        tiny = value != 0 and abs(value) < sys.float_info.min
        return 0.0 if tiny else float(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_xml_illegal(value)
    if isinstance(value, (list, tuple, set, dict)):
        return strip_xml_illegal(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False))
    return strip_xml_illegal(str(value))


def flattened(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with every id and attribute flattened and cleaned."""
    H = nx.MultiDiGraph()
    H.graph.update({strip_xml_illegal(k): flatten_value(v) for k, v in G.graph.items()})
    ids = _clean_ids(G.nodes)
    for n, d in G.nodes(data=True):
        H.add_node(ids[n], **_flat(d))
    for u, v, k, d in G.edges(keys=True, data=True):
        key = base = strip_xml_illegal(str(k))
        for n in itertools.count(2):  # parallel edges must not merge either
            if not H.has_edge(ids[u], ids[v], key):
                break
            key = f"{base} ({n})"
        H.add_edge(ids[u], ids[v], key=key, **_flat(d))
    _unify_types([d for _, d in H.nodes(data=True)])
    _unify_types([d for _, _, d in H.edges(data=True)])
    return H


def _clean_ids(nodes: Iterable[Any]) -> dict[Any, str]:
    """Each node's id as clean text. Ids that were clean keep it; one that only
    cleaning made equal to another gets " (2)", " (3)"...: no two nodes merge.
    No id is empty: igraph refuses a node with an empty id."""
    ids: dict[Any, str] = {}
    taken: set[str] = set()
    for n in nodes:
        text = str(n)
        if text and strip_xml_illegal(text) == text and text not in taken:
            ids[n] = text
            taken.add(text)
    for n in nodes:
        if n in ids:
            continue
        candidate = base = strip_xml_illegal(str(n)) or "_"
        for count in itertools.count(2):
            if candidate not in taken:
                break
            candidate = f"{base} ({count})"
        ids[n] = candidate
        taken.add(candidate)
    return ids


def _unify_types(records: list[dict[str, Any]]) -> None:
    """Give each attribute name one type: GraphML declares one key per type,
    and igraph rejects a file with two keys of the same name."""
    types: dict[str, set[type]] = {}
    for d in records:
        for name, value in d.items():
            types.setdefault(name, set()).add(type(value))
    mixed = {name: seen for name, seen in types.items() if len(seen) > 1}
    for d in records:
        for name in mixed.keys() & d.keys():
            numeric = mixed[name] == {int, float}
            d[name] = float(d[name]) if numeric else str(d[name])


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    return {strip_xml_illegal(str(k)): flatten_value(v) for k, v in attrs.items()}
