"""follow_pages: the one loop that fetches a thread's further pages."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from argmap.errors import BlockedError, NotFoundError, OfflineMissError
from argmap.http.page import Page
from argmap.sources.follow import follow_pages

WHEN = datetime(2024, 1, 1, tzinfo=timezone.utc)


def answering(answers):
    """A get() that answers each URL from ``answers``: a body, or an error to raise."""
    asked = []

    def get(url, params=None):
        asked.append((url, params))
        answer = answers[url]
        if isinstance(answer, Exception):
            raise answer
        return Page(url, answer, 200, WHEN)

    return get, asked


def numbered(pages):
    n = len(pages) + 1
    return (f"https://x.example/{n}", None) if n <= 5 else None


def test_follows_until_there_is_no_next_page_or_the_cap():
    get, asked = answering({f"https://x.example/{n}": f"page {n}" for n in range(2, 6)})
    first = Page("https://x.example/1", "page 1", 200, WHEN)
    pages = follow_pages(get, [first], numbered, max_pages=10)
    assert [p.text for p in pages] == [f"page {n}" for n in range(1, 6)]
    get, asked = answering({f"https://x.example/{n}": "x" for n in range(2, 6)})
    assert len(follow_pages(get, [first], numbered, max_pages=3)) == 3 == len(asked) + 1


@pytest.mark.parametrize(
    "error", [BlockedError("blocked", status=403), NotFoundError("gone", status=404)]
)
def test_a_failed_request_is_kept_as_a_failed_page_and_ends_the_run(error):
    get, asked = answering({"https://x.example/2": "ok", "https://x.example/3": error})
    first = Page("https://x.example/1", "page 1", 200, WHEN)
    pages = follow_pages(get, [first], numbered, max_pages=10)
    assert [p.ok for p in pages] == [True, True, False] and len(asked) == 2
    assert pages[-1].url == "https://x.example/3" and pages[-1].status == error.status
    assert pages[-1].text == str(error)


def test_an_answer_that_is_not_the_page_asked_for_is_a_failed_page():
    get, _ = answering({"https://x.example/2": "not it"})
    first = Page("https://x.example/1", "page 1", 200, WHEN)
    pages = follow_pages(
        get, [first], numbered, max_pages=10,
        problem=lambda url, pages, page: f"{url}: {page.text}" if page.text == "not it" else None,
    )  # fmt: skip
    assert (pages[-1].ok, pages[-1].status) == (False, 0)
    assert pages[-1].text == "https://x.example/2: not it"


def test_an_offline_miss_ends_the_fetch_unless_asked_to_keep_it():
    miss = OfflineMissError("not in the cache")
    get, _ = answering({"https://x.example/2": miss})
    first = Page("https://x.example/1", "page 1", 200, WHEN)
    with pytest.raises(OfflineMissError):
        follow_pages(get, [first], numbered, max_pages=10)
    pages = follow_pages(get, [first], numbered, max_pages=10, offline_miss_fails=False)
    assert pages[-1].text == "not in the cache" and not pages[-1].ok


def test_params_are_passed_and_named_in_a_failed_page():
    get, asked = answering({"https://x.example/api": NotFoundError("gone", status=404)})
    first = Page("https://x.example/1", "page 1", 200, WHEN)
    pages = follow_pages(
        get, [first], lambda pages: ("https://x.example/api", {"ids": "a,b"}),
        max_pages=3, ends_run=lambda page: False,
    )  # fmt: skip
    assert asked == [("https://x.example/api", {"ids": "a,b"})] * 2
    assert pages[-1].url == "https://x.example/api?ids=a%2Cb"
