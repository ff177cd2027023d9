"""The worked examples of docs/analysis.md run, on the bundled sample."""

from __future__ import annotations

import doctest

from tests.helpers import REPO


def test_docs_analysis_examples_run():
    result = doctest.testfile(
        str(REPO / "docs" / "analysis.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted >= 10, "docs/analysis.md lost its examples"
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} examples in docs/analysis.md failed"
    )
