"""Small inline SVG charts for the HTML report: no script, no remote font.

Colours are SVG presentation attributes and classes, never ``style=``
attributes, which the report's CSP (style-src by hash) would block. Only
numbers and escaped text go into the markup.
"""

from __future__ import annotations

from markupsafe import Markup, escape

STANCE_COLOURS = {
    "rebuts": "#c0392b",
    "supports": "#2e8b57",
    "questions": "#d4a017",
    "neutral": "#9aa3ad",
}


def timeline_svg(timeline: dict, width: int = 640, height: int = 120) -> Markup:
    """Posts per time slice as grey bars, rebutting posts over them in red."""
    posts, rebuttals = timeline["posts"], timeline["rebuttals"]
    if not posts:
        return Markup("")
    top = max(posts) or 1
    slot = width / len(posts)
    plot = height - 20
    bars = []
    for i, (p, r) in enumerate(zip(posts, rebuttals)):
        x = i * slot + 1
        for count, fill, what in (
            (p, "#b8c2cc", "posts"),
            (r, STANCE_COLOURS["rebuts"], "rebutting"),
        ):
            h = plot * count / top
            bars.append(
                f'<rect x="{x:.1f}" y="{plot - h:.1f}" width="{max(slot - 2, 1):.1f}" '
                f'height="{h:.1f}" fill="{fill}"><title>{count} {what}</title></rect>'
            )
    labels = (
        f'<text x="0" y="{height - 4}" class="axis">{escape(timeline["start"])}</text>'
        f'<text x="{width}" y="{height - 4}" class="axis" text-anchor="end">{escape(timeline["end"])}</text>'
    )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="posts and rebutting posts over time">'
        + "".join(bars)
        + labels
        + "</svg>"
    )


def stance_bar_svg(
    stances: dict[str, int], width: int = 240, height: int = 14
) -> Markup:
    """One stacked bar: the share of replies of each stance."""
    total = sum(stances.values())
    if not total:
        return Markup(
            f'<svg class="bar" viewBox="0 0 {width} {height}" width="{width}" height="{height}"></svg>'
        )
    x = 0.0
    parts = []
    for stance, colour in STANCE_COLOURS.items():
        count = stances.get(stance, 0)
        if not count:
            continue
        w = width * count / total
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{colour}">'
            f"<title>{count} {stance}</title></rect>"
        )
        x += w
    label = ", ".join(f"{stances.get(s, 0)} {s}" for s in STANCE_COLOURS)
    return Markup(
        f'<svg class="bar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}">' + "".join(parts) + "</svg>"
    )
