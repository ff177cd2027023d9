"""A thread read in several requests, where one of the later requests fails or
the thread changes between them: the map is never presented as whole.

Either the run is completed (the next run fetches only what is missing: what
was read is cached) or the thread is marked partial: ``Thread.complete`` is
False, ``Thread.skipped`` says what is missing and why, and the graph (and so
every output) carries ``complete=false`` and the number skipped
(docs/schema.md). End to end through ``argmap.map_thread(url)`` for Hacker
News (pages and API), Reddit and Discourse.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from argmap.export.json import read_json
from tests.network import sites
from tests.network.servers import html_answer, json_answer
from tests.network.sites import map_url

HN_URL = sites.HN + "item?id=1"
HN_P1 = re.compile(r"https://news\.ycombinator\.com/item\?id=1$")
HN_P2 = re.compile(r"https://news\.ycombinator\.com/item\?id=1&p=2$")
API = re.compile(r"https://hn\.algolia\.com/api/v1/items/1$")
REDDIT_URL = sites.REDDIT + "/r/test/comments/abc/a_story/"
LISTING = re.compile(r"https://www\.reddit\.com/comments/abc\.json\?.*")
MORE = re.compile(r"https://www\.reddit\.com/api/morechildren\.json\?.*")
HTML, JSON = "text/html; charset=utf-8", "application/json; charset=utf-8"

PAGE_1 = sites.hn_page([("10", 0), ("11", 1), ("12", 0)], more=True, comments=6)
PAGE_2 = sites.hn_page([("13", 0), ("14", 1), ("15", 0)], page=2)


def assert_partial(amap, tmp_path, *reasons: str) -> None:
    """Incomplete in the Thread, the graph and the written JSON, with ``reasons``."""
    thread = amap.thread
    assert thread.complete is False and thread.skipped
    said = " | ".join(f"{s.item}: {s.reason}" for s in thread.skipped)
    for reason in reasons:
        assert reason in said
    assert amap.graph.graph["complete"] is False
    assert amap.graph.graph["skipped"] == len(thread.skipped)
    written = read_json(amap.write_json(tmp_path / "map.json"))
    assert written.graph["complete"] is False
    assert written.graph["skipped"] == len(thread.skipped)


def assert_whole(amap, posts: int) -> None:
    assert amap.thread.complete is True and amap.thread.skipped == []
    assert len(amap.thread.posts) == posts
    assert amap.graph.graph["complete"] is True


def calls_to(web, pattern: re.Pattern[str]) -> int:
    return sum(1 for call in web.calls if pattern.match(call.request.url))


# --- Hacker News, item pages ------------------------------------------------------


HN_PAGE_2_FAULTS = {
    "a rate-limit page (200)": (
        {"status": 200, "content_type": HTML, "body": sites.HN_RATE_LIMIT},
        ["page 2: fetching it failed", "Hacker News' rate-limit page"],
    ),
    "a Cloudflare check (403)": (
        {"status": 403, "content_type": HTML, "body": sites.CLOUDFLARE},
        ["page 2: fetching it failed", "Cloudflare bot check"],
    ),
    "503 forever": (
        {"status": 503, "body": ""},
        ["page 2: fetching it failed", "after 5 attempts: HTTP 503"],
    ),
    "a connection error": (
        {"body": requests.ConnectionError("connection reset")},
        ["page 2: fetching it failed", "connection failed (connection reset)"],
    ),
    "an unrelated HTML page (200)": (
        {"status": 200, "content_type": HTML, "body": sites.GENERIC_ERROR_PAGE},
        ["an HTML page titled '502 Bad Gateway'", "not a page of the thread"],
    ),
    "a page that does not continue page 1": (
        {"status": 200, "content_type": HTML,
             "body": sites.hn_page([("13", 0)], page=3)},
        ["page 2 does not continue page 1", "the thread changed while its pages were read"],
    ),
    "a page repeating comments of page 1": (
        {"status": 200, "content_type": HTML,
             "body": sites.hn_page([("12", 0), ("13", 0)], page=2)},
        ["came again on a later page", "re-ranked", "--via api"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("fault", list(HN_PAGE_2_FAULTS))
def test_hn_page_2_fault_marks_the_thread_partial(
    fault, web, make_session, tmp_path
) -> None:
    answer, reasons = HN_PAGE_2_FAULTS[fault]
    web.get(HN_P1, status=200, content_type=HTML, body=PAGE_1)
    web.get(HN_P2, **answer)
    amap = map_url(HN_URL, make_session(), via="html")
    assert_partial(amap, tmp_path, *reasons)
    assert {"10", "11", "12"} <= {p.id for p in amap.thread.posts}


def test_hn_pages_holding_fewer_comments_than_the_story_counts_are_partial(
    web, make_session, tmp_path
) -> None:
    """Re-ranked between the two requests: comment 13 moved from page 2 up to
    page 1, pushing 12 down past the page already read, so neither page shows
    12 and nothing comes twice. Only the story's count tells."""
    page_1 = sites.hn_page([("10", 0), ("11", 1)], more=True, comments=6)
    page_2 = sites.hn_page([("13", 0), ("14", 1), ("15", 0)], page=2)
    web.get(HN_P1, status=200, content_type=HTML, body=page_1)
    web.get(HN_P2, status=200, content_type=HTML, body=page_2)
    amap = map_url(HN_URL, make_session(), via="html")
    assert_partial(amap, tmp_path, "counts 6 comments", "held 5", "--via api")


