"""The page around the map data: the Jinja template, the page's own script
and style (``assets/``), vis-network inlined from pyvis, and the CSP hashes
that let exactly those inline blocks run."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from jinja2 import Environment

from argmap.errors import ExportError
from argmap.export._templates import template_environment

VIS_DIR = ("lib", "vis-9.1.2")
ASSETS = Path(__file__).with_name("assets")
# Helpers first; main.js wires the others together and starts the page.
SCRIPTS = ("util.js", "graph.js", "panel.js", "view.js", "outline.js", "main.js")


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """The JavaScript and CSS of the vis-network that pyvis bundles."""
    spec = find_spec("pyvis")  # locate without importing pyvis (and IPython)
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("the HTML map needs pyvis, which bundles vis-network")
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*VIS_DIR)
    try:
        js = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except OSError as e:
        raise ExportError(f"cannot read vis-network from pyvis ({base}): {e}") from None
    # The source map is not shipped; a dangling reference only causes a 404.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    return _inlinable(js, css, "the bundled vis-network")


@lru_cache(maxsize=1)
def app_assets() -> tuple[str, str]:
    """The page's own JavaScript (``assets/*.js`` in SCRIPTS order, in one
    strict-mode function scope) and CSS (``assets/map.css``)."""
    try:
        parts = [(ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS]
        css = (ASSETS / "map.css").read_text(encoding="utf-8")
    except OSError as e:
        raise ExportError(f"cannot read the map's assets ({ASSETS}): {e}") from None
    js = '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"
    return _inlinable(js, css, "the map's script")


def _inlinable(js: str, css: str, what: str) -> tuple[str, str]:
    # Inlined text must not end its own block or open an HTML comment there.
    for text, end in ((js, "</script"), (css, "</style")):
        if end in text.lower() or "<!--" in text:
            raise ExportError(f"{what} cannot be inlined safely")
    return js, css


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment for ``templates/``, autoescaping everything."""
    return template_environment(Path(__file__).with_name("templates"))
