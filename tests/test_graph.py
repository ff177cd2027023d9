from argmap.graph import build_graph
from argmap.relate import relate_thread
from argmap.segment import load_pipeline, segment_thread
from tests.helpers import tiny_thread
from tests.schema_check import check_schema


def make_graph():
    thread = tiny_thread()
    claims = segment_thread(thread, load_pipeline())
    return thread, claims, build_graph(thread, claims, relate_thread(thread, claims), classifier="x")


def test_graph_follows_schema():
    _, _, G = make_graph()
    check_schema(G)


def test_every_post_and_claim_is_a_node():
    thread, claims, G = make_graph()
    posts = [n for n, d in G.nodes(data=True) if d["kind"] == "post"]
    assert len(posts) == len(thread.posts)
    assert G.number_of_nodes() == len(thread.posts) + len(claims)


def test_every_reply_has_one_replies_to_edge():
    thread, _, G = make_graph()
    replies = [(u, v) for u, v, d in G.edges(data=True) if d["relation"] == "replies_to"]
    assert sorted(replies) == sorted(
        (f"hackernews:{p.id}", f"hackernews:{p.parent}") for p in thread.replies())


def test_root_and_times():
    _, _, G = make_graph()
    root = G.nodes["hackernews:1"]
    assert (root["parent"], root["depth"]) == ("", 0)
    assert root["created"] == "2024-02-03T16:43:55Z"
    assert G.graph["fetched_at"] == "2024-02-04T00:00:00Z"
    assert G.nodes["hackernews:6"]["author"] == ""
