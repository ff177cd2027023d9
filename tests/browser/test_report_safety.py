"""No thread text runs as script in the HTML report, and the report loads
nothing, checked in headless Chromium with the network blocked.

Each payload of ``payloads.PAYLOADS`` goes into one report of the hand-made
debate (tests/helpers.py) as every claim's and post's text, every author, the
thread title and, for the URL payloads, every post URL and the thread and
story links. Chromium opens the report offline; then nothing may have run,
the page may not have navigated, no CSP violation or error may be reported,
nothing may have been requested from outside the file, and every link must
be an http(s) link opened with ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from argmap.export.html.safe_text import http_url
from argmap.export.report import Report
from tests.browser import chromium as browser
from tests.browser.payloads import PAYLOADS, Payload
from tests.helpers import debate

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = browser.missing()
    if reason:
        pytest.skip(reason)
    with browser.headless_chromium() as driver:
        yield driver


def hostile_report(payload: Payload) -> Report:
    G = debate()
    G.graph["title"] = payload.text
    for _, data in G.nodes(data=True):
        data["text"] = payload.text
        if data["kind"] == "post":
            data["author"] = payload.text
            if payload.is_url:
                data["url"] = payload.text
    if payload.is_url:
        G.graph["url"] = G.graph["link"] = payload.text
    return Report.from_graph(G)


def test_no_payload_runs_or_loads_anything_in_the_report(chromium, tmp_path):
    failures = []
    for payload in PAYLOADS:
        path = hostile_report(payload).write(tmp_path / payload.id)["html"]
        url = path.resolve().as_uri()
        chromium.get_log("performance")
        chromium.get(url)
        token = browser.arm(chromium)
        time.sleep(0.05)
        found = browser.traces(chromium, url, token)
        found += browser.page_errors(chromium)
        found += [f"requested {u}" for u in browser.outside_requests(chromium)]
        for href, rel in chromium.execute_script(
            "return [...document.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.rel])"
        ):
            if not http_url(href) or not {"noopener", "noreferrer"} <= set(rel.split()):
                found.append(f"link {href!r} rel={rel!r}")
        tags = set(chromium.execute_script(
            "return [...document.querySelectorAll('*')].map(e => e.tagName.toLowerCase())"
        ))  # fmt: skip
        allowed = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "a", "br",
                   "span", "strong", "ol", "ul", "li", "table", "tbody", "tr", "th", "td", "i",
                   "svg", "rect", "text"}  # fmt: skip
        found += [f"element <{t}>" for t in tags - allowed]
        if found:
            failures.append(f"{payload.id} ({payload.kind}): {found}")
    assert not failures, "\n".join(failures)


def test_the_report_has_no_script_and_a_strict_csp(chromium, tmp_path):
    path = Report.from_graph(debate()).write(tmp_path)["html"]
    chromium.get(path.resolve().as_uri())
    assert chromium.execute_script("return document.scripts.length") == 0
    csp = chromium.execute_script(
        "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content"
    )
    assert "default-src 'none'" in csp and "script-src 'none'" in csp
    # The style block is allowed by its hash: the page is styled, not blank.
    weight = chromium.execute_script(
        "return getComputedStyle(document.querySelector('h2')).borderBottomStyle"
    )
    assert weight == "solid"
    assert browser.page_errors(chromium) == []
