"""``argmap batch`` end to end on a local Dask cluster of 2 worker processes:
a folder of saved threads and dumps built from the captures at run time."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="needs argmap[batch]")
pd = pytest.importorskip("pandas")
zstandard = pytest.importorskip("zstandard")

import argmap
from argmap.batch.run import BatchConfig, run_batch
from argmap.batch.worker import Settings
from argmap.export.json import generate_json
from argmap.sources import load_thread
from tests.helpers import hn_firebase_items, pushshift_items, shared_path

pytestmark = pytest.mark.slow  # a cluster start and ~700 posts: about 30 s

SAVED = [
    "hn-html/legacy/hn-item-5002483-future-according-to-larry-page-2013-01.html",
    "lobsters/lobsters-s-donlgu-systemd-services-are-easy-2018.json",
    "lobsters/lobsters-s-tdfoqh-ranking-comments-by-replies-2022.json",
    "discourse/urho3d/t-the-last-english-release-7362.json",
]
HN_DUMPED = "hn-html/hn-item-48351450-comment-permalink-subthread-2026-06.html"
HN_ORPHANED = SAVED[0]
REDDIT_DUMPED = "reddit/reddit-comments-3hahrw-funny-ba-dum-tsss.rec2020.json"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    folder = root / "saved"
    folder.mkdir()
    for rel in SAVED:  # copied at run time, never committed
        shutil.copy(shared_path("corpora", rel), folder)
    (folder / "notes.txt").write_text("what these threads are\n", encoding="utf-8")
    lobsters = shared_path("corpora", SAVED[1]).read_text(encoding="utf-8")
    (folder / "broken.json").write_text(lobsters[: len(lobsters) // 2], "utf-8")
    # An HN dump: one whole thread, and one whose story is missing.
    story = _as_story(load_thread(shared_path("corpora", HN_DUMPED)))
    orphaned = load_thread(shared_path("corpora", HN_ORPHANED))
    items = hn_firebase_items(story) + hn_firebase_items(orphaned)[1:]
    random.Random(13).shuffle(items)  # a dump is in no particular order
    hn = root / "hn-items.jsonl"
    hn.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    listing = json.loads(shared_path("corpora", REDDIT_DUMPED).read_text("utf-8"))
    records = pushshift_items(listing)
    random.Random(7).shuffle(records)
    reddit = root / "reddit.jsonl.zst"
    text = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    reddit.write_bytes(zstandard.ZstdCompressor().compress(text))
    return {
        "root": root,
        "folder": folder,
        "hn": hn,
        "reddit": reddit,
        "story": story,
        "orphaned": orphaned,
        "listing": listing,
    }


def _as_story(thread):
    """The comment permalink capture with its root comment turned into a story."""
    thread.title = thread.title or "A sub-thread"
    root = thread.posts[0]
    root.text = f"{thread.title}\n\n{root.text}" if root.text else thread.title
    return thread


def _run(corpus, out: Path, **kw):
    settings = Settings(maps_dir=str(out / "maps"), formats=("json",))
    config = BatchConfig(out, settings, workers=2, **kw)
    specs = [str(corpus["folder"]), str(corpus["hn"]), str(corpus["reddit"])]
    return run_batch(specs, config)


@pytest.fixture(scope="module")
def first(corpus):
    out = corpus["root"] / "out"
    return out, _run(corpus, out)


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _done(out: Path) -> dict[str, dict]:
    return {t["key"]: t for r in _lines(out / "manifest.jsonl") for t in r["threads"]}


def test_every_thread_is_done_failed_or_skipped(corpus, first):
    out, summary = first
    done = _done(out)
    saved = {str((corpus["folder"] / Path(rel).name).resolve()) for rel in SAVED}
    assert saved <= set(done)
    assert "hackernews:48351450" in done and "reddit:3hahrw" in done
    failures = {r["key"]: r["reason"] for r in _lines(out / "failures.jsonl")}
    broken = str((corpus["folder"] / "broken.json").resolve())
    assert "not valid JSON" in failures[broken]
    assert "story 5002483 is not in the dump" in failures["hackernews:5002483"]
    skipped = {r["key"] for r in _lines(out / "skipped.jsonl")}
    assert str((corpus["folder"] / "notes.txt").resolve()) in skipped
    assert (summary.done, summary.failed, summary.skipped) == (len(done), 2, 1)
    # Both worker processes mapped threads, each loading the pipeline once.
    assert len(summary.pipeline_loads) == 2
    assert set(summary.pipeline_loads.values()) == {1}
    totals = json.loads((out / "summary.json").read_text("utf-8"))
    assert totals["threads"]["done"] == summary.done
    assert totals["posts"] == sum(t["posts"] for t in done.values())


def test_tables_hold_every_post(corpus, first):
    out, _ = first
    posts = pd.read_parquet(out / "tables" / "posts")
    got = {
        (str(s), t, p) for s, t, p in zip(posts.site, posts.thread_id, posts.post_id)
    }
    assert len(got) == len(posts)  # no post twice
    want = set()
    for rel in SAVED:
        thread = load_thread(shared_path("corpora", rel))
        want |= {(thread.site, thread.id, p.id) for p in thread.posts}
    want |= {("hackernews", "48351450", p.id) for p in corpus["story"].posts}
    want |= {("reddit", "3hahrw", r["id"]) for r in pushshift_items(corpus["listing"])}
    assert got == want
    threads = pd.read_parquet(out / "tables" / "threads")
    claims = pd.read_parquet(out / "tables" / "claims")
    relations = pd.read_parquet(out / "tables" / "relations")
    assert threads.posts.sum() == len(posts) and threads.claims.sum() == len(claims)
    assert set(relations.relation) >= {"replies_to"}


def test_each_graph_is_the_one_argmap_map_makes(corpus, first, tmp_path):
    out, _ = first
    done = _done(out)
    for rel in SAVED:
        path = (corpus["folder"] / Path(rel).name).resolve()
        expected = generate_json(argmap.map_thread(path).graph)
        got = (out / "maps" / done[str(path)]["maps"]["json"]).read_text("utf-8")
        assert got == expected, rel
    # The HN dump's thread: what `argmap map` makes of the same items saved
    # from the API (an Algolia item, nested here by the test itself).
    algolia = tmp_path / "algolia.json"
    algolia.write_text(json.dumps(_algolia(corpus["story"])), encoding="utf-8")
    expected = generate_json(argmap.map_thread(algolia).graph)
    got = (out / "maps" / "hackernews-48351450.json").read_text("utf-8")
    assert got == expected


def test_reddit_dump_maps_as_the_saved_listing(corpus, first):
    """Same posts, claims and edges as the capture itself (Pushshift has no
    ranking, so the order differs; the capture's stubs are not in the dump)."""
    out, _ = first
    got = json.loads((out / "maps" / "reddit-3hahrw.json").read_text("utf-8"))
    path = shared_path("corpora", REDDIT_DUMPED)
    want = json.loads(generate_json(argmap.map_thread(path).graph))
    assert _canonical(got) == _canonical(want)


def _canonical(data):
    """Nodes and edges as sorted JSON. A key point's id is its rank, and ties
    rank by first appearance, which differs with post order: a point is named
    by its member claims instead."""
    members: dict[str, list[str]] = {}
    for e in data["edges"]:
        if e["relation"] == "expresses":
            members.setdefault(e["target"], []).append(e["source"])
    name = {p: "point:" + ",".join(sorted(m)) for p, m in members.items()}

    def renamed(item, *keys):
        return json.dumps(
            item | {k: name.get(item[k], item[k]) for k in keys}, sort_keys=True
        )

    # Two equally central members tie for representative; the tie goes to
    # the first in post order, which differs too.
    for n in data["nodes"]:
        if n["kind"] == "point" and n["id"] in members:
            assert n["representative"] in members[n["id"]]
            n = n | {"representative": "", "text": ""}
    nodes = sorted(
        renamed(
            n | ({"representative": "", "text": ""} if n["kind"] == "point" else {}),
            "id",
        )
        for n in data["nodes"]
    )
    edges = sorted(renamed(e, "source", "target") for e in data["edges"])
    return nodes, edges


def test_a_rerun_does_no_work(corpus, first):
    out, _ = first
    manifest = (out / "manifest.jsonl").read_bytes()
    parts = sorted(p.name for p in (out / "tables").rglob("*.parquet"))
    again = _run(corpus, out)
    assert (again.done, again.failed, again.skipped) == (0, 0, 0)
    assert again.already_done == len(_done(out)) + 3  # + 2 failed + 1 skipped
    assert not again.grouped_dumps  # the dumps' staging was reused
    assert (out / "manifest.jsonl").read_bytes() == manifest
    assert sorted(p.name for p in (out / "tables").rglob("*.parquet")) == parts


def _algolia(thread) -> dict:
    items = {p.id: p for p in thread.posts}
    by_parent: dict[str, list] = {}
    for p in thread.posts[1:]:
        by_parent.setdefault(p.parent, []).append(p)
    fire = {str(i["id"]): i for i in hn_firebase_items(thread)}

    def node(post):
        item = fire[post.id]
        return {
            "id": item["id"],
            "type": item["type"],
            "created_at": "",
            "created_at_i": item["time"],
            "author": item.get("by"),
            "text": item.get("text"),
            "title": item.get("title"),
            "url": item.get("url"),
            "children": [node(c) for c in by_parent.get(post.id, [])],
        }

    return node(items[thread.root.id])


def _documented_columns() -> dict[str, dict[str, str]]:
    """The column tables of "Corpus tables" in docs/schema.md."""
    from tests.helpers import REPO

    text = (REPO / "docs" / "schema.md").read_text("utf-8")
    section = text.split("## Corpus tables", 1)[1]
    tables, current = {}, None
    for line in section.splitlines():
        if line.startswith("`") and line.split("`")[1] in (
            "threads",
            "posts",
            "claims",
            "relations",
            "points",
        ):
            current = tables.setdefault(line.split("`")[1], {})
        elif current is not None and line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            current[cells[0].strip("`")] = cells[1]
    return tables


def test_tables_follow_docs_schema_and_load_in_polars_and_duckdb(first):
    import pyarrow.dataset as ds

    out, _ = first
    types = {"string": "string", "int64": "int64", "bool": "bool", "double": "double"}
    types["list<string>"] = "list<element: string>"
    documented = _documented_columns()
    assert set(documented) == {"threads", "posts", "claims", "relations", "points"}
    for table, columns in documented.items():
        schema = ds.dataset(out / "tables" / table, partitioning="hive").schema
        got = {f.name: str(f.type) for f in schema}
        got["site"] = "string"  # the partition, typed by its reader
        assert got == {n: types[t] for n, t in columns.items()}, table
    polars = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    posts = pd.read_parquet(out / "tables" / "posts")
    frame = polars.read_parquet(
        str(out / "tables" / "posts" / "**" / "*.parquet"), hive_partitioning=True
    )
    assert frame.height == len(posts)
    glob = str(out / "tables" / "posts" / "*" / "*.parquet")
    sql = f"select count(*) from read_parquet('{glob}', hive_partitioning=true)"
    assert duckdb.sql(sql).fetchall() == [(len(posts),)]
