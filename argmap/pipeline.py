"""The library entry point: ``map_thread(source) -> ArgumentMap``.

It runs the stages in order (sources -> segment -> relate -> graph) and keeps
every intermediate product, so notebooks can look at claims and relations as
well as the graph. Writing is a separate step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from argmap.model import Claim, Relation, Thread

if TYPE_CHECKING:
    from spacy.language import Language

    from argmap.analysis.points import Point
    from argmap.export.report import Report
    from argmap.http.session import PoliteSession
    from argmap.relate.base import RelationClassifier
    from argmap.sources.base import SourceOptions

ProgressCallback = Callable[[str, int, "int | None"], None]
DEFAULT_OUTPUT_DIR = Path("outputs")


@dataclass
class ArgumentMap:
    """A mapped thread: the Thread, its claims and relations, and the graph."""

    thread: Thread
    claims: list[Claim]
    relations: list[Relation]
    graph: nx.MultiDiGraph
    _points: list[Point] | None = field(default=None, repr=False)

    @property
    def points(self) -> list[Point]:
        """Key points (repeated claims grouped), most prevalent first: the
        ones in the graph, or, when the map was made with ``points=None``,
        found now with the lexical method (and not added to the graph)."""
        if self._points is None:
            from argmap.analysis.points import find_points

            self._points = find_points(self.graph)
        return self._points

    @property
    def G(self) -> nx.MultiDiGraph:
        return self.graph

    @property
    def stem(self) -> str:
        """File name stem for outputs, e.g. "hackernews-39232976"; safe on every
        OS and one per thread (see ``argmap.export._names``)."""
        from argmap.export._names import output_stem

        return output_stem(self.thread.site, self.thread.id)

    def write(
        self,
        out_dir: str | Path = DEFAULT_OUTPUT_DIR,
        formats: Iterable[str] = ("html", "graphml", "json"),
    ) -> dict[str, Path]:
        """Write each format to ``out_dir/<stem><suffix>`` (``SUFFIXES`` in
        ``argmap.export``: a folder for csv and convokit); return the paths."""
        from argmap.export import SUFFIXES, get_writer

        writers = {fmt: get_writer(fmt) for fmt in formats}  # unknown names fail first
        out = Path(out_dir)
        return {
            fmt: write(self.graph, out / f"{self.stem}{SUFFIXES.get(fmt, '.' + fmt)}")
            for fmt, write in writers.items()
        }

    def write_html(self, path: str | Path) -> Path:
        from argmap.export import get_writer

        return get_writer("html")(self.graph, Path(path))

    def _repr_html_(self) -> str:
        """In Jupyter: the interactive map, sandboxed in an iframe."""
        from argmap.export.html import notebook_html

        return notebook_html(self.graph)

    def write_graphml(self, path: str | Path) -> Path:
        from argmap.export import get_writer

        return get_writer("graphml")(self.graph, Path(path))

    def write_json(self, path: str | Path) -> Path:
        from argmap.export import get_writer

        return get_writer("json")(self.graph, Path(path))

    def acceptability(self, threshold: float | None = None) -> dict[str, str]:
        """Claim node id -> "in", "out" or "undec": Dung's grounded labelling of
        the claims over the rebuttals with confidence >= ``threshold`` (by
        default the graph's ``acceptability_threshold``, 0.5). See
        docs/analysis.md, "Which claims stand"."""
        from argmap.analysis.acceptability import grounded, is_annotated

        G = self.graph
        if is_annotated(G) and threshold in (None, G.graph["acceptability_threshold"]):
            return {
                n: d["acceptability"]
                for n, d in G.nodes(data=True)
                if d.get("kind") == "claim"
            }
        return grounded(G) if threshold is None else grounded(G, threshold)

    def report(self, *, limit: int = 5) -> Report:
        """The report ``argmap report`` writes: ``.markdown()``, ``.html()``,
        ``.write(out_dir)`` and its content as plain ``.data``. See
        docs/analysis.md, "Report"."""
        from argmap.export.report import Report

        return Report.from_graph(self.graph, limit=limit)

    def relation_counts(self) -> Counter[str]:
        """Claim relations by label, plus the stance of every reply edge."""
        counts: Counter[str] = Counter()
        for rel in self.relations:
            counts[rel.label if rel.is_claim_level else f"replies_to:{rel.label}"] += 1
        return counts


def map_thread(
    source: str | Path | Thread | None = None,
    *,
    offline: bool = False,
    refresh: bool = False,
    spacy_model: str | None = None,
    classifier: str | RelationClassifier | None = None,
    session: PoliteSession | None = None,
    options: SourceOptions | None = None,
    nlp: Language | None = None,
    progress: ProgressCallback | None = None,
    points: str | None = "lexical",
) -> ArgumentMap:
    """Map a thread from a URL, a saved file, or (``None``) the bundled sample.

    Args:
        source: thread URL, path of a saved page or thread JSON, a Thread
            already read (``argmap batch`` reads dumps into Threads), or None.
        offline: read URLs only from the cache; never touch the network.
        refresh: fetch URLs again even when they are cached.
        spacy_model: name of an installed trained spaCy pipeline to segment with.
        classifier: relation classifier name (see ``argmap.registry``) or object.
        session: a PoliteSession to fetch with (one is made if needed).
        options: how sources fetch (Hacker News ``via``, Reddit "more" expansion).
        nlp: a ready spaCy pipeline from ``argmap.segment.load_pipeline``.
        progress: called as ``progress(stage, done, total)`` while working.
        points: how key points are found and added to the graph: "lexical"
            (default, no download), "encoder" (MiniLM, after ``argmap train
            encoder``), "auto" (the encoder when it is there), or None (none).
    """
    from argmap.sources import find, is_url, load_thread

    if isinstance(source, Thread):
        return _map_read_thread(source, spacy_model, classifier, nlp, progress, points)
    own_session = None
    if session is None and isinstance(source, str) and is_url(source):
        from argmap.http.session import PoliteSession

        find(source)  # an unsupported URL fails before any set-up
        session = own_session = PoliteSession(
            offline=offline, refresh=refresh, on_request=_request_progress(progress)
        )
    try:
        thread = load_thread(source, session=session, options=options)
    finally:
        if own_session is not None:
            own_session.close()
    return _map_read_thread(thread, spacy_model, classifier, nlp, progress, points)


def _map_read_thread(
    thread: Thread,
    spacy_model: str | None,
    classifier: str | RelationClassifier | None,
    nlp: Language | None,
    progress: ProgressCallback | None,
    points: str | None,
) -> ArgumentMap:
    """The stages after reading: segment, relate, build the graph, analyse."""
    from argmap.analysis.acceptability import annotate
    from argmap.graph import build_graph
    from argmap.relate import get_classifier, relate_thread
    from argmap.segment import load_pipeline, segment_thread

    if nlp is None:
        nlp = load_pipeline(spacy_model)
    claims = segment_thread(thread, nlp, progress=progress)
    if classifier is None or isinstance(classifier, str):
        classifier = get_classifier(classifier) if classifier else get_classifier()
    relations = relate_thread(thread, claims, classifier)
    graph = build_graph(thread, claims, relations, classifier=classifier.name)
    found = None
    if points is not None:
        from argmap.analysis.points import add_points, find_points, get_method

        found = find_points(graph, get_method(points))
        add_points(graph, found)
    annotate(graph)
    return ArgumentMap(thread, claims, relations, graph, found)


def _request_progress(
    progress: ProgressCallback | None,
) -> Callable[[str], None] | None:
    if progress is None:
        return None
    count = 0

    def on_request(url: str) -> None:
        nonlocal count
        count += 1
        progress("fetch", count, None)

    return on_request
