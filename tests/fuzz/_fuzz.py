"""What the fuzz tests share: settings, hostile values, mutations and checks.

The property every parser test checks (``call_parser``): only argmap's own
errors (``ArgmapError`` subclasses) escape, each with a message; and whatever
is returned is a well-formed Thread (``check_thread``).
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from argmap.model import BLOCK_KINDS, POST_STATUSES, Thread
from tests.fuzz.conftest import LONG_PROFILE
from tests.helpers import shared_path

EXAMPLES_ENV = "ARGMAP_FUZZ_EXAMPLES"
# ARGMAP_FUZZ_BIG=0 keeps the long run on the small base documents: the
# 800 KB HN page and the 1 MB captures cost up to 1.3 s an example, which
# puts 100,000 examples out of reach of one machine-day.
BIG_ENV = "ARGMAP_FUZZ_BIG"


def long_run() -> bool:
    """True when asked for the long fuzz run (env variable or profile)."""
    return bool(os.environ.get(EXAMPLES_ENV)) or (
        settings.get_current_profile_name() == LONG_PROFILE
    )


def big_inputs() -> bool:
    """True when the long run also mangles the biggest real documents."""
    return long_run() and os.environ.get(BIG_ENV) != "0"


def fuzz_settings(examples: int, deadline_ms: int = 5_000) -> settings:
    """``examples`` in the default run; many more in the long run.

    The deadline catches a pathologically slow example (a hang is caught by
    the subprocess timeouts of test_limits.py); the long run triples it, as it
    often shares the machine.
    """
    env = os.environ.get(EXAMPLES_ENV)
    if env:
        examples = int(env)
    elif long_run():
        examples = settings.get_profile(LONG_PROFILE).max_examples
    return settings(
        max_examples=examples,
        deadline=deadline_ms * 3 if long_run() else deadline_ms,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# -- the property ----------------------------------------------------------------


def call_parser(parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``parse(*args)``; an ArgmapError with a message gives None, anything else fails."""
    try:
        return parse(*args, **kwargs)
    except ArgmapError as e:
        assert str(e).strip(), f"{type(e).__name__} with an empty message"
        assert e.expected, f"{type(e).__name__} claims to be a bug: {e}"
        return None


def check_thread(thread: Any) -> None:
    """Every field of a parsed Thread has the type and shape docs/schema.md promises."""
    assert isinstance(thread, Thread)
    for name in ("site", "id", "url", "title"):
        assert isinstance(getattr(thread, name), str), name
    assert thread.id, "a thread has an id"
    assert thread.link is None or isinstance(thread.link, str)
    assert isinstance(thread.complete, bool)
    assert all(
        isinstance(s.item, str) and isinstance(s.reason, str) for s in thread.skipped
    )
    assert thread.posts, "a thread has its root post"
    root = thread.posts[0]
    assert root.parent is None and root.depth == 0
    by_id = {}
    for post in thread.posts:
        assert isinstance(post.id, str) and post.id, f"post id {post.id!r}"
        assert post.id not in by_id, f"post id {post.id!r} appears twice"
        by_id[post.id] = post
    for post in thread.posts:
        where = f"post {post.id!r}"
        assert post.author is None or (isinstance(post.author, str) and post.author)
        assert post.created is None or (
            isinstance(post.created, datetime) and post.created.tzinfo is not None
        ), where
        assert isinstance(post.url, str), where
        assert post.status in POST_STATUSES, where
        assert isinstance(post.text, str), where
        assert isinstance(post.depth, int) and post.depth >= 0, where
        if post is not root:
            assert post.parent in by_id, f"{where} replies to a post not in the thread"
            assert post.depth == by_id[post.parent].depth + 1, where
        end = -1
        for block in post.blocks:
            assert block.kind in BLOCK_KINDS, where
            assert end <= block.start < block.end <= len(post.text), (where, block)
            end = block.end


# -- hostile text ------------------------------------------------------------------

