"""HTTP for every source: one polite session and its parts.

- ``session``: PoliteSession, which every request goes through;
- ``page``: Page, the fetch -> parse contract;
- ``transport``: how one request goes on the wire (the adapter, body limits);
- ``cache``: the on-disk HTTP cache;
- ``retry``: which failures are retried, and the errors they become;
- ``robots``: robots.txt as argmap applies it;
- ``ratelimit``: the per-host gap between requests;
- ``walls``: bot checks, rate-limit and login pages served in place of a page.

``from argmap.http import PoliteSession, Page`` works, but loads requests only
when a name is first used, so reading saved files never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argmap.http.page import Page
    from argmap.http.session import PoliteSession

__all__ = ["Page", "PoliteSession"]


def __getattr__(name: str) -> Any:
    if name == "Page":
        from argmap.http.page import Page

        return Page
    if name == "PoliteSession":
        from argmap.http.session import PoliteSession

        return PoliteSession
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
