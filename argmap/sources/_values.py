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
    return moment.astimezone(timezone.utc)


def str_or_empty(value: Any) -> str:
    """The value if it is a string, else ""."""
    return value if isinstance(value, str) else ""
