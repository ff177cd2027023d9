"""Time of the analysis stage (acceptability, report) on a large synthetic graph.

Not a test: numbers go to docs/performance.md with the command.

    PYTHONPATH=. python benchmarks/bench_analysis.py [--posts 100000]

The graph has one claim per post and a random reply tree (each post answers
an earlier one, as in a thread, so the claim graph has no cycle); each
reply's claim answers its parent's claim with ``rebuts``, ``supports`` or
``neutral`` at a confidence uniform in [0, 1].
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from argmap.analysis.acceptability import annotate
from argmap.export.report import Report


def synthetic(posts: int, seed: int = 0) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph(site="x", thread_id="1", title="", url="", link="", classifier="",
                        fetched_at="", argmap_version="", complete=True, skipped=0)  # fmt: skip
    for i in range(posts):
        post, claim = f"x:{i}", f"x:{i}#0"
        G.add_node(post, kind="post", author=f"u{i % 5000}", depth=1 if i < 1000 else 2,
                   url=f"https://x.example/{i}", created=f"2024-01-01T00:{i % 60:02d}:00Z",
                   text="t", parent="", status="ok")  # fmt: skip
        G.add_node(
            claim, kind="claim", text=f"claim {i}", claim_type="claim", start=0, end=5
        )
        G.add_edge(post, claim, key="contains", relation="contains")
        if i:
            j = rng.randrange(i)
            G.add_edge(post, f"x:{j}", key="replies_to", relation="replies_to",
                       stance="rebuts", confidence=0.6)  # fmt: skip
            rel = rng.choice(["rebuts", "supports", "neutral"])
            G.add_edge(
                claim, f"x:{j}#0", key=rel, relation=rel, confidence=rng.random()
            )
    return G


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    args = parser.parse_args()
    G = synthetic(args.posts)
    start = time.perf_counter()
    annotate(G)
    print(f"annotate: {time.perf_counter() - start:.2f} s for {args.posts} claims")
    start = time.perf_counter()
    report = Report.from_graph(G)
    report.markdown(), report.html()
    print(f"report (data, Markdown, HTML): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
