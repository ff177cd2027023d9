"""Reddit threads from Reddit's JSON: the thread (``thread``), its listings
(``listing``), comment markdown (``markdown``), "load more comments" stubs
(``more``) and the comment tree merged from every page (``tree``)."""

from __future__ import annotations

from argmap.sources.reddit.thread import (
    RedditShortLinkSource,
    RedditThreadSource,
    parse_listing,
)

__all__ = ["SOURCES", "RedditShortLinkSource", "RedditThreadSource", "parse_listing"]

SOURCES = [RedditThreadSource, RedditShortLinkSource]
