"""Building a reply tree, the two ways forums give one.

- Nested: each item holds its replies (the Algolia and hnpwa APIs).
  ``add_nested`` walks them depth-first in the order given, as a page lists
  them, without recursion, so a very deep thread cannot exhaust the stack.
- Flat, in page order, with only each row's indentation (Hacker News pages,
  Lobsters before 2022): a row answers the last row one level up.
  ``IndentStack`` keeps those last rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from argmap.model import Post, Skipped, Thread

Item = TypeVar("Item")
Row = TypeVar("Row")


def add_nested(
    thread: Thread,
    tops: Sequence[Item],
    replies_of: Callable[[Item], Sequence[Item]],
    read: Callable[[Item, Post], Post],
) -> None:
    """Add ``tops`` (the replies to the root) and all below them to ``thread``.

    ``read(item, parent)`` makes the Post. An id met again is listed as
    skipped, and what hangs under that copy is not read.
    """
    seen = {post.id for post in thread.posts}
    stack = [(item, thread.root) for item in reversed(tops)]
    while stack:
        item, parent = stack.pop()
        post = read(item, parent)
        if post.id in seen:
            thread.skipped.append(Skipped(f"comment {post.id}", "it appears twice"))
            continue
        seen.add(post.id)
        thread.posts.append(post)
        stack.extend((reply, post) for reply in reversed(replies_of(item)))


class IndentStack(Generic[Row]):
    """The last row at each level, for linking rows by indentation alone.

    Levels rise from the root's; a level with no entry has no row to answer.
    Sparse, so a row with a huge level costs nothing. A row that could not
    be placed is pushed as None: its replies cannot be linked either.
    """

    def __init__(self, root: Row, level: int = 0):
        self._stack: list[tuple[int, Row | None]] = [(level, root)]

    def parent(self, level: int) -> Row | None:
        """The row that a row at ``level`` answers (None if there is none),
        forgetting rows at ``level`` or deeper: their subtrees are closed."""
        while len(self._stack) > 1 and self._stack[-1][0] >= level:
            self._stack.pop()
        last_level, last = self._stack[-1]
        return last if last_level == level - 1 else None

    def push(self, level: int, row: Row | None) -> None:
        self._stack.append((level, row))
