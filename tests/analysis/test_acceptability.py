"""Grounded labelling against its definitions, textbook frameworks, a brute-force
enumeration of complete extensions and PyArg; DF-QuAD strength on small cases."""

from __future__ import annotations

from itertools import chain, combinations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis.acceptability import (
    ACCEPTABILITY_THRESHOLD,
    annotate,
    dfquad,
    grounded,
    grounded_labelling,
)
from argmap.relate.base import LOW_CONFIDENCE


def framework(n: int, attacks) -> nx.DiGraph:
    af = nx.DiGraph()
    af.add_nodes_from(range(n))
    af.add_edges_from(attacks)
    return af


@st.composite
def frameworks(draw, max_args: int = 9) -> nx.DiGraph:
    """Random frameworks: cycles of every length and self-attacks included."""
    n = draw(st.integers(0, max_args))
    if n == 0:
        return framework(0, [])
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    return framework(n, draw(st.lists(pairs, max_size=3 * n)))


def attackers(af, a):
    return set(af.predecessors(a))


def defends(af, S, a):
    return all(attackers(af, b) & S for b in attackers(af, a))


def characteristic(af, S):
    return {a for a in af if defends(af, S, a)}


def least_fixed_point(af):
    S: set = set()
    while (T := characteristic(af, S)) != S:
        S = T
    return S


def complete_extensions(af):
    args = list(af)
    for S in map(
        set, chain.from_iterable(combinations(args, k) for k in range(len(args) + 1))
    ):
        conflict_free = not any(af.has_edge(a, b) for a in S for b in S)
        if conflict_free and characteristic(af, S) == S:
            yield S


def in_set(labels):
    return {a for a, label in labels.items() if label == "in"}


@settings(max_examples=300, deadline=None)
@given(frameworks())
def test_labelling_follows_the_definitions(af):
    labels = grounded_labelling(af)
    assert set(labels) == set(af) and set(labels.values()) <= {"in", "out", "undec"}
    IN = in_set(labels)
    assert not any(af.has_edge(a, b) for a in IN for b in IN), "conflict-free"
    assert all(defends(af, IN, a) for a in IN), "admissible: IN defends itself"
    for a, label in labels.items():
        att = attackers(af, a)
        if label == "in":
            assert all(labels[b] == "out" for b in att)
        elif label == "out":
            assert att & IN, f"{a} is out with no 'in' attacker"
        else:
            assert not att & IN and any(labels[b] != "out" for b in att)


@settings(max_examples=300, deadline=None)
@given(frameworks())
def test_in_is_the_least_fixed_point_of_the_characteristic_function(af):
    assert in_set(grounded_labelling(af)) == least_fixed_point(af)


@settings(max_examples=150, deadline=None)
@given(frameworks(max_args=7))
def test_in_is_the_least_complete_extension(af):
    extensions = list(complete_extensions(af))
    least = min(extensions, key=len)
    assert all(least <= E for E in extensions), (
        "the grounded extension is in every complete one"
    )
    assert in_set(grounded_labelling(af)) == least


@settings(max_examples=150, deadline=None)
@given(frameworks())
def test_agrees_with_pyarg(af):
    from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
        AbstractArgumentationFramework,
    )
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat
    from py_arg.algorithms.semantics.get_grounded_extension import (
        get_grounded_extension,
    )

    args = {a: Argument(str(a)) for a in af}
    defeats = [Defeat(args[u], args[v]) for u, v in af.edges]
    theirs = get_grounded_extension(
        AbstractArgumentationFramework("af", list(args.values()), defeats)
    )
    assert {int(a.name) for a in theirs} == in_set(grounded_labelling(af))


