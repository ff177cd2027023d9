"""Hypothesis strategies for the hostile-input families of issue 14 that are
about identity and output rather than size: ids built to collide, terminal
escape sequences, names a file system mangles, and times at the edge of
Python's datetime range. The bounded default run meets each family every time.
"""

from __future__ import annotations

from hypothesis import strategies as st

from argmap.model import escape_id

# -- ids that look like each other ---------------------------------------------------

# The claim separator, the escape character and its escapes, a backslash,
# separators, and characters that vanish when cleaned (NUL, a lone
# surrogate) or look empty (space, zero-width space).
ID_PIECES = (
    "#", "#0", "#1", "%", "%23", "%25", "%2", "\\", "\\#", "1", "0", ":", "/", ".",
    " ", "\x00", "\u200b", "\ud800", "\u202e", "-", "~", "#%",
)  # fmt: skip

_piece_ids = st.lists(
    st.one_of(st.sampled_from(ID_PIECES), st.text(max_size=3)), min_size=1, max_size=5
).map("".join)


def _variants(base: str) -> list[str]:
    # Ids an id-to-node mapping could confuse with ``base``: its would-be
    # claim ids, its escape, and the escape's escape.
    return [base, f"{base}#0", f"{base}#1", f"#{base}", escape_id(base),
            escape_id(base) + "#0", base.replace("#", "%23"), f"{base}%"]  # fmt: skip


@st.composite
def tricky_id_lists(draw: st.DrawFn, max_size: int = 6) -> list[str]:
    """Distinct, non-empty post ids, many of them another's look-alike."""
    bases = draw(st.lists(st.one_of(_piece_ids, st.text(min_size=1, max_size=6)),
                          min_size=1, max_size=3))  # fmt: skip
    pool = [v for b in bases for v in _variants(b)]
    ids = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=max_size, unique=True))
    return [i for i in ids if i] or ["1"]


# -- text written to a terminal ------------------------------------------------------

# Sequences a terminal acts on: window title (OSC 0), clear screen, cursor
# moves, a hyperlink (OSC 8), colours, a bell, backspace and carriage return
# that overwrite a line, C1 CSI/OSC, DEL, bidi overrides and isolates, line
# and paragraph separators, and a lone surrogate (unencodable).
TERMINAL_ATTACKS = (
    "\x1b]0;pwned\x07", "\x1b]0;pwned\x1b\\", "\x1b[2J", "\x1b[H", "\x1b[1A\x1b[2K",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "\x1b[31mERROR\x1b[0m",
    "\x07", "\x08\x08\x08", "\r", "\n  posts:     999", "\x9b2J", "\x9d0;x\x9c", "\x7f",
    "\u202e", "\u2066", "\u200f", "\u2028", "\u2029", "\ud800", "\x00", "\t", "\x85",
)  # fmt: skip

terminal_text = st.lists(
    st.one_of(st.sampled_from(TERMINAL_ATTACKS), st.text(max_size=4)), min_size=1, max_size=5
).map("".join)

# -- names a file system mangles -----------------------------------------------------

NAME_PIECES = (
    ".", "..", "-", "--", "--help", "CON", "con", "NUL", "COM1", "LPT9", "AUX.txt", "PRN.",
    " ", "/", "\\", ":", "*", "?", '"', "<", ">", "|", "\x00", "\x1b", "é", "日本",
    "\U0001f600", "a" * 130, "hackernews", "39232976", "_", "~", "\u202e",
)  # fmt: skip

name_parts = st.lists(
    st.one_of(st.sampled_from(NAME_PIECES), st.text(max_size=6)), min_size=0, max_size=4
).map("".join)

# -- times at the edge of datetime ---------------------------------------------------

# Valid ISO 8601 whose instant in UTC is before year 1 or after 9999.
EDGE_TIMES = (
    "0001-01-01T00:00:00+01:00", "0001-01-01T00:59:59+01:00", "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:00:00-23:59", "0001-01-01T00:00:00+23:59",
)  # fmt: skip
IN_RANGE_TIMES = ("0001-01-01T00:00:00Z", "0001-01-01T01:00:00+01:00", "9999-12-31T23:59:59Z")
