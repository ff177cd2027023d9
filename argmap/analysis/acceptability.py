"""Which claims stand: Dung's grounded labelling and a graded strength.

The attack graph has the thread's claims as arguments and a claim-level
``rebuts`` edge as an attack when its confidence is at least
``ACCEPTABILITY_THRESHOLD`` (0.5, ``argmap.relate.base.LOW_CONFIDENCE``):
below it the classifier's label is more likely wrong than right, and a
rebuttal that probably is not one should not knock a claim out.

Grounded labelling (Dung 1995; labelling form: Caminada 2006): a claim is
"in" when every attacker is "out", "out" when some attacker is "in", and
"undec" otherwise, taking the least such labelling: the one that commits to
nothing the attacks do not force (odd cycles and undefended disputes stay
"undec"). Computed in linear time by propagating from unattacked claims
(Modgil & Caminada 2009, "Proof theories and algorithms for abstract
argumentation frameworks", algorithm for the grounded labelling).

PyArg (PyPI ``python-argumentation``) implements the same semantics, but its
framework scans every attack to find an argument's attackers, so the
grounded extension of a 3,000-claim thread took 2.4 s there against
milliseconds here; its last release is from February 2024. The tests use it as
an oracle.

Strength is DF-QuAD (Rago, Toni, Aurisicchio & Baroni 2016, "Discontinuity-free
decision support with quantitative argumentation debates", KR 2016) with base
score 0.5 for every claim and each attacker's or supporter's strength scaled
by its edge's confidence (edge weights as in Potyka 2018, "Continuous dynamical
systems for weighted bipolar argumentation", KR 2018)::

    agg(xs)   = 1 - prod(1 - x for x in xs)        # probabilistic sum
    v_att     = agg(confidence(b, a) * strength(b) for b rebutting a)
    v_sup     = agg(confidence(c, a) * strength(c) for c supporting a)
    strength  = 0.5 + 0.5 * (v_sup - v_att)

(DF-QuAD's ``v0 - v0*(v_att - v_sup)`` and ``v0 + (1 - v0)*(v_sup - v_att)``
are the same line at v0 = 0.5.) A claim nobody answers keeps 0.5; rebuttals
pull it towards 0, support towards 1. Replies answer earlier posts, so a
thread's claim graph has no cycle and the scores are exact, computed in
topological order; in a cycle (hand-made graphs) they are approximated by
damped iteration.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable
from math import prod

import networkx as nx

from argmap.relate.base import LOW_CONFIDENCE

ACCEPTABILITY_THRESHOLD = LOW_CONFIDENCE
IN, OUT, UNDEC = "in", "out", "undec"
BASE_SCORE = 0.5
_CYCLE_ROUNDS = 200
_CYCLE_TOLERANCE = 1e-9


def attack_graph(
    G: nx.MultiDiGraph, threshold: float = ACCEPTABILITY_THRESHOLD
) -> nx.DiGraph:
    """Every claim of ``G``, with an edge b -> a where claim b rebuts claim a
    with confidence >= ``threshold``."""
    return claim_graphs(G, threshold)[0]


def grounded_labelling(attacks: nx.DiGraph) -> dict[Hashable, str]:
    """The grounded labelling of the framework ``attacks`` (edge b -> a: b attacks a).

    Each argument is labelled "in" once all its attackers are "out", and
    "out" as soon as one attacker is "in", starting from the unattacked ones;
    whatever that never reaches is "undec". Each edge is looked at once or twice.
    """
    live_attackers = {a: attacks.in_degree(a) for a in attacks}  # not yet "out"
    label: dict[Hashable, str] = {}
    ready = deque(a for a, n in live_attackers.items() if n == 0)
    while ready:
        a = ready.popleft()
        if a in label:
            continue
        label[a] = IN
        for b in attacks.successors(a):
            if b in label:  # only "out" is possible: an "in" b has no live attacker
                continue
            label[b] = OUT
            for c in attacks.successors(b):
                live_attackers[c] -= 1
                if live_attackers[c] == 0 and c not in label:
                    ready.append(c)
    return {a: label.get(a, UNDEC) for a in attacks}


def grounded(
    G: nx.MultiDiGraph, threshold: float = ACCEPTABILITY_THRESHOLD
) -> dict[str, str]:
    """Claim node id -> "in", "out" or "undec" for the claims of a mapped graph."""
    return grounded_labelling(attack_graph(G, threshold))


def strength(
    G: nx.MultiDiGraph, threshold: float = ACCEPTABILITY_THRESHOLD
) -> dict[str, float]:
    """Claim node id -> DF-QuAD strength in [0, 1] (see the module docstring)."""
    return dfquad(*claim_graphs(G, threshold))


def dfquad(attacks: nx.DiGraph, supports: nx.DiGraph) -> dict[Hashable, float]:
    """DF-QuAD strengths with base score 0.5 and edge weights ``confidence``.

    Both graphs have the same nodes; an edge b -> a attacks (supports) a with
    weight ``attacks[b][a]["confidence"]`` (1.0 when absent).
    """
    rebutters = _weighted_predecessors(attacks)
    supporters = _weighted_predecessors(supports)
    score = dict.fromkeys(attacks, BASE_SCORE)

    def update(a: Hashable) -> float:
        v_att = _aggregate(w * score[b] for b, w in rebutters[a])
        v_sup = _aggregate(w * score[c] for c, w in supporters[a])
        return min(1.0, max(0.0, BASE_SCORE + BASE_SCORE * (v_sup - v_att)))

    both = nx.DiGraph(attacks)
    both.add_edges_from(supports.edges)
    try:  # a thread's claims: replies answer earlier posts, so no cycle
        for a in nx.topological_sort(both):
            score[a] = update(a)
        return score
    except nx.NetworkXUnfeasible:
        pass
    condensed = nx.condensation(both)
    for component in nx.topological_sort(condensed):
        members = condensed.nodes[component]["members"]
        first = next(iter(members))
        if len(members) == 1 and not both.has_edge(first, first):  # not a cycle
            score[first] = update(first)
        else:
            _iterate_cycle(members, score, update)
    return score


def _weighted_predecessors(
    graph: nx.DiGraph,
) -> dict[Hashable, list[tuple[Hashable, float]]]:
    found: dict[Hashable, list[tuple[Hashable, float]]] = {a: [] for a in graph}
    for u, v, confidence in graph.edges(data="confidence", default=1.0):
        found[v].append((u, float(confidence)))
    return found


def _iterate_cycle(members: Iterable[Hashable], score: dict, update) -> None:
    # DF-QuAD has no closed form on a cycle and plain iteration can oscillate
    # (an even attack cycle flips between 0 and 1): damping halves each step.
    members = list(members)
    for _ in range(_CYCLE_ROUNDS):
        new = {a: (score[a] + update(a)) / 2 for a in members}
        change = max(abs(new[a] - score[a]) for a in members)
        score.update(new)
        if change < _CYCLE_TOLERANCE:
            return


def _aggregate(values: Iterable[float]) -> float:
    return 1.0 - prod(1.0 - v for v in values)


def claim_graphs(
    G: nx.MultiDiGraph, threshold: float = ACCEPTABILITY_THRESHOLD
) -> tuple[nx.DiGraph, nx.DiGraph]:
    """(attacks, supports) over every claim of ``G``: the ``rebuts`` and the
    ``supports`` claim edges with confidence >= ``threshold``, read in one pass."""
    claims = [n for n, kind in G.nodes(data="kind") if kind == "claim"]
    wanted = {"rebuts": [], "supports": []}
    for u, v, d in G.edges(data=True):
        edges = wanted.get(d.get("relation"))
        if edges is None:
            continue
        confidence = float(d.get("confidence", 0.0))
        if confidence >= threshold:
            edges.append((u, v, confidence))
    graphs = []
    for relation in ("rebuts", "supports"):
        graph = nx.DiGraph()
        graph.add_nodes_from(claims)
        # One edge per pair and relation (the edge key is the relation); an
        # edge to or from a node that is not a claim is not an argument's.
        graph.add_weighted_edges_from(
            ((u, v, c) for u, v, c in wanted[relation] if u in graph and v in graph),
            weight="confidence",
        )
        graphs.append(graph)
    return graphs[0], graphs[1]


def annotate(
    G: nx.MultiDiGraph, threshold: float = ACCEPTABILITY_THRESHOLD
) -> nx.MultiDiGraph:
    """Store ``acceptability`` and ``strength`` on every claim of ``G`` and the
    threshold as ``G.graph["acceptability_threshold"]``; return ``G``."""
    attacks, supports = claim_graphs(G, threshold)
    labels = grounded_labelling(attacks)
    scores = dfquad(attacks, supports)
    nodes = G.nodes
    for n, label in labels.items():
        nodes[n]["acceptability"] = label
        nodes[n]["strength"] = round(float(scores[n]), 6)
    G.graph["acceptability_threshold"] = float(threshold)
    return G


def is_annotated(G: nx.MultiDiGraph) -> bool:
    return "acceptability_threshold" in G.graph
