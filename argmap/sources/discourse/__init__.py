"""Discourse topics on any forum: the topic and its posts.json chunks
(``topic``), one post (``posts``) and the post each one answers (``quotes``)."""

from __future__ import annotations

from argmap.sources.discourse.topic import DiscourseTopicSource, parse_json

__all__ = ["SOURCES", "DiscourseTopicSource", "parse_json"]

SOURCES = [DiscourseTopicSource]
