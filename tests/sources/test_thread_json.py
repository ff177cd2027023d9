import json

import pytest

from argmap.errors import ThreadFormatError, UnsupportedSourceError
from argmap.sources import load_thread, sample_path
from argmap.sources.files import read_thread_file
from argmap.sources.thread_json import parse_thread_json, thread_to_json
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
    from tests.conftest import REPO, shared_path

    seed = shared_path("seed", "open-source-ai-thread.txt")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_sample", REPO / "corpora" / "build_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build(seed.read_text(encoding="utf-8").splitlines())
    assert rebuilt == json.loads(sample_path().read_text(encoding="utf-8"))
