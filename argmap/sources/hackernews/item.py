"""Hacker News item pages (news.ycombinator.com/item?id=N), read from the HTML.

Three markups are read: 2024+ (``tr.athing.comtr``, ``td.ind[indent]``,
``div.commtext``), 2019 (``span.commtext``, depth only as a 40px-per-level spacer
image) and 2011-13 (``span.comment > font``, no ``athing`` rows). The top item
can also be a comment (a permalink page), which then is the root.

Long threads continue on "More" pages, or come from the Algolia API in one
request (the ``via`` option): see ``fetch.fetch_pages``.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, Tag

from argmap.errors import InputError, LayoutChangedError
from argmap.model import Block, Post, Thread
from argmap.sources._html import (
    assemble,
    clean_text,
    html_to_parts,
    parse_html,
    safe_href,
)
from argmap.sources.base import SavedFile, Source
from argmap.sources.hackernews import api
from argmap.sources.hackernews.fetch import RATE_LIMIT_PAGE, VIA, fetch_pages
from argmap.sources.hackernews.pages import (
    HN_BASE,
    MAX_PAGES,
    SITE,
    check_continues,
    item_url,
    more_href,
    norm_ref,
    page_ref,
    saved_chain,
    sniff,
)
from argmap.sources.hackernews.tree import (
    PageTree,
    mark_missing_page,
    note_reranked,
    note_uncounted,
)

if TYPE_CHECKING:
    from argmap.http.page import Page

__all__ = ["HN_BASE", "MAX_PAGES", "SITE", "HackerNewsItemSource"]
__all__ += ["item_url", "more_href", "page_ref", "parse_pages", "read_saved", "sniff"]

INDENT_PX = 40  # before 2020 depth is only the width of a spacer image
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
    declared_options = (VIA,)
    saved_file = SavedFile(
        "a saved Hacker News item page (.html), with its More pages beside it",
        lambda head: isinstance(head, str) and sniff(head),
        lambda path, _: read_saved(path),
        saved_as="html",
    )
    walls = (RATE_LIMIT_PAGE,)

    def fetch(self) -> list[Page]:
        """The item's HTML pages, or its API response, as ``options.via`` says."""
        return fetch_pages(self.session, self.item_id, self.options.via)

    def parse(self, pages: list[Page]) -> Thread:
        if len(pages) == 1 and api.is_api_url(pages[0].url):
            return api.parse_json(pages[0].json(), url=self.url)
        # fetch() keeps a More page it could not read as a failed Page (not 2xx).
        failed = [p.text for p in pages if not p.ok]
        reason = f"fetching it failed: {failed[0]}" if failed else None
        if failed and "run again" not in failed[0]:
            reason += (
                "; run again to fetch the rest (the pages already read are cached)"
            )
        texts = [p.text for p in pages if p.ok]
        return parse_pages(texts, url=self.url, missing_reason=reason)


def parse_pages(
    texts: list[str], url: str | None = None, *, missing_reason: str | None = None
) -> Thread:
    """One Thread from an item page and its continuation pages, given in order."""
    where = url or "the given Hacker News page"
    soups = [parse_html(text) for text in texts]
    top = _top_table(soups[0]) if soups else None
    if top is None:
        raise InputError(
            f"{where} is not the first page of a Hacker News item (a 'more comments' "
            "page has no story); give the thread's first page or its URL"
        )
    root, title, link = _read_top(top, where)
    thread = Thread(SITE, root.id, root.url, title, [root], link=link)
    tree = PageTree(thread, where)
    for number, soup in enumerate(soups, start=1):
        if number > 1:
            top = _top_table(soup)
            top_id = (
                _own_id(top.select_one("tr.athing"), top, None)
                if top is not None
                else ""
            )
            check_continues(
                texts[number - 2], texts[number - 1], top_id, root.id, number
            )
        for cell in _comment_cells(soup):
            tree.add(*_read_row(cell, where), page=number)
    mark_missing_page(thread, texts, missing_reason)
    note_reranked(thread, tree.repeated_later)
    note_uncounted(thread, texts)
    return thread


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
    if link and norm_ref(link) == f"item?id={item_id}":
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
        indent = int(str(raw)) // scale
    except ValueError:
        return None
    return indent if indent >= 0 else None  # a negative indent says nothing


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


def read_saved(path: Path) -> Thread:
    """Read a saved item page, joined with the pages before and after it in its folder."""
    texts, missing_reason = saved_chain(Path(path))
    return parse_pages(texts, str(path), missing_reason=missing_reason)
