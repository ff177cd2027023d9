"""Merging a Reddit thread's comments from its listing and every expansion page.

``CommentTree`` is pure: it is fed pages, links comments by ``parent_id``,
puts them in reading order, and says which stubs still hold comments that
were not loaded, and why.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from argmap.errors import LayoutChangedError
from argmap.model import Skipped, plural
from argmap.sources.reddit.listing import (
    SITE,
    Thing,
    comment_id,
    is_continue,
    read_answer,
    requested,
    stub_count,
    stub_ids,
)

if TYPE_CHECKING:
    from argmap.http.page import Page

_CHANGED = "Reddit's JSON layout may have changed"


class CommentTree:
    """Comments from the first listing and every answer page, linked by ``parent_id``.

    Comments may arrive in any order and more than once (the first copy is
    kept). Links are resolved only in ``ordered``, once everything is in.
    """

    def __init__(self, root_id: str, where: str):
        self.root_id, self.where = root_id, where
        self.comments: dict[str, dict[str, Any]] = {}
        self.parent: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        self.stubs: list[tuple[int, dict[str, Any]]] = []
        self.asked_at: dict[str, int] = {}
        self.continued: set[str] = set()
        self.failed: dict[str, str] = {}  # comment id, or "continue:<id>" -> why
        self.foreign: dict[str, str] = {}  # comment id -> the other thread's t3_ id

    def add(self, things: list[Thing], page_index: int) -> None:
        for kind, data in things:
            if kind == "more":
                self.stubs.append((page_index, data))
            elif kind == "t1":
                self._add_comment(data)
            else:
                raise LayoutChangedError(
                    f"{SITE}: a thing of kind {kind!r} among the comments of "
                    f"{self.where}; {_CHANGED}"
                )

    def add_answer(self, page: Page, page_index: int) -> str | None:
        """Merge one expansion page; if it failed, note what it leaves open and why."""
        kind, ids = requested(page.url)
        things, problem = read_answer(page)
        if problem is None and kind == "more" and _none_asked_for(things, ids):
            # Reddit leaves out deleted comments, but an answer with none of
            # the ids asked for is about something else: keep what belongs to
            # this thread, and count the ids asked for as not loaded.
            self.add(things, page_index)
            problem = "Reddit answered with other comments than those asked for"
            self.failed.update((key, problem) for key in ids)
            return None
        if problem is not None:
            keys = [f"continue:{i}" for i in ids] if kind == "continue" else ids
            self.failed.update((key, problem) for key in keys)
            return problem
        if kind == "more":
            self.asked_at.update((i, page_index) for i in ids)
        elif kind == "continue":
            self.continued.update(ids)
        self.add(things, page_index)
        return None

    def open_ids(self, stub: dict[str, Any], found_at: int) -> list[str]:
        """Ids of a stub neither loaded nor asked for since the stub was seen.

        Reddit answers a long list of ids with some comments and a new stub
        for the rest, so an id asked for before that stub came is open again.
        """
        ids = [c for c in stub_ids(stub) if isinstance(c, str)]
        return [
            c
            for c in ids
            if c not in self.comments and self.asked_at.get(c, -1) <= found_at
        ]

    def _add_comment(self, data: dict[str, Any]) -> None:
        cid, parent_id = data.get("id"), data.get("parent_id")
        if not isinstance(cid, str) or not cid:
            raise LayoutChangedError(
                f"{SITE}: a comment in {self.where} has no id; {_CHANGED}"
            )
        link_id = data.get("link_id")
        if isinstance(link_id, str) and link_id != f"t3_{self.root_id}":
            self.foreign.setdefault(cid, link_id)  # an answer about another thread
            return
        if isinstance(parent_id, str) and parent_id.startswith("t3_"):
            parent = self.root_id
        elif (parent := comment_id(parent_id)) is None:
            raise LayoutChangedError(
                f"{SITE}: comment {cid} in {self.where} has no usable parent_id "
                f"({parent_id!r}); {_CHANGED}"
            )
        if cid in self.comments:
            return  # answers overlap; the first copy is kept
        self.comments[cid] = data
        self.parent[cid] = parent
        self.children[parent].append(cid)

    def ordered(self) -> tuple[list[tuple[dict[str, Any], str, int]], list[Skipped]]:
        """(comment, parent id, depth) in reading order, and what had no place.

        A comment whose parent is not in the response (a permalink's context
        window cut it off) is placed under the post, as Reddit's own permalink
        view shows it, and the missing parent is listed as skipped.
        """
        skipped: list[Skipped] = []
        tops = list(self.children.get(self.root_id, []))
        for missing in [p for p in self.children if p not in self.comments]:
            if missing == self.root_id:
                continue
            orphans = self.children[missing]
            tops.extend(orphans)
            replies = (
                "1 reply is" if len(orphans) == 1 else f"{len(orphans)} replies are"
            )
            why = f"not in Reddit's response; its {replies} placed under the post"
            skipped.append(Skipped(f"comment {missing}", why))
        out: list[tuple[dict[str, Any], str, int]] = []
        stack = [(cid, 1) for cid in reversed(tops)]
        while stack:
            cid, depth = stack.pop()
            parent = (
                self.parent[cid] if self.parent[cid] in self.comments else self.root_id
            )
            out.append((self.comments[cid], parent, depth))
            stack.extend((c, depth + 1) for c in reversed(self.children.get(cid, [])))
        placed = {data["id"] for data, _, _ in out}
        skipped.extend(
            Skipped(
                f"comment {cid}", f"Reddit sent it with thread {link}, not this one"
            )
            for cid, link in self.foreign.items()
            if cid not in self.comments
        )
        skipped.extend(
            Skipped(
                f"comment {cid}",
                "its parent links loop, so it has no place in the tree",
            )
            for cid in self.comments
            if cid not in placed
        )
        return out, skipped

    def open_stubs(self, reason: str) -> list[Skipped]:
        """A Skipped for every stub whose comments are still missing, with how many."""
        skipped: list[Skipped] = []
        counted: set[str] = set()  # stubs re-offered by Reddit overlap; count once
        for found_at, stub in self.stubs:
            if is_continue(stub):
                entry = self._open_continue(stub, reason)
            else:
                entry = self._open_more(stub, found_at, counted, reason)
            if entry is not None:
                skipped.append(entry)
        return skipped

    def _open_continue(self, stub: dict[str, Any], reason: str) -> Skipped | None:
        parent = comment_id(stub.get("parent_id"))
        if parent is None or parent in self.continued:
            return None
        why = self.failed.get(f"continue:{parent}", reason)
        return Skipped(
            f"'continue this thread' under comment {parent}",
            f"its deeper replies (how many is not known) were not loaded: {why}",
        )

    def _open_more(
        self, stub: dict[str, Any], found_at: int, counted: set[str], reason: str
    ) -> Skipped | None:
        ids = stub_ids(stub)
        still = [c for c in self.open_ids(stub, found_at) if c not in counted]
        if not still:
            return None
        counted.update(still)
        failures = [self.failed[c] for c in still if c in self.failed]
        held = stub_count(stub) if len(still) == len(ids) else 0
        n = max(held, len(still))
        # The stub's count is exact only while all its ids are still open;
        # otherwise the open ids are a lower bound.
        amount = plural(n, "comment")
        amount = amount if held >= len(still) else f"at least {amount}"
        were = "was" if n == 1 else "were"
        parent = comment_id(stub.get("parent_id"))
        under = f"comment {parent}" if parent else "the post"
        return Skipped(
            f"'load more comments' under {under}",
            f"{amount} {were} not loaded: {failures[0] if failures else reason}",
        )


def _none_asked_for(things: list[Thing], ids: list[str]) -> bool:
    got = {data.get("id") for kind, data in things if kind == "t1"}
    return bool(got) and not got & set(ids)
