"""Argdown (issue 11): claims as statements, supports and rebuts as support
and attack relations, one section per sub-thread. A strict grammar of what
argmap writes checks every file, and hostile claim text must not forge a
statement, relation or heading; with @argdown/core installed (slow test),
Argdown's own parser reads the same file to the same counts and texts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.export.argdown import escape, write_argdown
from tests.helpers import REPO, skip_without_client
from tests.test_graph import make_graph

SPECIAL = r"\\\[\]<>/@#*_{}=.:"
# Plain characters, escaped ones, and "." or ":" that no name can follow.
TEXT = rf"(?:[^{SPECIAL}\r\n]|\\[{SPECIAL}]|[.:](?=\s|$))+"
STATEMENT = re.compile(
    rf"\[(?P<title>[A-Za-z0-9_-]+ \d+)\]: (?P<text>{TEXT})(?: #(?P<tag>question|quote))?"
)
RELATION = re.compile(r"  (?P<sign>\+>|->) \[(?P<title>[A-Za-z0-9_-]+ \d+)\]")
HEADING = re.compile(rf"# (?P<text>{TEXT})")
SIGNS = {"+>": "supports", "->": "rebuts"}
HOSTILE = [
    "[forged]: a statement", "  -> [op 1]", "+ [op 1]", "- [op 2]: x", "# a heading",
    "<argument>: text", "=== front: matter ===", "{key: value}", "// a comment",
    "/* a comment */", "<!-- a comment -->", ".smile. and :smile:", "@[op 1] mention",
    "back\\slash\\", "line\nbreak\r\n- [op 1]: forged", "para\u2028+> [op 2]",
    "*unbalanced _emphasis", "e.g. 3.14 ends.", "#tag #(a tag)", "[link](http://x.y/z)",
]  # fmt: skip


def one_line(text):
    return " ".join(text.split())


def unescape(text):
    return re.sub(r"\\(.)", r"\1", text)


def parse(document):
    """Statements {title: (text, tag)}, relations [(from, relation, to)] and
    headings of an argmap Argdown file; any other line fails the test."""
    statements, relations, headings, current = {}, [], [], None
    lines = document.split("\n")
    assert lines[0].startswith("// ") and document.endswith("\n")
    for line in lines[1:]:
        if not line:
            continue
        if m := HEADING.fullmatch(line):
            headings.append(unescape(m["text"]))
        elif m := STATEMENT.fullmatch(line):
            assert m["title"] not in statements, f"title twice: {line}"
            statements[m["title"]] = (unescape(m["text"]), m["tag"])
            current = m["title"]
        elif m := RELATION.fullmatch(line):
            assert current is not None, line
            relations.append((current, SIGNS[m["sign"]], m["title"]))
        else:
            pytest.fail(f"not argmap's Argdown: {line!r}")
    for _, _, target in relations:
        assert target in statements, target
    return statements, relations, headings


def expected(G):
    kind = dict(G.nodes(data="kind"))
    claims = [
        (d["text"], d["claim_type"])
        for _, d in G.nodes(data=True)
        if d["kind"] == "claim"
    ]
    relations = [
        (G.nodes[u]["text"], r, G.nodes[v]["text"])
        for u, v, r in G.edges(data="relation")
        if kind[u] == kind[v] == "claim" and r in ("supports", "rebuts")
    ]
    return claims, relations


def hostile_graph():
    G = make_graph()[2]
    claims = [n for n, d in G.nodes(data=True) if d["kind"] == "claim"]
    for i, n in enumerate(claims):  # every hostile text, spread over the claims
        G.nodes[n]["text"] = " ".join(HOSTILE[i :: len(claims)])
    G.nodes["hackernews:2"]["author"] = "]: [evil"
    G.graph["title"] = "# Title with [brackets] and <arrows>\n- [x]"
    return G


@pytest.mark.parametrize(
    "make", [lambda: make_graph()[2], hostile_graph], ids=["plain", "hostile"]
)
def test_statements_relations_and_sections_match_the_graph(make, tmp_path):
    G = make()
    statements, relations, headings = parse(
        write_argdown(G, tmp_path / "m.argdown").read_text("utf-8")
    )
    claims, claim_relations = expected(G)
    tag = {"claim": None, "question": "question", "quote": "quote"}
    assert sorted(statements.values()) == sorted(
        (one_line(t), tag[c]) for t, c in claims
    )
    text = {title: t for title, (t, _) in statements.items()}
    assert sorted((text[a], r, text[b]) for a, r, b in relations) == sorted(
        (one_line(a), r, one_line(b)) for a, r, b in claim_relations
    )
    tops = [G.nodes[u]["author"] or "unknown" for u, v, r in G.edges(data="relation")
            if r == "replies_to" and v == "hackernews:1"]  # fmt: skip
    assert headings == [one_line(G.graph["title"])] + [
        f"Reply {n} by {a}" for n, a in enumerate(tops, 1)
    ]


def test_each_sub_thread_holds_its_own_claims(tmp_path):
    G = make_graph()[2]
    document = write_argdown(G, tmp_path / "m.argdown").read_text("utf-8")
    sections = document.split("\n# ")[1:]
    assert [s.count("\n[") for s in sections] == [
        2,
        5,
        2,
    ]  # op; bob and carol; dan and erin
    assert "[carol 2]: That is not true.\n  -> [bob 2]" in sections[1]


@given(st.text())
def test_escaped_text_is_plain_argdown_text_and_reads_back(text):
    escaped = escape(text)
    assert escaped == "" or re.fullmatch(TEXT, escaped)
    assert unescape(escaped) == one_line(text)


def argdown_modules() -> Path:
    if shutil.which("node") is None:
        skip_without_client("needs Node.js (node) for the Argdown reference parser")
    for folder in (os.environ.get("ARGMAP_ARGDOWN_MODULES"), REPO / "node_modules"):
        if folder and (Path(folder) / "@argdown" / "core" / "package.json").is_file():
            return Path(folder)
    skip_without_client(
        "needs @argdown/core: npm install @argdown/core in a folder and set "
        "ARGMAP_ARGDOWN_MODULES to its node_modules"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "make", [lambda: make_graph()[2], hostile_graph], ids=["plain", "hostile"]
)
def test_the_argdown_reference_parser_reads_it(make, tmp_path):
    modules = argdown_modules()
    G = make()
    path = write_argdown(G, tmp_path / "m.argdown")
    script = Path(__file__).with_name("argdown_parse.mjs")
    out = subprocess.run(["node", str(script), str(modules), str(path)],
                         capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    parsed = json.loads(out.stdout)
    assert parsed["errors"] == [] and parsed["arguments"] == []
    claims, claim_relations = expected(G)
    found = []
    for s in parsed["statements"].values():
        tags = s["tags"]
        text = s["text"]
        if tags:  # the parser keeps a tag in the text it was written in
            assert len(tags) == 1 and text.endswith(f" #{tags[0]}")
            text = text[: -len(tags[0]) - 2]
        found.append((text, tags[0] if tags else "claim"))
    assert sorted(found) == sorted((one_line(t), c) for t, c in claims)
    text = {title: s["text"] for title, s in parsed["statements"].items()}
    kinds = {"support": "supports", "attack": "rebuts"}
    assert sorted(
        (text[a], kinds[r], text[b]) for a, r, b in parsed["relations"]
    ) == sorted((one_line(a), r, one_line(b)) for a, r, b in claim_relations)
    assert len(parsed["sections"]) == 3
