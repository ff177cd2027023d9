"""Throughput, memory and scaling of ``argmap batch``; figures go to docs/scaling.md.

Not a test: the machine is shared and noisy; each run prints the load
average (``os.getloadavg``) beside its figures.

    python benchmarks/bench_batch.py corpora --workers 1 2
    python benchmarks/bench_batch.py dump /tmp/batch-bench/hn100k.jsonl --workers 2 [--limit N]
    python benchmarks/bench_batch.py sizes /tmp/batch-bench/t100.jsonl ... (one thread each)
    python benchmarks/bench_batch.py single [CAPTURE] --repeat 3

``corpora`` maps every saved thread under ../shared/corpora, ``dump`` a dump
(grouping by the Dask shuffle, then mapping), each on a fresh local cluster
of N worker processes owned by this script, so that each worker's peak
resident memory (``ru_maxrss``) can be read at the end. Rates count mapping
only (the cluster start and the grouping are given apart). ``sizes`` maps
one-thread dumps made by make_hn_dump.py --thread-size N in this process
(posts vs seconds). ``single`` times ``argmap.map_thread`` on one capture,
the path ``argmap map`` takes; run it from two checkouts to compare.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
PKL = SHARED / "hn-html" / "hn-item-39232976-pkl-config-language-2024-02.html"


def run(inputs: list[str], workers: int, limit: int | None) -> dict:
    from distributed import Client, LocalCluster

    from argmap.batch.run import BatchConfig, run_batch
    from argmap.batch.worker import Settings

    out = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    cluster_s = time.perf_counter() - started
    settings = Settings(maps_dir=str(out / "maps"))
    config = BatchConfig(
        out, settings, scheduler=cluster.scheduler_address, limit=limit
    )
    summary = run_batch(inputs, config)
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    client.close()
    cluster.close()
    shutil.rmtree(out)
    mapped = summary.mapping_s
    return {
        "workers": workers,
        "load_at_end": os.getloadavg(),
        "cluster_start_s": round(cluster_s, 1),
        "grouping_s": round(summary.grouping_s, 1),
        "hn_root_rounds": summary.hn_root_rounds,
        "mapping_s": round(mapped, 1),
        "threads": summary.done,
        "failed": summary.failed,
        "skipped": summary.skipped,
        "posts": summary.posts,
        "threads_per_s": round(summary.done / mapped, 3) if mapped else None,
        "posts_per_s": round(summary.posts / mapped, 1) if mapped else None,
        "peak_rss_mb_per_worker": sorted(round(kb / 1024) for kb in peaks.values()),
    }


def sizes(paths: list[str]) -> list[dict]:
    """Posts vs seconds for one-thread dumps, mapped in this process."""
    import argmap
    from argmap.batch import shapes
    from argmap.batch.worker import Settings, loaded

    nlp, classifier = loaded(Settings(maps_dir=""))
    rows = []
    for path in paths:
        raws = Path(path).read_text("utf-8").splitlines()
        root = next(json.loads(r)["id"] for r in raws if '"story"' in r)
        tree, _ = shapes.hn_item_tree(raws, root)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(tree, f)
        started = time.perf_counter()
        amap = argmap.map_thread(f.name, nlp=nlp, classifier=classifier)
        seconds = time.perf_counter() - started
        os.unlink(f.name)
        rows.append(
            {
                "posts": len(amap.thread.posts),
                "claims": len(amap.claims),
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                ),
                "load": os.getloadavg(),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def single(path: Path, repeat: int) -> dict:
    """Runs on any checkout (it needs nothing of argmap.batch), to compare."""
    import argmap
    from argmap.relate import get_classifier
    from argmap.segment import load_pipeline

    nlp, classifier = load_pipeline(), get_classifier()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        argmap.map_thread(path, nlp=nlp, classifier=classifier)
        times.append(time.perf_counter() - started)
    return {"best_s": round(min(times), 3), "runs": [round(t, 3) for t in times],
            "load": os.getloadavg(), "argmap": argmap.__file__}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["corpora", "dump", "sizes", "single"])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.what == "sizes":
        sizes(args.paths)
        return
    if args.what == "single":
        print(
            json.dumps(single(Path(args.paths[0]) if args.paths else PKL, args.repeat))
        )
        return
    inputs = args.paths if args.what == "dump" else [str(SHARED)]
    for workers in args.workers:
        print(json.dumps(run(inputs, workers, args.limit)), flush=True)


if __name__ == "__main__":
    main()
