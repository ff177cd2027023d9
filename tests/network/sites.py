"""What the sites send: small, well-formed answers to build fault scenarios from,
and the pages sites send instead of a thread (bot checks, block pages, logins).

The shapes follow the captures the source tests read (HN item pages of 2024,
the Algolia items API, Reddit's listing and morechildren JSON, Discourse's
topic and posts.json, Lobsters' story JSON); only what the parsers read is
kept.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import argmap
from argmap.sources.base import SourceOptions

if TYPE_CHECKING:
    from argmap.http.session import PoliteSession

HN = "https://news.ycombinator.com/"
ALGOLIA = "https://hn.algolia.com/api/v1/items/"
REDDIT = "https://www.reddit.com"
LOBSTERS = "https://lobste.rs/"
STAMP = "2024-01-02T00:00:00 1704153600"

#: The relation stage is not what these tests are about (and is being worked on
#: elsewhere): a fixed, rule-based classifier keeps a failure here about the network.
CLASSIFIER = "argmap.cue_words.v1"


def map_url(url: str, session: PoliteSession, **options: Any) -> argmap.ArgumentMap:
    """``argmap.map_thread(url)`` through ``session``, with source ``options``."""
    return argmap.map_thread(
        url, session=session, options=SourceOptions(**options), classifier=CLASSIFIER
    )


# --- pages served instead of a thread -----------------------------------------------

HN_RATE_LIMIT = "Sorry, we're not able to serve your requests this quickly."
CLOUDFLARE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    '<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">'
    "<h1>news.ycombinator.com</h1><p>Verifying you are human. This may take a few "
    "seconds.</p></div><script>(function(){window._cf_chl_opt={cvId: '3',"
    "cZone: 'example', cType: 'managed'};})();</script></body></html>"
)
CLOUDFLARE_BLOCK = (
    "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head>"
    "<body><h1>Sorry, you have been blocked</h1><p>You are unable to access "
    "example.com</p></body></html>"
)
REDDIT_WHOA = (
    "<!doctype html><html><head><title>Blocked</title></head><body><h1>whoa there, "
    "pardner!</h1><p>Your request has been blocked due to a network policy.</p><p>Try "
    "logging in or creating an account here to get back to browsing.</p><p>If you're "
    "running a script or application, please register or sign in with your developer "
    "credentials here.</p></body></html>"
)
REDDIT_LOGIN = (
    '<!DOCTYPE html><html lang="en-US"><head><title>reddit.com: Log in</title></head>'
    '<body><form action="/login" method="post"><input name="username" type="text">'
    '<input name="password" type="password"><button>Log In</button></form></body></html>'
)
RECAPTCHA = (
    "<html><head><title>Are you a robot?</title></head><body><form>"
    '<div class="g-recaptcha" data-sitekey="x"></div></form></body></html>'
)
DISCOURSE_FORBIDDEN = json.dumps(
    {
        "errors": ["You are not permitted to view the requested resource."],
        "error_type": "invalid_access",
    }
)
GENERIC_ERROR_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
    "Gateway</h1></center><hr><center>nginx</center></body></html>"
)


# --- Hacker News item pages ---------------------------------------------------------


def hn_row(cid: str, indent: int, text: str, *, user: str = "u", goto: str = "") -> str:
    goto = goto or "item%3Fid%3D1"
    return (
        f'<tr class="athing comtr" id="{cid}"><td><table border="0"><tr>'
        f'<td class="ind" indent="{indent}"><img src="s.gif" height="1" width="{40 * indent}"></td>'
        f'<td class="votelinks"><a id="up_{cid}" href="vote?id={cid}&amp;how=up&amp;goto={goto}"></a></td>'
        f'<td class="default"><div><span class="comhead"><a href="user?id={user}" class="hnuser">{user}</a> '
        f'<span class="age" title="{STAMP}"><a href="item?id={cid}">1 day ago</a></span></span></div><br>'
        f'<div class="comment"><div class="commtext c00">{text}</div><div class="reply"><p>'
        '<font size="1"><u><a href="reply?id=1">reply</a></u></font></div></div></td></tr></table></td></tr>'
    )


def hn_page(
    rows: list[tuple[str, int]],
    *,
    item_id: int = 1,
    page: int = 1,
    more: bool = False,
    title: str = "A story",
    comments: int | None = None,
) -> str:
    """An item page (2024 markup) with ``rows`` of (comment id, indent)."""
    goto = f"item%3Fid%3D{item_id}" + (f"%26p%3D{page}" if page > 1 else "")
    more_link = (
        f'<tr><td class="title"><a href="item?id={item_id}&amp;p={page + 1}" '
        'class="morelink" rel="next">More</a></td></tr>'
        if more
        else ""
    )
    count = comments if comments is not None else len(rows)
    body = "".join(
        hn_row(
            cid,
            indent,
            f"Comment {cid} says that cats are better than dogs.",
            goto=goto,
        )
        for cid, indent in rows
    )
    return (
        f'<html lang="en" op="item"><head><title>{title} | Hacker News</title></head><body>'
        f'<span class="pagetop"><a href="login?goto={goto}">login</a></span>'
        f'<table class="fatitem"><tr class="athing submission" id="{item_id}"><td class="title">'
        f'<span class="titleline"><a href="https://example.com/story">{title}</a></span></td></tr>'
        f'<tr><td class="subtext"><a href="user?id=op" class="hnuser">op</a> '
        f'<span class="age" title="{STAMP}"><a href="item?id={item_id}">x</a></span> | '
        f'<a href="item?id={item_id}">{count}&nbsp;comments</a></td></tr></table>'
        f'<table class="comment-tree">{body}{more_link}</table></body></html>'
    )


def algolia_item(item_id: int = 1, comments: int = 3) -> str:
    children = [
        {
            "id": 100 + i,
            "created_at": "2024-01-02T00:00:00.000Z",
            "created_at_i": 1704153600,
            "type": "comment",
            "author": f"user{i}",
            "text": f"<p>Comment {i} says that cats are better than dogs.</p>",
            "parent_id": item_id,
            "story_id": item_id,
            "children": [],
        }
        for i in range(comments)
    ]
    return json.dumps(
        {
            "id": item_id,
            "created_at": "2024-01-02T00:00:00.000Z",
            "created_at_i": 1704153600,
            "type": "story",
            "author": "op",
            "title": "A story",
            "url": "https://example.com/story",
            "text": None,
            "points": 10,
            "parent_id": None,
            "story_id": item_id,
            "children": children,
        }
    )


# --- Reddit ---------------------------------------------------------------------------


def reddit_comment(cid: str, parent: str, replies: Any = "", link: str = "abc") -> dict:
    return {
        "kind": "t1",
        "data": {
            "id": cid,
            "name": f"t1_{cid}",
            "parent_id": parent,
            "link_id": f"t3_{link}",
            "author": f"user_{cid}",
            "body": f"Comment {cid} says that cats are better than dogs.",
            "created_utc": 1704153600,
            "permalink": f"/r/test/comments/{link}/a_story/{cid}/",
            "replies": replies,
        },
    }


def reddit_more(ids: list[str], parent: str, count: int | None = None) -> dict:
    return {
        "kind": "more",
        "data": {
            "id": ids[0] if ids else "_",
            "name": f"t1_{ids[0]}" if ids else "t1__",
            "parent_id": parent,
            "count": len(ids) if count is None else count,
            "children": ids,
        },
    }


def reddit_listing(comments: list[dict], link: str = "abc") -> str:
    submission = {
        "kind": "t3",
        "data": {
            "id": link,
            "name": f"t3_{link}",
            "title": "A story",
            "author": "op",
            "selftext": "Cats or dogs?",
            "is_self": True,
            "created_utc": 1704153600,
            "permalink": f"/r/test/comments/{link}/a_story/",
            "url": f"{REDDIT}/r/test/comments/{link}/a_story/",
        },
    }
    return json.dumps(
        [
            {"kind": "Listing", "data": {"children": [submission]}},
            {"kind": "Listing", "data": {"children": comments}},
        ]
    )


def reddit_morechildren(things: list[dict]) -> str:
    return json.dumps({"json": {"errors": [], "data": {"things": things}}})


# --- Discourse --------------------------------------------------------------------------


def discourse_post(number: int, topic: int = 7) -> dict:
    return {
        "id": 1000 + number,
        "post_number": number,
        "post_type": 1,
        "username": f"user{number}",
        "created_at": "2024-01-02T00:00:00.000Z",
        "cooked": f"<p>Post {number} says that cats are better than dogs.</p>",
        "reply_to_post_number": None,
        "topic_id": topic,
        "avatar_template": "/user_avatar/forum.example/u/{size}/1.png",
    }


def discourse_topic(posts: int, *, first: int = 20, topic: int = 7) -> str:
    """/t/ID.json: the first ``first`` posts, and the ids of all ``posts``."""
    return json.dumps(
        {
            "id": topic,
            "title": "A topic",
            "slug": "a-topic",
            "post_stream": {
                "posts": [
                    discourse_post(n, topic) for n in range(1, min(posts, first) + 1)
                ],
                "stream": [1000 + n for n in range(1, posts + 1)],
            },
        }
    )


def discourse_chunk(numbers: list[int], topic: int = 7) -> str:
    return json.dumps(
        {"post_stream": {"posts": [discourse_post(n, topic) for n in numbers]}}
    )


def discourse_chunk_path(numbers: list[int], topic: int = 7) -> str:
    """The path and query argmap asks for a chunk of posts, in its order."""
    from urllib.parse import urlencode

    query = urlencode([("post_ids[]", 1000 + n) for n in numbers])
    return f"/t/{topic}/posts.json?{query}"


# --- Lobsters -------------------------------------------------------------------------


def lobsters_story() -> str:
    return json.dumps(
        {
            "short_id": "abc123",
            "title": "A story",
            "url": "https://example.com/story",
            "description": "",
            "created_at": "2024-01-02T00:00:00.000-06:00",
            "submitter_user": "op",
            "comments_url": f"{LOBSTERS}s/abc123/a_story",
            "comments": [
                {
                    "short_id": "c1",
                    "comment": "<p>Cats are better than dogs.</p>",
                    "depth": 0,
                    "parent_comment": None,
                    "commenting_user": "someone",
                    "created_at": "2024-01-02T00:00:00.000-06:00",
                    "is_deleted": False,
                    "is_moderated": False,
                }
            ],
        }
    )
