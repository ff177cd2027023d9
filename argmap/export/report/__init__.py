"""``argmap report``: what a thread's argument comes to, as Markdown and HTML.

``Report.from_graph(G)`` gathers the content (``_data.report_data``: the
overview the HTML map's panel shows, plus thread facts, acceptability, key
points, participants and activity); ``markdown()`` and ``html()`` render it,
and ``write(out_dir)`` writes ``<stem>-report.md`` and ``<stem>-report.html``
atomically. The HTML page is self-contained and offline: no script, no
remote asset, a CSP that allows only its own style block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment

from argmap.atomic import atomic_write_text
from argmap.export._names import output_stem
from argmap.export._templates import template_environment
from argmap.export.html.safe_text import as_text, one_line, readable_time
from argmap.export.report import charts, markdown
from argmap.export.report._data import points_note, report_data

__all__ = ["Report"]


@dataclass
class Report:
    """The report of one mapped thread: ``data`` is plain JSON-serialisable data."""

    data: dict[str, Any]
    stem: str

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph, *, limit: int = 5) -> Report:
        stem = output_stem(
            str(G.graph.get("site", "")), str(G.graph.get("thread_id", ""))
        )
        return cls(report_data(G, limit=limit), stem)

    def markdown(self) -> str:
        return markdown.render(self.data)

    def html(self) -> str:
        facts = self.data["facts"]
        view = self.data["overview"]
        points = [
            p | {"bar": charts.stance_bar_svg(p["stances"])}
            for p in self.data["points"]
        ]
        subthreads = [
            s | {"bar": charts.stance_bar_svg(s["stances"])}
            for s in self.data["subthreads"]
        ]
        title = (
            one_line(facts["title"]) or f"{facts['site']} thread {facts['thread_id']}"
        )
        return _environment().get_template("report.html.j2").render(
            title=title, f=facts, view=view, points=points, answered=self.data["most_answered"],
            timeline=self.data["timeline"], timeline_svg=charts.timeline_svg(self.data["timeline"]),
            subthreads=subthreads, stands=STANDS, points_note=points_note(self.data["points"]),
        )  # fmt: skip

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``<stem>-report.md`` and ``<stem>-report.html``; return the paths."""
        out = Path(out_dir)
        # Render both before writing either: a failure leaves neither half-made.
        md, page = self.markdown(), self.html()
        return {
            "md": atomic_write_text(out / f"{self.stem}-report.md", md),
            "html": atomic_write_text(out / f"{self.stem}-report.html", page),
        }

    def __str__(self) -> str:
        return self.markdown()


STANDS = {"in": "stands", "out": "rebutted", "undec": "undecided"}
MAX_TEXT = 280


def _truncate_text(value: object) -> str:
    text = one_line(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return template_environment(
        Path(__file__).with_name("templates"),
        truncate_text=_truncate_text,
        readable_time=lambda v: readable_time(as_text(v)),
    )
