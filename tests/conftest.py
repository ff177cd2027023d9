"""Fixtures and hooks only; helpers live in tests/helpers.py.

Real captures are read from ../shared, never copied here.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    # No test may touch the user's real cache.
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
