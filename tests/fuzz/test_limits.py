"""Deep and huge inputs, each in its own process under a memory cap and a timeout.

Every parser gets a reply chain 10,000 levels deep and a thread of 100,000
comments (tests/fuzz/_cases.py builds them). Each case runs in a subprocess
whose address space is capped (``RLIMIT_AS``), with a wall-clock timeout, so
that a runaway allocation fails as a MemoryError in the child and a hang
fails the test instead of blocking CI. The default run keeps the slow HTML-
bodied cases smaller (their time is linear, a fixed cost per comment); the
long run (ARGMAP_FUZZ_EXAMPLES or the argmap-fuzz-long profile) runs all at
full size. Measured sizes, times and memory are in docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fuzz._fuzz import long_run

REPO = Path(__file__).resolve().parents[2]
MEMORY_MB = 1536  # address space, not resident memory: Python maps more than it uses
TIMEOUT_S = 300
PEAK_RSS_MB = 512  # resident memory any case may reach

DEEP, MANY = 10_000, 100_000
# case: (size in the default run, size in the long run, what must come out)
CASES = {
    # 10,000 levels of nesting
    "html-nested": (DEEP, DEEP, "ok"),
    "hn-page-deep-body": (DEEP, DEEP, "ok"),
    "hn-page-deep-chain": (2_000, DEEP, "chain"),
    "hn-page-huge-indent": (1_000, DEEP, "ok"),
    "hn-api-deep": (DEEP, DEEP, "chain"),
    "hn-api-deep-file": (DEEP, DEEP, "ThreadFormatError"),
    "reddit-deep": (DEEP, DEEP, "chain"),
    "discourse-deep": (DEEP, DEEP, "chain"),
    "lobsters-deep": (DEEP, DEEP, "chain"),
    "lobsters-deep-indent": (2_000, DEEP, "chain"),
    "lobsters-huge-depth": (1_000, DEEP, "ok"),
    "thread-json-deep-file": (DEEP, DEEP, "chain"),
    "thread-json-deep-reversed-file": (DEEP, DEEP, "chain"),
    # 100,000 comments
    "thread-json-many-file": (MANY, MANY, "all"),
    "thread-json-duplicate-at-end": (MANY, MANY, "ThreadFormatError"),
    "reddit-many": (2_000, MANY, "all"),
    "reddit-many-file": (MANY, MANY, "all"),
    "hn-api-many": (2_000, MANY, "all"),
    "hn-api-many-file": (2_000, MANY, "all"),
    "discourse-many": (2_000, MANY, "all"),
    "discourse-many-quotes": (2_000, MANY, "all"),
    "lobsters-many": (2_000, MANY, "all"),
    "hn-page-many": (2_000, DEEP, "all"),
    "segment-many-posts": (2_000, MANY, "all"),
    "segment-huge-post": (DEEP, DEEP, "ok"),
}


def size(case: str) -> int:
    return CASES[case][1] if long_run() else CASES[case][0]


def run_case(case: str) -> dict | str:
    """The case's JSON summary, or what went wrong."""
    n = size(case)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tests.fuzz._cases", case, str(n), str(MEMORY_MB)],
            cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return f"{case} ({n:,}) did not finish in {TIMEOUT_S} s: a hang"
    if proc.returncode != 0:
        return f"{case} ({n:,}) failed:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def results() -> dict[str, dict | str]:
    """Every case, run up front, as many at once as there are cores."""
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        return dict(zip(CASES, pool.map(run_case, CASES)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_deep_and_huge_inputs(results, case):
    _, _, expect = CASES[case]
    n, result = size(case), results[case]
    if isinstance(result, str):
        pytest.fail(result)
    # Measured at most 241 MB (100,000 posts segmented); the cap is far above.
    assert result["peak_rss_mb"] < PEAK_RSS_MB, result
    if expect in ("ok", "chain", "all"):
        assert result["outcome"] == "ok", result
    else:
        assert result == {**result, "outcome": "error", "error": expect}
        assert result["message"].strip()
    if expect == "chain":  # every comment kept, each one level below the last
        assert result["max_depth"] in (n - 1, n) and result["posts"] in (n, n + 1)
    if expect == "all":
        assert result["posts"] in (n, n + 1) and result["skipped"] == 0, result
    print(f"{case} n={n:,}: {result}")
