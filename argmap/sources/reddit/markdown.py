"""Reddit markdown of posts and comments, turned into plain text.

The text keeps what ``argmap.text.blocks.blocks_from_text`` reads (quote
markers, list markers, code) and drops the rest of the markup.
"""

from __future__ import annotations

import html
import re

from argmap.sources._html import safe_href
from argmap.sources.reddit.listing import BASE
from argmap.text.xmlsafe import strip_xml_illegal

_PRIVATE = re.compile("[\uf000-\uf1ff]")  # our placeholders; never in real text
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")
_CODE_LINE = re.compile(r"(?: {4}|\t)")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_HEADING = re.compile(r"^((?:[ \t]*>)*[ \t]*)#{1,6}[ \t]*")
# Quoted code (">     x") is read as a quote: blocks must not start on spaces.
_QUOTE_GAP = re.compile(r"^((?:[ \t]*>)+)[ \t]+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~^|])")
_ESCAPED = re.compile("[\uf100-\uf17f]")
_KEPT = re.compile("\uf000(\\d+)\uf001")
_INLINE = re.compile(
    r"(?P<tick>`+)(?P<code>.+?)(?P=tick)"
    r"|\[(?P<label>[^\]\n]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>()\[\]]+)"
)
_EMPHASIS = [
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r">!(.+?)!<"), r"\1"),  # spoiler
    (re.compile(r"(?<!\S)\^+\(([^()\n]*)\)"), r"\1"),  # ^(superscript words)
    (re.compile(r"(?<!\S)\^+(?=\S)"), ""),  # ^superscript
]


def markdown_to_text(markdown: str) -> str:
    """Reddit markdown as plain text, keeping what ``blocks_from_text`` reads.

    Line structure, "> " quote markers, list markers and code (fenced or
    indented four spaces, left untouched) stay; emphasis, strike-through,
    spoiler, superscript and heading marks and backslash escapes go; HTML
    entities are decoded. A link ``[text](url)`` becomes "text (url)", or just
    the URL when the text is empty or the URL itself; unsafe targets
    (javascript: and the like) are dropped, keeping the text.
    """
    text = strip_xml_illegal(html.unescape(_PRIVATE.sub("", markdown))).replace("\u200b", "")
    lines, in_fence = [], False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and not _CODE_LINE.match(line):
            line = "" if _RULE.match(line) else _inline(_plain_line(line))
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _plain_line(line: str) -> str:
    return _QUOTE_GAP.sub(r"\1 ", _HEADING.sub(r"\1", line))


def _inline(line: str) -> str:
    """Strip inline marks; code spans and URLs are set aside so marks in them stay."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(_render(match))
        return f"\uf000{len(kept) - 1}\uf001"

    line = _ESCAPE.sub(lambda m: chr(0xF100 + ord(m[1])), line)
    line = _INLINE.sub(keep, line)
    for pattern, replacement in _EMPHASIS:
        line = pattern.sub(replacement, line)
    line = _KEPT.sub(lambda m: kept[int(m[1])], line)
    return _ESCAPED.sub(lambda m: chr(ord(m[0]) - 0xF100), line)


def _render(match: re.Match[str]) -> str:
    if match["tick"]:
        return match["code"].strip()
    if match["url"]:
        return match["url"]
    label = match["label"].strip()
    for pattern, replacement in _EMPHASIS:
        label = pattern.sub(replacement, label)
    raw = match["target"]
    target = safe_href(f"http://{raw}" if raw.startswith("www.") else raw, BASE + "/")
    if target is None:
        return label
    if not label or label.rstrip("/") in (raw.rstrip("/"), target.rstrip("/")):
        return target
    return f"{label} ({target})"
