"""The parts of ``argmap batch`` that need no cluster: recognising inputs,
regrouping dump items, finding HN roots, the manifest, the missing extra."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from argmap.batch import shapes
from argmap.batch.inputs import collect
from argmap.batch.manifest import Manifest
from argmap.cli import app

dd = pytest.importorskip("dask.dataframe", reason="needs argmap[batch]")
pd = pytest.importorskip("pandas")


def _item(item_id, parent=None, **extra):
    item = {"id": item_id, "type": "comment" if parent else "story", "time": 1700000000}
    if parent:
        item["parent"] = parent
    return {**item, "by": "u", "text": f"text {item_id}", **extra}


def test_inputs_are_recognised_by_content(tmp_path):
    hn = tmp_path / "items.data"
    hn.write_text(json.dumps(_item(1)) + "\n" + json.dumps(_item(2, 1)) + "\n")
    rs = tmp_path / "rs"
    rs.write_text(json.dumps({"id": "c1", "link_id": "t3_x", "body": "b"}) + "\n")
    saved = tmp_path / "thread.json"
    saved.write_text(json.dumps({"id": 1, "type": "story", "children": []}, indent=1))
    urls = tmp_path / "list.txt"
    urls.write_text("# threads\nhttps://news.ycombinator.com/item?id=1\nthread.json\n")
    found = collect([str(p) for p in (hn, rs, saved, urls)], tmp_path / "out")
    assert [(d.path.name, d.site) for d in found.dumps] == [
        ("items.data", "hackernews"),
        ("rs", "reddit"),
    ]
    # thread.json is named twice (itself and in the list): mapped once
    assert [(i.kind, i.spec.rsplit("/", 1)[-1]) for i in found.items] == [
        ("file", "thread.json"),
        ("url", "item?id=1"),
    ]


def test_a_folder_leaves_out_hidden_files_and_the_output(tmp_path):
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / ".hidden.json").write_text("{}")
    (tmp_path / "out" / "maps").mkdir(parents=True)
    (tmp_path / "out" / "maps" / "x.json").write_text("{}")
    found = collect([str(tmp_path)], tmp_path / "out")
    assert [i.spec.rsplit("/", 1)[-1] for i in found.items] == ["a.json"]
    assert all(i.in_folder for i in found.items)


def test_hn_items_nest_in_kids_order_and_missing_story_is_said():
    raws = [json.dumps(x) for x in (_item(1, kids=[3, 2]), _item(2, 1), _item(3, 1))]
    raws.append(json.dumps({**_item(4, 3), "dead": True}))
    tree, dead = shapes.hn_item_tree(raws, 1)
    assert [c["id"] for c in tree["children"]] == [3, 2]
    assert tree["children"][0]["children"][0]["id"] == 4 and dead == ["4"]
    with pytest.raises(shapes.MissingRoot, match="story 9 is not in the dump"):
        shapes.hn_item_tree(raws[1:], 9)


def test_reddit_comments_go_flat_oldest_first():
    sub = {"id": "x", "title": "T", "subreddit": "s", "selftext": ""}
    late = {
        "id": "b",
        "link_id": "t3_x",
        "parent_id": "t3_x",
        "body": "2",
        "created_utc": 9,
    }
    early = {
        "id": "a",
        "link_id": "t3_x",
        "parent_id": "t1_b",
        "body": "1",
        "created_utc": 1,
    }
    listing = shapes.reddit_listing([json.dumps(x) for x in (late, sub, early)], "x")
    assert [c["data"]["id"] for c in listing[1]["data"]["children"]] == ["a", "b"]
    with pytest.raises(shapes.MissingRoot, match="submission t3_x"):
        shapes.reddit_listing([json.dumps(late)], "x")


def test_hn_roots_by_pointer_jumping():
    from argmap.batch.hn_roots import resolve_roots

    # A chain 1 <- 2 <- ... <- 20, a second story 100 with one reply, and an
    # item whose parent (500) is not in the dump.
    rows = [(1, -1)] + [(i, i - 1) for i in range(2, 21)] + [(100, -1), (101, 100)]
    rows.append((501, 500))
    frame = dd.from_pandas(pd.DataFrame(rows, columns=["id", "parent"]), npartitions=3)
    import dask

    with dask.config.set(scheduler="sync"):
        links, rounds = resolve_roots(frame)
        got = dict(links.compute().itertuples(index=False))
    assert got == {**{i: 1 for i in range(1, 21)}, 100: 100, 101: 100, 501: 500}
    assert rounds == 6  # 19 levels: pointers double 5 times, then one to see no move


def test_manifest_drops_a_torn_line_and_parts_it_does_not_name(tmp_path):
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps({"part": "p1", "threads": [{"key": "k1", "stem": "s1"}]})
        + "\n"
        + '{"part": "p2", "threads": [{"key": "k2"'
    )
    for part in ("p1", "p2"):
        path = tmp_path / "tables" / "posts" / "site=x" / f"{part}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    manifest = Manifest(tmp_path)
    assert set(manifest.done) == {"k1"}
    dropped = manifest.drop_orphan_parts(tmp_path / "tables")
    assert [p.stem for p in dropped] == ["p2"]
    manifest.commit("p3", [{"key": "k3", "stem": "s3"}])
    assert set(Manifest(tmp_path).done) == {"k1", "k3"}  # the next line is whole
    manifest.fail("k4", "broken")
    assert Manifest(tmp_path).settled("k4") and not Manifest(tmp_path).settled(
        "k4", retry_failed=True
    )


def test_batch_without_the_extra_says_how_to_install_it(monkeypatch, tmp_path):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "distributed" else real(name, *a),
    )
    result = CliRunner().invoke(
        app, ["batch", str(tmp_path), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "pip install 'argmap[batch]'" in result.output
    assert "Traceback" not in result.output


def test_a_staged_line_is_read_by_the_sources_with_dead_posts_marked(tmp_path):
    pytest.importorskip("distributed")
    from argmap.batch.inputs import WorkItem
    from argmap.batch.worker import read_staged

    raws = [json.dumps(x) for x in (_item(1, title="T"), _item(2, 1), _item(3, 1))]
    raws[2] = json.dumps({**json.loads(raws[2]), "dead": True})
    tree, dead = shapes.hn_item_tree(raws, 1)
    line = json.dumps(
        {"site": "hackernews", "thread_id": "1", "data": tree, "dead": dead}
    )
    part = tmp_path / "part-00000.jsonl"
    part.write_text("\n" + line + "\n", encoding="utf-8")
    item = WorkItem("hackernews:1", "staged", str(part), 1, len(line) + 1)
    thread = read_staged(item)
    assert [(p.id, p.parent, p.status) for p in thread.posts] == [
        ("1", None, "ok"),
        ("2", "1", "ok"),
        ("3", "1", "dead"),
    ]
    assert thread.title == "T" and thread.posts[1].text == "text 2"


def test_piped_progress_is_plain_lines():
    from argmap.batch.progress import BatchProgress

    lines = []
    with BatchProgress(2, say=lines.append) as progress:
        progress.advance("done")
        progress.advance("failed", "failed: x: broken")
    assert lines[0] == "mapping 2 threads"
    assert "failed: x: broken" in lines
    assert lines[-1].startswith("2/2 threads: 1 done, 1 failed, 0 skipped")
