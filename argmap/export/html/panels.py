"""What the side panel says before anything is clicked: the overview of the
argument (computed by ``argmap.analysis.overview``, only shown here) and the
honest footer naming the relation classifier and how well it was measured."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.export.html.safe_text import as_number, as_text

# Edges below this confidence are hidden at first; the slider shows them.
MIN_CONFIDENCE = 0.5
OVERVIEW_ITEMS = 5
SCORES = Path(__file__).with_name("classifier_scores.json")


def overview_of(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The overview of ``G``: contested and agreed claims, open questions, hot
    sub-threads and who argues with whom (see ``argmap.analysis.overview``)."""
    from argmap.analysis.overview import overview

    return overview(G, min_confidence=MIN_CONFIDENCE, limit=OVERVIEW_ITEMS)


def classifier_of(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The relation classifier named in ``G`` and its measured macro-F1, if any."""
    name = as_text(G.graph.get("classifier"))
    score = measured_scores().get(name, {})
    return {
        "name": name,
        "macro_f1": as_number(score.get("macro_f1")),
        "measured_on": as_text(score.get("measured_on")),
        "measured": as_text(score.get("measured")),
    }


@lru_cache(maxsize=1)
def measured_scores() -> dict[str, dict]:
    """Classifier name -> its measured scores (``classifier_scores.json``)."""
    return json.loads(SCORES.read_text(encoding="utf-8"))["classifiers"]
