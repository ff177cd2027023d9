"""JSON: networkx node-link data with the same attribute names as GraphML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_write_text
from argmap.export._flatten import flattened
from argmap.registry import exporters


def generate_json(G: nx.MultiDiGraph) -> str:
    data: dict[str, Any] = nx.node_link_data(flattened(G), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@exporters("json")
def write_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as node-link JSON; read it back with ``read_json``."""
    return atomic_write_text(Path(path), generate_json(G))


def read_json(path: str | Path) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