def test_hn_pages_holding_what_the_story_counts_are_whole(web, make_session) -> None:
    web.get(HN_P1, status=200, content_type=HTML, body=PAGE_1)
    web.get(HN_P2, status=200, content_type=HTML, body=PAGE_2)
    assert_whole(map_url(HN_URL, make_session(), via="html"), 7)


def test_hn_next_run_completes_from_the_cache(web, make_session) -> None:
    web.get(HN_P1, status=200, content_type=HTML, body=PAGE_1)
    web.get(HN_P2, status=503, body="")
    assert not map_url(HN_URL, make_session(), via="html").thread.complete
    web.replace("GET", HN_P2, status=200, content_type=HTML, body=PAGE_2)
    assert_whole(map_url(HN_URL, make_session(), via="html"), 7)
    assert calls_to(web, HN_P1) == 1  # page 1 came from the cache
    assert calls_to(web, HN_P2) == 5 + 1  # 1 + 4 retries, then the good one


def test_hn_auto_reads_the_api_for_a_long_thread(web, make_session) -> None:
    """The API gives the whole tree at once: nothing can change between pages."""
    long_page_1 = sites.hn_page([("10", 0), ("11", 0)], more=True, comments=40)
    web.get(HN_P1, status=200, content_type=HTML, body=long_page_1)
    web.get(API, status=200, content_type=JSON, body=sites.algolia_item(comments=40))
    assert_whole(map_url(HN_URL, make_session()), 41)
    assert calls_to(web, HN_P2) == 0


def test_hn_auto_falls_back_to_pages_and_still_says_what_is_missing(
    web, make_session, tmp_path
) -> None:
    long_page_1 = sites.hn_page([("10", 0), ("11", 0)], more=True, comments=40)
    web.get(HN_P1, status=200, content_type=HTML, body=long_page_1)
    web.get(API, status=502, content_type=HTML, body=sites.GENERIC_ERROR_PAGE)
    web.get(HN_P2, status=200, content_type=HTML, body=sites.HN_RATE_LIMIT)
    amap = map_url(HN_URL, make_session())
    assert_partial(amap, tmp_path, "page 2: fetching it failed", "rate-limit page")


def test_hn_api_fault_is_one_clear_error(web, make_session) -> None:
    from argmap.errors import HttpError

    web.get(API, status=503, body="")
    with pytest.raises(
        HttpError, match=r"hn\.algolia\.com/api/v1/items/1 failed after 5"
    ):
        map_url(HN_URL, make_session(), via="api")


# --- Reddit: "load more comments" ---------------------------------------------------


LISTING_WITH_STUB = sites.reddit_listing(
    [
        sites.reddit_comment("c1", "t3_abc"),
        sites.reddit_more(["m1", "m2"], "t3_abc"),
    ]
)
GOOD_MORE = sites.reddit_morechildren(
    [sites.reddit_comment("m1", "t3_abc"), sites.reddit_comment("m2", "t1_m1")]
)