# Characters and snippets that break naive code: C0/C1 controls and NUL,
# lone surrogates, zero-width and bidi controls, noncharacters, line and
# paragraph separators, emoji (with ZWJ and skin tone), combining marks,
# markup and the markers argmap's own text conventions use.
HOSTILE_PIECES = (
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f",
    "\x80", "\x85", "\x9f", "\ud800", "\udfff", "\udc00x",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b",
    "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\ufeff", "\u2028", "\u2029", "\ufffe", "\uffff", "\ufffd", "\U0010ffff",
    "\U0001f600", "\U0001f469\u200d\U0001f4bb", "\U0001f44d\U0001f3fd",
    "e\u0301", "\u0301\u0301\u0301", "Z\u0351\u0352\u0353\u0354", "\u0627\u0644",
    "\r", "\r\n", "\n", "\n\n", "\t", " ", "\xa0", "\u3000",
    "> ", ">", "- ", "* ", "1. ", "2) ", "```", "    ", "\\", "#",
    "<", ">", "&", "&amp;", "&#0;", "&#xd800;", "&#x202e;", "&nbsp;", "&bogus;",
    "<p>", "</p>", "<i>", "<pre>", "<blockquote>", "<br>", "]]>", "<![CDATA[",
    "<!--", "-->", '"', "'", "<script>alert(1)</script>", "javascript:alert(1)",
    "[quote=\"bob\"]", "[/quote]", "http://x.example/a?b=c&d", "e.g.", "...",
    "?", "!", "I don't think so.", "Yes.", "\u00bf", "\u2026", "\u00b2",
)  # fmt: skip

hostile_piece = st.sampled_from(HOSTILE_PIECES)
hostile_text = st.lists(
    st.one_of(hostile_piece, st.text(max_size=12)), max_size=25
).map("".join)
short_hostile_text = st.lists(
    st.one_of(hostile_piece, st.text(max_size=5)), max_size=4
).map("".join)

# Values of the wrong type for any JSON field: what a changed or hostile API sends.
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**31), max_value=2**31),
    st.sampled_from([2**63, -(2**63) - 1, 10**30, 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    short_hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=6), inner, max_size=3),
    ),
    max_leaves=6,
)

# The values the exhaustive tests put in every field, one at a time: one of
# each JSON type in the default run, and the edge cases of each in long runs.
WRONG_VALUES = (None, True, 10**30, math.nan, "x\x00\ud800\u202e", [1, "x"], {"a": {}})
MORE_WRONG_VALUES = (0, -1, 1.5, math.inf, "", [], {})


# -- JSON mutation -------------------------------------------------------------------

Path_ = tuple[Any, ...]


def json_paths(doc: Any, list_items: int | None = None) -> list[Path_]:
    """Every path in ``doc`` (``()`` is the document), depth first, no recursion.

    ``list_items`` keeps only the first items of each list (for exhaustive tests).
    """
    out: list[Path_] = []
    stack: list[tuple[Path_, Any]] = [((), doc)]
    while stack:
        path, node = stack.pop()
        out.append(path)
        if isinstance(node, dict):
            stack.extend((path + (k,), v) for k, v in node.items())
        elif isinstance(node, list):
            items = node if list_items is None else node[:list_items]
            stack.extend((path + (i,), v) for i, v in enumerate(items))
    return out


