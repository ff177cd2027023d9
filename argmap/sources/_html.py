"""Comment HTML -> plain text with paragraph blocks, for every source that serves HTML.

Hacker News, Discourse (``cooked``), Lobsters and Reddit all hand us comment
bodies as HTML. ``html_to_text`` turns one body into the plain text the NLP
stages read, paragraphs separated by exactly ``"\\n\\n"``, plus one ``Block``
per paragraph saying what it is (paragraph, quote, code or list item).

The walk is iterative, so deeply nested or broken markup cannot exhaust the
stack: comment HTML is hostile input and this module never raises on it.
"""

from __future__ import annotations

import re
import textwrap
import warnings
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    PageElement,
    ProcessingInstruction,
)

from argmap.model import Block
from argmap.text.xmlsafe import strip_xml_illegal

Part = tuple[str, str]  # (block kind, text of the block)

# XML 1.0 forbids these; GraphML output and later stages rely on clean text.
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_LINE_BREAK = re.compile(r" *\n[ \n]*")
_LIST_MARKER = re.compile(r"(?:[-*\u2022] |\d{1,2}[.)] )")
_URLISH = re.compile(r"(?i)(?:https?://|ftp://|mailto:|www\.)\S*")
_SAFE_SCHEMES = ("http", "https", "mailto")
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
# fmt: off
_SKIP_TAGS = frozenset((
    "script", "style", "head", "title", "noscript", "template", "iframe", "object",
    "embed", "svg", "math", "img", "button", "input", "select", "textarea", "form",
))
_BLOCK_TAGS = frozenset((
    "p", "div", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "table", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "center", "section", "article", "header", "footer", "nav", "figure",
    "figcaption", "details", "summary", "body", "html", "main",
))
# fmt: on
_BREAK = "\n"


def clean_text(text: str) -> str:
    """Drop XML-illegal characters and collapse whitespace, keeping line breaks."""
    text = strip_xml_illegal(text.replace("\r\n", "\n").replace("\r", "\n"))
    return _LINE_BREAK.sub("\n", _SPACES.sub(" ", text)).strip()


def html_to_text(
    fragment: str | Tag, base_url: str | None = None
) -> tuple[str, tuple[Block, ...]]:
    """Plain text of a comment body and its blocks; relative links resolve on ``base_url``."""
    return assemble(html_to_parts(fragment, base_url))


def html_to_parts(fragment: str | Tag, base_url: str | None = None) -> list[Part]:
    """The (kind, text) paragraphs of a comment body, in order, none empty."""
    if isinstance(fragment, str):
        soup = parse_html(fragment)
        fragment = soup.body or soup
    walker = _Walker(base_url)
    walker.walk(fragment)
    return walker.parts


# A comment that is only a URL or a path is still a comment: bs4's warning
# that it "looks like a URL" would reach the user's terminal. Only for our calls.
warnings.filterwarnings(
    "ignore", category=MarkupResemblesLocatorWarning, module=__name__
)


def parse_html(markup: str) -> BeautifulSoup:
    """The soup of ``markup``, cleaned first: NULs and the like would reach the
    parser, and a lone surrogate makes BeautifulSoup raise UnicodeEncodeError."""
    return BeautifulSoup(strip_xml_illegal(markup), "lxml")


def assemble(parts: list[Part]) -> tuple[str, tuple[Block, ...]]:
    """Join paragraphs with "\\n\\n"; each block covers its paragraph minus edge whitespace."""
    chunks: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for kind, text in parts:
        # Edge whitespace goes, even a code block's first-line indent: blocks
        # must start on a character, and the text on a block.
        stripped = text.strip()
        if not stripped:
            continue
        if chunks:
            offset += 2
        blocks.append(Block(kind, offset, offset + len(stripped)))
        chunks.append(stripped)
        offset += len(stripped)
    return "\n\n".join(chunks), tuple(blocks)


def link_text(tag: Tag, base_url: str | None = None) -> str:
    """What a link contributes: its target when the text is a (cut) URL, else its text."""
    text = tag.get_text()
    shown = text.strip()
    href = tag.get("href")
    cut = shown[:-3] if shown.endswith("...") else shown.removesuffix("\u2026")
    is_own_href = isinstance(href, str) and shown == href.strip()
    if not shown or not (is_own_href or _URLISH.fullmatch(cut)):
        return text
    target = safe_href(href, base_url)
    return target if target else text


