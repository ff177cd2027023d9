"""Argdown: the claims as statements with their support and attack relations.

The thread's own claims come first under a heading with the thread title;
then each top-level reply opens a section (``# Reply 1 by alice``) that holds
the claims of its whole sub-thread, in reading order. Each claim is a
statement ``[alice 3]: text`` (the third claim by alice), followed by the
relations it makes: ``+> [bob 1]`` when it supports bob's first claim and
``-> [bob 1]`` when it rebuts it. A question is tagged ``#question`` and a
quoted passage ``#quote``. ``questions`` and ``neutral`` edges have no
Argdown relation and are left out.

Claim text is anyone's text, so every character that Argdown reads as
syntax is escaped with a backslash (see ``escape``): a claim cannot forge a
statement, a relation, a heading, a tag, a link, a comment or front matter,
and reads back, as the Argdown parser gives it, exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path

import networkx as nx

from argmap.atomic import atomic_write_text
from argmap.export._flatten import flattened
from argmap.export._thread_order import claims_by_post, subthreads
from argmap.registry import exporters

RELATIONS = {"supports": "+>", "rebuts": "->"}
TAGS = {"question": "#question", "quote": "#quote"}
EMPTY = "(no text)"  # a statement needs text; "(" and ")" are plain in Argdown
# Characters that start Argdown syntax anywhere in a line: statements and
# links ([ ]), arguments, comments and relations (< > /), mentions (@), tags
# and headings (#), bold and italic (* _), YAML data ({ }), front matter (=),
# and the escape itself.
_ALWAYS = re.compile(r"([\\\[\]<>/@#*_{}=])")
# "." and ":" only when a name may follow: ".name." and ":name:" are
# Argdown's special characters (emoji) and would replace the text.
_BEFORE_NAME = re.compile(r"([.:])(?=\S)")
_TITLE_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


@exporters("argdown")
def write_argdown(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the claims of ``G`` and their relations as an Argdown document."""
    return atomic_write_text(Path(path), generate_argdown(G))


def generate_argdown(G: nx.MultiDiGraph) -> str:
    H = flattened(G)
    claims = claims_by_post(H)
    roots, groups = subthreads(H)
    titles = _titles(H, roots + [p for group in groups for p in group], claims)
    source = _one_line(f"argmap map of {H.graph.get('url', '')}")
    # A title of only white space would leave an empty heading ("# ").
    title = (
        _one_line(H.graph.get("title") or "")
        or f"{H.graph.get('site', '')} thread {H.graph.get('thread_id', '')}"
    )
    sections = [(str(title), roots)]
    for n, group in enumerate(groups, 1):
        sections.append(
            (f"Reply {n} by {H.nodes[group[0]].get('author') or 'unknown'}", group)
        )
    lines = [f"// {source}", ""]
    for heading, posts in sections:
        lines += [f"# {escape(heading)}", ""]
        for post in posts:
            for claim in claims.get(post, []):
                lines += [*_statement(H, claim, titles), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def escape(text: str) -> str:
    """``text`` on one line, with every character Argdown would read as syntax escaped."""
    text = _ALWAYS.sub(r"\\\1", _one_line(text))
    return _BEFORE_NAME.sub(r"\\\1", text)


def _statement(
    H: nx.MultiDiGraph, claim: Hashable, titles: dict[Hashable, str]
) -> list[str]:
    d = H.nodes[claim]
    text = escape(str(d.get("text", ""))) or EMPTY
    tag = TAGS.get(str(d.get("claim_type")))
    lines = [f"[{titles[claim]}]: {text}" + (f" {tag}" if tag else "")]
    for _, target, relation in sorted(
        H.out_edges(claim, data="relation"), key=lambda e: str(e[1])
    ):
        if relation in RELATIONS and target in titles:
            lines.append(f"  {RELATIONS[relation]} [{titles[target]}]")
    return lines


def _titles(
    H: nx.MultiDiGraph, posts: list[Hashable], claims: dict
) -> dict[Hashable, str]:
    # "alice 3" for alice's third claim: readable on the map, and unique, as
    # each (cleaned) name counts its own claims. Only characters that mean
    # nothing inside [...] are kept.
    titles: dict[Hashable, str] = {}
    counts: dict[str, int] = {}
    for post in posts:
        author = str(H.nodes[post].get("author") or "")
        name = _TITLE_CHARS.sub("_", author).strip("_-") or "unknown"
        for claim in claims.get(post, []):
            counts[name] = counts.get(name, 0) + 1
            titles[claim] = f"{name} {counts[name]}"
    return titles


def _one_line(text: str) -> str:
    # str.split() also splits on \r, \v, \f, \x85 and \u2028: no line break survives.
    return " ".join(str(text).split())
