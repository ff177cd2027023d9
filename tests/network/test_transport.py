"""Transport faults on real sockets, end to end: ``argmap.map_thread(url)``.

A Discourse topic is served from 127.0.0.1 (Discourse is read from any host),
so every fault goes through the whole pipeline: the source, the polite
session, urllib3's retries, the cache. For each fault the user gets bounded
retries and then one clear error, or the map when a retry succeeds; never a
hang, never a traceback. Timeouts are short (0.5 s) so the file runs in a
few seconds.
"""

from __future__ import annotations

import pytest

from argmap.errors import ArgmapError, HttpError, SourceError
from argmap.http.session import MAX_REDIRECTS
from tests.network import sites
from tests.network.servers import (
    answer_after,
    blackhole,
    closed_port,
    drip,
    endless,
    hang_up,
    json_answer,
    never_answer,
    redirect,
    reset,
    truncated,
)
from tests.network.sites import map_url

TOPIC_PATH = "/t/7.json"
TOPIC = json_answer(sites.discourse_topic(3))


def topic_url(loopback) -> str:
    return loopback.url("/t/a-topic/7")


def assert_one_clear_error(error: ArgmapError, url_part: str) -> None:
    message = str(error)
    assert isinstance(error, SourceError) and error.code == 4
    assert "\n" not in message and "Traceback" not in message
    assert url_part in message
    assert "0x" not in message  # no object reprs from urllib3


def test_a_reset_reads_as_one(loopback, make_session) -> None:
    loopback.route(TOPIC_PATH, reset)
    with pytest.raises(
        HttpError, match=r"Connection aborted: .*Connection reset by peer\)$"
    ):
        map_url(topic_url(loopback), make_session(max_retries=0))


# (answers for /t/7.json in turn, session options, None for success or
#  (error type, words in the message), requests the server should see)
FAULTS = {
    "reset, then the page": ([reset, TOPIC], {}, None, 2),
    "reset every time": (
        [reset],
        {"max_retries": 2},
        (HttpError, "after 3 attempts: connection failed (Connection aborted: "),
        3,
    ),
    "closed without an answer every time": (
        [hang_up],
        {"max_retries": 2},
        (HttpError, ("after 3 attempts: connection failed (Connection aborted: Remote end "
         "closed connection without response)")),
        3,
    ),
    "no answer, then the page": ([never_answer, TOPIC], {}, None, 2),
    "no answer ever": (
        [never_answer], {"max_retries": 1}, (HttpError, "after 2 attempts: read timed out"), 2,
    ),
    "answer after the read timeout, then in time": (
        [answer_after(1.5, TOPIC), TOPIC], {}, None, 2,
    ),
    "body cut short (Content-Length larger), then whole": (
        [truncated(b'{"id": 7, "post_', 4000), TOPIC], {}, None, 2,
    ),
    "body cut short every time": (
        [truncated(b'{"id": 7, "post_', 4000)],
        {"max_retries": 2},
        (HttpError, "after 3 attempts: the response broke off"),
        3,
    ),
    "body dripping a byte at a time": (
        [drip(TOPIC[2], 0.05)],
        {"max_response_seconds": 0.5},
        (HttpError, "read timed out (the response took longer than 0.5 s to arrive)"),
        1,
    ),
    "body that never ends": (
        [endless],
        {"max_response_bytes": 2**20},
        (HttpError, "the response is too large (the body is larger than 1,048,576 bytes)"),
        1,
    ),
    "429 with Retry-After, then the page": (
        [(429, {"Retry-After": "3"}, b"slow down"), TOPIC], {}, None, 2,
    ),
    "429 without Retry-After, then the page": (
        [(429, {}, b"slow down"), TOPIC], {}, None, 2,
    ),
    "429 forever": (
        [(429, {"Retry-After": "1"}, b"slow down")],
        {},
        (HttpError, "after 5 attempts: HTTP 429 Too Many Requests"),
        5,
    ),
    "5xx burst, then the page": (
        [(500, {}, b""), (502, {}, b""), (503, {}, b""), (504, {}, b""), TOPIC], {}, None, 5,
    ),
    "5xx forever": (
        [(503, {}, b"")], {}, (HttpError, "after 5 attempts: HTTP 503 Service Unavailable"), 5,
    ),
    "redirect loop": (
        [redirect(TOPIC_PATH)], {}, (HttpError, "too many redirects"), MAX_REDIRECTS + 1,
    ),
}  # fmt: skip


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_gives_the_map_or_one_clear_error(
    fault, loopback, make_session, sleeps
) -> None:
    answers, options, expected, hits = FAULTS[fault]
    loopback.route(TOPIC_PATH, *answers)
    session = make_session(**options)
    if expected is None:
        amap = map_url(topic_url(loopback), session)
        assert amap.thread.complete and len(amap.thread.posts) == 3
        assert amap.graph.graph["complete"] is True
    else:
        kind, words = expected
        with pytest.raises(kind) as info:
            map_url(topic_url(loopback), session)
        assert_one_clear_error(info.value, loopback.url(TOPIC_PATH))
        assert words in str(info.value)
    # Bounded by attempts and the session's timeouts, not by a clock here.
    assert loopback.hits_on(TOPIC_PATH) == hits


def test_retry_after_is_waited_for(loopback, make_session, sleeps) -> None:
    loopback.route(TOPIC_PATH, (429, {"Retry-After": "3"}, b""), TOPIC)
    map_url(topic_url(loopback), make_session())
    assert sleeps == [3.0]


def test_a_huge_retry_after_is_capped(loopback, make_session, sleeps) -> None:
    loopback.route(TOPIC_PATH, (503, {"Retry-After": "86400"}, b""), TOPIC)
    map_url(topic_url(loopback), make_session(max_retry_after=120))
    assert sleeps == [120.0]


def test_connect_timeout_gives_one_error_after_bounded_retries(make_session) -> None:
    with blackhole() as hole:
        url = hole.url("/t/a-topic/7")
        with pytest.raises(HttpError) as info:
            map_url(url, make_session(timeout=(0.3, 0.5), max_retries=2))
    assert_one_clear_error(info.value, hole.url(TOPIC_PATH))
    assert "after 3 attempts: connection timed out" in str(info.value)
    assert "connect timeout=0.3" in str(info.value)  # the timeout that applied


def test_connection_refused_gives_one_error(make_session) -> None:
    url = f"http://127.0.0.1:{closed_port()}/t/a-topic/7"
    with pytest.raises(HttpError) as info:
        map_url(url, make_session(max_retries=2))
    assert_one_clear_error(info.value, "/t/7.json")
    assert (
        "after 3 attempts: connection refused (Failed to establish a new connection"
        in str(info.value)
    )


def test_a_failed_page_is_not_cached_and_the_next_run_succeeds(
    loopback, make_session
) -> None:
    loopback.route(TOPIC_PATH, (503, {}, b""))
    with pytest.raises(HttpError):
        map_url(topic_url(loopback), make_session())
    loopback.route(TOPIC_PATH, TOPIC)
    assert map_url(topic_url(loopback), make_session()).thread.complete
    # ... and a third run is served from the cache.
    before = loopback.hits_on(TOPIC_PATH)
    assert map_url(topic_url(loopback), make_session()).thread.complete
    assert loopback.hits_on(TOPIC_PATH) == before
