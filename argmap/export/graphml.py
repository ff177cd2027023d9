"""GraphML for Gephi, igraph and networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from argmap.export._atomic import atomic_write
from argmap.export._flatten import flattened
from argmap.registry import exporters


@exporters("graphml")
def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as GraphML that networkx and igraph both load back.

    Values are flattened to str/int/float/bool with one type per attribute
    name, and characters XML 1.0 forbids are removed (see docs/schema.md).
    """
    H = flattened(G)
    return atomic_write(Path(path), lambda handle: nx.write_graphml_lxml(H, handle))
