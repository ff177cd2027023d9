"""Hacker News item pages (news.ycombinator.com/item?id=N), read from the HTML.

Three markups are read: 2024+ (``tr.athing.comtr``, ``td.ind[indent]``,
``div.commtext``), 2019 (``span.commtext``, depth only as a 40px-per-level spacer
image) and 2011-13 (``span.comment > font``, no ``athing`` rows). The top item
can also be a comment (a permalink page), which then is the root.

Long threads continue on pages reached by a "More" link (``item?id=N&p=K``, or
``/x?fnid=...`` before 2014). Each page names itself in its vote and login
links (``goto=``/``whence=``): that is how pages are checked to belong together
and how saved continuation pages are found next to the first one.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from argmap.errors import InputError, LayoutChangedError
from argmap.model import Block, Post, Skipped, Thread
from argmap.sources._html import assemble, clean_text, html_to_parts, safe_href
from argmap.sources.base import Source, as_text

if TYPE_CHECKING:
    from argmap.fetch import Page

SITE = "hackernews"
HN_BASE = "https://news.ycombinator.com/"
MAX_PAGES = 20
INDENT_PX = 40  # before 2020 depth is only the width of a spacer image

_MORE_RE = re.compile(
    r"""<a\s[^>]*?href\s*=\s*(["']?)([^"'\s>]+)\1[^>]*>\s*More\s*</a>""", re.IGNORECASE
)
_PAGE_LINK_RE = re.compile(r"(?:^|/)x\?fnid=\w+$|^item\?id=\d+&p=\d+$")
_SELF_REF_RE = re.compile(r"""(?:goto|whence)=([^&"'\s>#]+)""")
_TITLE_RE = re.compile(r"<title>([^<]*)</title>", re.IGNORECASE)
_OP_RE = re.compile(r"<html[^>]*\sop=[\"']?(\w+)", re.IGNORECASE)
_STORY_RE = re.compile(r"""class=["']?(?:fatitem|subtext)\b""")
_VOTE_ID = re.compile(r"^up_\d+$")
_ITEM_HREF = re.compile(r"^item\?id=\d+$")
_MARKERS = {"[flagged]": "flagged", "[dead]": "dead"}
_CHANGED = "the page layout may have changed"


class HackerNewsItemSource(Source):
    """Hacker News item page: a story or a comment, with every reply"""

    site = SITE
    kind = "item"
    pattern = (
        r"https?://news\.ycombinator\.com/item\?id=(?P<id>\d+)(?:&[^#\s]*)?(?:#\S*)?$"
    )
    example = "https://news.ycombinator.com/item?id=39232976"

    def fetch(self) -> list[Page]:
        """Get the item page, then follow More links, at most MAX_PAGES pages in all."""
        first = item_url(self.item_id)
        pages, seen = [self.session.get(first)], {first}
        while len(pages) < MAX_PAGES and (href := more_href(pages[-1].text)):
            next_url = urljoin(pages[-1].url or first, href)
            if next_url in seen:
                break
            seen.add(next_url)
            pages.append(self.session.get(next_url))
        return pages

    def parse(self, pages: list[Page]) -> Thread:
        return parse_pages([page.text for page in pages], url=self.url)


SOURCES = [HackerNewsItemSource]


def item_url(item_id: str) -> str:
    return f"{HN_BASE}item?id={item_id}"


def parse_pages(
    texts: list[str], url: str | None = None, *, missing_reason: str | None = None
) -> Thread:
    """One Thread from an item page and its continuation pages, given in order."""
    where = url or "the given Hacker News page"
    soups = [BeautifulSoup(text, "lxml") for text in texts]
    top = _top_table(soups[0]) if soups else None
    if top is None:
        raise InputError(
            f"{where} is not the first page of a Hacker News item (a 'more comments' "
            "page has no story); give the thread's first page or its URL"
        )
    root, title, link = _read_top(top, where)
    thread = Thread(SITE, root.id, root.url, title, [root], link=link)
    tree = _Tree(thread, where)
    for number, soup in enumerate(soups, start=1):
        if number > 1:
            _check_continues(
                texts[number - 2], texts[number - 1], soup, root.id, number
            )
        for cell in _comment_cells(soup):
            tree.add(*_read_row(cell, where), page=number)
    _mark_missing_page(thread, texts, missing_reason)
    return thread


def more_href(text: str) -> str | None:
    """The target of the page's More link (normalised like ``page_ref``), if any."""
    for _, href in reversed(_MORE_RE.findall(text)):
        if _PAGE_LINK_RE.search(ref := _norm_ref(href)):
            return ref
    return None


def page_ref(text: str) -> str | None:
    """What the page calls itself in its goto=/whence= parameters."""
    refs = Counter(_norm_ref(unquote(v)) for v in _SELF_REF_RE.findall(text))
    return refs.most_common(1)[0][0] if refs else None


def sniff(text_head: str) -> bool:
    """True if the start of a file looks like a Hacker News item page."""
    title = _TITLE_RE.search(text_head)
    if not title or not re.search(r"\| Hacker News\b|\bHacker News \|", title[1]):
        return False
    op = _OP_RE.search(text_head)  # 2011-13 pages have no op attribute
    return op is None or op[1] == "item"


def _norm_ref(ref: str) -> str:
    ref = html.unescape(ref).split("#", 1)[0]
    if ref.startswith(("http://", "https://")):
        parts = urlsplit(ref)
        ref = parts.path + (f"?{parts.query}" if parts.query else "")
    return ref.lstrip("/")


def _top_table(soup: BeautifulSoup) -> Tag | None:
    """The table of the page's own item; None on a 'more comments' page."""
    subtext = soup.select_one("td.subtext")
    fat = soup.select_one("table.fatitem")
    if fat is not None:
        return fat
    return subtext.find_parent("table") if subtext is not None else None


def _read_top(table: Tag, where: str) -> tuple[Post, str, str | None]:
    """The root post (the story, or a permalinked comment), the title and the link."""
    item_id = _own_id(
        table.select_one("tr.athing"), table, table.select_one("td.subtext")
    )
    cell = table.select_one("td.default")
    if not item_id:
        raise LayoutChangedError(
            f"{SITE}: the top item of {where} has no id; {_CHANGED}"
        )
    if cell is not None:
        return _read_row(cell, where, item_id)[0], "", None
    title_a = table.select_one("span.titleline > a, a.storylink, td.title > a")
    title = clean_text(title_a.get_text()) if title_a is not None else ""
    link = safe_href(title_a.get("href"), HN_BASE) if title_a is not None else None
    if link and _norm_ref(link) == f"item?id={item_id}":
        link = None  # Ask HN: the title leads back to the item itself
    subtext = table.select_one("td.subtext")
    body = _story_text(table, subtext)
    parts = [("title", title)] + (
        html_to_parts(body, HN_BASE) if body is not None else []
    )
    text, blocks = assemble(parts)
    author, created, url = _author(subtext), _created(subtext), item_url(item_id)
    return Post(item_id, None, author, created, 0, url, "ok", text, blocks), title, link


def _own_id(athing: Tag | None, scope: Tag | None, head: Tag | None) -> str:
    """An item's id: its row id, else its vote arrow, else its own item?id= link."""
    if athing is not None and str(athing.get("id", "")).isdigit():
        return str(athing["id"])
    vote = scope.find("a", id=_VOTE_ID) if scope is not None else None
    if vote is not None:
        return str(vote["id"])[3:]
    links = head.find_all("a", href=_ITEM_HREF) if head is not None else []
    own = [a for a in links if a.get_text(strip=True) not in ("parent", "context")]
    return str(own[0]["href"]).split("=", 1)[1] if own else ""


def _story_text(table: Tag, subtext: Tag | None) -> Tag | None:
    """Ask/Show HN text: ``div.toptext``, or before 2020 a bare cell below the subtext."""
    top = table.select_one("div.toptext")
    subtext_row = subtext.find_parent("tr") if subtext is not None else None
    if top is not None or subtext_row is None:
        return top
    for tr in subtext_row.find_next_siblings("tr"):
        cell = tr.find_all("td", recursive=False)[-1:]
        # That cell may also hold the reply form, which is no part of the story.
        if cell and cell[0].get_text(strip=True) and not cell[0].find("textarea"):
            return cell[0]
    return None


def _comment_cells(soup: BeautifulSoup) -> list[Tag]:
    cells = soup.select("td.default")
    return [td for td in cells if td.find_parent("table", class_="fatitem") is None]


def _read_row(
    cell: Tag, where: str, known_id: str = ""
) -> tuple[Post, int | None, str]:
    """A comment as a Post (parent and depth still unset), its indent, and any problem."""
    comhead = cell.select_one("span.comhead")
    inner = cell.find_parent("tr")
    row_id = known_id or _own_id(
        cell.find_parent("tr", class_="athing"), inner, comhead
    )
    status, text, blocks, problem = _row_body(cell, comhead)
    if not row_id and status != "deleted":
        raise LayoutChangedError(
            f"{SITE}: a comment row in {where} has no id; {_CHANGED}"
        )
    url = item_url(row_id) if row_id else ""
    author, created = _author(comhead), _created(comhead)
    post = Post(row_id, None, author, created, 0, url, status, text, blocks)
    return post, _row_indent(inner, cell), problem


def _row_indent(inner: Tag | None, cell: Tag) -> int | None:
    """``td.ind[indent]``, else the spacer image's width / 40."""
    first = inner.find("td") if inner is not None else None
    if inner is None or first is None or first is cell:
        return None
    ind = inner.find("td", class_="ind") or first
    if ind.has_attr("indent"):
        raw, scale = ind["indent"], 1
    else:
        img = ind.find("img")
        raw, scale = (img.get("width") if img is not None else None), INDENT_PX
    try:
        return int(str(raw)) // scale
    except ValueError:
        return None


def _row_body(
    cell: Tag, comhead: Tag | None
) -> tuple[str, str, tuple[Block, ...], str]:
    """Status, text, blocks of a comment cell, and what is wrong with it, if anything."""
    box = cell.select_one(".commtext") or cell.select_one(".comment")
    if box is None:
        return "ok", "", (), "the row has no comment text"
    for reply in box.select("div.reply"):
        reply.decompose()
    shown = box.get_text(" ", strip=True)
    if shown == "[deleted]":
        return "deleted", "", (), ""
    if shown in _MARKERS:  # a placeholder standing in for the comment
        return _MARKERS[shown], shown, (Block("paragraph", 0, len(shown)),), ""
    text, blocks = assemble(html_to_parts(box, HN_BASE))
    # With showdead, a dead or flagged comment is shown with a marker after its age.
    marks = (
        "".join(comhead.find_all(string=True, recursive=False))
        if comhead is not None
        else ""
    )
    status = next((s for m, s in _MARKERS.items() if m in marks), "ok")
    athing = cell.find_parent("tr", class_="athing")
    if status == "ok" and athing is not None and "coll" in athing.get("class", []):
        status = "collapsed"
    return status, text, blocks, ""


def _author(head: Tag | None) -> str | None:
    user = (
        head.select_one('a.hnuser, a[href^="user?id="]') if head is not None else None
    )
    return (clean_text(user.get_text()) or None) if user is not None else None


def _created(head: Tag | None) -> datetime | None:
    """From ``span.age[title]`` ("2024-02-03T16:43:55 1706978635"); None before 2020."""
    age = head.select_one("span.age[title]") if head is not None else None
    stamp = str(age["title"]).split() if age is not None else []
    if not stamp:
        return None
    try:
        if stamp[-1].isdigit():
            return datetime.fromtimestamp(int(stamp[-1]), tz=timezone.utc)
        return datetime.fromisoformat(stamp[0]).replace(tzinfo=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


class _Tree:
    """Links rows to parents by indentation; the stack carries over page breaks."""

    def __init__(self, thread: Thread, where: str):
        self.thread, self.where = thread, where
        self.stack: list[str | None] = [thread.root.id]  # [d]: last post at depth d
        self.ids = {thread.root.id}
        self.deleted_under: Counter[str] = Counter()

    def add(self, post: Post, indent: int | None, problem: str, *, page: int) -> None:
        if indent is None:
            raise LayoutChangedError(
                f"{SITE}: comment {post.id or '(no id)'} on page {page} of {self.where} "
                f"has no indentation, so its parent is unknown; {_CHANGED}"
            )
        post.depth = indent + 1
        parent = self.stack[indent] if indent < len(self.stack) else None
        del self.stack[post.depth :]
        self.stack.extend([None] * (post.depth - len(self.stack)))
        if parent is None or problem:
            self.stack.append(None)  # its replies cannot be linked either
            self._skip(post, page, problem or "its parent is missing or was left out")
            return
        if not post.id:  # before 2014 a deleted comment kept its place but not its id
            self.deleted_under[parent] += 1
            post.id = f"{parent}-deleted-{self.deleted_under[parent]}"
            post.url = item_url(parent)
        self.stack.append(post.id)
        if post.id in self.ids:
            self._skip(
                post, page, "it appears twice; the first copy is kept", lost=False
            )
            return
        post.parent = parent
        self.ids.add(post.id)
        self.thread.posts.append(post)

    def _skip(self, post: Post, page: int, why: str, lost: bool = True) -> None:
        self.thread.complete = self.thread.complete and not lost
        item = f"comment {post.id or '(no id)'}"
        self.thread.skipped.append(
            Skipped(item, f"page {page}, depth {post.depth}: {why}")
        )


def _check_continues(
    prev: str, text: str, soup: BeautifulSoup, root_id: str, n: int
) -> None:
    """Raise InputError unless page ``n`` is where page ``n - 1``'s More link leads."""
    expected, ref = more_href(prev), page_ref(text)
    top = _top_table(soup)
    top_id = _own_id(top.select_one("tr.athing"), top, None) if top is not None else ""
    if expected is None:
        problem = f"page {n - 1} has no More link"
    elif ref is not None and ref != expected:
        problem = f"it is {ref!r}, but page {n - 1}'s More link leads to {expected!r}"
    elif top_id and top_id != root_id:
        problem = f"it is item {top_id}, not item {root_id}"
    else:
        return
    raise InputError(
        f"page {n} does not continue page {n - 1} of the thread: {problem}"
    )


def _mark_missing_page(thread: Thread, texts: list[str], reason: str | None) -> None:
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


def read_saved(path: Path) -> Thread:
    """Read a saved item page, joined with the pages before and after it in its folder."""
    chain = [(Path(path), _read_file(Path(path)))]
    has_story = bool(_STORY_RE.search(chain[0][1]))
    siblings = [] if has_story and not more_href(chain[0][1]) else _siblings(Path(path))
    while not _STORY_RE.search(chain[0][1]):  # a 'more comments' page: find page 1
        ref = page_ref(chain[0][1])
        before = [s for s in siblings if s not in chain and more_href(s[1]) == ref]
        if not before:
            raise InputError(
                f"{path} is a 'more comments' page and the page before it is not next to "
                "it; pass the thread's first page or map its URL"
            )
        chain.insert(0, before[0])
    while href := more_href(chain[-1][1]):
        after = [s for s in siblings if s not in chain and page_ref(s[1]) == href]
        if not after:
            reason = f"continuation page not found next to {chain[-1][0]}; pass it too or map the URL"
            return parse_pages([t for _, t in chain], str(path), missing_reason=reason)
        chain.append(after[0])
    return parse_pages([text for _, text in chain], str(path))


def _read_file(path: Path) -> str:
    try:
        return as_text(path.read_bytes())
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None


def _siblings(path: Path) -> list[tuple[Path, str]]:
    """The saved HN pages in the same folder as ``path``, with their text."""
    files = sorted(
        p for p in path.parent.iterdir() if p.suffix.lower() in (".html", ".htm")
    )
    pages = [(p, _read_file(p)) for p in files if p.is_file()]
    return [(p, text) for p, text in pages if sniff(text[:65536])]