REDDIT_MORE_FAULTS = {
    "503 forever": (
        {"status": 503, "body": ""},
        ["2 comments were not loaded: its request failed", "HTTP 503"],
    ),
    "'whoa there, pardner!' (200)": (
        {"status": 200, "content_type": HTML, "body": sites.REDDIT_WHOA},
        ["2 comments were not loaded: its request failed", "whoa there, pardner!"],
    ),
    "HTML instead of JSON (200)": (
        {"status": 200, "content_type": HTML, "body": sites.GENERIC_ERROR_PAGE},
        ["2 comments were not loaded", "not JSON"],
    ),
    "other comments than those asked for": (
        {"status": 200, "content_type": JSON, "body": sites.reddit_morechildren(
            [sites.reddit_comment("m3", "t1_c1")])},
        [("2 comments were not loaded: Reddit answered with other comments than those "
         "asked for")],
    ),
    "a comment of another thread": (
        {"status": 200, "content_type": JSON, "body": sites.reddit_morechildren(
            [sites.reddit_comment("m1", "t3_abc"), sites.reddit_comment("m2", "t3_abc"),
             sites.reddit_comment("x9", "t3_zzz", link="zzz")])},
        ["comment x9: Reddit sent it with thread t3_zzz, not this one"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("fault", list(REDDIT_MORE_FAULTS))
def test_reddit_more_fault_marks_the_thread_partial(
    fault, web, make_session, tmp_path
) -> None:
    answer, reasons = REDDIT_MORE_FAULTS[fault]
    web.get(LISTING, status=200, content_type=JSON, body=LISTING_WITH_STUB)
    web.get(MORE, **answer)
    amap = map_url(REDDIT_URL, make_session())
    assert_partial(amap, tmp_path, *reasons)
    assert "x9" not in {p.id for p in amap.thread.posts}


def test_reddit_next_run_completes_from_the_cache(web, make_session) -> None:
    web.get(LISTING, status=200, content_type=JSON, body=LISTING_WITH_STUB)
    web.get(MORE, status=200, content_type=HTML, body=sites.REDDIT_WHOA)
    assert not map_url(REDDIT_URL, make_session()).thread.complete
    web.replace("GET", MORE, status=200, content_type=JSON, body=GOOD_MORE)
    assert_whole(map_url(REDDIT_URL, make_session()), 4)
    assert calls_to(web, LISTING) == 1


def test_reddit_leaving_out_a_deleted_comment_is_not_a_fault(web, make_session) -> None:
    """Reddit's morechildren leaves out deleted comments without saying so."""
    web.get(LISTING, status=200, content_type=JSON, body=LISTING_WITH_STUB)
    web.get(MORE, status=200, content_type=JSON, body=sites.reddit_morechildren(
        [sites.reddit_comment("m1", "t3_abc")]))  # fmt: skip
    assert_whole(map_url(REDDIT_URL, make_session()), 3)


# --- Discourse: posts.json chunks ---------------------------------------------------

CHUNK_1 = sites.discourse_chunk_path(list(range(21, 41)))
CHUNK_2 = sites.discourse_chunk_path(list(range(41, 46)))


def serve_topic(loopback, chunk_2_answers) -> str:
    loopback.route("/t/7.json", json_answer(sites.discourse_topic(45)))
    loopback.route(CHUNK_1, json_answer(sites.discourse_chunk(list(range(21, 41)))))
    loopback.route(CHUNK_2, *chunk_2_answers)
    return loopback.url("/t/a-topic/7")


DISCOURSE_CHUNK_FAULTS = {
    "503 forever": (
        [(503, {}, b"")],
        ["5 posts: not fetched: GET", "failed after 5 attempts: HTTP 503"],
    ),
    "a Cloudflare check (200)": (
        [html_answer(sites.CLOUDFLARE)],
        ["5 posts: not fetched:", "Cloudflare bot check"],
    ),
    "HTML instead of JSON (200)": (
        [html_answer(sites.GENERIC_ERROR_PAGE)],
        ["5 posts: not fetched:", "an HTML page titled '502 Bad Gateway'"],
    ),
    "posts that vanished from the stream": (
        [json_answer(sites.discourse_chunk([41, 43]))],
        ["3 posts: the forum did not return them (deleted, or hidden from guests)"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("fault", list(DISCOURSE_CHUNK_FAULTS))
def test_discourse_chunk_fault_marks_the_thread_partial(
    fault, loopback, make_session, tmp_path
) -> None:
    answers, reasons = DISCOURSE_CHUNK_FAULTS[fault]
    amap = map_url(serve_topic(loopback, answers), make_session())
    assert_partial(amap, tmp_path, *reasons)
    assert {str(n) for n in range(1, 41)} <= {p.id for p in amap.thread.posts}


def test_discourse_failure_and_vanished_posts_are_told_apart(
    loopback, make_session, tmp_path
) -> None:
    loopback.route("/t/7.json", json_answer(sites.discourse_topic(45)))
    loopback.route(CHUNK_1, json_answer(sites.discourse_chunk(list(range(21, 39)))))
    loopback.route(CHUNK_2, (503, {}, b""))
    amap = map_url(loopback.url("/t/a-topic/7"), make_session())
    assert_partial(
        amap,
        tmp_path,
        "2 posts: the forum did not return them",
        "5 posts: not fetched: GET",
    )


def test_discourse_next_run_completes_from_the_cache(loopback, make_session) -> None:
    url = serve_topic(loopback, [(503, {}, b"")])
    assert not map_url(url, make_session()).thread.complete
    loopback.route(CHUNK_2, json_answer(sites.discourse_chunk(list(range(41, 46)))))
    assert_whole(map_url(url, make_session()), 45)
    assert loopback.hits_on("/t/7.json") == 1 and loopback.hits_on(CHUNK_1) == 1


def test_partial_thread_json_says_so(loopback, make_session, tmp_path) -> None:
    amap = map_url(serve_topic(loopback, [(503, {}, b"")]), make_session())
    data = json.loads(amap.write_json(tmp_path / "m.json").read_text())
    assert data["graph"]["complete"] is False and data["graph"]["skipped"] == 1
