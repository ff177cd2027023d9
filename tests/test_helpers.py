"""The test helpers' own promises: what a missing ../shared does."""

from __future__ import annotations

import pytest

from tests import helpers


def test_a_missing_capture_skips_for_a_developer_and_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(helpers, "SHARED", tmp_path / "no-shared")
    for unset in (None, "", "0"):
        if unset is None:
            monkeypatch.delenv(helpers.REQUIRE_SHARED_ENV, raising=False)
        else:
            monkeypatch.setenv(helpers.REQUIRE_SHARED_ENV, unset)
        with pytest.raises(pytest.skip.Exception, match="needs ../shared"):
            helpers.shared_path("corpora", "reddit")
    monkeypatch.setenv(helpers.REQUIRE_SHARED_ENV, "1")  # as .ci/run sets it
    with pytest.raises(pytest.fail.Exception, match="ARGMAP_REQUIRE_SHARED is set"):
        helpers.shared_path("corpora", "reddit")


def test_a_capture_that_is_there_is_returned(monkeypatch, tmp_path):
    (tmp_path / "corpora").mkdir()
    monkeypatch.setattr(helpers, "SHARED", tmp_path)
    monkeypatch.setenv(helpers.REQUIRE_SHARED_ENV, "1")
    assert helpers.shared_path("corpora") == tmp_path / "corpora"
