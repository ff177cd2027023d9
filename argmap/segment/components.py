"""spaCy components that cut forum comments into claims.

``argmap_boundaries`` repairs the sentencizer for forum text: it never splits
on a newline, splits numbered lists after the number, and keeps "word... Next"
together. ``argmap_claims`` turns sentences and the post's blocks into the span
group ``doc.spans["argmap_claims"]``, labelled claim, question or quote.

A Doc learns its blocks from ``doc.user_data["argmap_blocks"]`` (set by the
pipeline from the source's markup); without them they are read from the text.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from argmap.model import Block
from argmap.text.blocks import blocks_from_text

BLOCKS_KEY = "argmap_blocks"
SPANS_KEY = "argmap_claims"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\.{3,}|\u2026)")
_LIST_MARKERS = {"-", "*", "+", "\u2022"}
_OPENERS = {"(", "[", "{", '"', "\u201c"}
_NON_CLAIM = re.compile(
    r"""^(?:
        thanks?(?:\s+(?:you|again|a\s+lot|so\s+much))?|thx|ty|cheers|
        this|that|same|agreed|exactly|indeed|true|yes|yep|yup|no|nope|
        \+1|-1|lol|lmao|haha+|wow|nice|cool|interesting|great|good\s+point|
        (?:edit|update|eta|ps|p\.s\.)\s*\d*\s*:?\s*
            (?:typos?|formatting|spelling|grammar|wording|fixed\s+(?:a\s+)?(?:typo|link)s?)?
    )[\s.!:)]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_FOOTNOTE_OR_PUNCT = re.compile(r"^[\s\[\]\(\)\d.,:;!?*#\-|<>]*$")


def doc_blocks(doc: Doc) -> tuple[Block, ...]:
    blocks = doc.user_data.get(BLOCKS_KEY)
    if blocks is None:
        blocks = blocks_from_text(doc.text)
        doc.user_data[BLOCKS_KEY] = blocks
    return blocks


def token_blocks(doc: Doc, blocks: tuple[Block, ...]) -> list[int]:
    """The index of the block each token lies in, or -1 (whitespace between)."""
    owner = [-1] * len(doc)
    b = 0
    for token in doc:
        while b < len(blocks) and blocks[b].end <= token.idx:
            b += 1
        if b < len(blocks) and blocks[b].start <= token.idx and not token.is_space:
            owner[token.i] = b
    return owner


@Language.component(
    "argmap_boundaries",
    requires=["token.is_sent_start"],
    assigns=["token.is_sent_start"],
)
def argmap_boundaries(doc: Doc) -> Doc:
    """Sentence starts at blocks and newlines; none inside URLs or list markers."""
    if len(doc) == 0:
        return doc
    owner = token_blocks(doc, doc_blocks(doc))
    in_url = _tokens_in_urls(doc)
    # Worked out in a list and set at once: spaCy's Token.is_sent_start setter
    # scans the whole Doc each time, which made a 10,000-line post take minutes.
    starts = [token.is_sent_start for token in doc]
    for token in doc[1:]:
        i = token.i
        if _starts_line(doc, i) or owner[i] != owner[i - 1]:
            starts[i] = True
        elif i in in_url or _follows_list_number(doc, i):
            starts[i] = False
        elif _ELLIPSIS.fullmatch(doc[i - 1].text) and token.text[:1].isupper():
            starts[i] = True
        if starts[i] and doc[i - 1].text in _OPENERS and not _starts_line(doc, i - 1):
            # "... see [1]" must not end with a dangling opener.
            starts[i - 1] = True
            starts[i] = False
    _set_sent_starts(doc, starts)
    return doc


def _set_sent_starts(doc: Doc, starts: list[bool | None]) -> None:
    """Token.is_sent_start for every token, in one call (True, False or None)."""
    if doc.has_annotation("DEP"):  # what the setter refuses, refused the same way
        raise ValueError(Errors.E043)
    codes = [1 if s else -1 if s is False else 0 for s in starts]
    # -1 as uint64, the type Doc.from_array expects.
    values = numpy.array(codes, dtype="int64").astype("uint64").reshape(-1, 1)
    doc.from_array([SENT_START], values)


