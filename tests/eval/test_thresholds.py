"""The key-point thresholds are the ones ``argmap train thresholds`` chooses."""

from __future__ import annotations

import pytest

from argmap.eval.thresholds import choose, thread_threshold, tune
from tests.helpers import shared_path


def rows(*values):
    """threshold -> (pair precision, ARI) rows of one split."""
    return [
        {"threshold": t, "pair_precision": p, "pair_recall": 0.0, "ari": a}
        for t, p, a in values
    ]


def test_map_threshold_is_the_lowest_multiple_of_005_precise_on_every_split():
    train = rows(
        (0.44, 0.95, 0.1), (0.45, 0.91, 0.1), (0.5, 0.95, 0.1), (0.55, 0.99, 0.1)
    )
    dev = rows(
        (0.44, 0.99, 0.1), (0.45, 0.85, 0.1), (0.5, 0.92, 0.1), (0.55, 0.99, 0.1)
    )
    chosen = choose({"train": train, "dev": dev})
    # 0.44 is precise but off the 0.05 grid; 0.45 misses on dev.
    assert chosen["threshold"] == 0.5 and chosen["reached_precision"]


def test_without_a_precise_threshold_the_most_precise_on_the_worst_split():
    train = rows((0.5, 0.7, 0.1), (0.55, 0.8, 0.1), (0.6, 0.85, 0.1))
    dev = rows((0.5, 0.75, 0.1), (0.55, 0.82, 0.1), (0.6, 0.78, 0.1))
    chosen = choose({"train": train, "dev": dev})
    assert chosen["threshold"] == 0.55 and not chosen["reached_precision"]


def test_coarse_threshold_has_the_best_mean_ari():
    train = rows((0.06, 0.5, 0.30), (0.07, 0.5, 0.20), (0.08, 0.5, 0.25))
    dev = rows((0.06, 0.5, 0.05), (0.07, 0.5, 0.20), (0.08, 0.5, 0.10))
    assert choose({"train": train, "dev": dev})["coarse_threshold"] == 0.07


def test_test_split_is_refused(tmp_path):
    with pytest.raises(ValueError, match="never tuned on the test split"):
        tune(tmp_path, object(), ["dev", "test"])


@pytest.mark.slow
def test_shipped_lexical_thresholds_are_what_the_rules_choose():
    from argmap.analysis.points import LexicalMethod
    from argmap.datasets import gold_dir

    method = LexicalMethod()
    chosen, _ = tune(shared_path("gold", "argkp-2021"), method, ["train", "dev"])
    assert chosen["coarse_threshold"] == method.coarse_threshold
    assert thread_threshold(gold_dir(), "lexical")[0] == method.threshold


def test_shipped_map_thresholds_are_what_the_thread_pairs_choose():
    from argmap.analysis.encoder import EncoderMethod
    from argmap.analysis.points import LexicalMethod
    from argmap.datasets import gold_dir

    assert thread_threshold(gold_dir(), "lexical")[0] == LexicalMethod.threshold
    assert thread_threshold(gold_dir(), "encoder")[0] == EncoderMethod.threshold
