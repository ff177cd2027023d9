"""Huge and deep inputs, run one per process under a memory limit.

    python -m tests.fuzz._cases CASE N MEMORY_MB

builds the input of CASE with size N (comments, or levels of nesting), caps
the process's address space at MEMORY_MB (``RLIMIT_AS``) first, parses, and
prints one JSON line: what came out (posts, deepest depth, skipped) or which
argmap error, with the CPU seconds and peak memory. Anything else (a
RecursionError, a MemoryError, a traceback) exits non-zero. test_limits.py
runs these with a wall-clock timeout, so a hang fails instead of blocking.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# -- generators ---------------------------------------------------------------------


def hn_page(rows: list[tuple[int, int, str]]) -> str:
    """A modern (2024+) Hacker News item page: (id, indent, body HTML) per comment."""
    head = (
        '<html lang="en" op="item"><head><title>Big | Hacker News</title></head><body>'
        '<center><table id="hnmain"><tr><td><table class="fatitem">'
        '<tr class="athing submission" id="1"><td class="title"><span class="titleline">'
        '<a href="https://x.example/">Big thread</a></span></td></tr><tr><td class="subtext">'
        '<span class="subline"><a href="user?id=op" class="hnuser">op</a> '
        '<span class="age" title="2024-02-03T16:43:55 1706978635"><a href="item?id=1">'
        "1 hour ago</a></span></span></td></tr></table><table class=\"comment-tree\">"
    )
    row = (
        '<tr class="athing comtr" id="{0}"><td><table><tr><td class="ind" indent="{1}">'
        '<img src="s.gif" height="1" width="{2}"></td><td class="default"><div>'
        '<span class="comhead"><a href="user?id=u{0}" class="hnuser">u{0}</a> '
        '<span class="age" title="2024-02-03T16:43:55 1706978635"><a href="item?id={0}">'
        '1 hour ago</a></span></span></div><div class="comment"><div class="commtext c00">'
        "{3}</div></div></td></tr></table></td></tr>"
    )
    body = "".join(row.format(i, indent, indent * 40, text) for i, indent, text in rows)
    return head + body + "</table></td></tr></table></center></body></html>"


def api_chain(n: int) -> dict:
    root: dict[str, Any] = {"id": 1, "type": "story", "title": "Deep", "children": []}
    root["created_at"] = "2024-01-01T00:00:00Z"
    node = root
    for i in range(2, n + 2):
        child = {"id": i, "type": "comment", "author": "a", "text": "<p>x</p>", "children": []}
        node["children"].append(child)
        node = child
    return root


def api_wide(n: int) -> dict:
    children = [
        {"id": i, "type": "comment", "author": f"u{i % 97}", "text": "<p>Reply number one.</p>",
         "created_at_i": 1_700_000_000 + i, "children": []}
        for i in range(2, n + 2)
    ]  # fmt: skip
    return {"id": 1, "type": "story", "title": "Wide", "created_at": "2024-01-01T00:00:00Z",
            "children": children}  # fmt: skip


def reddit_listing(comments: list[dict]) -> list:
    t3 = {"kind": "t3", "data": {"id": "abc", "title": "Big", "selftext": "", "author": "op"}}
    return [
        {"kind": "Listing", "data": {"children": [t3]}},
        {"kind": "Listing", "data": {"children": comments}},
    ]


def reddit_chain(n: int) -> list:
    replies: Any = ""
    for i in range(n, 0, -1):
        parent = f"t1_c{i - 1}" if i > 1 else "t3_abc"
        data = {"id": f"c{i}", "parent_id": parent, "body": "A *reply*.", "author": "x",
                "replies": replies}  # fmt: skip
        replies = {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": data}]}}
    return reddit_listing(replies["data"]["children"])


def reddit_wide(n: int) -> list:
    return reddit_listing([
        {"kind": "t1", "data": {"id": f"c{i}", "parent_id": "t3_abc", "body": "A **reply**.",
                                "author": f"u{i % 97}", "created_utc": 1_700_000_000 + i,
                                "replies": ""}}
        for i in range(1, n + 1)
    ])  # fmt: skip


def discourse_topic(n: int, reply: Callable[[int], int | None]) -> dict:
    posts = [
        {"id": 1000 + i, "post_number": i, "username": f"u{i % 97}",
         "cooked": "<p>A reply to the topic.</p>", "created_at": "2020-02-01T10:00:00.000Z",
         "reply_to_post_number": reply(i)}
        for i in range(1, n + 1)
    ]  # fmt: skip
    return {"id": 7, "title": "Big", "slug": "big",
            "post_stream": {"posts": posts, "stream": [p["id"] for p in posts]}}  # fmt: skip


def discourse_quotes(n: int) -> dict:
    """Every post quotes someone by name, with no post number (an import): the
    quote search that used to be quadratic."""
    topic = discourse_topic(n, lambda i: None)
    for post in topic["post_stream"]["posts"][1:]:
        post["cooked"] = (
            f'<p>[quote="u{post["post_number"] % 97}"]words nobody ever wrote here '
            f'{post["post_number"]}[/quote] I disagree.</p>'
        )
    return topic


def lobsters_story(comments: list[dict]) -> dict:
    return {"short_id": "s1", "title": "Big", "submitter_user": "op", "comments": comments}


def lobsters_chain(n: int) -> dict:
    return lobsters_story([
        {"short_id": f"c{i}", "depth": i, "parent_comment": f"c{i - 1}" if i else None,
         "comment": "<p>x</p>", "commenting_user": "a"}
        for i in range(n)
    ])  # fmt: skip


def lobsters_indent_chain(n: int) -> dict:
    return lobsters_story([
        {"short_id": f"c{i}", "indent_level": i + 1, "comment": "<p>x</p>",
         "commenting_user": {"username": "a"}}
        for i in range(n)
    ])  # fmt: skip


def lobsters_wide(n: int) -> dict:
    return lobsters_story([
        {"short_id": f"c{i}", "depth": 0, "parent_comment": None,
         "comment": "<p>A reply.</p>", "commenting_user": f"u{i % 97}"}
        for i in range(n)
    ])  # fmt: skip


def thread_posts(n: int, parent: Callable[[int], int | None]) -> dict:
    posts = [
        {"id": str(i), "parent": None if parent(i) is None else str(parent(i)),
         "author": f"u{i % 97}", "text": "I don't think so. Here is why.\n\n> quoted"}
        for i in range(n)
    ]  # fmt: skip
    return {"format": "argmap-thread", "title": "Big", "posts": posts}


# -- cases: name -> (build input from n, parse it) -----------------------------------


def _write(data: Any, suffix: str = ".json") -> Path:
    folder = Path(tempfile.mkdtemp(prefix="argmap-limits-"))
    path = folder / f"input{suffix}"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _file_of(data: Any, suffix: str = ".json") -> Callable[[], Any]:
    from argmap.sources.files import read_thread_file

    path = _write(data, suffix)
    return lambda: read_thread_file(path)


def _nested_api_json(n: int) -> str:
    head = '{"id": 1, "type": "story", "created_at": "2024-01-01T00:00:00Z", "children": ['
    body = "".join(
        f'{{"id": {i}, "type": "comment", "text": "x", "children": [' for i in range(2, n + 2)
    )
    return head + body + "]}" * (n + 1)


def _segment_many(n: int) -> Callable[[], Any]:
    from argmap.segment import load_pipeline, segment_thread
    from argmap.sources.thread_json import parse_thread_json

    thread = parse_thread_json(thread_posts(n, lambda i: None if i == 0 else 0))
    nlp = load_pipeline()
    return lambda: (thread, segment_thread(thread, nlp))


def _segment_one_huge_post(n: int) -> Callable[[], Any]:
    from argmap.segment import load_pipeline, segment_thread
    from argmap.sources.thread_json import parse_thread_json

    text = "\n".join(f"Line {i} says something. And then more." for i in range(n))
    data = {"format": "argmap-thread", "posts": [{"id": "1", "parent": None, "text": text}]}
    thread = parse_thread_json(data)
    nlp = load_pipeline()
    return lambda: (thread, segment_thread(thread, nlp))


def _parse(module: str, function: str, data: Any, **kwargs: Any) -> Callable[[], Any]:
    import importlib

    parse = getattr(importlib.import_module(f"argmap.sources.{module}"), function)
    return lambda: parse(data, **kwargs)


def _html_nested(n: int) -> Callable[[], Any]:
    from argmap.sources._html import html_to_text

    html = "".join(
        f'<div><blockquote><ul><li><i><aside class="quote"><blockquote><table><tr><td>{i}'
        for i in range(n // 8)
    )
    return lambda: html_to_text(html)


CASES: dict[str, Callable[[int], Callable[[], Any]]] = {
    # nesting
    "html-nested": _html_nested,
    "hn-page-deep-body": lambda n: _parse(
        "hackernews.item", "parse_pages",
        [hn_page([(2, 0, "<blockquote>" * n + "deep" + "</blockquote>" * n)])],
    ),
    "hn-page-deep-chain": lambda n: _parse(
        "hackernews.item", "parse_pages", [hn_page([(i + 2, i, "x") for i in range(n)])]
    ),
    "hn-page-huge-indent": lambda n: _parse(
        "hackernews.item", "parse_pages",
        [hn_page([(i + 2, 10**12 if i % 2 else 0, "x") for i in range(n)])],
    ),
    "hn-api-deep": lambda n: _parse("hackernews.api", "parse_json", api_chain(n)),
    "hn-api-deep-file": lambda n: _file_of(_nested_api_json(n)),
    "reddit-deep": lambda n: _parse("reddit.thread", "parse_listing", reddit_chain(n)),
    "discourse-deep": lambda n: _parse(
        "discourse.topic", "parse_json", discourse_topic(n, lambda i: i - 1 if i > 1 else None)
    ),
    "lobsters-deep": lambda n: _parse("lobsters", "parse_json", lobsters_chain(n)),
    "lobsters-deep-indent": lambda n: _parse(
        "lobsters", "parse_json", lobsters_indent_chain(n)
    ),
    "lobsters-huge-depth": lambda n: _parse("lobsters", "parse_json", lobsters_story([
        {"short_id": f"c{i}", "depth": 10**12 if i % 2 else 0, "comment": "x"}
        for i in range(n)
    ])),
    "thread-json-deep-file": lambda n: _file_of(
        thread_posts(n, lambda i: None if i == 0 else i - 1)
    ),
    "thread-json-deep-reversed-file": lambda n: _file_of({
        **thread_posts(n, lambda i: None if i == 0 else i - 1),
        "posts": thread_posts(n, lambda i: None if i == 0 else i - 1)["posts"][::-1],
    }),
    # size
    "hn-page-many": lambda n: _parse(
        "hackernews.item", "parse_pages",
        [hn_page([(i + 2, i % 5, "A reply.") for i in range(n)])],
    ),
    "hn-api-many": lambda n: _parse("hackernews.api", "parse_json", api_wide(n)),
    "hn-api-many-file": lambda n: _file_of(api_wide(n)),
    "reddit-many": lambda n: _parse("reddit.thread", "parse_listing", reddit_wide(n)),
    "reddit-many-file": lambda n: _file_of(reddit_wide(n)),
    "discourse-many": lambda n: _parse(
        "discourse.topic", "parse_json", discourse_topic(n, lambda i: (i // 2) or None)
    ),
    "discourse-many-quotes": lambda n: _parse("discourse.topic", "parse_json", discourse_quotes(n)),
    "lobsters-many": lambda n: _parse("lobsters", "parse_json", lobsters_wide(n)),
    "thread-json-many-file": lambda n: _file_of(
        thread_posts(n, lambda i: None if i == 0 else i // 2)
    ),
    "thread-json-duplicate-at-end": lambda n: _file_of({
        **thread_posts(n, lambda i: None if i == 0 else 0),
        "posts": thread_posts(n, lambda i: None if i == 0 else 0)["posts"]
        + [{"id": str(n - 1), "parent": "0"}],
    }),
    "segment-many-posts": _segment_many,
    "segment-huge-post": _segment_one_huge_post,
}


def summary(result: Any) -> dict[str, Any]:
    from argmap.model import Thread

    if isinstance(result, tuple) and isinstance(result[0], str):  # html_to_text
        return {"text_chars": len(result[0]), "blocks": len(result[1])}
    if isinstance(result, tuple):  # (thread, claims)
        thread, claims = result
        return {**summary(thread), "claims": len(claims)}
    if isinstance(result, Thread):
        return {
            "posts": len(result.posts),
            "max_depth": max(p.depth for p in result.posts),
            "skipped": len(result.skipped),
            "complete": result.complete,
        }
    return {"text_chars": len(result[0]), "blocks": len(result[1])}


def peak_rss_mb() -> int:
    """This program's peak resident memory. Not ru_maxrss: after fork and exec
    that still counts the parent's (pytest's) memory."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main(case: str, n: int, memory_mb: int) -> None:
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from argmap.errors import ArgmapError

    run = CASES[case](n)
    start = time.process_time()
    try:
        out = {"outcome": "ok", **summary(run())}
    except ArgmapError as e:
        out = {"outcome": "error", "error": type(e).__name__, "message": str(e)}
    out["cpu_s"] = round(time.process_time() - start, 2)
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
