"""Reply pairs per second through each relation classifier.

    python benchmarks/bench_stance.py [--pairs 4000] [--repeat 3]

The pairs are DEBAGREEMENT test.csv's reply/parent texts (../shared), or a
synthetic set when that is absent; "claim pairs" are the first sentence of
each side, the size of a claim edge. Numpy is held to one thread, so the cue
and linear figures are per core. The transformer (argmap.stance_minilm.v1,
onnxruntime) uses onnxruntime's own threads: one per core, 2 on this machine;
its target is at least 300 reply pairs/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import time
from pathlib import Path

from argmap.relate import get_classifier
from argmap.relate.base import Pair

TEST = Path(__file__).resolve().parents[2] / "shared/gold/debagreement-partial/test.csv"


def load_pairs(limit: int) -> list[Pair]:
    if TEST.is_file():
        from argmap.datasets import debagreement_pairs, read_debagreement

        rows = debagreement_pairs(read_debagreement(TEST))
        pairs = [Pair(p.reply, p.parent) for p in rows]
    else:
        pairs = [Pair(f"I don't think point {i} holds, because the data says otherwise.",
                      f"Point {i}: the new release is faster than the old one.") for i in range(500)]
    return (pairs * (limit // len(pairs) + 1))[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pairs = load_pairs(args.pairs)
    words = sum(len(p.text.split()) + len(p.target_text.split()) for p in pairs) / len(pairs)
    print(f"{len(pairs)} pairs, {words:.0f} words per pair on average")
    claims = [Pair(_first_sentence(p.text), _first_sentence(p.target_text)) for p in pairs]
    from argmap import registry

    # The transformer is registered only where a trained artefact exists.
    for name in sorted(registry.relation_classifiers.get_all()):
        classifier = get_classifier(name)
        classifier.predict(pairs[:10])  # load the artefact outside the timing
        for what, batch in (("reply pairs", pairs), ("claim pairs", claims)):
            best = min(_timed(classifier, batch) for _ in range(args.repeat))
            print(f"{name:28} {what:12} {len(batch) / best:8,.0f} pairs/s  ({best:.2f} s)")


def _first_sentence(text: str) -> str:
    head = text.strip().split(". ", 1)[0]
    return head[:300]


def _timed(classifier, pairs) -> float:
    start = time.perf_counter()
    classifier.predict(pairs)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
