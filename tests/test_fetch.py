"""PoliteSession: identity, retries, rate limit, robots.txt, cache, offline, errors.

No test touches the network: HTTP is mocked with ``responses``, or served by a
scripted server on 127.0.0.1 where the real urllib3 retry path matters
(Retry-After, resets, timeouts, truncated bodies). Waits run on a fake clock.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import platformdirs
import pytest
import requests
import responses
from hypothesis import given
from hypothesis import strategies as st

from argmap import PROJECT_URL, __version__
from argmap.errors import (
    HttpError,
    InputError,
    NotFoundError,
    OfflineMissError,
    RobotsDisallowedError,
    SourceError,
    UnreachableError,
)
from argmap.http.ratelimit import RateLimiter
from argmap.http.session import (
    CACHE_FILE,
    USER_AGENT,
    Page,
    PoliteSession,
    default_cache_dir,
)
from argmap.http.session import (
    decode as _decode,
)
from tests.network.servers import Loopback, loopback_server

HOST = "https://forum.example"
ROBOTS = f"{HOST}/robots.txt"
PAGE = f"{HOST}/t/1"
PAGE2 = f"{HOST}/t/2"
ALLOW_ALL = "User-agent: *\nAllow: /\n"
# Shaped like Hacker News' robots.txt (field notes: /item?id= allowed, Crawl-delay 30).
HN_LIKE = "User-Agent: *\nDisallow: /x?\nDisallow: /vote?\nCrawl-delay: 30\n"


# --- fixtures -------------------------------------------------------------


class FakeClock:
    """A monotonic clock whose sleep records the wait and moves time on at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def requested() -> list[str]:
    """Every URL a session reported through on_request."""
    return []


@pytest.fixture
def make_session(
    clock: FakeClock, requested: list[str]
) -> Iterator[Callable[..., PoliteSession]]:
    sessions: list[PoliteSession] = []

    def make(**kwargs: Any) -> PoliteSession:
        kwargs.setdefault("on_request", requested.append)
        session = PoliteSession(clock=clock, sleep=clock.sleep, **kwargs)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@pytest.fixture
def web() -> Iterator[responses.RequestsMock]:
    """Mocked HTTP; an unregistered URL raises ConnectionError, as if unreachable."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def site(
    web: responses.RequestsMock,
    robots: str = ALLOW_ALL,
    pages: dict[str, str] | None = None,
) -> None:
    """Serve robots.txt and {url: body} pages on the mocked web."""
    web.get(ROBOTS, body=robots)
    for url, body in (pages or {}).items():
        web.get(url, body=body)


def urls(web: responses.RequestsMock) -> list[str]:
    return [str(call.request.url) for call in web.calls]


def hang_up(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection without a response (a reset, to the client)."""
    handler.close_connection = True


def truncated(handler: BaseHTTPRequestHandler) -> None:
    """Promise 100 bytes, send 10, hang up."""
    handler.send_response(200)
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.write(b"0123456789")
    handler.close_connection = True


def slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(0.5)
    hang_up(handler)


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    with loopback_server() as scripted:
        yield scripted


# --- identity -------------------------------------------------------------


def test_user_agent_names_argmap_its_version_and_project() -> None:
    assert USER_AGENT == f"argmap/{__version__} (+{PROJECT_URL})"


def test_user_agent_is_sent_on_robots_and_page_requests(
    loopback: Loopback, make_session
) -> None:
    url = loopback.route("/item", (200, {}, b"ok"))
    make_session().get(url)
    assert [path for path, _ in loopback.requests] == ["/robots.txt", "/item"]
    assert all(headers["User-Agent"] == USER_AGENT for _, headers in loopback.requests)
    # Fixed, so cache entries stay valid if brotli or zstd get installed later.
    assert all(h["Accept-Encoding"] == "gzip, deflate" for _, h in loopback.requests)


def test_on_request_reports_each_network_request(web, make_session, requested) -> None:
    site(web, pages={PAGE: "ok"})
    make_session().get(PAGE)
    assert requested == [ROBOTS, PAGE]


