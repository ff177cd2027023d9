"""HTML map: one self-contained page drawn by vis-network (as bundled by pyvis).

Thread text is hostile, so injection is made pointless: thread text reaches
the page only as JSON in a ``<script type="application/json">`` block with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script shows it
with ``textContent``; the heading is escaped by Jinja; only http(s) URLs
become links (checked by ``http_url`` and again in the page); and a Content-
Security-Policy allows exactly the page's own inline scripts and styles by
SHA-256 hash and no loads at all. vis-network is inlined, so the page works
offline.

The data is built in ``data`` (styled by ``style``, cleaned by ``safe_text``,
placed by ``layout``); the template, the page's script and style (``assets/``),
vis-network and the CSP hashes come from ``page``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import networkx as nx
from markupsafe import Markup

from argmap.atomic import atomic_write_text
from argmap.export.html.data import counts_of, header, map_data
from argmap.export.html.layout import build_reply_tree, tree_layout
from argmap.export.html.page import app_assets, environment, vis_assets
from argmap.export.html.panels import MIN_CONFIDENCE, classifier_of, overview_of
from argmap.export.html.safe_text import http_url, safe_json
from argmap.export.html.style import css_variables, legend
from argmap.registry import exporters

__all__ = [
    "MAX_MAP_NODES",
    "generate_html",
    "http_url",
    "notebook_html",
    "safe_json",
    "write_html",
]

# A browser tab stays usable up to about this many nodes: a map of 10,000
# posts (8.6 MB) is drawn in headless Chromium in about 5 s, 20,000 in 16 s,
# and 100,000 made a 230 MB page that crashed Chromium on a click. A bigger
# thread's map draws less and says so; GraphML and JSON always hold everything.
MAX_MAP_NODES = 10_000


def generate_html(G: nx.MultiDiGraph) -> str:
    """The interactive map of ``G`` as one self-contained HTML page."""
    drawn, notice = drawable(G)
    tree = build_reply_tree(drawn)
    data = map_data(drawn, tree, tree_layout(drawn, tree))
    data["counts"] = counts_of(G)
    data["overview"] = overview_of(drawn)
    data["classifier"] = classifier_of(G)
    data["minConfidence"] = MIN_CONFIDENCE
    vis_js, vis_css = vis_assets()
    app_js, app_css = app_assets()
    template = environment().get_template("map.html.j2")
    return template.render(
        header=header(G, data["counts"]) | {"notice": notice},
        legend=legend(),
        classifier=data["classifier"],
        data_json=Markup(safe_json(data)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup(app_js),
        app_css=Markup(css_variables() + app_css),
    )


def drawable(G: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, str]:
    """What the page can draw of ``G``, and a notice when that is not all of it."""
    # Key points are a summary over claims, not part of the reply tree the
    # map lays out; the report lists them and the JSON and GraphML hold them.
    # (A kind the page does not know is still drawn, as a plain shape.)
    points = [u for u, kind in G.nodes(data="kind") if kind == "point"]
    if points:
        G = nx.restricted_view(G, points, []).copy()
    if G.number_of_nodes() <= MAX_MAP_NODES:
        return G, ""
    posts = [u for u, kind in G.nodes(data="kind") if kind == "post"]
    claims = G.number_of_nodes() - len(posts)
    if len(posts) <= MAX_MAP_NODES:
        notice = (f"{claims:,} claims are too many to draw: the map shows the "
                  f"{len(posts):,} posts and their replies; the GraphML and JSON "
                  "outputs hold every claim and claim edge")  # fmt: skip
    else:
        # Shallowest posts first: every kept post keeps its parent.
        depth = {u: G.nodes[u].get("depth", 0) for u in posts}
        posts = sorted(
            posts, key=lambda u: depth[u] if isinstance(depth[u], int) else 0
        )
        posts = posts[:MAX_MAP_NODES]
        notice = (f"This thread is too big to draw whole: the map shows its first "
                  f"{len(posts):,} posts by depth, without claims; the GraphML and "
                  "JSON outputs hold everything")  # fmt: skip
    drawn = G.subgraph(posts).copy()
    drawn.graph.update(G.graph)
    return drawn, notice


def notebook_html(G: nx.MultiDiGraph, height: int = 720) -> str:
    """The map of ``G`` for a notebook cell: the same page in an iframe's
    ``srcdoc`` (escaped), sandboxed to run scripts only: no same origin (so no
    access to the notebook), no forms, no popups, no top navigation.

    pyvis's own notebook support is not used: it writes an HTML file into the
    current folder and shows it with pyvis's template (see ``network``)."""
    page = escape(generate_html(G), quote=True)
    return (
        f'<iframe sandbox="allow-scripts" srcdoc="{page}" width="100%" '
        f'height="{int(height)}" title="argument map" '
        'referrerpolicy="no-referrer"></iframe>'
    )


@exporters("html")
def write_html(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the map of ``G`` to ``path``; an existing file is replaced only
    by a complete new one."""
    return atomic_write_text(Path(path), generate_html(G))
