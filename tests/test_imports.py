"""The package's imports flow one way: no module imports itself back through
others (a cycle works only while the late import that hides it stays late),
and the lower layers import no stage above them.

Imports are read from the source (every ``import`` statement, in functions
too, but not those under ``if TYPE_CHECKING:``, which never run), so a cycle
hidden by a late import is found as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

from tests.helpers import REPO

PACKAGE = REPO / "argmap"
#: Layer -> the stages above it, which it must not import.
ABOVE = {
    "argmap.atomic": ["argmap.sources", "argmap.http", "argmap.text"],
    "argmap.text": ["argmap.sources", "argmap.http"],
    "argmap.http": ["argmap.sources"],
    "argmap.sources": ["argmap.segment", "argmap.relate", "argmap.graph"],
    "argmap.segment": ["argmap.relate", "argmap.graph"],
    "argmap.relate": ["argmap.graph"],
    "argmap.graph": [],
    "argmap.analysis": [],
}
STAGES = ["argmap.export", "argmap.pipeline", "argmap.cli", "argmap.batch"]
STAGES += ["argmap.train", "argmap.eval"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, name: str) -> set[str]:
    """What the module imports, as absolute dotted names (``from a import b``
    gives ``a.b``: b may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = (
                    package.rsplit(".", node.level - 1)[0]
                    if node.level > 1
                    else package
                )
                base = f"{anchor}.{base}" if base else anchor
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> nx.DiGraph:
    """Module -> the argmap modules it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in imported_names(path, name):
            while target and target not in modules:  # a name in a module
                target = target.rpartition(".")[0]
            if target and target != name:
                graph.add_edge(name, target)
    return graph


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    return import_graph()


def test_the_graph_sees_late_imports_and_packages(graph):
    # Guards the reader itself: a late import and a sub-package's module count.
    assert graph.has_edge("argmap.pipeline", "argmap.sources")
    assert graph.has_edge("argmap.sources.files", "argmap.sources.lookup")
    assert graph.has_edge(
        "argmap.sources.hackernews.item", "argmap.sources.hackernews.fetch"
    )


def test_no_import_cycles(graph):
    cycles = sorted(nx.simple_cycles(graph), key=len)
    assert not cycles, " ; ".join(" -> ".join([*c, c[0]]) for c in cycles[:5])


@pytest.mark.parametrize("layer", sorted(ABOVE))
def test_lower_layers_import_no_stage_above_them(graph, layer):
    forbidden = ABOVE[layer] + STAGES
    if layer != "argmap.analysis":  # analysis is above every layer but export
        forbidden.append("argmap.analysis")
    upward = sorted(
        (module, target)
        for module, target in graph.edges
        if (module == layer or module.startswith(layer + "."))
        and any(target == f or target.startswith(f + ".") for f in forbidden)
    )
    assert not upward, upward
