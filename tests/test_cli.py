import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import __version__
from argmap.cli import app
from tests.helpers import shared_path

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"argmap {__version__}"


def test_map_sample_writes_outputs_and_summary(tmp_path):
    result = run("map", "-o", str(tmp_path), "--format", "graphml,json")
    assert result.exit_code == 0, result.output
    assert "posts:     7" in result.stdout and "claims:" in result.stdout
    assert "replies:   6" in result.stdout
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["hackernews-41046773.graphml", "hackernews-41046773.json"]
    data = json.loads((tmp_path / "hackernews-41046773.json").read_text())
    assert data["graph"]["thread_id"] == "41046773"


def test_map_thread_json_file(tmp_path):
    thread = tmp_path / "t.json"
    thread.write_text(json.dumps({"format": "argmap-thread", "title": "T", "posts": [
        {"id": "1", "parent": None, "text": "Root claim is here."},
        {"id": "2", "parent": "1", "text": "I disagree with the root claim."}]}))
    result = run("map", str(thread), "-o", str(tmp_path / "out"), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "rebuts 1" in result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["map", "https://example.com/thread/1"], 2, "No source handles the URL"),
    (["map", "no-such-file.html"], 2, "neither a thread URL"),
    (["map", "-f", "gml"], 2, "unknown format gml. Available: aif, argdown, convokit, csv, gexf, graphml, html, json, xaif"),
    (["map", "--offline", "--refresh"], 2, "contradict"),
    (["map", "--via", "carrier-pigeon"], 2, "--via must be auto, html or api"),
])
def test_expected_failures_are_one_line_without_traceback(args, code, message):
    result = run(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_unwritable_output_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("map", "-o", str(blocker / "out"), "-f", "json")
    assert result.exit_code == 16
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_malformed_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "argmap-thread", "posts": [{"id": "1", "parent": "9"}]}')
    result = run("map", str(bad), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "exactly one post" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]  # nothing written


def test_fast_picks_the_linear_model(tmp_path):
    result = run("map", "--fast", "-o", str(tmp_path), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert data["graph"]["classifier"] == "argmap.stance_linear.v2"


def test_fast_and_another_classifier_contradict(tmp_path):
    result = run("map", "--fast", "--classifier", "argmap.cue_words.v1", "-o", str(tmp_path))
    assert result.exit_code == 2 and "--fast" in result.stderr


def test_train_rejects_an_unknown_model_kind():
    result = run("train", "stance", "--model", "forest")
    assert result.exit_code == 2 and "linear or transformer" in result.stderr


def test_training_the_transformer_without_torch_says_how_to_install_it():
    pytest.importorskip("sklearn")
    try:
        import torch  # noqa: F401

        pytest.skip("torch is installed here")
    except ImportError:
        pass
    result = run("train", "stance", "--model", "transformer")
    assert result.exit_code == 2 and "pip install 'argmap[train]'" in result.stderr


def help_text(*args: str) -> str:
    """The help of a command as one line: Rich wraps it in boxes to the width."""
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.replace("│", " ").split())


def test_map_help_lists_every_input_kind_and_classifier():
    from argmap import registry
    from argmap.sources import source_classes
    from argmap.sources.files import known_formats

    text = help_text("map")
    for kind in [cls.describe() for cls in source_classes()] + known_formats():
        assert kind in text
    names = sorted(registry.relation_classifiers.get_all())
    assert {"argmap.cue_words.v1", "argmap.stance_linear.v2"} <= set(names)
    assert all(name in text for name in names)


def test_train_help_keeps_the_square_brackets():
    assert "pip install 'argmap[train]'" in help_text("train")
    assert "pip install 'argmap[train]'" in help_text("train", "stance")


def test_an_output_folder_that_is_a_file_says_so(tmp_path):
    blocker = tmp_path / "maps"
    blocker.write_text("x")
    result = run("map", "-o", str(blocker), "-f", "json")
    assert result.exit_code == 16
    assert result.stderr.strip() == (
        f"argmap: error: cannot write to {blocker}: it is a file, not a folder"
    )
    result = run("map", "-o", str(blocker / "sub"), "-f", "json")
    assert f"{blocker} is a file, not a folder" in result.stderr


def test_an_empty_file_says_it_is_empty(tmp_path):
    empty = tmp_path / "thread.json"
    empty.write_bytes(b"")
    result = run("map", str(empty), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"argmap: error: {empty} is empty (0 bytes): there is no thread in it to map"
    )


def test_a_saved_page_cut_short_is_mapped_as_partial_and_the_summary_says_so(tmp_path):
    page = shared_path("corpora", "hn-html", "hn-item-39232976-pkl-config-language-2024-02.html")
    cut = tmp_path / "pkl.html"
    cut.write_bytes(page.read_bytes()[:30_000])
    out = tmp_path / "out"
    result = run("map", str(cut), "-o", str(out), "-f", "json", "--fast")
    assert result.exit_code == 0, result.output
    assert "- comments not on the page: the story counts 564 comments" in result.stdout
    assert "WARNING: the thread is incomplete" in result.stdout
    data = json.loads((out / "hackernews-39232976.json").read_text())
    assert data["graph"]["complete"] is False


def unusable_folder(kind: str, tmp: Path) -> Path:
    if kind == "a file":
        (tmp / "file").write_text("x")
        return tmp / "file"
    return tmp / "nonexistent" if kind == "missing" else tmp  # tmp has no gold/


@pytest.mark.parametrize("kind", ["missing", "no gold", "a file"])
@pytest.mark.parametrize("given", ["--data ", "ARGMAP_SHARED="])
def test_a_data_folder_that_cannot_be_used_is_an_error(kind, given, tmp_path, monkeypatch):
    folder = unusable_folder(kind, tmp_path)
    if given == "--data ":
        result = run("eval", "--data", str(folder), "-o", str(tmp_path / "eval.json"))
    else:
        monkeypatch.setenv("ARGMAP_SHARED", str(folder))
        result = run("eval", "-o", str(tmp_path / "eval.json"))
    assert result.exit_code == 2  # not a quiet fall-back on ../shared
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"argmap: error: {given}{folder}: ")
    assert not (tmp_path / "eval.json").exists()


def test_map_with_a_model_file_you_trained(tmp_path):
    import shutil

    from argmap.relate.stance.model import ARTEFACT

    mine = tmp_path / "mine.json.gz"
    shutil.copyfile(ARTEFACT, mine)
    result = run("map", "-o", str(tmp_path / "a"), "-f", "json", "--model", str(mine))
    assert result.exit_code == 0, result.output
    assert run("map", "-o", str(tmp_path / "b"), "-f", "json").exit_code == 0
    name = "hackernews-41046773.json"
    mapped = json.loads((tmp_path / "a" / name).read_text())["edges"]
    assert mapped == json.loads((tmp_path / "b" / name).read_text())["edges"]


def test_map_with_a_model_file_that_is_not_one(tmp_path):
    bogus = tmp_path / "bogus.json.gz"
    bogus.write_text("not a model")
    result = run("map", "-o", str(tmp_path), "--model", str(bogus))
    assert result.exit_code != 0
    assert "is not a stance model written by argmap train stance" in result.output
    assert "Traceback" not in result.output
