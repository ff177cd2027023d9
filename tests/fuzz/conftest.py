"""Hypothesis profiles for the fuzz suite.

The default run is small and fast (each fuzz test sets a few dozen examples and
a deadline). Two ways to run it long:

    ARGMAP_FUZZ_EXAMPLES=5000 python -m pytest tests/fuzz -m fuzz
    python -m pytest tests/fuzz -m fuzz --hypothesis-profile=argmap-fuzz-long

Every test in this folder is marked ``fuzz`` (by the hook below), which the
default run leaves out: ``-m fuzz`` selects them.

The profile only works when ``tests/fuzz`` is named on the command line (pytest
loads this file before it reads the option only then); the variable always
works. Either also makes the size tests (tests/fuzz/test_limits.py) run their
100,000-comment case for every parser. See docs/reliability.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

LONG_PROFILE = "argmap-fuzz-long"


def pytest_configure(config):
    # argmap filters this bs4 warning ("looks like a URL") for its own calls,
    # but pytest resets warning filters around each test; a comment that is
    # only a URL is ordinary input, not something to report.
    config.addinivalue_line(
        "filterwarnings", "ignore::bs4.MarkupResemblesLocatorWarning"
    )


settings.register_profile(
    LONG_PROFILE,
    max_examples=5000,
    deadline=60_000,  # ms: a long run on a loaded machine must not flake
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    # Every test here is part of the fuzz suite: marked by folder, so a new
    # module cannot slip into the fast run.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.fuzz)