# --- retries --------------------------------------------------------------


def test_429_with_retry_after_waits_as_asked_then_succeeds(
    loopback, make_session, clock
) -> None:
    url = loopback.route(
        "/item", (429, {"Retry-After": "2"}, b"slow down"), (200, {}, b"ok")
    )
    page = make_session(min_interval=0).get(url)
    assert page.text == "ok"
    assert loopback.hits_on("/item") == 2
    assert clock.sleeps == [2.0]


def test_retry_after_as_http_date(loopback, make_session, clock) -> None:
    when = formatdate(time.time() + 30, usegmt=True)
    url = loopback.route("/item", (503, {"Retry-After": when}, b""), (200, {}, b"ok"))
    make_session(min_interval=0).get(url)
    assert len(clock.sleeps) == 1
    assert 27 <= clock.sleeps[0] <= 30


@pytest.mark.parametrize(
    ("cap", "expected"), [({}, 120.0), ({"max_retry_after": 5}, 5.0)]
)
def test_retry_after_is_capped(loopback, make_session, clock, cap, expected) -> None:
    url = loopback.route(
        "/item", (429, {"Retry-After": "86400"}, b""), (200, {}, b"ok")
    )
    make_session(min_interval=0, **cap).get(url)
    assert clock.sleeps == [expected]


def test_unparseable_retry_after_falls_back_to_backoff(
    loopback, make_session, clock
) -> None:
    url = loopback.route(
        "/item", (429, {"Retry-After": "soon-ish"}, b""), (200, {}, b"ok")
    )
    assert make_session(min_interval=0).get(url).text == "ok"
    assert clock.sleeps == [1.0]


def test_5xx_burst_is_retried_with_exponential_backoff(
    loopback, make_session, clock
) -> None:
    url = loopback.route(
        "/item", (502, {}, b""), (503, {}, b""), (504, {}, b""), (200, {}, b"ok")
    )
    assert make_session(min_interval=0).get(url).text == "ok"
    assert loopback.hits_on("/item") == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_503_forever_raises_http_error_after_max_retries(
    loopback, make_session, clock
) -> None:
    url = loopback.route("/item", (503, {}, b"down"))
    with pytest.raises(HttpError) as info:
        make_session(min_interval=0, max_retries=2).get(url)
    assert loopback.hits_on("/item") == 3
    assert clock.sleeps == [1.0, 2.0]
    message = str(info.value)
    assert "\n" not in message
    assert url in message and "503" in message and "3 attempts" in message
    assert info.value.status == 503 and info.value.url == url


@pytest.mark.parametrize("status", [404, 410])
def test_gone_page_raises_not_found_without_retrying(
    loopback, make_session, status
) -> None:
    url = loopback.route("/item", (status, {}, b"no such item"))
    with pytest.raises(NotFoundError, match=str(status)) as info:
        make_session().get(url)
    assert loopback.hits_on("/item") == 1
    assert info.value.status == status and url in str(info.value)


def test_other_4xx_raises_http_error_without_retrying(loopback, make_session) -> None:
    url = loopback.route("/item", (403, {}, b"go away"))
    with pytest.raises(HttpError, match="403") as info:
        make_session().get(url)
    assert not isinstance(info.value, NotFoundError)
    assert loopback.hits_on("/item") == 1


# --- network failures -----------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_becomes_http_error(make_session, clock) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/item"
    with pytest.raises(HttpError) as info:
        make_session(respect_robots=False, max_retries=2).get(url)
    message = str(info.value)
    assert url in message and "connection refused" in message and "3 attempts" in message
    assert "\n" not in message
    assert clock.sleeps == [1.0, 2.0]
    assert isinstance(info.value, UnreachableError)


