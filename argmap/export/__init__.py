"""Writers for each output format: ``write_<format>(G, path)``, picked by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from argmap import registry

FORMATS = ("html", "graphml", "json")
SUFFIXES = {"html": ".html", "graphml": ".graphml", "json": ".json"}


def get_writer(fmt: str) -> Callable[[nx.MultiDiGraph, Path], Path]:
    """The writer for ``fmt``; importing lazily keeps pyvis out of other formats."""
    if fmt in FORMATS:
        importlib.import_module(f"argmap.export.{fmt}")
    return registry.get(registry.exporters, fmt, "output format")
