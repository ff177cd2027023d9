"""How the map looks: colours, dashes and arrow heads by relation, shapes by
kind, the vis edge styles the page script picks by name, vis options, and the
legend.

The relation colours are from the Okabe-Ito palette, chosen to stay apart
for the common colour-vision deficiencies; every relation also has its own
arrow head and dash, so no meaning rests on colour alone.
"""

from __future__ import annotations

from typing import Any

RELATION_COLOURS = {
    "rebuts": "#d55e00",  # Okabe-Ito vermillion
    "supports": "#0072b2",  # Okabe-Ito blue
    "questions": "#cc79a7",  # Okabe-Ito reddish purple
    "neutral": "#8c939d",
}
ARROWS = {
    "rebuts": "bar",
    "supports": "arrow",
    "questions": "circle",
    "neutral": "arrow",
}
# The second channel: rebuts solid, supports long dashes, questions dots.
DASHES: dict[str, Any] = {
    "rebuts": False,
    "supports": [10, 4],
    "questions": [3, 4],
    "neutral": [1, 5],
}
CONTAINS_COLOUR = "#c9ced6"
REPLY_COLOUR = "#aab1ba"
ROOT_COLOUR = "#2b323c"
# Post cards are light with a coloured border (one hue a sub-thread), so dark
# text reads on them; the hues stay clear of the relation colours.
BRANCH_COLOURS = (
    "#4e79a7", "#2f7f7a", "#8f5a8a", "#7a5c45",
    "#5661a8", "#2c7fa3", "#6f57a8", "#556270",
)  # fmt: skip
CARD = "#ffffff"
INACTIVE = {"background": "#e6e9ed", "border": "#8a929c"}
SELECTED = "#11151a"
CLAIM_FILL = "#f3f5f8"
# A claim is a box of its own text; its type shows as a mark before the text.
CLAIM_MARKS = {"question": "? ", "quote": "❝ "}
BIG_GRAPH = 1500  # nodes; above this, hide edges while dragging or zooming
# Labels narrower than this many screen pixels are not drawn: claim text
# appears once the zoom makes it legible.
LABEL_DRAW_THRESHOLD = 7
LOW_CONFIDENCE_DASHES = [2, 4]


def paint(background: str, border: str) -> dict[str, Any]:
    """A vis node colour: ``background`` fill, ``border`` outline."""
    # Selection and hover keep the node's own fill and only darken the border.
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
            "color": tint | {"opacity": 0.95}, "width": 2, "dashes": DASHES[rel],
            "arrows": {"to": {"enabled": True, "type": ARROWS[rel],
                              "scaleFactor": 0.8}},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
        }  # fmt: skip
        # A reply is drawn thin and grey: the thread's shape, not a claim;
        # its stance shows in the detail panel and the outline.
        grey = {"color": REPLY_COLOUR, "highlight": colour, "hover": colour}
        styles[f"reply:{rel}"] = {
            "color": grey | {"opacity": 0.7}, "width": 1,
            "arrows": {"to": {"enabled": True, "type": "arrow", "scaleFactor": 0.4}},
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
        "nodes": {"font": {"face": "system-ui, sans-serif"}, "borderWidthSelected": 3,
                  "scaling": {"label": {"drawThreshold": LABEL_DRAW_THRESHOLD}}},
        "edges": {"selectionWidth": 1.5, "hoverWidth": 1},
    }  # fmt: skip


def css_variables() -> str:
    """The relation colours as CSS custom properties for ``assets/map.css``."""
    pairs = ";".join(f"--{name}:{colour}" for name, colour in RELATION_COLOURS.items())
    return ":root{" + pairs + "}\n"


def legend() -> dict[str, Any]:
    """What the page's legend shows: colour, arrow head and dash of each relation."""
    dash = {rel: " ".join(map(str, d)) if d else "" for rel, d in DASHES.items()}
    return {"colours": RELATION_COLOURS, "arrows": ARROWS, "dashes": dash,
            "contains": CONTAINS_COLOUR, "reply": REPLY_COLOUR,
            "post": BRANCH_COLOURS[0], "claim": CLAIM_FILL, "inactive": INACTIVE,
            "low": " ".join(map(str, LOW_CONFIDENCE_DASHES))}  # fmt: skip
