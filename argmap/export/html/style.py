"""How the map looks: colours and shapes by relation and kind, the vis edge
styles the page script picks by name, vis options, and the legend."""

from __future__ import annotations

from typing import Any

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
BIG_GRAPH = 1500  # nodes; above this, hide edges while dragging or zooming


def paint(background: str, border: str) -> dict[str, Any]:
    """A vis node colour: ``background`` fill, ``border`` outline."""
    # Selection and hover keep the node's own fill (vis's default light
    # blue would hide white labels) and only darken the border.
    marked = {"background": background, "border": SELECTED}
    return {"background": background, "border": border,
            "highlight": marked, "hover": marked}  # fmt: skip


def style_name(rel: str, stance: str) -> str:
    """The key in ``edge_styles()`` for an edge of relation ``rel``."""
    if rel == "replies_to":
        return f"reply:{stance if stance in RELATION_COLOURS else 'neutral'}"
    if rel == "contains":
        return "contains"
    return rel if rel in RELATION_COLOURS else "neutral"


def edge_styles() -> dict[str, dict]:
    """vis edge options by style name."""
    styles: dict[str, dict] = {
        "contains": {"color": {"color": CONTAINS_COLOUR, "opacity": 0.8}, "width": 1,
                     "arrows": {"to": {"enabled": False}}, "smooth": False},
    }  # fmt: skip
    for rel, colour in RELATION_COLOURS.items():
        tint = {"color": colour, "highlight": colour, "hover": colour}
        styles[rel] = {
            "color": tint | {"opacity": 0.9}, "width": 2,
            "arrows": {"to": {"enabled": True, "type": ARROWS[rel],
                              "scaleFactor": 0.7}},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
        }  # fmt: skip
        styles[f"reply:{rel}"] = {
            "color": tint | {"opacity": 0.55}, "width": 1, "dashes": [6, 5],
            "arrows": {"to": {"enabled": True, "type": "arrow", "scaleFactor": 0.5}},
            "smooth": False,
        }  # fmt: skip
    return styles


def vis_options(n_nodes: int) -> dict[str, Any]:
    """The vis Network options for a map of ``n_nodes`` nodes."""
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


def css_variables() -> str:
    """The relation colours as CSS custom properties for ``assets/map.css``."""
    pairs = ";".join(f"--{name}:{colour}" for name, colour in RELATION_COLOURS.items())
    return ":root{" + pairs + "}\n"


def legend() -> dict[str, Any]:
    """The colours the page's legend shows."""
    return {"colours": RELATION_COLOURS, "contains": CONTAINS_COLOUR,
            "post": BRANCH_COLOURS[0], "inactive": INACTIVE}  # fmt: skip
