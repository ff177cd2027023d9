"""HTML map: one self-contained page drawn by vis-network (as bundled by pyvis).

Thread text is hostile, so injection is made pointless: thread text reaches
the page only as JSON in a ``<script type="application/json">`` block with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script shows it
with ``textContent``; the heading is escaped by Jinja; only http(s) URLs
become links (checked by ``http_url`` and again in the page); and a Content-
Security-Policy allows exactly the page's own inline scripts and styles by
SHA-256 hash and no loads at all. vis-network is inlined, so the page works
offline.

The data is built in ``_map_data`` (styled by ``_map_style``, cleaned by
``_safe_text``); the template, vis-network and CSP hashes come from ``_page``.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from markupsafe import Markup

from argmap.export._atomic import atomic_write_text
from argmap.export._map_data import header, map_data
from argmap.export._map_style import RELATION_COLOURS, legend
from argmap.export._page import environment as _environment
from argmap.export._page import vis_assets as _vis_assets
from argmap.export._safe_text import http_url, safe_json
from argmap.export.layout import build_reply_tree, tree_layout
from argmap.registry import exporters

__all__ = ["generate_html", "http_url", "safe_json", "write_html"]


def generate_html(G: nx.MultiDiGraph) -> str:
    """The interactive map of ``G`` as one self-contained HTML page."""
    tree = build_reply_tree(G)
    data = map_data(G, tree, tree_layout(G, tree))
    vis_js, vis_css = _vis_assets()
    template = _environment().get_template("map.html.j2")
    return template.render(
        header=header(G, data["counts"]),
        legend=legend(),
        colours=RELATION_COLOURS,
        data_json=Markup(safe_json(data)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
    )


@exporters("html")
def write_html(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the map of ``G`` to ``path``; an existing file is replaced only
    by a complete new one."""
    return atomic_write_text(Path(path), generate_html(G))