def test_a_host_that_cannot_be_reached_is_not_a_robots_refusal(
    make_session, requested
) -> None:
    port = _closed_port()
    robots = f"http://127.0.0.1:{port}/robots.txt"
    session = make_session(max_retries=1)
    for _ in range(2):  # remembered for the session: robots.txt is asked once
        with pytest.raises(UnreachableError) as info:
            session.get(f"http://127.0.0.1:{port}/item")
        assert str(info.value).startswith(
            f"cannot reach 127.0.0.1: GET {robots} failed after 2 attempts: "
            "connection refused ("
        )
        assert not isinstance(info.value, RobotsDisallowedError)
    assert requested == [robots]


def test_connection_reset_is_retried(loopback, make_session) -> None:
    url = loopback.route("/item", hang_up, (200, {}, b"ok"))
    assert make_session().get(url).text == "ok"
    assert loopback.hits_on("/item") == 2


def test_connection_reset_every_time_becomes_http_error(loopback, make_session) -> None:
    url = loopback.route("/item", hang_up)
    with pytest.raises(HttpError, match="2 attempts"):
        make_session(max_retries=1).get(url)
    assert loopback.hits_on("/item") == 2


def test_read_timeout_becomes_http_error(loopback, make_session) -> None:
    url = loopback.route("/item", slow)
    with pytest.raises(HttpError, match="read timed out") as info:
        make_session(respect_robots=False, timeout=(2.0, 0.1), max_retries=1).get(url)
    assert "2 attempts" in str(info.value)


def test_truncated_body_is_retried(loopback, make_session, clock) -> None:
    url = loopback.route("/item", truncated, (200, {}, b"whole"))
    assert make_session(min_interval=0).get(url).text == "whole"
    assert loopback.hits_on("/item") == 2
    assert clock.sleeps == [1.0]


def test_truncated_body_every_time_becomes_http_error(loopback, make_session) -> None:
    url = loopback.route("/item", truncated)
    with pytest.raises(HttpError, match="broke off") as info:
        make_session(max_retries=1).get(url)
    assert "2 attempts" in str(info.value)