def safe_href(href: object, base_url: str | None = None) -> str | None:
    """An absolute http(s)/mailto URL for ``href``, or None for anything else."""
    if not isinstance(href, str) or not href.strip():
        return None
    href = strip_xml_illegal(href.strip())
    try:
        if base_url:
            href = urljoin(base_url, href)
        scheme = urlsplit(href).scheme.lower()
    except ValueError:  # e.g. an unbalanced "[" in the host part ("//[x")
        return None
    return href if scheme in _SAFE_SCHEMES else None


class _Walker:
    """Collects paragraphs while walking the tree; one instance per fragment."""

    def __init__(self, base_url: str | None):
        self.base_url = base_url
        self.parts: list[Part] = []
        self.pieces: list[str] = []
        self.plain = False  # non-blank text outside <i> in the current paragraph
        self.italic_text = False  # non-blank text inside <i>
        self.quote_depth = self.item_depth = self.italic_depth = 0

    def walk(self, root: PageElement) -> None:
        stack: list[tuple[PageElement, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self.leave(node)  # type: ignore[arg-type]
            elif isinstance(node, NavigableString):
                if not isinstance(node, _NOT_TEXT):
                    self.add_text(str(node))
            elif isinstance(node, Tag):
                children = self.enter(node)
                if children is not None:
                    stack.append((node, True))
                    stack.extend((child, False) for child in reversed(children))
        self.flush()

    def enter(self, tag: Tag) -> list[PageElement] | None:
        """Handle an opening tag; return the children to walk, or None."""
        name = (tag.name or "").lower()
        if name in _SKIP_TAGS:
            return None
        if name == "br":
            self.pieces.append(_BREAK)
            return None
        if name == "a":
            self.add_text(link_text(tag, self.base_url))
            return None
        if name == "pre":
            self.flush()
            self.add_code(tag.get_text())
            return None
        if name == "aside" and "quote" in (tag.get("class") or []):
            # Discourse quote: only the quoted words, not the "user:" title and avatar.
            self.flush()
            return _own_quotes(tag)
        if name in _BLOCK_TAGS:
            self.flush()
        self.quote_depth += name == "blockquote"
        self.item_depth += name == "li"
        self.italic_depth += name == "i"
        return list(tag.contents)

    def leave(self, tag: Tag) -> None:
        name = (tag.name or "").lower()
        if name in _BLOCK_TAGS:
            self.flush()
        self.quote_depth -= name == "blockquote"
        self.item_depth -= name == "li"
        self.italic_depth -= name == "i"

    def add_text(self, text: str) -> None:
        if text.strip():
            if self.italic_depth:
                self.italic_text = True
            else:
                self.plain = True
        self.pieces.append(text)

    def add_code(self, raw: str) -> None:
        text = strip_xml_illegal(raw.replace("\r\n", "\n").replace("\r", "\n"))
        lines = text.replace("\u00a0", " ").split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        # HN marks code by indenting it; the shared indent is markup, not content.
        code = textwrap.dedent("\n".join(line.rstrip() for line in lines))
        if code.strip():
            self.parts.append(("code", code))

    def flush(self) -> None:
        text = clean_text("".join(self.pieces))
        all_italic = self.italic_text and not self.plain
        self.pieces, self.plain, self.italic_text = [], False, False
        if not text:
            return
        if all_italic and text.startswith(">"):
            text = text[1:].lstrip()  # the marker, as in a plain "> " paragraph
        if self.quote_depth > 0 or all_italic:
            self.parts.append(("quote", text))
        elif self.item_depth > 0:
            self.parts.append(("list_item", text))
        else:
            self.parts.extend(_split_lines(text))


def _own_quotes(aside: Tag) -> list[PageElement]:
    """The outermost blockquotes of a quote aside, not those of asides inside it.

    A walk that stops at each blockquote and nested aside, so that quotes
    nested 10,000 deep take linear time (find_all per aside was quadratic).
    """
    found: list[PageElement] = []
    stack = list(reversed(aside.contents))
    while stack:
        node = stack.pop()
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name == "blockquote":
            found.append(node)  # its own nested quotes are walked with it
        elif name != "aside":
            stack.extend(reversed(node.contents))
    return found


def _split_lines(text: str) -> list[Part]:
    """Split a paragraph into runs: "> " quote lines, list-marker lines, plain lines."""
    runs: list[Part] = []
    for line in text.split("\n"):
        if line.startswith(">"):
            kind, line = "quote", line[2:] if line.startswith("> ") else line[1:]
        elif _LIST_MARKER.match(line):
            kind = "list_item"
        else:
            kind = "paragraph"
        if not line.strip():
            continue
        if runs and kind != "list_item" and runs[-1][0] == kind:
            runs[-1] = (kind, f"{runs[-1][1]}\n{line}")
        else:
            runs.append((kind, line))
    return runs
