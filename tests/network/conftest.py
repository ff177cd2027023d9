"""Fixtures for the network fault tests: mocked sites, loopback servers, fast sessions.

Every session here is the real ``PoliteSession`` with its waits taken out
(``min_interval=0``, ``backoff_factor=0``, robots.txt off) and its own cache
folder, so a test sees the real retry, cache and error paths without
sleeping. ``sleeps`` records what the session would have slept (Retry-After).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

from argmap.http.session import PoliteSession
from tests.network.servers import Loopback, loopback_server


@pytest.fixture
def web() -> Iterator[responses.RequestsMock]:
    """Mocked HTTP: an unregistered URL raises ConnectionError, as if unreachable."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    with loopback_server() as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def make_session(
    cache_dir: Path, sleeps: list[float]
) -> Iterator[Callable[..., PoliteSession]]:
    """A PoliteSession that never waits; keyword arguments override the defaults."""
    made: list[PoliteSession] = []

    def make(**kwargs: Any) -> PoliteSession:
        options: dict[str, Any] = {
            "respect_robots": False,
            "min_interval": 0,
            "backoff_factor": 0,
            "cache_dir": cache_dir,
            "timeout": (0.5, 0.5),
            "sleep": sleeps.append,
        }
        options.update(kwargs)
        session = PoliteSession(**options)
        made.append(session)
        return session

    yield make
    for session in made:
        session.close()