@pytest.mark.parametrize(
    "failure",
    [
        requests.exceptions.ConnectionError("refused"),
        requests.exceptions.ConnectTimeout("connect timeout"),
        requests.exceptions.ReadTimeout("read timeout"),
        requests.exceptions.TooManyRedirects("30 redirects"),
        requests.exceptions.SSLError("certificate verify failed"),
        requests.exceptions.ContentDecodingError("bad gzip"),
        requests.exceptions.ChunkedEncodingError("chunk"),
        requests.exceptions.InvalidHeader("bad header"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_requests_failures_become_http_error(web, make_session, failure) -> None:
    site(web)
    web.get(PAGE, body=failure)
    with pytest.raises(HttpError) as info:
        make_session().get(PAGE)
    assert PAGE in str(info.value) and "\n" not in str(info.value)
    assert isinstance(info.value.__cause__, requests.RequestException)


@pytest.mark.parametrize(
    "url", ["ftp://forum.example/t/1", "forum.example/t/1", "https://"]
)
def test_unfetchable_url_becomes_http_error(make_session, url) -> None:
    with pytest.raises(HttpError, match="cannot fetch"):
        make_session().get(url)


# --- robots.txt -----------------------------------------------------------


def test_robots_disallow_raises_and_sends_no_page_request(web, make_session) -> None:
    site(web, robots="User-agent: *\nDisallow: /private/\n")
    url = f"{HOST}/private/t/1"
    with pytest.raises(RobotsDisallowedError) as info:
        make_session().get(url)
    assert url in str(info.value) and "robots.txt" in str(info.value)
    assert "disallows" in str(info.value)
    assert urls(web) == [ROBOTS]


def test_hn_like_robots_allows_items_but_not_more_links(web, make_session) -> None:
    site(web, robots=HN_LIKE, pages={f"{HOST}/item?id=1": "thread"})
    session = make_session()
    assert session.get(f"{HOST}/item", params={"id": "1"}).text == "thread"
    with pytest.raises(RobotsDisallowedError):
        session.get(f"{HOST}/x?fnid=abc")


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        ("User-agent: argmap\nDisallow: /\n\nUser-agent: *\nAllow: /\n", False),
        ("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nAllow: /\n", True),
        (HN_LIKE, True),
        (HN_LIKE.replace("Disallow: /x?", "Disallow: /t/"), False),
        ("User-agent: *\nDisallow: /\n", False),
        ("", True),
        ("<html>not a robots file</html>", True),
    ],
    ids=[
        "our-agent",
        "other-agent",
        "hn-like",
        "hn-like-t",
        "star-all",
        "empty",
        "garbage",
    ],
)
def test_robots_rules_apply_to_our_agent(web, make_session, robots, allowed) -> None:
    site(web, robots=robots, pages={PAGE: "ok"})
    session = make_session()
    if allowed:
        assert session.get(PAGE).text == "ok"
    else:
        with pytest.raises(RobotsDisallowedError):
            session.get(PAGE)


@pytest.mark.parametrize("status", [404, 410, 403])
def test_robots_4xx_means_everything_allowed(web, make_session, status) -> None:
    web.get(ROBOTS, status=status)
    web.get(PAGE, body="ok")
    assert make_session().get(PAGE).text == "ok"


@pytest.mark.parametrize(
    "failure",
    [{"status": 503}, {"status": 429}, {"body": requests.ConnectionError("down")}],
    ids=["503", "429", "network"],
)
def test_unreachable_robots_disallows_for_this_session_only(
    web, make_session, failure
) -> None:
    web.get(ROBOTS, **failure)
    web.get(PAGE, body="ok")
    session = make_session(max_retries=1)
    for _ in range(2):
        with pytest.raises(RobotsDisallowedError, match="could not be read") as info:
            session.get(PAGE)
        assert PAGE in str(info.value) and "RFC 9309" in str(info.value)
    assert PAGE not in urls(web)
    robots_calls = urls(web).count(ROBOTS)
    # Not remembered on disk: the next run asks again, and gets through.
    web.replace(responses.GET, ROBOTS, body=ALLOW_ALL)
    assert make_session().get(PAGE).text == "ok"
    assert urls(web).count(ROBOTS) == robots_calls + 1


def test_robots_is_fetched_once_per_host_and_cached(web, make_session) -> None:
    site(web, pages={PAGE: "one", PAGE2: "two"})
    session = make_session()
    session.get(PAGE)
    session.get(PAGE2)
    other = make_session(refresh=True)
    other.get(PAGE)
    assert urls(web) == [ROBOTS, PAGE, PAGE2, PAGE]


def test_robots_off_for_loopback_and_tests(web, make_session) -> None:
    web.get(PAGE, body="ok")
    assert make_session(respect_robots=False).get(PAGE).text == "ok"
    assert urls(web) == [PAGE]


# --- rate limit -----------------------------------------------------------


def test_crawl_delay_spaces_requests_to_the_host(web, make_session, clock) -> None:
    site(web, robots=HN_LIKE, pages={PAGE: "one", PAGE2: "two"})
    session = make_session()
    session.get(PAGE)
    session.get(PAGE2)
    # robots.txt itself is a request: the first page waits 30 s after it.
    assert clock.sleeps == [30.0, 30.0]


def test_min_interval_applies_when_larger_than_crawl_delay(
    web, make_session, clock
) -> None:
    site(web, robots="User-agent: *\nCrawl-delay: 1\n", pages={PAGE: "ok"})
    make_session(min_interval=5).get(PAGE)
    assert clock.sleeps == [5.0]


def test_request_rate_counts_as_a_delay(web, make_session, clock) -> None:
    site(web, robots="User-agent: *\nRequest-rate: 1/10\n", pages={PAGE: "ok"})
    make_session().get(PAGE)
    assert clock.sleeps == [10.0]


def test_rate_limit_is_per_host(clock) -> None:
    limiter = RateLimiter(2.0, clock=clock, sleep=clock.sleep)
    assert limiter.wait("a.example") == 0
    assert limiter.wait("b.example") == 0
    assert limiter.wait("a.example") == 2.0
    clock.now += 10
    assert limiter.wait("a.example") == 0
    assert clock.sleeps == [2.0]


def test_rate_limit_interval_never_drops_below_min(clock) -> None:
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep)
    limiter.set_interval("a.example", 1.0)
    limiter.set_interval("b.example", 30.0)
    assert limiter.interval("a.example") == 3.0
    assert limiter.interval("b.example") == 30.0
    with pytest.raises(ValueError):
        RateLimiter(-1)