@pytest.mark.parametrize(
    ("n", "attacks", "expected"),
    [
        (
            4,
            [(1, 0), (2, 1), (3, 2)],
            "out in out in",
        ),  # chain: d in, c out, b in, a out
        (3, [(0, 1), (1, 2), (2, 0)], "undec undec undec"),  # odd cycle
        (
            2,
            [(0, 1), (1, 0)],
            "undec undec",
        ),  # even cycle: two preferred, grounded commits to neither
        (
            2,
            [(0, 0), (0, 1)],
            "undec undec",
        ),  # self-attack: a never in, so b is never defended
        (
            3,
            [(0, 0), (1, 0), (0, 2)],
            "out in in",
        ),  # self-attacker knocked out by b; c reinstated
        (3, [(0, 1), (1, 0), (2, 1)], "in out in"),  # an even cycle broken from outside
        (1, [], "in"),
    ],
    ids=[
        "chain",
        "odd-cycle",
        "even-cycle",
        "self-attack",
        "self-attack-defeated",
        "reinstated",
        "lone",
    ],
)
def test_textbook_frameworks(n, attacks, expected):
    labels = grounded_labelling(framework(n, attacks))
    assert " ".join(labels[a] for a in range(n)) == expected


def claim_graph(rebuts=(), supports=()):
    """Claims a..e of posts 1..5, with (source, target, confidence) edges."""
    G = nx.MultiDiGraph(site="t")
    for i, c in enumerate("abcde"):
        G.add_node(f"t:{i}", kind="post")
        G.add_node(c, kind="claim", text=c)
        G.add_edge(f"t:{i}", c, key="contains", relation="contains")
    for relation, edges in (("rebuts", rebuts), ("supports", supports)):
        for u, v, conf in edges:
            G.add_edge(u, v, key=relation, relation=relation, confidence=conf)
    return G


def test_only_rebuttals_at_or_above_the_threshold_attack():
    assert ACCEPTABILITY_THRESHOLD == LOW_CONFIDENCE == 0.5
    G = claim_graph(
        rebuts=[("b", "a", 0.5), ("c", "d", 0.49)], supports=[("e", "a", 0.9)]
    )
    labels = grounded(G)
    assert labels == {"a": "out", "b": "in", "c": "in", "d": "in", "e": "in"}
    assert grounded(G, 0.4)["d"] == "out" and grounded(G, 0.6)["a"] == "in"


def test_annotate_stores_labels_strength_and_threshold():
    G = annotate(claim_graph(rebuts=[("b", "a", 0.8)], supports=[("c", "b", 1.0)]))
    assert G.graph["acceptability_threshold"] == 0.5
    assert [G.nodes[c]["acceptability"] for c in "abc"] == ["out", "in", "in"]
    # c unanswered keeps the base score; b supported by c at 1.0: 0.5 + 0.5 * 0.5.
    assert G.nodes["c"]["strength"] == 0.5 and G.nodes["b"]["strength"] == 0.75
    # a rebutted by b at 0.8: 0.5 - 0.5 * (0.8 * 0.75) = 0.2.
    assert G.nodes["a"]["strength"] == pytest.approx(0.2)
    assert all(
        "acceptability" not in d for _, d in G.nodes(data=True) if d["kind"] == "post"
    )


def test_dfquad_aggregates_attackers_as_a_probabilistic_sum():
    G = claim_graph(rebuts=[("b", "a", 1.0), ("c", "a", 1.0)])
    # v_att = 1 - (1 - 0.5)(1 - 0.5) = 0.75, so a = 0.5 - 0.5 * 0.75.
    assert annotate(G).nodes["a"]["strength"] == pytest.approx(0.125)


@settings(max_examples=200, deadline=None)
@given(frameworks(), frameworks(), st.floats(0.0, 1.0))
def test_strength_is_in_range_and_moves_the_right_way(att, sup, confidence):
    nx.set_edge_attributes(att, confidence, "confidence")
    sup = (
        nx.relabel_nodes(sup, {a: a % max(len(att), 1) for a in sup})
        if len(att)
        else framework(0, [])
    )
    sup.add_nodes_from(att)
    att.add_nodes_from(sup)
    scores = dfquad(att, sup)
    assert set(scores) == set(att)
    for a, s in scores.items():
        assert 0.0 <= s <= 1.0
        if not att.in_degree(a) and not sup.in_degree(a):
            assert s == 0.5
        elif not sup.in_degree(a):
            assert s <= 0.5
        elif not att.in_degree(a):
            assert s >= 0.5
