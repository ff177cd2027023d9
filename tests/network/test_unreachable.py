"""No network: ``argmap map URL`` says in one line why the host cannot be reached.

Name lookups are mocked (``socket.getaddrinfo``): a host that does not
resolve, or one that resolves to a closed 127.0.0.1 port (refused) or to a
port whose accept queue is full (connecting times out). The real session,
transport and retries run; nothing leaves the machine.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

import argmap.http.session
from argmap.cli import app
from tests.network.servers import blackhole, closed_port

URL = "https://lobste.rs/s/tdfoqh"


class _FastSession(argmap.http.session.PoliteSession):
    """The CLI's session with its waits and timeouts cut short."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(min_interval=0, backoff_factor=0, timeout=(0.3, 0.3))
        super().__init__(**kwargs)


@pytest.fixture(autouse=True)
def _urllib3_level() -> Iterator[None]:
    # The CLI sets urllib3's log level for its process: put it back.
    logger = logging.getLogger("urllib3")
    level = logger.level
    yield
    logger.setLevel(level)


def _not_found(*args: Any, **kwargs: Any) -> Any:
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


@pytest.fixture(params=["host not found", "connection refused", "connection timed out"])
def no_network(request, monkeypatch) -> Iterator[str]:
    """Every name lookup fails, or leads to a port that refuses or never answers."""
    if request.param == "host not found":
        monkeypatch.setattr(socket, "getaddrinfo", _not_found)
        yield request.param
        return
    with blackhole() as hole:
        port = closed_port() if request.param == "connection refused" else hole.port
        answer = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answer)
        yield request.param


@pytest.mark.parametrize(
    ("url", "host"),
    [
        (URL, "lobste.rs"),
        ("https://news.ycombinator.com/item?id=1", "news.ycombinator.com"),
    ],
    ids=["lobsters", "hn (its Algolia fallback cannot be reached either)"],
)
def test_no_network_is_one_line_naming_the_cause(
    no_network, url, host, monkeypatch, caplog, tmp_path
):
    monkeypatch.setattr(argmap.http.session, "PoliteSession", _FastSession)
    result = CliRunner().invoke(app, ["map", url, "-o", str(tmp_path), "-f", "json"])
    assert result.exit_code == 4
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(
        f"argmap: error: cannot reach {host}: GET https://{host}/robots.txt "
        f"failed after 5 attempts: {no_network} ("
    )
    assert "disallow" not in line and "RFC 9309" not in line
    # No warning lines either: urllib3's "Retrying (PoliteRetry(total=3, ...))"
    # stay quiet, and so does the HN fallback when the API is unreachable too.
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not list(tmp_path.iterdir())


def test_the_terminal_shows_only_that_line(tmp_path):
    # A real process, so that what logging prints is seen too; lookups fail and
    # sleeps are skipped inside it, before argmap is imported.
    script = (
        "import socket, sys, time\n"
        "time.sleep = lambda seconds: None\n"
        "def missing(*a, **k):\n"
        "    raise socket.gaierror(socket.EAI_NONAME, 'Name or service not known')\n"
        "socket.getaddrinfo = missing\n"
        "from argmap.cli import main\n"
        f"sys.argv = ['argmap', 'map', {URL!r}, '-o', {str(tmp_path)!r}]\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 4, proc.stderr
    assert proc.stdout == ""
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("argmap: error: cannot reach lobste.rs: ")
    assert "host not found (Failed to resolve 'lobste.rs'" in line


def test_verbose_shows_the_retries_again(monkeypatch, caplog, tmp_path):
    monkeypatch.setattr(socket, "getaddrinfo", _not_found)
    monkeypatch.setattr(argmap.http.session, "PoliteSession", _FastSession)
    with caplog.at_level(logging.WARNING):
        CliRunner().invoke(app, ["map", URL, "-o", str(tmp_path), "-v"])
    assert [r for r in caplog.records if r.name.startswith("urllib3")]