# --- cache ----------------------------------------------------------------


def test_cache_hit_in_a_new_session_makes_no_request(
    web, make_session, clock, requested
) -> None:
    site(web, robots=HN_LIKE, pages={PAGE: "thread"})
    first = make_session().get(PAGE)
    calls, sleeps = len(web.calls), list(clock.sleeps)
    second = make_session().get(PAGE)
    assert second.text == "thread" and second.from_cache and not first.from_cache
    assert len(web.calls) == calls and requested == [ROBOTS, PAGE]
    assert clock.sleeps == sleeps  # cache hits are not rate limited
    assert second.fetched_at.tzinfo is not None
    assert second.fetched_at.utcoffset().total_seconds() == 0
    assert abs((second.fetched_at - first.fetched_at).total_seconds()) < 5


def test_cache_hit_keeps_the_original_fetch_time(web, make_session) -> None:
    site(web, pages={PAGE: "thread"})
    make_session().get(PAGE)
    stored = make_session().get(PAGE).fetched_at
    time.sleep(0.01)
    assert make_session().get(PAGE).fetched_at == stored


def test_refresh_refetches_and_updates_the_cache(web, make_session) -> None:
    site(web, pages={PAGE: "old"})
    make_session().get(PAGE)
    web.replace(responses.GET, PAGE, body="new")
    fresh = make_session(refresh=True).get(PAGE)
    assert fresh.text == "new" and not fresh.from_cache
    again = make_session().get(PAGE)
    assert again.text == "new" and again.from_cache
    assert urls(web).count(PAGE) == 2


def test_only_ok_responses_are_cached(web, make_session) -> None:
    site(web)
    web.get(PAGE, status=404)
    for _ in range(2):
        with pytest.raises(NotFoundError):
            make_session().get(PAGE)
    assert urls(web).count(PAGE) == 2


def test_params_are_part_of_the_url_and_the_cache_key(web, make_session) -> None:
    site(web)
    web.get(
        f"{HOST}/item",
        body="one",
        match=[responses.matchers.query_param_matcher({"id": "1"})],
    )
    web.get(
        f"{HOST}/item",
        body="two",
        match=[responses.matchers.query_param_matcher({"id": "2"})],
    )
    session = make_session()
    assert session.get(f"{HOST}/item", params={"id": "1"}).url == f"{HOST}/item?id=1"
    assert session.get(f"{HOST}/item", params={"id": "2"}).text == "two"
    assert make_session().get(f"{HOST}/item?id=1").text == "one"


def test_redirect_gives_the_final_url_and_caches_the_original(
    web, make_session
) -> None:
    site(web)
    web.get(f"{HOST}/old", status=301, headers={"Location": PAGE})
    web.get(PAGE, body="moved here")
    page = make_session().get(f"{HOST}/old")
    assert page.url == PAGE and page.text == "moved here"
    calls = len(web.calls)
    again = make_session().get(f"{HOST}/old")
    assert again.from_cache and again.url == PAGE and len(web.calls) == calls


def test_use_cache_false_fetches_every_time_and_writes_nothing(
    web, make_session
) -> None:
    site(web, pages={PAGE: "ok"})
    for _ in range(2):
        session = make_session(use_cache=False)
        assert not session.get(PAGE).from_cache
    assert urls(web).count(PAGE) == 2
    assert session.cache_path is None
    assert not (Path(os.environ["ARGMAP_CACHE_DIR"]) / CACHE_FILE).exists()


