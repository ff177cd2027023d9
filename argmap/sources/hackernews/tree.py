"""What the pages of a Hacker News thread add up to: the reply tree built
from their rows, and what the thread is missing (a More page not read,
comments that moved between pages while they were read)."""

from __future__ import annotations

from collections import Counter

from argmap.errors import LayoutChangedError
from argmap.model import Post, Skipped, Thread, plural
from argmap.sources.hackernews.pages import (
    COUNT_RE,
    MAX_PAGES,
    SITE,
    item_url,
    more_href,
    page_ref,
)
from argmap.sources.replies import IndentStack

_CHANGED = "the page layout may have changed"


def mark_missing_page(thread: Thread, texts: list[str], reason: str | None) -> None:
    href = more_href(texts[-1])
    if href is None or href in {page_ref(text) for text in texts}:
        return  # no More link, or one back to a page already read
    if reason is None and len(texts) >= MAX_PAGES:
        reason = f"not fetched: argmap reads at most MAX_PAGES={MAX_PAGES} pages"
    reason = (
        reason or f"page {len(texts)}'s More link leads to {href}, which was not given"
    )
    thread.complete = False
    thread.skipped.append(Skipped(f"page {len(texts) + 1}", reason))


#: The statuses Hacker News counts in a story's "N comments" (checked on the
#: saved captures: flagged, dead and deleted comments are left out).
COUNTED = frozenset({"ok", "collapsed"})


def note_uncounted(thread: Thread, texts: list[str]) -> None:
    """Mark the thread incomplete when it holds fewer comments than its story
    counts. Over several pages, Hacker News re-ranked it between two requests
    and some moved past the pages read without coming twice; on one page, the
    page itself is cut short (a download or a save that stopped part way), as
    every full capture holds exactly the comments its story counts."""
    count = COUNT_RE.search(texts[0])
    if count is None or not thread.complete:
        return  # a permalink or pre-2014 page shows no count; or already said
    counted = int(count[1])
    read = sum(1 for post in thread.posts[1:] if post.status in COUNTED)
    if read >= counted:
        return
    thread.complete = False
    if len(texts) == 1:
        thread.skipped.append(
            Skipped(
                "comments not on the page",
                f"the story counts {plural(counted, 'comment')} but the page "
                f"holds {read}: the page is probably cut short (a download or "
                "save that stopped part way); save the whole page again, or map "
                "the thread's URL (with --refresh if it came from the cache)",
            )
        )
        return
    thread.skipped.append(
        Skipped(
            "comments not on the pages read",
            f"the story counts {plural(counted, 'comment')} but its "
            f"{len(texts)} pages held {read}: Hacker News may have re-ranked the "
            "thread (or comments were deleted) while its pages were read; run again "
            "with --refresh, or read the thread in one request with --via api",
        )
    )


class PageTree:
    """Links rows to parents by indentation; the stack carries over page breaks."""

    def __init__(self, thread: Thread, where: str):
        self.thread, self.where = thread, where
        self.stack: IndentStack[str] = IndentStack(thread.root.id)
        self.ids = {thread.root.id}
        self.depth_of = {thread.root.id: 0}
        self.deleted_under: Counter[str] = Counter()
        # Comments met again on a later page: HN re-ranked between requests.
        self.repeated_later = 0

    def add(self, post: Post, indent: int | None, problem: str, *, page: int) -> None:
        if indent is None:
            raise LayoutChangedError(
                f"{SITE}: comment {post.id or '(no id)'} on page {page} of {self.where} "
                f"has no indentation, so its parent is unknown; {_CHANGED}"
            )
        post.depth = indent + 1
        parent = self.stack.parent(post.depth)
        if parent is None or problem:
            self.stack.push(post.depth, None)
            self._skip(post, page, problem or "its parent is missing or was left out")
            return
        if not post.id:  # before 2014 a deleted comment kept its place but not its id
            self.deleted_under[parent] += 1
            post.id = f"{parent}-deleted-{self.deleted_under[parent]}"
            post.url = item_url(parent)
        self.stack.push(post.depth, post.id)
        if post.id in self.ids:
            self.repeated_later += page > 1
            self._skip(
                post, page, "it appears twice; the first copy is kept", lost=False
            )
            return
        post.parent = parent
        # The indent, unless the parent is a row met again at another depth
        # (a page repeated out of place): then its first copy's depth + 1.
        post.depth = self.depth_of[post.id] = self.depth_of[parent] + 1
        self.ids.add(post.id)
        self.thread.posts.append(post)

    def _skip(self, post: Post, page: int, why: str, lost: bool = True) -> None:
        self.thread.complete = self.thread.complete and not lost
        item = f"comment {post.id or '(no id)'}"
        self.thread.skipped.append(
            Skipped(item, f"page {page}, depth {post.depth}: {why}")
        )


def note_reranked(thread: Thread, repeats: int) -> None:
    """``repeats`` comments met again on a later page mean HN re-ranked the
    thread between two page requests: others may have moved past the pages read."""
    if not repeats:
        return
    thread.complete = False
    thread.skipped.append(
        Skipped(
            "comments moved between pages",
            f"{plural(repeats, 'comment')} came again on a later page: Hacker News "
            "re-ranked the thread while its pages were read, so other comments may "
            "have moved past the pages read; run again with --refresh, or read the "
            "thread in one request with --via api",
        )
    )
