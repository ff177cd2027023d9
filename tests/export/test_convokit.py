"""ConvoKit (issue 11): a corpus folder with utterances, speakers, reply-to
links and the stance and claim data as metadata. The on-disk format is
checked here as ConvoKit reads it; with convokit installed (argmap[convokit],
not in the test extra: it pulls in torch), convokit.Corpus loads it too."""

from __future__ import annotations

import json

import pytest

from argmap.export.convokit import FILES, UNKNOWN_SPEAKER, write_convokit
from tests.helpers import need_client
from tests.test_graph import make_graph


@pytest.fixture(scope="module")
def G():
    return make_graph()[2]


def read(folder):
    utterances = [
        json.loads(line)
        for line in (folder / "utterances.jsonl").read_text("utf-8").splitlines()
    ]
    return utterances, *(
        json.loads((folder / name).read_text("utf-8")) for name in FILES[1:]
    )


def test_the_corpus_files_hold_the_thread(G, tmp_path):
    folder = write_convokit(G, tmp_path / "m-convokit")
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    utterances, speakers, conversations, corpus, index = read(folder)
    posts = {n: d for n, d in G.nodes(data=True) if d["kind"] == "post"}
    assert [u["id"] for u in utterances] == list(posts)
    parent = {u: v for u, v, r in G.edges(data="relation") if r == "replies_to"}
    assert {u["id"]: u["reply_to"] for u in utterances} == {
        n: parent.get(n) for n in posts
    }
    assert (
        {u["conversation_id"] for u in utterances}
        == {"hackernews:1"}
        == set(conversations)
    )
    assert conversations["hackernews:1"]["meta"]["title"] == G.graph["title"]
    assert set(speakers) == {d["author"] or UNKNOWN_SPEAKER for d in posts.values()}
    for u in utterances:
        d = posts[u["id"]]
        assert u["text"] == d["text"] and u["speaker"] == (
            d["author"] or UNKNOWN_SPEAKER
        )
        assert u["timestamp"] == 1706978635  # 2024-02-03T16:43:55Z
        assert set(u) == {
            "id",
            "conversation_id",
            "text",
            "speaker",
            "meta",
            "reply_to",
            "timestamp",
            "vectors",
        }
    assert corpus["source"] == "argmap" and index["version"] == 1


def test_stance_and_claims_ride_along_as_metadata(G, tmp_path):
    utterances, *_, index = read(write_convokit(G, tmp_path / "m-convokit"))
    by_id = {u["id"]: u["meta"] for u in utterances}
    for u, v, d in G.edges(data=True):
        if d["relation"] == "replies_to":
            assert (
                by_id[u]["stance"] == d["stance"]
                and by_id[u]["confidence"] == d["confidence"]
            )
    assert by_id["hackernews:1"]["stance"] is None
    claims = {c["id"]: c for meta in by_id.values() for c in meta["claims"]}
    assert set(claims) == {n for n, d in G.nodes(data=True) if d["kind"] == "claim"}
    for n, c in claims.items():
        assert (
            c["text"] == G.nodes[n]["text"]
            and c["claim_type"] == G.nodes[n]["claim_type"]
        )
    made = sorted(
        (n, r["relation"], r["target"])
        for n, c in claims.items()
        for r in c["relations"]
    )
    kind = dict(G.nodes(data="kind"))
    assert made == sorted(
        (u, r, v)
        for u, v, r in G.edges(data="relation")
        if kind[u] == kind[v] == "claim"
    )
    # index.json: every metadata field with the types its values have, as ConvoKit keeps it.
    for name in ("stance", "claims", "depth"):
        seen = {str(type(meta[name])) for meta in by_id.values()}
        assert set(index["utterances-index"][name]) == seen


def test_convokit_loads_the_corpus(G, tmp_path):
    need_client(
        "convokit",
        "convokit is in argmap[convokit], not the test extra (it needs torch)",
    )
    from argmap.export.convokit import load_corpus

    corpus = load_corpus(write_convokit(G, tmp_path / "m-convokit"))
    posts = [n for n, d in G.nodes(data=True) if d["kind"] == "post"]
    assert len(list(corpus.iter_utterances())) == len(posts)
    assert [c.id for c in corpus.iter_conversations()] == ["hackernews:1"]
    reply = corpus.get_utterance("hackernews:3")
    assert reply.reply_to == "hackernews:2" and reply.speaker.id == "carol"
    assert reply.meta["stance"] == "rebuts"
    assert [c["text"] for c in reply.meta["claims"]][1] == "That is not true."
    conversation = corpus.get_conversation("hackernews:1")
    assert conversation.meta["url"] == G.graph["url"]
    assert {u.id for u in conversation.iter_utterances()} == set(posts)
