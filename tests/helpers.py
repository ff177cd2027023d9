"""Small threads built in code, for tests that need no capture."""

from __future__ import annotations

from datetime import datetime, timezone

from argmap.model import Post, Thread
from argmap.textblocks import blocks_from_text


def post(post_id: str, parent: str | None, text: str, depth: int, *, author: str = "alice",
         status: str = "ok", title: bool = False) -> Post:
    return Post(
        id=post_id, parent=parent, author=author,
        created=datetime(2024, 2, 3, 16, 43, 55, tzinfo=timezone.utc), depth=depth,
        url=f"https://news.ycombinator.com/item?id={post_id}", status=status,
        text=text, blocks=blocks_from_text(text, title=title),
    )


def tiny_thread() -> Thread:
    """A story, two disagreeing replies, a quoting reply, a question, a deleted post."""
    posts = [
        post("1", None, "Rust is the future of systems programming\n\nMemory safety matters.", 0,
             author="op", title=True),
        post("2", "1", "I don't think so. C++ has decades of tooling that Rust lacks.", 1,
             author="bob"),
        post("3", "2", "> C++ has decades of tooling\n\nThat is not true. Cargo is better than "
             "anything C++ has.", 2, author="carol"),
        post("4", "1", "Agreed, memory safety matters a lot for security.", 1, author="dan"),
        post("5", "4", "What about performance?", 2, author="erin"),
        post("6", "4", "[deleted]", 2, author=None, status="deleted"),
    ]
    return Thread(site="hackernews", id="1", url="https://news.ycombinator.com/item?id=1",
                  title="Rust is the future of systems programming", posts=posts,
                  fetched_at=datetime(2024, 2, 4, tzinfo=timezone.utc))