def _starts_line(doc: Doc, i: int) -> bool:
    # Between two tokens there is only the first one's trailing whitespace, or
    # a whitespace token of its own; a newline in either starts a new line.
    if i == 0:
        return True
    previous = doc[i - 1]
    return "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text)


def _follows_list_number(doc: Doc, i: int) -> bool:
    """True for the word after "2." or "2)" at the start of a line."""
    return (
        i >= 2
        and doc[i - 1].text in (".", ")")
        and doc[i - 2].like_num
        and _starts_line(doc, i - 2)
    )


def _tokens_in_urls(doc: Doc) -> set[int]:
    inside: set[int] = set()
    for match in _URL.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start + 1, span.end))
    return inside


@Language.factory(
    "argmap_claims",
    assigns=["doc.spans"],
    default_config={"min_words": 2, "spans_key": SPANS_KEY},
)
def make_claim_segmenter(nlp: Language, name: str, min_words: int, spans_key: str):
    return ClaimSegmenter(min_words=min_words, spans_key=spans_key)


class ClaimSegmenter:
    """Cut a Doc into claim units; code and lines with no claim are left out."""

    def __init__(self, *, min_words: int = 2, spans_key: str = SPANS_KEY):
        self.min_words = min_words
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        blocks = doc_blocks(doc)
        owner = token_blocks(doc, blocks)
        spans = []
        for start, end, block in self._units(doc, blocks, owner):
            span = self._trim(doc, start, end, block)
            if span is None:
                continue
            label = self._label(span, block)
            if label or block.kind == "title":
                spans.append(Span(doc, span.start, span.end, label=label or "claim"))
        doc.spans[self.spans_key] = spans
        return doc

    def _units(self, doc: Doc, blocks: tuple[Block, ...], owner: list[int]):
        """(start, end, block) token runs: a sentence within one block.

        A title or quoted passage stays whole: it is answered as one unit.
        """
        whole_blocks_done: set[int] = set()
        for sent in doc.sents:
            run_start = None
            for i in range(sent.start, sent.end + 1):
                current = owner[i] if i < sent.end else -2
                if run_start is not None and current != owner[run_start]:
                    b = owner[run_start]
                    block = blocks[b]
                    if block.kind in ("title", "quote"):
                        if b not in whole_blocks_done:
                            whole_blocks_done.add(b)
                            span = doc.char_span(block.start, block.end, alignment_mode="expand")
                            if span is not None:
                                yield span.start, span.end, block
                    elif block.kind != "code":
                        yield run_start, i, block
                    run_start = None
                if run_start is None and current >= 0:
                    run_start = i

    @staticmethod
    def _trim(doc: Doc, start: int, end: int, block: Block) -> Span | None:
        while start < end and (doc[start].is_space or _is_marker(doc, start, block)):
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        return doc[start:end] if end > start else None

    def _label(self, span: Span, block: Block) -> str | None:
        if block.kind == "quote":
            # Only "> " markers and whitespace: nothing is quoted.
            lines = [line.lstrip().removeprefix(">") for line in span.text.split("\n")]
            return "quote" if "".join(lines).split() else None
        text = span.text.strip()
        is_question = text.rstrip("\"')]\u201d*_ ").endswith("?")
        if block.kind == "title":
            return "question" if is_question else "claim"
        if _is_non_claim(text, span, self.min_words, is_question):
            return None
        return "question" if is_question else "claim"


def _is_marker(doc: Doc, i: int, block: Block) -> bool:
    """List bullets and numbers at the start of a list item are not content."""
    if block.kind != "list_item":
        return False
    token: Token = doc[i]
    at_line_start = _starts_line(doc, i) or token.idx == block.start
    if token.text in _LIST_MARKERS and at_line_start:
        return True
    if token.like_num and at_line_start and i + 1 < len(doc) and doc[i + 1].text in (".", ")"):
        return True
    return token.text in (".", ")") and i >= 1 and doc[i - 1].like_num and _starts_line(doc, i - 1)


def _is_non_claim(text: str, span: Span, min_words: int, is_question: bool) -> bool:
    without_urls = _URL.sub("", text)
    if _FOOTNOTE_OR_PUNCT.match(without_urls):
        return True  # a bare link, footnote marker or punctuation
    if _NON_CLAIM.match(without_urls.strip()):
        return True
    words = sum(1 for t in span if t.is_alpha)
    return words < (1 if is_question else min_words)
