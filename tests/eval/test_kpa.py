"""The Key Point Analysis 2021 track-1 mAP and the adjusted Rand index."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.eval.keypoints import KeyPointData, grouping_scores, matching_scores
from argmap.eval.kpa import adjusted_rand_index, average_precision, track1_map


def test_average_precision_of_a_hand_made_list():
    # Ranked: hit (P 1, R 1/2), miss, hit (P 2/3, R 1): AP = 1/2 * 1 + 1/2 * 2/3.
    assert average_precision([1, 0, 1], [0.9, 0.8, 0.7]) == pytest.approx(5 / 6)
    assert average_precision([0, 0], [0.9, 0.1]) == 0.0


def test_average_precision_and_ari_match_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(7)
    for _ in range(50):
        n = int(rng.integers(2, 40))
        labels = rng.integers(0, 2, n)
        labels[0] = 1
        scores = rng.integers(0, 6, n) / 5  # ties, as real scores have
        assert average_precision(labels, scores) == pytest.approx(
            metrics.average_precision_score(labels, scores)
        )
        a, b = rng.integers(0, 4, n), rng.integers(0, 5, n)
        assert adjusted_rand_index(a, b) == pytest.approx(
            metrics.adjusted_rand_score(a, b)
        )
    assert adjusted_rand_index(list("aabb"), list("xxyy")) == 1.0


def test_track1_map_on_a_hand_made_case():
    groups = {f"a{i}": "pro" for i in range(4)} | {f"b{i}": "con" for i in range(4)}
    best = {
        "a0": ("k1", 0.9), "a1": ("k2", 0.8), "a2": ("k1", 0.1), "a3": ("k1", 0.05),
        "b0": ("k3", 0.7), "b1": ("k3", 0.6), "b2": None, "b3": ("k3", 0.2),
    }  # fmt: skip
    gold = {("a0", "k1"): 0, ("a1", "k2"): 1, ("b1", "k3"): 1, ("b0", "k3"): 1}
    # pro keeps a0 (0.9, label 0) and a1 (0.8, 1): AP = 1/2. con keeps b0 and
    # b1, both matches: AP = 1. Strict mAP = 3/4. a0..a3 and b3 labelled or
    # cut, so relaxed agrees here.
    assert track1_map(best, groups, gold) == {"strict": 0.75, "relaxed": 0.75}
    # An undecided (unlabelled) pair: 0 when strict, 1 when relaxed.
    del gold[("a1", "k2")]
    assert track1_map(best, groups, gold) == {"strict": 0.5, "relaxed": 0.75}


class _Table:
    """A method whose vectors are given by hand: one-hot per letter."""

    name, threshold = "letters", 0.5

    def vectorize(self, texts):
        rows = np.zeros((len(texts), 26), dtype=np.float32)
        for i, t in enumerate(texts):
            rows[i, ord(t[0]) - ord("a")] = 1.0
        return rows


def test_matching_and_grouping_on_a_tiny_data_set():
    data = KeyPointData(
        arguments={
            ("t", 1): [
                ("a1", "x one"),
                ("a2", "x two"),
                ("a3", "y three"),
                ("a4", "y four"),
            ]
        },
        key_points={("t", 1): [("k1", "x point"), ("k2", "y point")]},
        labels={("a1", "k1"): 1, ("a2", "k1"): 1, ("a3", "k2"): 1, ("a4", "k2"): 0},
    )
    assert matching_scores(data, _Table())["strict"] == 1.0
    scores = grouping_scores(data, _Table())
    # Gold groups {a1, a2}, {a3}; argmap groups {a1, a2}, {a3, a4}: a4 has no
    # single gold key point, so it is left out, and the rest agree.
    assert (scores["ari"], scores["arguments"]) == (1.0, 3)


def test_rows_from_csv_files_and_their_table(tmp_path):
    from argmap.eval import render_table
    from argmap.eval.keypoints import keypoint_rows

    files = {
        "arguments_test.csv": "arg_id,argument,topic,stance\n"
        "a1,x one,t,1\na2,x two,t,1\na3,y three,t,1\n",
        "key_points_test.csv": "key_point_id,key_point,topic,stance\nk1,x kp,t,1\nk2,y kp,t,1\n",
        "labels_test.csv": "arg_id,key_point_id,label\na1,k1,1\na2,k1,1\na3,k2,1\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    method = _Table()
    method.coarse_threshold = 0.5
    rows = keypoint_rows(tmp_path, [method])
    assert [r.get("map_strict", r.get("ari")) for r in rows] == [1.0, 1.0, 1.0]
    table = render_table({"rows": rows})
    assert "mAP strict 1.000, relaxed 1.000" in table
    assert "adjusted Rand index 1.000 (threshold 0.5)" in table
