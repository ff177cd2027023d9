"""Time and peak memory of each stage of mapping one saved thread.

Not a test: the machine is shared and noisy, so numbers go to
docs/performance.md with the command that produced them.

    python benchmarks/bench_map.py [CAPTURE.html] [--repeat 3] [--classifier NAME]
                                   [--formats html,graphml,json | all]

The default capture is the 566-comment Hacker News thread 39232976 from
../shared. Times are the best of ``--repeat`` runs; peak memory is measured
in a separate run under tracemalloc (which slows code down), as the peak of
Python allocations during that stage; tracemalloc does not see memory that
spaCy's compiled code allocates, so the process's resident-set high-water
mark is shown too: how much each stage (first run, cold) raised it. The floor is spaCy's tokenizer alone
over the same post texts: no pipeline can segment faster than it tokenizes.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy

from argmap.analysis.acceptability import annotate
from argmap.analysis.points import add_points, find_points
from argmap.export import DEFAULT_FORMATS, FORMATS, get_writer
from argmap.export.report import Report
from argmap.graph import build_graph
from argmap.relate import get_classifier, relate_thread
from argmap.segment import load_pipeline, segment_thread
from argmap.sources.files import read_thread_file

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared/corpora/hn-html/hn-item-39232976-pkl-config-language-2024-02.html"
)


def stages(path: Path, out_dir: Path, formats: Sequence[str] = DEFAULT_FORMATS) -> list[tuple[str, Callable[[dict], object]]]:
    """(name, step) pairs; each step reads and writes a shared state dict."""

    def parse(s):
        s["thread"] = read_thread_file(path)

    def segment(s):
        s["claims"] = segment_thread(s["thread"], s["nlp"])

    def relate(s):
        s["relations"] = relate_thread(s["thread"], s["claims"], s["classifier"])

    def graph(s):
        s["G"] = build_graph(s["thread"], s["claims"], s["relations"])

    def points(s):  # key points, the lexical method (map_thread's default)
        add_points(s["G"], find_points(s["G"]))

    def analyse(s):  # what map_thread runs after build_graph
        annotate(s["G"])

    def report(s):
        Report.from_graph(s["G"]).write(out_dir)

    steps = [("parse", parse), ("segment", segment), ("relate", relate), ("graph", graph),
             ("points", points), ("acceptability", analyse)]
    for fmt in formats:
        writer = get_writer(fmt)
        steps.append((f"export {fmt}", lambda s, w=writer, f=fmt: w(s["G"], out_dir / f"bench.{f}")))
    steps.append(("report", report))
    return steps


def tokenizer_floor(texts: list[str]) -> float:
    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=128):
        pass
    return time.perf_counter() - start


def run(path: Path, repeat: int, classifier: str | None = None,
        formats: Sequence[str] = DEFAULT_FORMATS) -> None:
    state: dict = {"nlp": load_pipeline(),
                   "classifier": get_classifier(classifier) if classifier else get_classifier()}
    with tempfile.TemporaryDirectory() as tmp:
        steps = stages(path, Path(tmp), formats)
        best = {name: float("inf") for name, _ in steps}
        rss_rise = {}
        for run_number in range(repeat):
            for name, step in steps:
                gc.collect()
                rss_before = _max_rss_mib()
                start = time.perf_counter()
                step(state)
                best[name] = min(best[name], time.perf_counter() - start)
                if run_number == 0:
                    rss_rise[name] = _max_rss_mib() - rss_before
        peaks = {}
        for name, step in steps:
            gc.collect()
            tracemalloc.start()
            step(state)
            peaks[name] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    thread = state["thread"]
    texts = [p.text for p in thread.posts]
    words = sum(len(t.split()) for t in texts)
    floor = min(tokenizer_floor(texts) for _ in range(repeat))
    print(f"capture: {path.name}, classifier {state['classifier'].name}")
    print(f"posts {len(thread.posts)}, words {words}, claims {len(state['claims'])}, "
          f"relations {len(state['relations'])}, nodes {state['G'].number_of_nodes()}, "
          f"edges {state['G'].number_of_edges()}")
    print(f"{'stage':16} {'time (s)':>9} {'py peak MiB':>12} {'RSS rise MiB':>13}")
    for name, _ in steps:
        print(f"{name:16} {best[name]:9.3f} {peaks[name] / 2**20:12.1f} {rss_rise[name]:13.1f}")
    print(f"{'total':16} {sum(best.values()):9.3f}")
    print(f"{'tokenizer floor':16} {floor:9.3f}   ({words / floor:,.0f} words/s; "
          f"segment runs at {words / best['segment']:,.0f} words/s)")
    print(f"process max RSS: {_max_rss_mib():.0f} MiB")


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("capture", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--classifier", help="relation classifier name (default: argmap's default)")
    parser.add_argument("--formats", default=",".join(DEFAULT_FORMATS),
                        help="comma-separated formats to time writing, or all")
    args = parser.parse_args()
    if not args.capture.is_file():
        print(f"capture not found: {args.capture} (it lives in ../shared)", file=sys.stderr)
        return 1
    formats = FORMATS if args.formats == "all" else args.formats.split(",")
    run(args.capture, args.repeat, args.classifier, formats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
