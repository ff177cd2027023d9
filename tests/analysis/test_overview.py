"""overview(): ranked summaries over a small hand-built graph with known answers."""

from __future__ import annotations

import json

import networkx as nx

from argmap.analysis.overview import overview

TITLE = "Is Rust worth it?"


def _graph() -> nx.MultiDiGraph:
    """A story; alice's top-level claim rebutted by bob (twice in one post) and
    carol; dave supports carol; erin asks a question nobody answers."""
    G = nx.MultiDiGraph(title=TITLE, site="t")
    posts = {
        "root": ("op", 0, None, TITLE + "\n\nI think it is."),
        "a": ("alice", 1, "root", "Rust is slow to compile. Really slow."),
        "b": ("bob", 2, "a", "No, it is fast. Incremental builds help."),
        "c": ("carol", 2, "a", "Wrong, compile times are fine."),
        "d": ("dave", 3, "c", "Exactly right."),
        "e": ("erin", 1, "root", "What about async?"),
    }
    for pid, (author, depth, parent, text) in posts.items():
        G.add_node(f"t:{pid}", kind="post", author=author, depth=depth, text=text)
        if parent:
            G.add_edge(
                f"t:{pid}", f"t:{parent}", key="replies_to", relation="replies_to"
            )
    claims = {
        "root#0": TITLE,
        "root#1": "I think it is.",
        "a#0": "Rust is slow to compile.",
        "a#1": "Really slow.",
        "b#0": "No, it is fast.",
        "b#1": "Incremental builds help.",
        "c#0": "Wrong, compile times are fine.",
        "d#0": "Exactly right.",
        "e#0": "What about async?",
    }
    for cid, text in claims.items():
        post = cid.split("#")[0]
        end = len(text) if post != "root" or cid == "root#0" else 99
        kind = "question" if text.endswith("?") else "claim"
        G.add_node(f"t:{cid}", kind="claim", text=text, claim_type=kind, end=end)
        G.add_edge(f"t:{post}", f"t:{cid}", key="contains", relation="contains")
    for source, target, relation, confidence in [
        ("b#0", "a#0", "rebuts", 0.9),
        ("b#1", "a#0", "rebuts", 0.6),
        ("c#0", "a#0", "rebuts", 0.7),
        ("d#0", "c#0", "supports", 0.8),
        ("a#0", "root#0", "rebuts", 0.99),  # into the title: never listed
        ("a#1", "root#1", "rebuts", 0.3),  # below the threshold: ignored
    ]:
        G.add_edge(
            f"t:{source}",
            f"t:{target}",
            key=relation,
            relation=relation,
            confidence=confidence,
        )
    return G


def test_contested_counts_rebutting_posts_and_names_the_strongest():
    contested = overview(_graph())["contested"]
    assert [item["node"] for item in contested] == ["t:a#0"]
    top = contested[0]
    assert top["post"] == "t:a" and top["author"] == "alice"
    assert top["rebuttals"] == 2  # bob's two sentences are one rebutting post
    assert top["weight"] == 1.6
    assert top["rebutters"] == ["bob", "carol"]
    assert top["strongest"]["node"] == "t:b#0"
    assert top["strongest"]["author"] == "bob"


def test_the_title_and_low_confidence_edges_never_count():
    result = overview(_graph())
    listed = {item["node"] for key in ("contested", "agreed") for item in result[key]}
    assert "t:root#0" not in listed and "t:root#1" not in listed


def test_agreed_is_supported_and_not_rebutted():
    agreed = overview(_graph())["agreed"]
    assert [(item["node"], item["supporters"]) for item in agreed] == [
        ("t:c#0", ["dave"])
    ]


def test_open_questions_are_unanswered_questions():
    assert [q["node"] for q in overview(_graph())["open_questions"]] == ["t:e#0"]


def test_hot_subthreads_and_people():
    result = overview(_graph())
    hot = result["hot_subthreads"]
    assert hot[0]["node"] == "t:a"
    assert (hot[0]["posts"], hot[0]["rebuttals"]) == (4, 2)
    people = result["people"]
    assert [(p["a"], p["b"], p["rebuttals"]) for p in people] == [
        ("alice", "bob", 1),
        ("alice", "carol", 1),
    ]
    assert people[0]["b_to_a"] == 1 and people[0]["node"] == "t:b#0"


def test_limit_and_json_round_trip():
    result = overview(_graph(), limit=0)
    assert all(result[key] == [] for key in result if key != "min_confidence")
    assert json.loads(json.dumps(overview(_graph()))) == overview(_graph())


def test_on_the_bundled_sample():
    import argmap

    G = argmap.map_thread().graph
    result = overview(G)
    for key in ("contested", "agreed", "open_questions", "hot_subthreads"):
        for item in result[key]:
            assert G.nodes[item["node"]]["text"] == item["text"]
            assert G.nodes[item["post"]]["kind"] == "post"
    title_end = len(G.graph["title"])
    for item in result["contested"]:
        is_root = G.nodes[item["post"]]["depth"] == 0
        assert not (is_root and G.nodes[item["node"]]["end"] <= title_end)


def _add_claim(G, post, index, text, author="frank", parent="t:root"):
    if f"t:{post}" not in G:
        G.add_node(f"t:{post}", kind="post", author=author, depth=1, text=text)
        G.add_edge(f"t:{post}", parent, key="replies_to", relation="replies_to")
    claim = f"t:{post}#{index}"
    kind = "question" if text.endswith("?") else "claim"
    G.add_node(claim, kind="claim", text=text, claim_type=kind, end=99)
    G.add_edge(f"t:{post}", claim, key="contains", relation="contains")
    return claim


def test_rhetorical_and_answered_questions_are_not_open():
    G = _graph()
    rhetorical = _add_claim(G, "f", 0, "Isn't that just wrong?")
    G.add_edge(rhetorical, "t:a#1", key="rebuts", relation="rebuts", confidence=0.7)
    answered = _add_claim(G, "g", 0, "Did you measure?", author="gail")
    G.add_edge("t:b#1", answered, key="supports", relation="supports", confidence=0.9)
    result = overview(G)
    assert [q["node"] for q in result["open_questions"]] == ["t:e#0"]
    assert answered not in {item["node"] for item in result["agreed"]}
