"""Readers for fields of decoded JSON that read a value of the wrong type as absent.

Forum APIs change and saved files get edited, so a field may hold anything.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any


def iso_datetime(value: Any) -> datetime | None:
    """An ISO 8601 string as an aware UTC datetime (no zone: UTC), else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # "0001-01-01T00:00+01:00" falls before year 1 in UTC
        return None


def unix_datetime(value: Any) -> datetime | None:
    """UNIX seconds (int or float, not bool) as an aware UTC datetime, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value, tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def str_or_empty(value: Any) -> str:
    """The value if it is a string, else ""."""
    return value if isinstance(value, str) else ""
