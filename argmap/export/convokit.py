"""A ConvoKit corpus folder: ``convokit.Corpus(filename=folder)`` loads it.

ConvoKit's on-disk format (utterances.jsonl, speakers.json,
conversations.json, corpus.json, index.json) is written here directly, so
writing needs no ConvoKit, which pulls in torch. Each post is an utterance
with its reply-to link; its speaker is its author ("[unknown]" when the page
named none); the thread is one conversation, whose id is the root post's.
Utterance ids are the map's node ids. The stance data rides along as
utterance metadata: ``stance``, ``confidence``, ``evidence`` and
``low_confidence`` of the reply towards its parent (None for the root), and
``claims``, a list with each claim's text, type, offsets and the relations
it makes to other claims. The conversation's metadata holds the graph
attributes (title, url, classifier...).
"""

from __future__ import annotations

import json
from calendar import timegm
from collections.abc import Hashable
from pathlib import Path
from time import strptime
from typing import Any

import networkx as nx

from argmap.export._extras import require
from argmap.export._flatten import flattened
from argmap.export._folder import atomic_write_folder
from argmap.export._thread_order import claims_by_post, parents, posts
from argmap.registry import exporters

FILES = (
    "utterances.jsonl",
    "speakers.json",
    "conversations.json",
    "corpus.json",
    "index.json",
)
UNKNOWN_SPEAKER = "[unknown]"
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
REPLY_FIELDS = ("stance", "confidence", "evidence", "low_confidence")
CLAIM_FIELDS = ("text", "claim_type", "index", "start", "end")
RELATION_FIELDS = ("confidence", "evidence", "low_confidence")


@exporters("convokit")
def write_convokit(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as a ConvoKit corpus folder."""
    return atomic_write_folder(Path(path), corpus_files(G))


def load_corpus(path: str | Path) -> Any:
    """The corpus folder at ``path`` as a ``convokit.Corpus``."""
    convokit = require("convokit", "loading the corpus into ConvoKit", "convokit")
    return convokit.Corpus(filename=str(path))


def corpus_files(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """The corpus files of ``G``, by name."""
    H = flattened(G)
    order = posts(H)
    parent = parents(H)
    root = next((p for p in order if p not in parent), order[0] if order else "")
    claims = claims_by_post(H)
    utterances = [
        _utterance(H, p, parent.get(p), str(root), claims.get(p, [])) for p in order
    ]
    speakers = {u["speaker"]: {"meta": {}, "vectors": []} for u in utterances}
    conversation = {key: value for key, value in H.graph.items()}
    meta = {"source": "argmap", "argmap_version": H.graph.get("argmap_version", "")}
    index = {
        "utterances-index": _types(u["meta"] for u in utterances),
        "speakers-index": {},
        "conversations-index": _types([conversation]),
        "overall-index": _types([meta]),
        "version": 1,
        "vectors": [],
    }
    lines = "".join(_json_line(u) for u in utterances)
    files = {
        "utterances.jsonl": lines,
        "speakers.json": _dumps(speakers),
        "conversations.json": _dumps(
            {str(root): {"meta": conversation, "vectors": []}} if order else {}
        ),
        "corpus.json": _dumps(meta),
        "index.json": _dumps(index),
    }
    return {name: text.encode("utf-8") for name, text in files.items()}


def _utterance(
    H: nx.MultiDiGraph,
    post: Hashable,
    parent: Hashable | None,
    root: str,
    claims: list[Hashable],
) -> dict[str, Any]:
    d = H.nodes[post]
    reply = next(
        (
            e
            for _, v, e in H.out_edges(post, data=True)
            if e.get("relation") == "replies_to"
        ),
        {},
    )
    meta: dict[str, Any] = {
        name: d.get(name, "")
        for name in ("site", "post_id", "url", "depth", "status", "created")
    }
    meta.update({name: reply.get(name) for name in REPLY_FIELDS})
    meta["claims"] = [_claim(H, c) for c in claims]
    return {
        "id": str(post),
        "conversation_id": root,
        "text": d.get("text", ""),
        "speaker": d.get("author") or UNKNOWN_SPEAKER,
        "meta": meta,
        "reply_to": str(parent) if parent is not None and H.has_node(parent) else None,
        "timestamp": _epoch(d.get("created", "")),
        "vectors": [],
    }


def _claim(H: nx.MultiDiGraph, claim: Hashable) -> dict[str, Any]:
    d = H.nodes[claim]
    relations = [
        {
            "relation": e.get("relation"),
            "target": str(v),
            **{k: e.get(k) for k in RELATION_FIELDS},
        }
        for _, v, e in H.out_edges(claim, data=True)
        if H.nodes[v].get("kind") == "claim"
    ]
    return {
        "id": str(claim),
        **{k: d.get(k) for k in CLAIM_FIELDS},
        "relations": relations,
    }


def _epoch(created: object) -> int | None:
    # ConvoKit's timestamps are Unix seconds; the map's are ISO 8601 UTC.
    try:
        return timegm(strptime(str(created)[:19], "%Y-%m-%dT%H:%M:%S"))
    except ValueError:
        return None


def _types(records) -> dict[str, list[str]]:
    # ConvoKit's index: each metadata field with the Python types its values have.
    found: dict[str, list[str]] = {}
    for record in records:
        for name, value in record.items():
            kind = str(type(value))
            if kind not in found.setdefault(name, []):
                found[name].append(kind)
    return found


def _json_line(data: Any) -> str:
    # json leaves U+0085, U+2028 and U+2029 raw, and Python's str.splitlines
    # (and so many a JSON Lines reader) ends a line at each: escape them.
    text = json.dumps(data, ensure_ascii=False)
    for char in _LINE_BREAKS:
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text + "\n"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"
