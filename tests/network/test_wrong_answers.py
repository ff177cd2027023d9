"""Answers that are not the thread: bot checks, block and login pages, the wrong
content type, and HTTP statuses, for every site, end to end through
``argmap.map_thread(url)`` (HTTP mocked with ``responses``).

Each gives one SourceError that names the site and says what to do, never a
parse error about a page layout (nor an InputError: it is not the user's
fault); none is cached, so the next run asks again.
"""

from __future__ import annotations

import re

import pytest

from argmap.errors import (
    BlockedError,
    HttpError,
    NotFoundError,
    SourceError,
    UnsupportedSourceError,
)
from tests.network import sites
from tests.network.sites import map_url

HN_URL = sites.HN + "item?id=1"
HN_PAGE = re.compile(r"https://news\.ycombinator\.com/item\?id=1(&p=\d+)?$")
API_URL = sites.ALGOLIA + "1"
API = re.compile(r"https://hn\.algolia\.com/api/v1/items/1$")
REDDIT_URL = sites.REDDIT + "/r/test/comments/abc/a_story/"
LISTING = re.compile(r"https://www\.reddit\.com/comments/abc\.json\?.*")
DISCOURSE_URL = "https://forum.example/t/a-topic/7"
TOPIC = re.compile(r"https://forum\.example/t/7\.json$")
LOBSTERS_URL = sites.LOBSTERS + "s/abc123/a_story"
STORY = re.compile(r"https://lobste\.rs/s/abc123\.json$")

HTML, JSON = "text/html; charset=utf-8", "application/json; charset=utf-8"
AGAIN = "run again"
SAVE = "save the page"

