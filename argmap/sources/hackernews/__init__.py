"""Hacker News, read three ways: the item pages (``item``, with ``pages``,
``tree`` and ``fetch``), the Algolia API (``api``) and the hnpwa API
(``hnpwa``). Every way gives the same ids, so posts match across them."""

from __future__ import annotations

from argmap.sources.hackernews.api import HackerNewsApiSource
from argmap.sources.hackernews.hnpwa import HackerNewsHnpwaSource
from argmap.sources.hackernews.item import HackerNewsItemSource, parse_pages, read_saved

__all__ = ["SOURCES", "HackerNewsApiSource", "HackerNewsHnpwaSource"]
__all__ += ["HackerNewsItemSource", "parse_pages", "read_saved"]

SOURCES = [HackerNewsItemSource, HackerNewsApiSource, HackerNewsHnpwaSource]
