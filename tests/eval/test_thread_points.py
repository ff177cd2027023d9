"""Pair precision on real threads (argmap.eval.thread_points) and its gold data."""

from __future__ import annotations

import pytest

from argmap.datasets import gold_dir
from argmap.eval.thread_points import agreement, choose, precision_table, read


def pair(capture, stratum, label, split="dev", method="lexical"):
    return {"split": split, "capture": capture, "strata": {method: stratum}, "label": label,
            "annotators": {"annA": label, "annB": label}, "drawn_for": [method]}  # fmt: skip


def test_precision_weights_each_labelled_pair_by_its_stratum():
    # Stratum 0.3 holds 90 pairs (2 drawn: 1 same), 0.5 holds 10 (2 drawn: 2 same).
    pairs = [pair("t", 0.3, "same"), pair("t", 0.3, "different"),
             pair("t", 0.5, "same"), pair("t", 0.5, "same")]  # fmt: skip
    strata = [{"capture": "t", "method": "lexical", "stratum": 0.3, "pairs": 90},
              {"capture": "t", "method": "lexical", "stratum": 0.5, "pairs": 10}]  # fmt: skip
    rows = {r["threshold"]: r for r in precision_table(pairs, strata, "lexical", "dev")}
    assert rows[0.3]["pair_precision"] == pytest.approx((90 * 0.5 + 10 * 1.0) / 100)
    assert rows[0.3]["grouped_pairs"] == 100 and rows[0.3]["labelled"] == 4
    assert rows[0.5]["pair_precision"] == 1.0
    # Another split's threads, another method's strata and a pair drawn for
    # another method (though it falls in this method's stratum) do not count.
    drawn_elsewhere = pair("t", 0.3, "different") | {"drawn_for": ["encoder"]}
    other = [
        pair("u", 0.3, "different", split="test"),
        pair("t", 0.3, "different", method="encoder"),
        drawn_elsewhere,
    ]
    again = {
        r["threshold"]: r
        for r in precision_table(pairs + other, strata, "lexical", "dev")
    }
    assert again == rows


def test_choose_takes_the_lowest_precise_threshold_else_the_most_precise():
    rows = [
        {"threshold": t, "pair_precision": p}
        for t, p in ((0.3, 0.5), (0.4, 0.92), (0.5, 0.95))
    ]
    assert choose(rows) == 0.4
    rows = [
        {"threshold": t, "pair_precision": p}
        for t, p in ((0.3, 0.5), (0.4, 0.8), (0.5, 0.7))
    ]
    assert choose(rows) == 0.4


def test_kappa():
    pairs = [{"annotators": {"annA": a, "annB": b}} for a, b in
             [("same", "same"), ("same", "different"), ("different", "different"), ("different", "different")]]  # fmt: skip
    found = agreement(pairs)
    assert found["agreement"] == 0.75
    assert found["kappa"] == pytest.approx(0.5)


@pytest.fixture(scope="module")
def gold():
    folder = gold_dir()
    if not (folder / "point-pairs.jsonl").is_file():
        pytest.skip("no point pairs in this checkout")
    return read(folder)


def test_gold_pairs_are_split_by_thread_and_adjudicated(gold):
    pairs, strata = gold
    split_of = {}
    for p in pairs:
        assert split_of.setdefault(p["capture"], p["split"]) == p["split"]
        assert not any(
            k in p["capture"] for k in ("39232976", "20865492", "-5864", "n49rw")
        )
        votes = set(p["annotators"].values())
        assert set(p["annotators"]) == {"annA", "annB"} and votes <= {
            "same",
            "different",
        }
        if len(votes) == 2:
            assert (
                p["adjudication"]["label"] == p["label"] and p["adjudication"]["reason"]
            )
        else:
            assert p["label"] in votes and "adjudication" not in p
        assert p["strata"] and all(0 < t < 1 for t in p["strata"].values())
        # ids and labels only, never comment text
        allowed = {
            "split",
            "capture",
            "a",
            "b",
            "strata",
            "drawn_for",
            "annotators",
            "label",
        }
        assert set(p) <= allowed | {"adjudication"}
        assert p["drawn_for"] and set(p["drawn_for"]) <= set(p["strata"])
    assert set(split_of.values()) == {"dev", "test"}
    counted = {(s["capture"], s["method"], s["stratum"]): s["pairs"] for s in strata}
    for p in pairs:
        for method, stratum in p["strata"].items():
            assert counted[(p["capture"], method, stratum)] > 0
