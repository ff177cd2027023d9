"""Shared fixtures. Real captures are read from ../shared, never copied here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARGMAP_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the calling test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared ({path} not found): real captures are not in the repo")
    return path


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    # No test may touch the user's real cache.
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
