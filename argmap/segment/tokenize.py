"""Tokenize a post with spaCy in time linear in its length, whatever it holds.

spaCy's tokenizer strips prefixes and suffixes from a whitespace-separated
string one at a time, and each step searches and copies the whole rest of
the string: a string of n "(" (or "'s", "US$", ...) takes time in n squared
(20,000 "(" took 47 s). So no string spaCy sees here is longer than
``MAX_RUN`` characters, nor holds more than ``MAX_SYMBOL_RUN`` symbols in a
row: longer ones are cut, each piece is tokenized alone, and the pieces are
joined back into one Doc whose text is exactly the post's, so character
offsets (and the claims' start and end) still index the post's text.

Ordinary posts are tokenized in one piece, exactly as before: the longest
non-space string in the saved captures is a 225-character URL. The only cuts
they need are in rows of 55-70 dashes, which are no claim either way; the
maps of all the captures are byte for byte what they were. A longer URL is
read as two or more tokens, which the segmenter still keeps inside one
sentence (it finds URLs in the text, not in the tokens).
"""

from __future__ import annotations

import re
from itertools import pairwise

import numpy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc

# A string of n characters costs spaCy up to n squared steps, so the limits
# bound the cost of each character: any text segments within a few times the
# time of ordinary prose (benchmarks/adversarial.py; docs/reliability.md).
MAX_RUN = 256
# Symbols (anything but letters, digits, "_" and whitespace) are what spaCy
# strips one by one, so a row of them is cut shorter.
MAX_SYMBOL_RUN = 32

# The lookbehinds make each run match once, from its start: without them a
# failed match would be retried from every character of a long run.
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1},}}")
_LONG_SYMBOL_RUN = re.compile(rf"(?<![^\w\s])[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, tokenizing over-long strings in pieces."""
    cuts = cut_points(text)
    if not cuts:
        return nlp.make_doc(text)
    # Only each piece's words are kept, not its Doc: Doc.from_docs would hold
    # every piece and two copies of all token attributes (a million "(" took
    # 700 MB that way). Special cases set ORTH and NORM, so NORM is copied over.
    words: list[str] = []
    spaces: list[bool] = []
    norms = []
    bounds = [0, *cuts, len(text)]
    for start, end in pairwise(bounds):
        piece = nlp.make_doc(text[start:end])
        words.extend(token.text for token in piece)
        spaces.extend(bool(token.whitespace_) for token in piece)
        norms.append(piece.to_array([NORM]))
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.from_array([NORM], numpy.concatenate(norms).reshape(-1, 1))
    assert doc.text == text  # offsets into the post rely on it
    return doc


def cut_points(text: str) -> list[int]:
    """Offsets, inside non-space strings, where the text is tokenized apart."""
    cuts: set[int] = set()
    for pattern, limit in ((_LONG_RUN, MAX_RUN), (_LONG_SYMBOL_RUN, MAX_SYMBOL_RUN)):
        for match in pattern.finditer(text):
            cuts.update(range(match.start() + limit, match.end(), limit))
    return sorted(cuts)