def get_path(doc: Any, path: Path_) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def set_path(doc: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    get_path(doc, path[:-1])[path[-1]] = value
    return doc


def delete_path(doc: Any, path: Path_) -> Any:
    if not path:
        return doc
    parent = get_path(doc, path[:-1])
    del parent[path[-1]]
    return doc


@st.composite
def mutated_json(draw: st.DrawFn, doc: Any, max_mutations: int = 3) -> Any:
    """``doc`` with one to ``max_mutations`` fields replaced, deleted, wrapped or cut."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, max_mutations))):
        path = draw(st.sampled_from(json_paths(doc)))
        action = draw(st.sampled_from(("replace", "replace", "delete", "wrap", "text")))
        old = get_path(doc, path)
        if action == "replace" or (action == "delete" and not path):
            doc = set_path(doc, path, draw(json_values))
        elif action == "delete":
            doc = delete_path(doc, path)
        elif action == "wrap":  # the right value in the wrong container
            doc = set_path(doc, path, draw(st.sampled_from(([old], {"value": old}))))
        else:  # the value as a string, or a string made hostile
            text = old if isinstance(old, str) else json.dumps(old, default=str)
            doc = set_path(doc, path, draw(_hostile_edit(text)))
    return doc


@st.composite
def _hostile_edit(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    cut = draw(st.integers(at, len(text)))
    return text[:at] + draw(hostile_text) + text[cut:]


# -- byte mutation --------------------------------------------------------------------

# Invalid UTF-8 (a lone continuation byte, a truncated sequence, an encoded
# surrogate, an overlong NUL), NUL, a BOM in the middle, CRs.
BAD_BYTES = (
    b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xc0\x80",
    b"\xf4\x90\x80\x80", b"\x00", b"\xef\xbb\xbf", b"\r", b"\x1b[2J",
)  # fmt: skip


@st.composite
def mangled_bytes(draw: st.DrawFn, raw: bytes, max_edits: int = 3) -> bytes:
    """``raw`` cut short, with ranges deleted or repeated, and bad bytes put in."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, max_edits))):
        action = draw(st.sampled_from(("cut", "delete", "insert", "flip", "repeat")))
        at = draw(st.integers(0, len(data)))
        if action == "cut":
            del data[at:]
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 4096))]
        elif action == "insert":
            piece = draw(
                st.one_of(
                    st.sampled_from(BAD_BYTES),
                    hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                    st.binary(max_size=16),
                )
            )
            data[at:at] = piece
        elif action == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= draw(st.integers(1, 255))
        elif action == "repeat":
            end = min(len(data), at + draw(st.integers(1, 4096)))
            data[at:at] = data[at:end]
    return bytes(data)


# -- real captures, read at test time -------------------------------------------------


@cache
def capture_bytes(relative: str) -> bytes:
    """A file under ../shared/corpora; skips the test when it is absent."""
    return shared_path("corpora", relative).read_bytes()


def capture_json(relative: str) -> Any:
    """The decoded capture: a fresh copy, the caller may change it."""
    return copy.deepcopy(_decoded(relative))


@cache
def _decoded(relative: str) -> Any:
    return json.loads(capture_bytes(relative))


def first_items(doc: Any, path: Path_, n: int) -> Any:
    """``doc`` with the list at ``path`` cut to its first ``n`` items (in place)."""
    items = get_path(doc, path)
    del items[n:]
    return doc


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_bytes(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


# -- every field, every wrong type ------------------------------------------------------

DELETE = object()  # stands for "the field is missing"


def every_field_wrong(
    doc: Any, parse: Callable[[Any], Any], *, list_items: int = 2
) -> int:
    """Parse ``doc`` with each field (of the first ``list_items`` of each list)
    replaced by each of WRONG_VALUES, and deleted, one at a time.

    Returns how many documents were parsed; fails naming the field and value.
    """
    raw = json.dumps(doc)
    cases = 0
    for path in json_paths(doc, list_items):
        for value in (*WRONG_VALUES, *(MORE_WRONG_VALUES if long_run() else ()), DELETE):
            case = json.loads(raw)
            case = delete_path(case, path) if value is DELETE else set_path(case, path, value)
            cases += 1
            try:
                thread = call_parser(parse, case)
                if thread is not None:
                    check_thread(thread)
            except Exception as e:
                what = "deleted" if value is DELETE else f"= {value!r}"
                raise AssertionError(
                    f"field {list(path)} {what}: {type(e).__name__}: {e}"
                ) from e
    return cases