# url, options, (pattern, status, content type, body), (error type, words in the message)
CASES = {
    "hn: rate-limit page (200)": (
        HN_URL, {"via": "html"}, (HN_PAGE, 200, HTML, sites.HN_RATE_LIMIT),
        (BlockedError, ["news.ycombinator.com", "Hacker News' rate-limit page",
                        "(HTTP 200)", "wait a few minutes", "--via api"]),
    ),
    "hn: rate-limit page (503, after retries)": (
        HN_URL, {"via": "html"}, (HN_PAGE, 503, HTML, sites.HN_RATE_LIMIT),
        (BlockedError, ["rate-limit page", "(HTTP 503 after 5 attempts)"]),
    ),
    "hn: Cloudflare challenge (403)": (
        HN_URL, {"via": "html"}, (HN_PAGE, 403, HTML, sites.CLOUDFLARE),
        (BlockedError, ["news.ycombinator.com", "Cloudflare bot check", "(HTTP 403)", SAVE]),
    ),
    "hn: Cloudflare block (200)": (
        HN_URL, {"via": "html"}, (HN_PAGE, 200, HTML, sites.CLOUDFLARE_BLOCK),
        (BlockedError, ["Cloudflare bot check", "(HTTP 200)"]),
    ),
    "hn: CAPTCHA page (200)": (
        HN_URL, {"via": "html"}, (HN_PAGE, 200, HTML, sites.RECAPTCHA),
        (BlockedError, ["a CAPTCHA page", SAVE]),
    ),
    "hn: 'No such item.'": (
        HN_URL, {"via": "html"}, (HN_PAGE, 200, HTML, "No such item."),
        (NotFoundError, ["Hacker News has no item at", "No such item."]),
    ),
    "hn: JSON where the item page was expected": (
        HN_URL, {"via": "html"}, (HN_PAGE, 200, JSON, sites.algolia_item()),
        (SourceError, ["news.ycombinator.com answered", "a JSON document",
                       "not a Hacker News item page"]),
    ),
    "hn api: Cloudflare challenge (200)": (
        HN_URL, {"via": "api"}, (API, 200, HTML, sites.CLOUDFLARE),
        (BlockedError, ["hn.algolia.com", "Cloudflare bot check"]),
    ),
    "hn api: HTML error page instead of JSON (200)": (
        API_URL, {}, (API, 200, HTML, sites.GENERIC_ERROR_PAGE),
        (SourceError, ["hn.algolia.com answered", "an HTML page titled '502 Bad Gateway'",
                       "not the JSON argmap asked for", "open the URL in a browser"]),
    ),
    "hn api: cut-off JSON (200)": (
        API_URL, {}, (API, 200, JSON, sites.algolia_item()[:200]),
        (SourceError, ["hn.algolia.com answered", "with broken JSON (Unterminated string",
                       "--refresh"]),
    ),
    "reddit: 'whoa there, pardner!' (200)": (
        REDDIT_URL, {}, (LISTING, 200, HTML, sites.REDDIT_WHOA),
        (BlockedError, ["www.reddit.com", "whoa there, pardner!", "OAuth", ".json URL"]),
    ),
    "reddit: 'whoa there, pardner!' (403)": (
        REDDIT_URL, {}, (LISTING, 403, HTML, sites.REDDIT_WHOA),
        (BlockedError, ["whoa there, pardner!", "(HTTP 403)"]),
    ),
    "reddit: 'whoa there, pardner!' (429, after retries)": (
        REDDIT_URL, {}, (LISTING, 429, HTML, sites.REDDIT_WHOA),
        (BlockedError, ["whoa there, pardner!", "(HTTP 429 after 5 attempts)"]),
    ),
    "reddit: login page for a .json URL (200)": (
        REDDIT_URL, {}, (LISTING, 200, HTML, sites.REDDIT_LOGIN),
        (BlockedError, ["www.reddit.com", "a login page", "does not log in"]),
    ),
    "reddit: an HTML page for a .json URL (200)": (
        REDDIT_URL, {}, (LISTING, 200, HTML, sites.GENERIC_ERROR_PAGE),
        (SourceError, ["www.reddit.com answered", "an HTML page", "not the JSON"]),
    ),
    "reddit: JSON error (403)": (
        REDDIT_URL, {}, (LISTING, 403, JSON, '{"message": "Forbidden", "error": 403}'),
        (HttpError, ["HTTP 403 Forbidden; the thread may be private or need a login"]),
    ),
    "discourse: Cloudflare challenge (200)": (
        DISCOURSE_URL, {}, (TOPIC, 200, HTML, sites.CLOUDFLARE),
        (BlockedError, ["forum.example", "Cloudflare bot check"]),
    ),
    "discourse: Cloudflare block (403)": (
        DISCOURSE_URL, {}, (TOPIC, 403, HTML, sites.CLOUDFLARE_BLOCK),
        (BlockedError, ["forum.example", "Cloudflare bot check", "(HTTP 403)"]),
    ),
    "discourse: login wall (200)": (
        DISCOURSE_URL, {}, (TOPIC, 200, HTML, sites.REDDIT_LOGIN.replace("reddit.com: ", "")),
        (BlockedError, ["forum.example", "a login page"]),
    ),
    "discourse: private topic (403 JSON)": (
        DISCOURSE_URL, {}, (TOPIC, 403, JSON, sites.DISCOURSE_FORBIDDEN),
        (HttpError, [("HTTP 403 Forbidden: You are not permitted to view the requested "
                     "resource;"), "private or need a login"]),
    ),
    "discourse: a host that is not Discourse (200 HTML)": (
        DISCOURSE_URL, {}, (TOPIC, 200, HTML, "<html><body>a blog</body></html>"),
        (UnsupportedSourceError, ["is not a Discourse topic"]),
    ),
    "lobsters: HTML page for a .json URL (200)": (
        LOBSTERS_URL, {}, (STORY, 200, HTML, sites.GENERIC_ERROR_PAGE),
        (SourceError, ["lobste.rs answered", "an HTML page", "not the JSON"]),
    ),
    "lobsters: CAPTCHA page (200)": (
        LOBSTERS_URL, {}, (STORY, 200, HTML, sites.RECAPTCHA),
        (BlockedError, ["lobste.rs", "a CAPTCHA page"]),
    ),
    "lobsters: 5xx forever": (
        LOBSTERS_URL, {}, (STORY, 502, HTML, sites.GENERIC_ERROR_PAGE),
        (HttpError, ["after 5 attempts: HTTP 502 Bad Gateway"]),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_wrong_answer_gives_one_clear_error(case, web, make_session) -> None:
    url, options, (pattern, status, content_type, body), expected = CASES[case]
    web.get(pattern, status=status, content_type=content_type, body=body)
    kind, words = expected
    with pytest.raises(kind) as info:
        map_url(url, make_session(), **options)
    message = str(info.value)
    assert info.value.code == (2 if kind is UnsupportedSourceError else 4)
    assert "\n" not in message
    for word in words:
        assert word in message
    assert "layout" not in message  # never taken for a changed page layout


@pytest.mark.parametrize(
    "case",
    [
        "hn: rate-limit page (200)",
        "hn api: HTML error page instead of JSON (200)",
        "reddit: 'whoa there, pardner!' (200)",
        "reddit: an HTML page for a .json URL (200)",
        "discourse: Cloudflare challenge (200)",
    ],
)
def test_a_page_in_place_of_the_thread_is_not_cached(case, web, make_session) -> None:
    url, options, (pattern, status, content_type, body), _ = CASES[case]
    web.get(pattern, status=status, content_type=content_type, body=body)
    with pytest.raises(SourceError):
        map_url(url, make_session(), **options)
    web.replace("GET", pattern, status=200, content_type=content_type, body=_good(url))
    amap = map_url(url, make_session(), **options)
    assert amap.thread.complete and len(amap.thread.posts) > 1


def _good(url: str) -> str:
    if url == HN_URL:
        return sites.hn_page([("10", 0), ("11", 1)])
    if url == API_URL:
        return sites.algolia_item()
    if url == REDDIT_URL:
        return sites.reddit_listing([sites.reddit_comment("c1", "t3_abc")])
    return sites.discourse_topic(3)


def test_hn_auto_reads_the_api_when_the_page_is_blocked(web, make_session) -> None:
    web.get(HN_PAGE, status=200, content_type=HTML, body=sites.HN_RATE_LIMIT)
    web.get(API, status=200, content_type=JSON, body=sites.algolia_item(comments=4))
    amap = map_url(HN_URL, make_session())  # via="auto"
    assert amap.thread.complete and len(amap.thread.posts) == 5
    assert [c.request.url for c in web.calls] == [HN_URL, API_URL]


def test_hn_auto_shows_the_page_error_when_the_api_fails_too(
    web, make_session, caplog
) -> None:
    web.get(HN_PAGE, status=403, content_type=HTML, body=sites.CLOUDFLARE)
    web.get(API, status=503, body="")
    with pytest.raises(
        BlockedError, match="news.ycombinator.com answered .* Cloudflare"
    ):
        map_url(HN_URL, make_session())
    assert "the Algolia API failed too: GET https://hn.algolia.com" in caplog.text


def test_a_thread_discussing_block_pages_is_not_taken_for_one(
    web, make_session
) -> None:
    """The block-page checks look at what a site writes, not what users write."""
    page = sites.hn_page([("10", 0)], title="Just a moment...").replace(
        "Comment 10 says that cats are better than dogs.",
        f"whoa there, pardner! {sites.HN_RATE_LIMIT} &lt;title&gt;Just a moment..."
        "&lt;/title&gt; &lt;script&gt;window._cf_chl_opt={}&lt;/script&gt; "
        "&lt;input type=password&gt; Log in",
    )
    web.get(HN_PAGE, status=200, content_type=HTML, body=page)
    amap = map_url(HN_URL, make_session(), via="html")
    assert amap.thread.complete and "pardner" in amap.thread.posts[1].text
    listing = sites.reddit_listing([sites.reddit_comment("c1", "t3_abc")]).replace(
        "Comment c1 says", f"<title>Just a moment...</title> {sites.REDDIT_WHOA} says"
    )
    web.get(LISTING, status=200, content_type=JSON, body=listing)
    amap = map_url(REDDIT_URL, make_session())
    assert amap.thread.complete and "pardner" in amap.thread.posts[1].text


def test_no_real_capture_is_taken_for_a_block_page() -> None:
    """Every saved thread page and JSON answer in ../shared passes the check the
    session makes on every response."""
    from argmap.http.walls import find_wall
    from tests.helpers import shared_path

    files = [
        p
        for p in shared_path("corpora").rglob("*")
        if p.is_file() and p.suffix.lower() in (".html", ".htm", ".json")
    ]
    assert len(files) > 50
    taken = [
        p.name
        for p in files
        if find_wall(p.read_bytes().decode("utf-8", "replace"), strict=True)
    ]
    assert taken == []
