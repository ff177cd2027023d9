"""Key points: claims that make the same point, grouped across posts.

A point is a group of claims that say the same thing with the same polarity:
its text is its most central member's (the medoid), its ``prevalence`` the
number of distinct authors who made it, its ``size`` the number of claims,
and ``supports_share`` / ``rebuts_share`` the share of its claims that
support / rebut what they answer (a claim's own claim edge, else its post's
reply stance). Only a point made by at least ``MIN_AUTHORS`` people is kept:
one person repeating themselves is not a point the thread shares.

Two methods (docs/analysis.md, "Key points"):

- ``lexical`` (the default, no download): hashed TF-IDF of words, word pairs
  and character 4-grams (``argmap.analysis._lexical``), pure numpy;
- ``encoder``: MiniLM sentence embeddings (``argmap.analysis.encoder``),
  after ``argmap train encoder`` has written the ONNX encoder and with
  ``pip install 'argmap[transformer]'``. ``auto`` takes it when it is there
  and the lexical method otherwise.

Claims are grouped by average-link clustering (``argmap.analysis._grouping``)
within one polarity (an odd number of negations or not), and a claim never
joins the claim it rebuts. Questions, quotes and the title are not points, and web addresses do not
count as words (a shared link is not a shared point). Ids are
``<site>:#point/<n>`` with points ranked by prevalence, size and first
appearance, so the same thread mapped twice gives the same ids.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from argmap.analysis import _lexical
from argmap.analysis._claims import is_title, post_of, without_links
from argmap.analysis._grouping import (
    MAX_AVERAGE_LINK,
    average_link_clusters,
    most_central,
)
from argmap.errors import InputError

logger = logging.getLogger(__name__)

MIN_AUTHORS = 2
# A claim needs this many content words to be grouped: "Thanks!" and "This."
# are repeated, but they are not points.
MIN_CONTENT_WORDS = 3
POINT_KINDS = ("claim",)
METHODS = ("lexical", "encoder", "auto")


class LexicalMethod:
    """Hashed TF-IDF cosine (``argmap.analysis._lexical``)."""

    name = "argmap.points_lexical.v1"
    # Both chosen by ``argmap train thresholds`` (argmap.eval.thresholds;
    # docs/analysis.md): ``threshold`` (maps) on the dev threads' labelled
    # claim pairs, where no threshold reaches 90% pair precision, so the most
    # precise (0.28); ``coarse_threshold`` on ArgKP-2021 train and dev (the
    # best adjusted Rand index, groups as broad as ArgKP's key points).
    threshold = 0.5
    coarse_threshold = 0.06

    def vectorize(self, texts: Sequence[str]) -> np.ndarray:
        return _lexical.vectorize(texts)


def get_method(name: str = "lexical") -> Any:
    """``lexical``, ``encoder`` (fails with one line when it is not
    installed) or ``auto`` (the encoder when installed, else lexical)."""
    if name not in METHODS:
        raise InputError(f"--points must be one of {', '.join(METHODS)}, not {name!r}")
    if name == "lexical":
        return LexicalMethod()
    from argmap.analysis.encoder import EncoderMethod, encoder_missing

    missing = encoder_missing()
    if missing and name == "auto":
        logger.info("points: using the lexical method (%s)", missing)
        return LexicalMethod()
    return EncoderMethod()  # raises InputError with the reason when missing


def cluster(
    vectors: np.ndarray, threshold: float, keys=None, apart=()
) -> list[list[int]]:
    """Groups of row indexes, each row in one (``average_link_clusters``)."""
    return average_link_clusters(vectors, threshold, keys, apart)


@dataclass(frozen=True)
class Point:
    """One key point of a thread (see the module docstring)."""

    id: str
    text: str
    representative: str
    members: tuple[str, ...]
    authors: tuple[str, ...]
    supports_share: float
    rebuts_share: float
    method: str

    @property
    def prevalence(self) -> int:
        return len(self.authors)

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Candidates:
    """The claims a thread's points are made of, as the grouping reads them:
    their texts without links, their polarity (``keys``) and the pairs that
    must stay ``apart`` (a claim and the claim it rebuts), by position."""

    claims: list[str]
    texts: list[str]
    keys: list[bool]
    apart: list[tuple[int, int]]


def candidates(G: nx.MultiDiGraph) -> Candidates:
    claims = [n for n, d in G.nodes(data=True)
              if _eligible(d) and not is_title(G, n)]  # fmt: skip
    texts = [without_links(G.nodes[n]["text"]) for n in claims]
    position = {n: i for i, n in enumerate(claims)}
    apart = [(position[u], position[v]) for u, v, rel in G.edges(data="relation")
             if rel == "rebuts" and u in position and v in position]  # fmt: skip
    return Candidates(claims, texts, [_lexical.is_negative(t) for t in texts], apart)


def find_points(G: nx.MultiDiGraph, method: Any = None) -> list[Point]:
    """The points of a mapped graph, most prevalent first."""
    method = method or LexicalMethod()
    site = G.graph.get("site", "")
    found_claims = candidates(G)
    claims, keys = found_claims.claims, found_claims.keys
    if len(claims) < 2:
        return []
    largest = max(Counter(keys).values())
    if largest > MAX_AVERAGE_LINK:
        logger.warning("key points left out: %d claims of one polarity, over %d",
                       largest, MAX_AVERAGE_LINK)  # fmt: skip
        return []
    position = {n: i for i, n in enumerate(claims)}
    vectors = method.vectorize(found_claims.texts)
    found = []
    for members in cluster(vectors, method.threshold, keys, found_claims.apart):
        authors = tuple(dict.fromkeys(_author(G, claims[i]) for i in members))
        if len(authors) < MIN_AUTHORS:
            continue
        centre = most_central(vectors, members)
        stances = [_stance(G, claims[i]) for i in members]
        found.append(
            (
                claims[centre],
                tuple(claims[i] for i in sorted(members)),
                authors,
                stances,
            )
        )
    found.sort(key=lambda f: (-len(f[2]), -len(f[1]), position[f[1][0]]))
    return [
        Point(id=f"{site}:#point/{n}", text=G.nodes[centre]["text"], representative=centre,
              members=members, authors=authors,
              supports_share=round(stances.count("supports") / len(members), 4),
              rebuts_share=round(stances.count("rebuts") / len(members), 4), method=method.name)
        for n, (centre, members, authors, stances) in enumerate(found)
    ]  # fmt: skip


def add_points(G: nx.MultiDiGraph, points: Sequence[Point]) -> None:
    """Point nodes, and an ``expresses`` edge from each member claim."""
    site = G.graph.get("site", "")
    for point in points:
        G.add_node(point.id, kind="point", site=site, text=point.text,
                   representative=point.representative, prevalence=point.prevalence,
                   size=point.size, supports_share=point.supports_share,
                   rebuts_share=point.rebuts_share, method=point.method)  # fmt: skip
        for claim in point.members:
            G.add_edge(claim, point.id, key="expresses", relation="expresses")


def points_in(G: nx.MultiDiGraph) -> list[Point]:
    """The points stored in a graph (by ``add_points``), in id order."""
    found = []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "point":
            continue
        members = tuple(
            u for u, _, rel in G.in_edges(n, data="relation") if rel == "expresses"
        )
        authors = tuple(dict.fromkeys(_author(G, m) for m in members))
        found.append(Point(id=n, text=d["text"], representative=d["representative"],
                           members=members, authors=authors,
                           supports_share=float(d["supports_share"]),
                           rebuts_share=float(d["rebuts_share"]), method=d["method"]))  # fmt: skip
    return sorted(found, key=lambda p: int(p.id.rsplit("/", 1)[1]))


def _eligible(d: dict) -> bool:
    if d.get("kind") != "claim" or d.get("claim_type") not in POINT_KINDS:
        return False
    content = [w for w in _lexical.words(without_links(d.get("text", "")))
               if w not in _lexical.STOP_WORDS]  # fmt: skip
    return len(content) >= MIN_CONTENT_WORDS


def _author(G: nx.MultiDiGraph, claim: str) -> str:
    """The claim's author; an unknown author counts as one person per post."""
    post = post_of(G, claim)
    if not post:
        return f"post {claim}"
    return G.nodes[post].get("author") or f"post {G.nodes[post].get('post_id', post)}"


def _stance(G: nx.MultiDiGraph, claim: str) -> str:
    """What the claim does to what it answers: its most confident claim edge,
    else its post's reply stance ("" for the opening post)."""
    edges = [(d.get("confidence", 0.0), d["relation"]) for _, _, d in G.out_edges(claim, data=True)
             if d.get("relation") in ("rebuts", "supports", "questions", "neutral")]  # fmt: skip
    if edges:
        return max(edges)[1]
    post = post_of(G, claim)
    replies = [d.get("stance", "") for _, _, d in G.out_edges(post, data=True)
               if d.get("relation") == "replies_to"] if post else []  # fmt: skip
    return replies[0] if replies else ""
