"""``argmap map --points`` and ``argmap train encoder`` on the command line."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.analysis.test_points import OTHER, SAME, write_thread
from tests.test_cli import help_text, run


def test_map_writes_points_and_none_leaves_them_out(tmp_path):
    source = write_thread(
        tmp_path / "t.json", zip(["ann", "bob", "cy", "dee"], SAME + OTHER[:1])
    )
    result = run("map", str(source), "-o", str(tmp_path), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "points:    1" in result.stdout
    nodes = json.loads((tmp_path / "myforum-1.json").read_text())["nodes"]
    assert [n["id"] for n in nodes if n["kind"] == "point"] == ["myforum:#point/0"]
    result = run(
        "map", str(source), "-o", str(tmp_path), "-f", "json", "--points", "none"
    )
    nodes = json.loads((tmp_path / "myforum-1.json").read_text())["nodes"]
    assert result.exit_code == 0 and not [n for n in nodes if n["kind"] == "point"]


def test_an_unknown_points_method_is_one_line(tmp_path):
    result = run("map", "-o", str(tmp_path), "--points", "magic")
    assert result.exit_code != 0 and "--points must be one of" in result.stderr
    assert "Traceback" not in result.output


def test_help_says_the_encoder_needs_the_heavier_model():
    text = help_text("map")
    assert "--points" in text and "argmap train encoder" in text


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is not None, reason="torch is installed here"
)
def test_building_the_encoder_without_torch_says_how_to_install_it():
    result = run("train", "encoder")
    assert result.exit_code == 2 and "pip install 'argmap[train]'" in result.stderr
