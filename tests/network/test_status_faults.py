"""Busy and broken servers for every site, end to end through ``argmap.map_thread``.

HTTP is mocked with ``responses``, which runs urllib3's retry policy for
statuses, though without its waits, and not for connection errors
(``test_transport`` covers both on real sockets, Retry-After included). For
each site: a burst of 5xx then the page gives the map; 429, with or without
Retry-After, then the page gives the map; 5xx or 429 forever gives one error
after 1 + 4 tries; a redirect loop gives "too many redirects" after a bounded
number of hops.
"""

from __future__ import annotations

import re

import pytest

from argmap.errors import HttpError
from argmap.http.session import MAX_REDIRECTS
from tests.network import sites
from tests.network.sites import map_url

JSON, HTML = "application/json", "text/html; charset=utf-8"

# url to map, options, the URL argmap fetches first, and a good answer to it
SITES = {
    "hn (pages)": (
        sites.HN + "item?id=1", {"via": "html"},
        sites.HN + "item?id=1", (HTML, sites.hn_page([("10", 0), ("11", 1)])),
    ),
    "hn (api)": (
        sites.HN + "item?id=1", {"via": "api"},
        sites.ALGOLIA + "1", (JSON, sites.algolia_item()),
    ),
    "reddit": (
        sites.REDDIT + "/r/test/comments/abc/a_story/", {},
        sites.REDDIT + "/comments/abc.json?raw_json=1&limit=500&sort=confidence",
        (JSON, sites.reddit_listing([sites.reddit_comment("c1", "t3_abc")])),
    ),
    "discourse": (
        "https://forum.example/t/a-topic/7", {},
        "https://forum.example/t/7.json", (JSON, sites.discourse_topic(3)),
    ),
    "lobsters": (
        sites.LOBSTERS + "s/abc123", {},
        sites.LOBSTERS + "s/abc123.json", (JSON, sites.lobsters_story()),
    ),
}  # fmt: skip


def serve(web, url: str, *answers: tuple[int, dict, str, str]) -> re.Pattern[str]:
    """Answer ``url`` with ``answers`` in turn (the last one repeats)."""
    pattern = re.compile(re.escape(url) + "$")
    for status, headers, content_type, body in answers:
        web.get(
            pattern,
            status=status,
            headers=headers,
            content_type=content_type,
            body=body,
        )
    return pattern


def calls(web, pattern: re.Pattern[str]) -> int:
    return sum(1 for c in web.calls if pattern.match(c.request.url))


@pytest.mark.parametrize("site", list(SITES))
def test_5xx_burst_then_the_page(site, web, make_session) -> None:
    url, options, first, (content_type, body) = SITES[site]
    busy = [(status, {}, "text/plain", "busy") for status in (500, 502, 503, 504)]
    pattern = serve(web, first, *busy, (200, {}, content_type, body))
    amap = map_url(url, make_session(), **options)
    assert amap.thread.complete and len(amap.thread.posts) > 1
    assert calls(web, pattern) == 5


@pytest.mark.parametrize("site", list(SITES))
def test_429_with_retry_after_then_the_page(site, web, make_session) -> None:
    url, options, first, (content_type, body) = SITES[site]
    pattern = serve(
        web,
        first,
        (429, {"Retry-After": "7"}, "text/plain", "slow down"),
        (200, {}, content_type, body),
    )
    assert map_url(url, make_session(), **options).thread.complete
    assert calls(web, pattern) == 2


@pytest.mark.parametrize("site", list(SITES))
def test_429_without_retry_after_then_the_page(site, web, make_session) -> None:
    url, options, first, (content_type, body) = SITES[site]
    pattern = serve(
        web, first, (429, {}, "text/plain", ""), (200, {}, content_type, body)
    )
    assert map_url(url, make_session(), **options).thread.complete
    assert calls(web, pattern) == 2


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("site", list(SITES))
def test_busy_forever_is_one_error(site, status, web, make_session) -> None:
    url, options, first, _ = SITES[site]
    pattern = serve(web, first, (status, {}, "text/plain", ""))
    with pytest.raises(HttpError) as info:
        map_url(url, make_session(), **options)
    assert str(info.value).startswith(
        f"GET {first} failed after 5 attempts: HTTP {status}"
    )
    assert info.value.code == 4 and calls(web, pattern) == 5


@pytest.mark.parametrize("site", list(SITES))
def test_redirect_loop_is_one_error(site, web, make_session) -> None:
    url, options, first, _ = SITES[site]
    pattern = serve(web, first, (302, {"Location": first}, "text/plain", ""))
    with pytest.raises(HttpError, match="too many redirects") as info:
        map_url(url, make_session(), **options)
    assert "\n" not in str(info.value)
    assert calls(web, pattern) == MAX_REDIRECTS + 1
