"""HTML map: one self-contained page drawn by vis-network (as bundled by pyvis).

Thread text is hostile, so injection is made pointless: thread text reaches
the page only as JSON in a ``<script type="application/json">`` block with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script shows it
with ``textContent``; the heading is escaped by Jinja; only http(s) URLs
become links (checked here and again in the page); and a Content-Security-
Policy allows exactly the page's own inline scripts and styles by SHA-256
hash and no loads at all. vis-network is inlined, so the page works offline.

The vis DataSet is built here, not with ``pyvis.Network``: pyvis only builds
the same dicts, mutates the caller's data, scans a list for every edge, and
its template is unsafe (CDN Bootstrap, a raw-HTML heading, an innerHTML
tooltip when a title contains "href").
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Hashable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from argmap.errors import ExportError
from argmap.export._atomic import atomic_write_text
from argmap.export.layout import POST_HALF, ReplyTree, build_reply_tree, tree_layout
from argmap.registry import exporters

VIS_DIR = ("lib", "vis-9.1.2")
RELATION_COLOURS = {
    "rebuts": "#d62728",
    "supports": "#2ca02c",
    "questions": "#f28e00",
    "neutral": "#8c939d",
}
ARROWS = {
    "rebuts": "bar",
    "supports": "arrow",
    "questions": "circle",
    "neutral": "arrow",
}
CONTAINS_COLOUR = "#c9ced6"
ROOT_COLOUR = "#2b323c"
# Mid-dark hues that carry white labels and stay clear of the relation colours.
BRANCH_COLOURS = (
    "#4e79a7", "#2f7f7a", "#8f5a8a", "#7a5c45",
    "#5661a8", "#2c7fa3", "#6f57a8", "#556270",
)  # fmt: skip
INACTIVE = {"background": "#d5d9de", "border": "#8a929c"}
SELECTED = "#11151a"
CLAIM_SHAPES = {
    "claim": ("dot", 8),
    "question": ("diamond", 10),
    "quote": ("square", 7),
}
LABEL_CHARS = 12
BIG_GRAPH = 1500  # nodes; above this, hide edges while dragging or zooming

_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def generate_html(G: nx.MultiDiGraph) -> str:
    """The interactive map of ``G`` as one self-contained HTML page."""
    tree = build_reply_tree(G)
    data = _map_data(G, tree, tree_layout(G, tree))
    vis_js, vis_css = _vis_assets()
    template = _environment().get_template("map.html.j2")
    return template.render(
        header=_header(G, data["counts"]),
        legend=_legend(),
        data_json=Markup(safe_json(data)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
    )


@exporters("html")
def write_html(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the map of ``G`` to ``path``; an existing file is replaced only
    by a complete new one."""
    return atomic_write_text(Path(path), generate_html(G))


