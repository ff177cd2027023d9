"""The same faults from the command line: ``argmap map URL``.

The CLI builds its own PoliteSession; here it is the real class with the
waits taken out (robots.txt is still read, from the mocked site). A fault is
one line on stderr and exit code 4, never a traceback; a partial thread is
written, and the summary says it is incomplete.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

import argmap.http.session
from argmap.cli import app
from tests.network import sites

HN_URL = sites.HN + "item?id=1"
HN_P1 = re.compile(r"https://news\.ycombinator\.com/item\?id=1$")
HN_P2 = re.compile(r"https://news\.ycombinator\.com/item\?id=1&p=2$")
ROBOTS = "https://news.ycombinator.com/robots.txt"
HTML = "text/html; charset=utf-8"


class _NoWaiting(argmap.http.session.PoliteSession):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(min_interval=0, backoff_factor=0)
        super().__init__(**kwargs)


@pytest.fixture
def cli(monkeypatch, web, tmp_path):
    monkeypatch.setattr(argmap.http.session, "PoliteSession", _NoWaiting)
    web.get(ROBOTS, body="User-agent: *\nDisallow: /x?\n")
    out = tmp_path / "out"

    def run(*args: str):
        options = ["-o", str(out), "-f", "json", "--classifier", sites.CLASSIFIER]
        return CliRunner().invoke(app, ["map", *args, *options])

    run.out = out  # type: ignore[attr-defined]
    return run


def test_a_site_that_keeps_failing_is_one_line_and_exit_4(cli, web) -> None:
    web.get(HN_P1, status=503, body="")
    result = cli(HN_URL, "--via", "html")
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        "argmap: error: GET https://news.ycombinator.com/item?id=1 failed after 5 "
        "attempts: HTTP 503 Service Unavailable"
    )
    assert "Traceback" not in result.output + result.stderr
    assert not cli.out.exists()  # nothing written


def test_a_block_page_is_one_line_naming_the_site(cli, web) -> None:
    web.get(HN_P1, status=200, content_type=HTML, body=sites.HN_RATE_LIMIT)
    result = cli(HN_URL, "--via", "html")
    assert result.exit_code == 4
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("argmap: error: news.ycombinator.com answered")
    assert "rate-limit page" in line and "--via api" in line


def test_a_partial_thread_is_written_and_the_summary_warns(cli, web) -> None:
    web.get(HN_P1, status=200, content_type=HTML,
            body=sites.hn_page([("10", 0), ("11", 1)], more=True))  # fmt: skip
    web.get(HN_P2, status=200, content_type=HTML, body=sites.CLOUDFLARE)
    result = cli(HN_URL, "--via", "html")
    assert result.exit_code == 0, result.output
    assert "WARNING: the thread is incomplete" in result.stdout
    assert (
        "- page 2: fetching it failed: news.ycombinator.com answered" in result.stdout
    )
    assert "Cloudflare bot check" in result.stdout
    data = json.loads((cli.out / "hackernews-1.json").read_text())
    assert data["graph"]["complete"] is False and data["graph"]["skipped"] == 1
