from datetime import datetime, timezone

import pytest

from argmap.sources._values import iso_datetime, str_or_empty


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-23T15:08:41.000Z", datetime(2024, 7, 23, 15, 8, 41, tzinfo=timezone.utc)),
        ("2024-07-23T17:08:41+02:00", datetime(2024, 7, 23, 15, 8, 41, tzinfo=timezone.utc)),
        ("2024-07-23T15:08:41", datetime(2024, 7, 23, 15, 8, 41, tzinfo=timezone.utc)),
        ("yesterday", None),
        (1721747321, None),
        (None, None),
        # Valid ISO, but before year 1 once moved to UTC: read as absent, not raised.
        ("0001-01-01T00:00:00+01:00", None),
        ("9999-12-31T23:59:59-01:00", None),
    ],
)
def test_iso_datetime(value, expected):
    assert iso_datetime(value) == expected


def test_str_or_empty():
    assert str_or_empty("x") == "x"
    assert str_or_empty(["x"]) == ""