def safe_json(value: Any) -> str:
    """JSON that is inert inside a ``<script>`` block: nothing in it can end
    the block, open a comment, or end a JS string."""
    text = json.dumps(
        value,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def http_url(value: object) -> str:
    """``value`` if it is an absolute http(s) URL with a host, else ""."""
    if not isinstance(value, str) or not _HTTP_URL.match(value):
        return ""
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return ""
    return value if host else ""


def csp_source(text: str) -> Markup:
    """The CSP hash source that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return Markup("'sha256-%s'") % base64.b64encode(digest).decode("ascii")


def _map_data(G: nx.MultiDiGraph, tree: ReplyTree, pos: dict) -> dict[str, Any]:
    order = [w for u in tree.preorder() for w in (u, *tree.claims.get(u, []))]
    index = {u: i for i, u in enumerate(order)}
    subthread = tree.subthreads()  # one colour a subthread, claims included
    owner = {c: p for p, cs in tree.claims.items() for c in cs}
    nodes, info = [], []
    for i, u in enumerate(order):
        d = G.nodes[u]
        branch = subthread.get(owner.get(u, u), -1)
        fill = (
            ROOT_COLOUR if branch < 0 else BRANCH_COLOURS[branch % len(BRANCH_COLOURS)]
        )
        nodes.append(_vis_node(i, d, pos[u], fill, u == tree.centre))
        info.append(_node_info(u, d, index.get(owner.get(u)), tree))
    edges, edge_info = _edges(G, index)
    return {
        "nodes": nodes,
        "info": info,
        "edges": edges,
        "edgeInfo": edge_info,
        "edgeStyles": _edge_styles(),
        "options": _options(len(order)),
        "counts": _counts(G),
    }


def _vis_node(i: int, d: dict, xy: tuple, fill: str, is_centre: bool) -> dict:
    x, y = xy
    if d.get("kind") == "post":
        active = _text(d.get("status")) in ("", "ok")
        node = {
            "id": i, "x": x, "y": y, "shape": "box", "label": _label(d),
            "margin": 5, "widthConstraint": {"maximum": 2 * POST_HALF},
            "color": _paint(fill, fill) if active else _paint(**INACTIVE),
            "font": {"color": "#ffffff" if active else "#3d434b",
                     "size": 15 if is_centre else 13},
            "borderWidth": 2 if is_centre else 1,
        }  # fmt: skip
        if not active:
            node["shapeProperties"] = {"borderDashes": [4, 3]}
        return node
    shape, size = CLAIM_SHAPES.get(_text(d.get("claim_type")), CLAIM_SHAPES["claim"])
    if d.get("kind") != "claim":  # unknown kind: shown, never dropped
        shape, size, fill = "triangle", 7, INACTIVE["border"]
    return {
        "id": i, "x": x, "y": y, "shape": shape, "size": size,
        "color": _paint(fill, "#ffffff"), "borderWidth": 1,
    }  # fmt: skip


def _paint(background: str, border: str) -> dict[str, Any]:
    # Selection and hover keep the node's own fill (vis's default light
    # blue would hide white labels) and only darken the border.
    marked = {"background": background, "border": SELECTED}
    return {"background": background, "border": border,
            "highlight": marked, "hover": marked}  # fmt: skip


def _node_info(u: Hashable, d: dict, post: int | None, tree: ReplyTree) -> dict:
    base = {"nid": _text(u), "kind": _text(d.get("kind")), "text": _text(d.get("text"))}
    if d.get("kind") == "post":
        url = _text(d.get("url"))
        return base | {
            "author": _text(d.get("author")),
            "time": _when(d.get("created")),
            "status": _text(d.get("status")),
            "depth": int(_number(d.get("depth")) or 0),
            "url": url,
            "link": bool(http_url(url)),
            "replies": len(tree.children.get(u, [])),
            "claims": len(tree.claims.get(u, [])),
        }
    return base | {
        "type": _text(d.get("claim_type")),
        "post": -1 if post is None else post,
    }


def _edges(G: nx.MultiDiGraph, index: dict) -> tuple[list[dict], list[dict]]:
    found = sorted(
        ((index[u], index[v], _text(d.get("relation")), _text(k), d)
         for u, v, k, d in G.edges(keys=True, data=True)),
        key=lambda edge: edge[:4],
    )  # fmt: skip
    edges, info = [], []
    for j, (u, v, rel, _key, d) in enumerate(found):
        stance = _text(d.get("stance")) if rel == "replies_to" else ""
        edge = {"id": j, "from": u, "to": v, "s": _style_name(rel, stance)}
        conf = _number(d.get("confidence"))
        if rel in RELATION_COLOURS and conf is not None:
            edge["width"] = round(1 + 2.5 * conf, 2)
        edges.append(edge)
        info.append({
            "relation": rel, "stance": stance, "confidence": conf,
            "evidence": _text(d.get("evidence")),
        })  # fmt: skip
    return edges, info


def _style_name(rel: str, stance: str) -> str:
    if rel == "replies_to":
        return f"reply:{stance if stance in RELATION_COLOURS else 'neutral'}"
    if rel == "contains":
        return "contains"
    return rel if rel in RELATION_COLOURS else "neutral"


def _edge_styles() -> dict[str, dict]:
    styles: dict[str, dict] = {
        "contains": {"color": {"color": CONTAINS_COLOUR, "opacity": 0.8}, "width": 1,
                     "arrows": {"to": {"enabled": False}}, "smooth": False},
    }  # fmt: skip
    for rel, colour in RELATION_COLOURS.items():
        paint = {"color": colour, "highlight": colour, "hover": colour}
        styles[rel] = {
            "color": paint | {"opacity": 0.9}, "width": 2,
            "arrows": {"to": {"enabled": True, "type": ARROWS[rel],
                              "scaleFactor": 0.7}},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
        }  # fmt: skip
        styles[f"reply:{rel}"] = {
            "color": paint | {"opacity": 0.55}, "width": 1, "dashes": [6, 5],
            "arrows": {"to": {"enabled": True, "type": "arrow", "scaleFactor": 0.5}},
            "smooth": False,
        }  # fmt: skip
    return styles


def _options(n_nodes: int) -> dict[str, Any]:
    big = n_nodes > BIG_GRAPH
    return {
        # Positions are precomputed: physics on took ~100 s at 2,000 nodes.
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True, "tooltipDelay": 120, "multiselect": False,
            "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "nodes": {"font": {"face": "system-ui, sans-serif"}, "borderWidthSelected": 3},
        "edges": {"selectionWidth": 1.5, "hoverWidth": 1},
    }  # fmt: skip


def _counts(G: nx.MultiDiGraph) -> dict[str, int]:
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    relations = Counter(rel for _, _, rel in G.edges(data="relation"))
    counts = {"posts": kinds["post"], "claims": kinds["claim"]}
    return counts | {rel: relations[rel] for rel in RELATION_COLOURS}


def _header(G: nx.MultiDiGraph, counts: dict[str, int]) -> dict[str, Any]:
    graph = G.graph
    url, link = _text(graph.get("url")), _text(graph.get("link"))
    return {
        "title": _plain(graph.get("title")) or "Untitled thread",
        "site": _text(graph.get("site")),
        "url": url,
        "url_href": http_url(url),
        "link": link,
        "link_href": http_url(link),
        "fetched": _when(graph.get("fetched_at")),
        "version": _text(graph.get("argmap_version")),
        "complete": graph.get("complete", True) is not False,
        "skipped": int(_number(graph.get("skipped")) or 0),
        "counts": counts,
    }


def _legend() -> dict[str, Any]:
    return {"colours": RELATION_COLOURS, "contains": CONTAINS_COLOUR,
            "post": BRANCH_COLOURS[0], "inactive": INACTIVE}  # fmt: skip


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
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
    for text, end in ((js, "</script"), (css, "</style")):
        if end in text.lower() or "<!--" in text:
            raise ExportError("the bundled vis-network cannot be inlined safely")
    return js, css


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["csp_source"] = csp_source
    return env


def _label(d: dict) -> str:
    author = _plain(d.get("author"))
    if not author:
        status = _text(d.get("status"))
        return f"[{status}]" if status not in ("", "ok") else "anonymous"
    return author if len(author) <= LABEL_CHARS else author[: LABEL_CHARS - 1] + "…"


def _when(value: object) -> str:
    """``2024-01-31T09:05:00Z`` as ``2024-01-31 09:05 UTC``; anything else as is."""
    text = _text(value)
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?(Z|\+00:00)", text)
    return f"{m.group(1)} {m.group(2)} UTC" if m else text


def _text(value: object) -> str:
    """A string that always encodes: lone surrogates (from broken JSON or
    HTML entities) become U+FFFD instead of failing the write."""
    text = "" if value is None else str(value)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _plain(value: object) -> str:
    """One line of text for a heading or label: controls and runs of space
    become single spaces."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", " ", _text(value)).strip()


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(number, 3) if math.isfinite(number) else None
