"""How time and memory grow on inputs built to be slow, next to ordinary text.

Not a test: the machine is shared and noisy, so the figures go to
docs/reliability.md with the command that produced them.

    python benchmarks/adversarial.py [--repeat 3] [--scale 1.0] [--only NAME ...]

Each family is an input built to hit one known weakness, at three sizes, and
beside it ordinary text of the same size through the same code. Each run is
``argmap.map_thread`` on a file (read, parse, segment, relate, graph; not the
writing), in a fresh process, so that its peak memory is its own. Times are
CPU seconds of that process (best of ``--repeat``), which other jobs on the
machine disturb less than wall-clock time. The growth exponent is the slope
of log(time) against log(size): 1 is linear, 2 is quadratic. Every family's
exponent should be close to its normal text's.

Peak memory is how far the run raised the process's resident-set high-water
mark (Linux: reset through /proc/self/clear_refs before the run, read from
VmHWM after); elsewhere it is left blank. The file the run reads is written
before the reset, so it is not counted.

The Hacker News family needs the saved page in ../shared (it is not in the
repository); without it that family is skipped, saying so.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Benchmark the checkout this script is in, whatever argmap is installed.
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

HN_PAGE = (
    REPO.parent
    / "shared/corpora/hn-html/hn-item-48350598-chuwi-minibook-x-2026-06.html"
)
WORDS = (
    "the of and to in is that it was for on are with as be this have from or one had "
    "by not but what all were when we there can an your which their said if do will "
    "each about how up out them then many some so these would other into has more two "
    "like see time could no make than first been its who now people my made over did "
    "down only way find use may water long little very after words called just where "
    "most know"
).split()
# Symbols of several classes, one after another: openers, closers, quotes,
# sentence ends, currency and other signs, marks that are none of these.
MIXED = "?!'\"[*:)«$%(]}>»#@&^~\\|/¿¡–—‘’“”€£¥©®°±×÷§¶•…\u0301\u200b"
TIMEOUT_S = 900


def prose(chars: int, seed: int = 1) -> str:
    """Ordinary sentences of common words, ``chars`` characters long."""
    out, n, i = [], 0, seed
    while n < chars:
        words = [WORDS[(i * 7 + k * 13) % len(WORDS)] for k in range(12)]
        i += 1
        sentence = " ".join(words).capitalize() + ". "
        out.append(sentence)
        n += len(sentence)
    return "".join(out)[:chars]


def thread_file(folder: Path, comments: list[str]) -> Path:
    """An argmap thread JSON: a short opening post and ``comments`` replying to it."""
    posts = [{"id": "0", "parent": None, "text": "Is this a good idea? I think it is."}]
    posts += [
        {"id": str(i), "parent": "0", "text": text}
        for i, text in enumerate(comments, 1)
    ]
    path = folder / "thread.json"
    path.write_text(
        json.dumps({"format": "argmap-thread", "title": "T", "posts": posts}), "utf-8"
    )
    return path


def one_comment(text: Callable[[int], str]) -> Callable[[Path, int], Path]:
    return lambda folder, size: thread_file(folder, [text(size)])


def repeated(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def hn_page(extra: Callable[[int], str]) -> Callable[[Path, int], Path]:
    def write(folder: Path, size: int) -> Path:
        page = HN_PAGE.read_text("utf-8")
        path = folder / HN_PAGE.name
        path.write_text(page.replace("</body>", extra(size) + "</body>"), "utf-8")
        return path

    return write


def ordinary_comments(folder: Path, size: int) -> Path:
    """``size`` characters of prose as 2,000-character comments."""
    return thread_file(folder, [prose(2_000, seed=i) for i in range(size // 2_000)])


def random_sentences(n: int, seed: int) -> list[str]:
    """``n`` claims that share two common words and otherwise made-up ones: every
    pair of them overlaps a little, and none matches another."""
    rng = random.Random(seed)
    word = lambda: f"w{rng.randrange(10**9)}"
    return [f"The {word()} makes {word()} better than {word()}." for _ in range(n)]


def chain_file(folder: Path, parent_text: str, reply_text: str) -> Path:
    """An opening post, a long comment, and a reply to that comment."""
    posts = [{"id": "0", "parent": None, "text": "What do you think?"},
             {"id": "1", "parent": "0", "text": parent_text},
             {"id": "2", "parent": "1", "text": reply_text}]  # fmt: skip
    path = folder / "thread.json"
    path.write_text(
        json.dumps({"format": "argmap-thread", "title": "T", "posts": posts}), "utf-8"
    )
    return path


def quote_storm(folder: Path, size: int) -> Path:
    """A parent of ``size`` sentences; a reply of ``size // 10`` quotes matching none."""
    quotes = "\n\n".join(
        f"> {q}\n\nI disagree." for q in random_sentences(size // 10, 2)
    )
    return chain_file(folder, " ".join(random_sentences(size, 1)), quotes)


def sentence_storm(folder: Path, size: int) -> Path:
    """A parent and a reply of ``size`` sentences each: every pair is a candidate."""
    return chain_file(folder, " ".join(random_sentences(size, 3)),
                      " ".join(random_sentences(size, 4)))  # fmt: skip


def prose_chain(folder: Path, size: int) -> Path:
    """The same shape in ordinary prose, for comparison."""
    return chain_file(folder, prose(60 * size, 5), prose(60 * size // 10, 6))


@dataclass(frozen=True)
class Family:
    what: str
    unit: str
    sizes: tuple[int, ...]
    write: Callable[[Path, int], Path]
    normal: Callable[[Path, int], Path]


COMMENT_SIZES = (50_000, 100_000, 200_000)
FAMILIES = {
    **{
        f"run of {shown}": Family(
            f"one comment of {shown} repeated",
            "characters",
            COMMENT_SIZES,
            one_comment(repeated(unit)),
            one_comment(prose),
        )
        for shown, unit in [
            ('"("', "("),
            ('"?"', "?"),
            ('"\'"', "'"),
            ('"«"', "«"),
            ('"$"', "$"),
            ('"%"', "%"),
            ('"...)"', "...)"),
            ('"\'s"', "'s"),
            ('"US$"', "US$"),
        ]
    },
    "mixed symbols": Family(
        f"one comment cycling through {len(MIXED)} symbols of every class",
        "characters",
        COMMENT_SIZES,
        one_comment(repeated(MIXED)),
        one_comment(prose),
    ),
    'HN page + "<a "': Family(
        'a saved HN page with N unclosed "<a " before </body>',
        '"<a "',
        (20_000, 40_000, 80_000),
        hn_page(lambda n: "<a " * n),
        hn_page(lambda n: prose(3 * n)),
    ),
    "quotes vs a long parent": Family(
        "a parent of N claims and a reply of N/10 quotes that match none",
        "sentences",
        (2_000, 4_000, 8_000),
        quote_storm,
        prose_chain,
    ),
    "sentences vs sentences": Family(
        "a parent and a reply of N claims each, sharing only common words",
        "sentences",
        (2_000, 4_000, 8_000),
        sentence_storm,
        prose_chain,
    ),
    "huge comment": Family(
        "one comment of N characters of prose (too long to segment)",
        "characters",
        (2_000_000, 4_000_000, 8_000_000),
        one_comment(prose),
        ordinary_comments,
    ),
}


def measure(name: str, normal: bool, size: int, repeat: int) -> dict:
    """In this process: best time of ``repeat`` runs, and the first run's peak memory."""
    import argmap
    from argmap.relate import get_classifier
    from argmap.segment import load_pipeline

    family = FAMILIES[name]
    nlp, classifier = load_pipeline(), get_classifier()
    with tempfile.TemporaryDirectory() as tmp:
        warm = thread_file(Path(tmp), ["A first reply. It warms the pipeline up."])
        argmap.map_thread(warm, nlp=nlp, classifier=classifier)
        path = (family.normal if normal else family.write)(Path(tmp), size)
        times, peak = [], None
        for run in range(repeat):
            gc.collect()
            before = _reset_peak_rss() if run == 0 else None
            start = time.process_time()
            argmap.map_thread(path, nlp=nlp, classifier=classifier)
            times.append(time.process_time() - start)
            if before is not None:
                peak = _status_kb("VmHWM") - before
    return {"seconds": min(times), "peak_mb": None if peak is None else peak / 1024}


def _reset_peak_rss() -> int | None:
    """Set the high-water mark to the current resident set (Linux); its size in kB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kb("VmRSS")
    except OSError:
        return None


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise OSError(f"no {field} in /proc/self/status")


def measure_apart(name: str, normal: bool, size: int, repeat: int) -> dict:
    """``measure`` in a fresh process; a run past TIMEOUT_S is reported, not waited for."""
    command = [
        sys.executable,
        __file__,
        "--measure",
        name,
        str(int(normal)),
        str(size),
        "--repeat",
        str(repeat),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return {"seconds": math.inf, "peak_mb": None}
    if done.returncode != 0:
        raise SystemExit(f"{name} at {size} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def exponent(sizes: tuple[int, ...], values: list[float | None]) -> float | None:
    """Least-squares slope of log(value) on log(size)."""
    if any(v is None or not 0 < v < math.inf for v in values):
        return None
    xs = [math.log(s) for s in sizes]
    ys = [math.log(v) for v in values]  # type: ignore[arg-type]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum(
        (x - mx) ** 2 for x in xs
    )


def _fmt(values: list[float | None], digits: int = 2) -> str:
    return " / ".join(
        "-" if v is None else "timeout" if v == math.inf else f"{v:.{digits}f}"
        for v in values
    )


def _exp(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size; the best time counts"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every size by this"
    )
    parser.add_argument("--only", nargs="*", help="families to run (names as printed)")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        name, normal, size = args.measure
        print(json.dumps(measure(name, normal == "1", int(size), args.repeat)))
        return
    print(
        "| family | sizes | CPU seconds | exponent | normal text: CPU seconds | exponent "
        "| peak MB | normal peak MB | memory exponent |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, family in FAMILIES.items():
        if args.only and name not in args.only:
            continue
        if family.write.__qualname__.startswith("hn_page") and not HN_PAGE.exists():
            print(f"| {name} | skipped: {HN_PAGE} not found | | | | | | | |")
            continue
        sizes = tuple(max(1, round(s * args.scale)) for s in family.sizes)
        runs = [measure_apart(name, False, s, args.repeat) for s in sizes]
        normal = [measure_apart(name, True, s, args.repeat) for s in sizes]
        seconds = [r["seconds"] for r in runs]
        normal_seconds = [r["seconds"] for r in normal]
        peaks = [r["peak_mb"] for r in runs]
        normal_peaks = [r["peak_mb"] for r in normal]
        print(
            f"| {name} | {' / '.join(f'{s:,}' for s in sizes)} {family.unit} | {_fmt(seconds)} "
            f"| {_exp(exponent(sizes, seconds))} | {_fmt(normal_seconds)} "
            f"| {_exp(exponent(sizes, normal_seconds))} | {_fmt(peaks, 0)} "
            f"| {_fmt(normal_peaks, 0)} | {_exp(exponent(sizes, peaks))} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
