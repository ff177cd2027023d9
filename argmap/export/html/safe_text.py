"""Thread values made safe for the page: inert JSON, http(s)-only links, and
text, numbers and times that always encode."""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def safe_json(value: Any) -> str:
    """JSON that is inert inside a ``<script>`` block: nothing in it can end
    the block, open a comment, or end a JS string."""
    text = json.dumps(
        value,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def http_url(value: object) -> str:
    """``value`` if it is an absolute http(s) URL with a host, else ""."""
    if not isinstance(value, str) or not _HTTP_URL.match(value):
        return ""
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return ""
    return value if host else ""


def readable_time(value: object) -> str:
    """``2024-01-31T09:05:00Z`` as ``2024-01-31 09:05 UTC``; anything else as is."""
    text = as_text(value)
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?(Z|\+00:00)", text)
    return f"{m.group(1)} {m.group(2)} UTC" if m else text


def as_text(value: object) -> str:
    """A string that always encodes: lone surrogates (from broken JSON or
    HTML entities) become U+FFFD instead of failing the write."""
    text = "" if value is None else str(value)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def one_line(value: object) -> str:
    """One line of text for a heading or label: controls and runs of space
    become single spaces."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", " ", as_text(value)).strip()


def as_number(value: object) -> float | None:
    """``value`` as a finite number rounded to 3 places, else None."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(number, 3) if math.isfinite(number) else None
