"""Find the blocks (paragraphs, quotes, list items, code) of plain comment text.

Sources that read HTML know the blocks from the markup. Plain text (the thread
JSON format, Reddit markdown, the bundled sample) only has conventions: blank
lines between paragraphs, "> " before quoted lines, "- " or "1. " before list
items, and fenced or four-space-indented code.
"""

from __future__ import annotations

import re

from argmap.model import Block

_QUOTE = re.compile(r"[ \t]*>[ \t]*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+\u2022]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+\S")
_FENCE = re.compile(r"[ \t]*(```|~~~)")
_INDENTED_CODE = re.compile(r"(?: {4}|\t)\S")


def blocks_from_text(text: str, *, title: bool = False) -> tuple[Block, ...]:
    """Return the blocks of ``text`` in order, with offsets into ``text``.

    With ``title=True`` the first paragraph is the opening post's title.
    """
    blocks: list[Block] = []
    lines = _lines_with_offsets(text)
    i = 0
    while i < len(lines):
        start, line = lines[i]
        if _FENCE.match(line):
            i = _take_fenced(lines, i, blocks)
            continue
        if line.strip():
            kind, body_start = _classify_line(line)
            end = _rstrip_end(text, start + len(line))
            if end > start + body_start:
                _append(blocks, Block(kind, start + body_start, end), text)
        i += 1
    if title and blocks:
        blocks[0] = Block("title", blocks[0].start, blocks[0].end)
    return tuple(blocks)


def _append(blocks: list[Block], block: Block, text: str) -> None:
    """Add ``block``, or extend the previous one when the line continues it.

    A plain line right under a paragraph or list item belongs to it, and
    consecutive "> " lines are one quoted passage re-wrapped by its author;
    consecutive indented lines are one code block.
    """
    if blocks:
        previous = blocks[-1]
        gap = text[previous.end : block.start]
        one_line_apart = gap.count("\n") == 1 and not gap.strip(" \t\n>")
        continues = block.kind == previous.kind != "list_item" or (
            block.kind == "paragraph" and previous.kind == "list_item"
        )
        if one_line_apart and continues:
            blocks[-1] = Block(previous.kind, previous.start, block.end)
            return
    blocks.append(block)


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _classify_line(line: str) -> tuple[str, int]:
    quote = _QUOTE.match(line)
    if quote:
        return "quote", quote.end()
    if _INDENTED_CODE.match(line):
        return "code", 0
    if _LIST_ITEM.match(line):
        return "list_item", len(line) - len(line.lstrip())
    return "paragraph", len(line) - len(line.lstrip())


def _take_fenced(lines: list[tuple[int, str]], i: int, blocks: list[Block]) -> int:
    start, first = lines[i]
    fence = _FENCE.match(first).group(1)  # type: ignore[union-attr]
    j = i + 1
    while j < len(lines) and not lines[j][1].strip().startswith(fence):
        j += 1
    end_line = min(j, len(lines) - 1)
    end = lines[end_line][0] + len(lines[end_line][1])
    blocks.append(Block("code", start, end))
    return j + 1


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\r":
        end -= 1
    return end
