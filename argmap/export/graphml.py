"""GraphML for Gephi, igraph and networkx.

networkx reads GraphML back as a MultiDiGraph only when a file has parallel
edges or it is asked to: ``nx.read_graphml(path, force_multigraph=True)``
(``read_graphml`` below). Without the flag a map without parallel edges comes
back as a DiGraph, and the edge keys become an ``id`` attribute. GraphML
itself has no way to ask for a multigraph, so the reader must.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from argmap.atomic import atomic_write
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


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """The map written by ``write_graphml``, as the MultiDiGraph it was, keys kept."""
    return nx.read_graphml(Path(path), force_multigraph=True)