def test_cache_dir_honours_env(web, make_session) -> None:
    site(web, pages={PAGE: "ok"})
    session = make_session()
    session.get(PAGE)
    assert session.cache_path == Path(os.environ["ARGMAP_CACHE_DIR"]) / CACHE_FILE
    assert session.cache_path.is_file()


def test_cache_dir_argument_wins_over_env(web, make_session, tmp_path) -> None:
    site(web, pages={PAGE: "ok"})
    session = make_session(cache_dir=tmp_path / "mine")
    session.get(PAGE)
    assert (tmp_path / "mine" / CACHE_FILE).is_file()


def test_default_cache_dir_is_the_user_cache_dir(monkeypatch) -> None:
    monkeypatch.delenv("ARGMAP_CACHE_DIR")
    assert default_cache_dir() == Path(platformdirs.user_cache_dir("argmap"))


def test_cache_is_in_wal_mode(web, make_session) -> None:
    site(web, pages={PAGE: "ok"})
    session = make_session()
    session.get(PAGE)
    with sqlite3.connect(session.cache_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unusable_cache_becomes_source_error(make_session, tmp_path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    with pytest.raises(SourceError, match="--no-cache"):
        make_session(cache_dir=tmp_path / "c")


# --- offline --------------------------------------------------------------


def test_offline_serves_the_cache_without_any_request(
    web, make_session, requested
) -> None:
    site(web, pages={PAGE: "thread"})
    make_session().get(PAGE)
    web.reset()  # from here on, any request would fail
    requested.clear()
    page = make_session(offline=True).get(PAGE)
    assert page.text == "thread" and page.from_cache
    assert requested == [] and len(web.calls) == 0


def test_offline_miss_names_the_url(web, make_session) -> None:
    with pytest.raises(OfflineMissError) as info:
        make_session(offline=True).get(PAGE)
    assert PAGE in str(info.value) and "without --offline" in str(info.value)
    assert len(web.calls) == 0


def test_offline_needs_the_cache() -> None:
    with pytest.raises(InputError, match="--no-cache"):
        PoliteSession(offline=True, use_cache=False)


# --- decoding -------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "text/html",
        "application/json",
        None,
        "text/html; charset=no-such-codec",
    ],
)
def test_invalid_utf8_decodes_with_replacement(web, make_session, content_type) -> None:
    site(web)
    web.get(PAGE, body=b"caf\xc3\xa9 \xff\xfe ok", content_type=content_type)
    text = make_session().get(PAGE).text
    assert text.startswith("café ") and text.endswith(" ok") and "\ufffd" in text


def test_declared_charset_is_used(web, make_session) -> None:
    site(web)
    web.get(
        PAGE,
        body="café".encode("latin-1"),
        content_type="text/html; charset=ISO-8859-1",
    )
    assert make_session().get(PAGE).text == "café"


def test_utf8_bom_is_dropped_so_json_parses(web, make_session) -> None:
    site(web)
    web.get(PAGE, body=b'\xef\xbb\xbf{"id": 1}', content_type="application/json")
    assert make_session().get(PAGE).json() == {"id": 1}


@given(
    st.binary(),
    st.sampled_from(
        [
            "",
            "text/html",
            "text/plain; charset=latin-1",
            "text/html; charset=utf-16",
            'x; charset="bogus"',
        ]
    ),
)
def test_decoding_never_fails(body: bytes, content_type: str) -> None:
    assert isinstance(_decode(body, content_type), str)


# --- lifecycle ------------------------------------------------------------


def test_session_is_a_context_manager(web) -> None:
    site(web, pages={PAGE: "ok"})
    with PoliteSession(min_interval=0) as session:
        assert session.get(PAGE).text == "ok"


def test_json_nested_past_the_readers_limit_is_a_clear_error():
    deep = '{"children": [' * 5000 + "]}" * 5000
    url = "https://hn.algolia.com/api/v1/items/1"
    page = Page(url, deep, 200, datetime.now(timezone.utc))
    with pytest.raises(SourceError, match="nested too deeply"):
        page.json()
