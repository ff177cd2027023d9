"""Writers for each output format: ``write_<format>(G, path)``, picked by name.

Every writer is registered in ``argmap.registry.exporters`` under its format
name. The built-in ones live in modules named after the format and are
imported only when asked for, so writing GraphML never loads pyvis; a plug-in
package adds a format through the ``argmap_exporters`` entry point group, and
``--format`` then accepts it like any built-in one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from argmap import registry
from argmap.errors import InputError

#: The built-in formats, each in ``argmap/export/<name>.py``.
FORMATS = (
    "html", "graphml", "json", "gexf", "csv", "aif", "xaif", "argdown", "convokit",
)  # fmt: skip
#: What ``argmap map`` and ``ArgumentMap.write`` write when not told.
DEFAULT_FORMATS = ("html", "graphml", "json")
#: What follows the file stem. A suffix without a dot names a folder.
SUFFIXES = {
    "html": ".html",
    "graphml": ".graphml",
    "json": ".json",
    "gexf": ".gexf",
    "csv": "-csv",
    "aif": ".aif.json",
    "xaif": ".xaif.json",
    "argdown": ".argdown",
    "convokit": "-convokit",
}


def available_formats() -> list[str]:
    """Every format ``get_writer`` knows: the built-in ones and plug-ins."""
    return sorted(set(FORMATS) | set(registry.exporters.get_all()))


def get_writer(fmt: str) -> Callable[[nx.MultiDiGraph, Path], Path]:
    """The writer for ``fmt``; importing lazily keeps pyvis out of other formats."""
    if fmt in FORMATS:
        importlib.import_module(f"argmap.export.{fmt}")
    elif fmt not in registry.exporters.get_all():
        # registry.get would list only the formats imported so far.
        known = ", ".join(available_formats())
        raise InputError(f"Unknown output format {fmt!r}. Available: {known}")
    return registry.get(registry.exporters, fmt, "output format")
