"""Make graph attributes safe for every format: scalars only, valid XML text."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

# Characters XML 1.0 forbids, plus lone surrogates, which cannot be encoded.
_XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)


def clean_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def flatten_value(value: Any) -> str | int | float | bool:
    """A GraphML-typed scalar: None -> "", containers -> JSON text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple, set, dict)):
        return clean_text(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False))
    return clean_text(str(value))


def flattened(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with every id and attribute flattened and cleaned."""
    H = nx.MultiDiGraph()
    H.graph.update({clean_text(k): flatten_value(v) for k, v in G.graph.items()})
    for n, d in G.nodes(data=True):
        H.add_node(clean_text(str(n)), **_flat(d))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(clean_text(str(u)), clean_text(str(v)), key=clean_text(str(k)), **_flat(d))
    _unify_types([d for _, d in H.nodes(data=True)])
    _unify_types([d for _, _, d in H.edges(data=True)])
    return H


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
    return {clean_text(str(k)): flatten_value(v) for k, v in attrs.items()}
