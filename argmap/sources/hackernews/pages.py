"""Hacker News item pages as a chain: More links, page names, saved pages on disk.

Long threads continue on pages reached by a "More" link (``item?id=N&p=K``, or
``/x?fnid=...`` before 2014). Each page names itself in its vote and login
links (``goto=``/``whence=``): that is how pages are checked to belong together
and how saved continuation pages are found next to the first one. This module
works on page text only; ``item`` reads the comments and ``fetch`` the pages.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from argmap.errors import InputError
from argmap.sources.base import as_text
from argmap.sources.disk import read_bytes, read_head

SITE = "hackernews"
HN_BASE = "https://news.ycombinator.com/"
MAX_PAGES = 20

# Tag patterns stop at the next "<" as well as at ">": a search that ran on to
# the next ">" from every "<a " took time in the square of the page (20,000
# unclosed "<a " before </body>: 23 s). No real tag holds a "<".
_MORE_LINK_RE = re.compile(r"<a\s([^<>]*)>\s*More\s*</a>", re.IGNORECASE)
# In the tag's attributes; "href" only where an attribute starts, so each try
# scans a value no other try scans.
_HREF_RE = re.compile(r"""(?<![^\s"'])href\s*=\s*(["']?)([^"'\s]+)\1""", re.IGNORECASE)
_PAGE_LINK_RE = re.compile(r"(?:^|/)x\?fnid=\w+$|^item\?id=\d+&p=\d+$")
_SELF_REF_RE = re.compile(r"""(?:goto|whence)=([^&"'\s>#]+)""")
_TITLE_RE = re.compile(r"<title>([^<]*)</title>", re.IGNORECASE)
_OP_RE = re.compile(r"<html[^<>]*\sop=[\"']?(\w+)", re.IGNORECASE)
COUNT_RE = re.compile(r">\s*(\d+)(?:&nbsp;|\s|\u00a0)+comments?\s*</a>")
COMHEAD_RE = re.compile(r"""class=["']?comhead\b""")
STORY_RE = re.compile(r"""class=["']?(?:fatitem|subtext)\b""")


def item_url(item_id: str) -> str:
    return f"{HN_BASE}item?id={item_id}"


def more_href(text: str) -> str | None:
    """The target of the page's More link (normalised like ``page_ref``), if any."""
    for attributes in reversed(_MORE_LINK_RE.findall(text)):
        href = _HREF_RE.search(attributes)
        if href and _PAGE_LINK_RE.search(ref := norm_ref(href[2])):
            return ref
    return None


def page_ref(text: str) -> str | None:
    """What the page calls itself in its goto=/whence= parameters."""
    refs = Counter(norm_ref(unquote(v)) for v in _SELF_REF_RE.findall(text))
    return refs.most_common(1)[0][0] if refs else None


def sniff(text_head: str) -> bool:
    """True if the start of a file looks like a Hacker News item page."""
    title = _TITLE_RE.search(text_head)
    if not title or not re.search(r"\| Hacker News\b|\bHacker News \|", title[1]):
        return False
    op = _OP_RE.search(text_head)  # 2011-13 pages have no op attribute
    return op is None or op[1] == "item"


def norm_ref(ref: str) -> str:
    ref = html.unescape(ref).split("#", 1)[0]
    if ref.startswith(("http://", "https://")):
        parts = urlsplit(ref)
        ref = parts.path + (f"?{parts.query}" if parts.query else "")
    return ref.lstrip("/")


def estimated_pages(text: str) -> int | None:
    """How many pages the thread of page 1 ``text`` needs, or None if unknown.

    The story's "N comments" link over the comments shown on page 1; a
    comment permalink page and pre-2014 pages show no count.
    """
    if more_href(text) is None:
        return 1
    count = COUNT_RE.search(text)
    shown = len(COMHEAD_RE.findall(text))
    if count is None or shown == 0:
        return None
    return -(-int(count[1]) // shown)


def check_continues(prev: str, text: str, top_id: str, root_id: str, n: int) -> None:
    """Raise InputError unless page ``n`` is where page ``n - 1``'s More link leads."""
    expected, ref = more_href(prev), page_ref(text)
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


def saved_chain(path: Path) -> tuple[list[str], str | None]:
    """The texts of a saved page and the pages before and after it in its folder.

    Returns the page texts in order and, when a continuation page is missing,
    the reason to record for it.
    """
    chain = [(Path(path), _read_file(Path(path)))]
    has_story = bool(STORY_RE.search(chain[0][1]))
    siblings = [] if has_story and not more_href(chain[0][1]) else _siblings(Path(path))
    while not STORY_RE.search(chain[0][1]):  # a 'more comments' page: find page 1
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
            return [text for _, text in chain], reason
        chain.append(after[0])
    return [text for _, text in chain], None


def _read_file(path: Path) -> str:
    return as_text(read_bytes(path))


def _siblings(path: Path) -> list[tuple[Path, str]]:
    """The saved HN pages in the same folder as ``path``, with their text."""
    files = sorted(
        p for p in path.parent.iterdir() if p.suffix.lower() in (".html", ".htm")
    )
    # Only the start says whether a file is an HN page: a Downloads folder may
    # hold many large pages of other sites.
    return [(p, _read_file(p)) for p in files if p.is_file() and _looks_like_hn(p)]


def _looks_like_hn(path: Path) -> bool:
    try:  # read_head: a FIFO or device among the pages is skipped, not read
        return sniff(as_text(read_head(path, 65536)))
    except InputError:
        return False
