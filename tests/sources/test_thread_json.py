import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.errors import ThreadFormatError, UnsupportedSourceError
from argmap.graph import build_graph
from argmap.sources import load_thread, sample_path
from argmap.sources.files import read_thread_file
from argmap.sources.thread_json import parse_thread_json, thread_to_json
from tests.fuzz._families import EDGE_TIMES, IN_RANGE_TIMES
from tests.helpers import tiny_thread


def minimal(**over):
    data = {"format": "argmap-thread", "posts": [
        {"id": "a", "parent": None, "text": "Root words here."},
        {"id": "b", "parent": "a", "text": "> Root words\n\nA reply to that."},
        {"id": "c", "parent": "b", "text": "Deeper."},
    ]}
    data.update(over)
    return data


def test_depths_and_root_title():
    thread = parse_thread_json(minimal(title="The title"))
    assert [(p.id, p.parent, p.depth) for p in thread.posts] == [("a", None, 0), ("b", "a", 1), ("c", "b", 2)]
    root = thread.root
    assert root.text.startswith("The title\n\n") and root.blocks[0].kind == "title"
    assert [q.text for q in thread.post("b").quotes] == ["Root words"]


def test_root_need_not_come_first():
    data = minimal()
    data["posts"].reverse()
    assert parse_thread_json(data).root.id == "a"


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="other"), "not an argmap thread"),
    (lambda d: d.update(version=7), "version 7"),
    (lambda d: d.update(posts=[]), "non-empty list"),
    (lambda d: d["posts"].append({"id": "a", "parent": "b"}), "appears more than once"),
    (lambda d: d["posts"].append({"id": "z", "parent": "nope"}), "'nope', which is not in the thread"),
    (lambda d: d["posts"].append({"id": "z", "parent": None}), "exactly one post"),
    (lambda d: d["posts"].extend([{"id": "x", "parent": "y"}, {"id": "y", "parent": "x"}]), "cycle"),
    (lambda d: d["posts"][1].update(status="weird"), "status"),
    (lambda d: d["posts"][1].update(text=5), "text"),
    (lambda d: d["posts"][1].update(created="yesterday"), "ISO 8601"),
    (lambda d: d["posts"].append("str"), "must be an object"),
    (lambda d: d["posts"][1].update(id=""), "non-empty string"),
])
def test_bad_files_get_one_clear_error(change, message):
    data = minimal()
    change(data)
    with pytest.raises(ThreadFormatError, match=message):
        parse_thread_json(data)


def test_deep_chain_does_not_recurse():
    posts = [{"id": "0", "parent": None, "text": "root"}]
    posts += [{"id": str(i), "parent": str(i - 1), "text": "x"} for i in range(1, 20000)]
    thread = parse_thread_json({"format": "argmap-thread", "posts": posts})
    assert thread.posts[-1].depth == 19999


def test_round_trip_keeps_structure_and_quotes():
    thread = tiny_thread()
    again = parse_thread_json(json.loads(json.dumps(thread_to_json(thread))))
    assert [(p.id, p.parent, p.depth, p.author, p.status) for p in again.posts] == [
        (p.id, p.parent, p.depth, p.author, p.status) for p in thread.posts]
    assert again.post("3").quotes[0].text == "C++ has decades of tooling"
    assert again.root.text == thread.root.text


def test_files_are_detected_by_content(tmp_path):
    path = tmp_path / "thread.txt"  # the name says nothing
    path.write_text(json.dumps(minimal()))
    assert read_thread_file(path).root.id == "a"
    other = tmp_path / "x.json"
    other.write_text('{"kind": "Listing"}')
    with pytest.raises(UnsupportedSourceError, match="Supported files"):
        read_thread_file(other)
    broken = tmp_path / "y.json"
    broken.write_text('{"format": ')
    with pytest.raises(ThreadFormatError, match="not valid JSON"):
        read_thread_file(broken)


def test_bundled_sample_is_one_thread():
    assert sample_path().is_file()
    thread = load_thread(None)
    assert thread.title == "Open Source AI Is the Path Forward"
    assert thread.id == "41046773" and len(thread.posts) == 7
    # Parents as rebuilt by corpora/build_sample.py.
    assert {p.id: p.parent for p in thread.posts} == {
        "41046773": None, "41047462": "41046773", "sample-2": "41047462", "sample-3": "sample-2",
        "sample-4": "sample-3", "sample-5": "sample-4", "sample-6": "41047462"}
    # The root comment's two copies were merged: text from both, once.
    root_comment = thread.post("41047462").text
    assert root_comment.count("Open weights (and open inference code)") == 1
    assert "Only if it is truly open source" in root_comment and "opensource.org" in root_comment


def test_sample_is_rebuilt_by_its_script():
    from tests.helpers import REPO, shared_path

    seed = shared_path("seed", "open-source-ai-thread.txt")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_sample", REPO / "corpora" / "build_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build(seed.read_text(encoding="utf-8").splitlines())
    assert rebuilt == json.loads(sample_path().read_text(encoding="utf-8"))


# -- times at the edge of datetime (issue 14) ----------------------------------------

@pytest.mark.parametrize("value", EDGE_TIMES)
def test_a_created_time_beyond_utc_range_names_the_field_and_the_post(value):
    # Was: parsed, then "unexpected OverflowError ... looks like a bug" from
    # the graph stage, after segmenting and relating the whole thread.
    data = minimal()
    data["posts"][1]["created"] = value
    with pytest.raises(ThreadFormatError) as e:
        parse_thread_json(data)
    assert e.value.expected
    assert str(e.value) == (f"thread file: posts[1] (post 'b'): \"created\" {value!r} is out "
                            "of range: in UTC it falls before year 1 or after year 9999")


@pytest.mark.parametrize("value", EDGE_TIMES)
def test_a_fetched_at_beyond_utc_range_is_refused(value):
    with pytest.raises(ThreadFormatError, match='"fetched_at" .* is out of range'):
        parse_thread_json(minimal(fetched_at=value))


@pytest.mark.parametrize("value", IN_RANGE_TIMES)
def test_times_at_the_very_edge_are_read_in_utc(value):
    data = minimal(fetched_at=value)
    data["posts"][0]["created"] = value
    thread = parse_thread_json(data)
    assert thread.root.created.utcoffset() == timedelta(0)
    G = build_graph(thread, [], [])
    assert G.nodes["unknown:a"]["created"] == G.graph["fetched_at"] != ""


def test_the_cli_says_one_line_not_a_bug(tmp_path):
    from typer.testing import CliRunner

    from argmap.cli import app

    data = minimal()
    data["posts"][2]["created"] = EDGE_TIMES[0]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["map", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "posts[2] (post 'c'): \"created\"" in result.stderr
    assert "bug" not in result.stderr and not (tmp_path / "o").exists()


offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 2), timezones=offsets),
    st.datetimes(min_value=datetime(9999, 12, 30), timezones=offsets),
    st.datetimes(timezones=offsets),
))  # fmt: skip
def test_any_time_is_read_or_refused_never_crashes_later(moment):
    data = minimal(fetched_at=moment.isoformat())
    data["posts"][1]["created"] = moment.isoformat()
    try:
        thread = parse_thread_json(data)
    except ThreadFormatError as e:
        assert "out of range" in str(e)
        return
    build_graph(thread, [], [])  # every time is representable in UTC
