"""Every format is picked by name through the exporter registry (issue 11):
``--format`` takes each built-in one and any plug-in, each output lands at
its documented name, and folders are written as atomically as files."""

from __future__ import annotations

import catalogue
import pytest
from typer.testing import CliRunner

from argmap import registry
from argmap.cli import app
from argmap.errors import ExportError, InputError
from argmap.export import (
    DEFAULT_FORMATS,
    FORMATS,
    SUFFIXES,
    available_formats,
    get_writer,
)
from argmap.export._folder import atomic_write_folder
from argmap.pipeline import ArgumentMap
from tests.test_graph import make_graph

runner = CliRunner()


@pytest.fixture(scope="module")
def amap():
    thread, claims, G = make_graph()
    return ArgumentMap(thread, claims, [], G)


def test_every_built_in_format_is_registered_with_a_suffix():
    assert set(FORMATS) == set(SUFFIXES)
    assert set(FORMATS) <= set(available_formats())
    for fmt in FORMATS:
        assert callable(get_writer(fmt))
    assert set(FORMATS) <= set(registry.exporters.get_all())


def test_each_format_writes_at_its_name_and_leaves_no_temporary_files(amap, tmp_path):
    for _ in range(2):  # the second run replaces the first outputs
        paths = amap.write(tmp_path, FORMATS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"hackernews-1{SUFFIXES[fmt]}" for fmt in FORMATS
    )
    for fmt, path in paths.items():
        folder = not SUFFIXES[fmt].startswith(".")
        assert path.is_dir() == folder, fmt
        if folder:
            assert not [p for p in path.iterdir() if p.name.startswith(".")]


def test_the_default_formats_are_unchanged(amap, tmp_path):
    assert DEFAULT_FORMATS == ("html", "graphml", "json")
    assert sorted(amap.write(tmp_path)) == sorted(DEFAULT_FORMATS)


def test_an_unknown_format_lists_every_known_one():
    with pytest.raises(InputError) as e:
        get_writer("gml")
    assert str(e.value).endswith(", ".join(available_formats()))
    assert "csv" in str(e.value) and "convokit" in str(e.value)


def test_a_plug_in_exporter_is_a_format_on_the_command_line(tmp_path, monkeypatch):
    def write_lines(G, path):
        path.write_text("\n".join(sorted(map(str, G.nodes))), encoding="utf-8")
        return path

    monkeypatch.setitem(
        catalogue.REGISTRY, ("argmap", "exporters", "lines"), write_lines
    )
    assert "lines" in available_formats()
    result = runner.invoke(app, ["map", "-o", str(tmp_path), "-f", "lines,json"])
    assert result.exit_code == 0, result.output
    assert (
        (tmp_path / "hackernews-41046773.lines").read_text().startswith("hackernews:")
    )
    assert (tmp_path / "hackernews-41046773.json").is_file()


def test_unknown_format_fails_in_one_line_before_mapping(tmp_path):
    result = runner.invoke(app, ["map", "-o", str(tmp_path), "-f", "csv,gml"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown format gml. Available: aif, argdown, convokit, csv" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_folder_output_replaces_only_its_own_files(tmp_path):
    target = tmp_path / "out"
    atomic_write_folder(target, {"a.txt": b"1", "b.txt": b"2"})
    atomic_write_folder(target, {"a.txt": b"3", "b.txt": b"4"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (target / "a.txt").read_bytes() == b"3"
    (target / "notes.txt").write_text("mine")
    with pytest.raises(
        ExportError, match="holds 'notes.txt', which argmap did not write"
    ):
        atomic_write_folder(target, {"a.txt": b"5", "b.txt": b"6"})
    assert (target / "a.txt").read_bytes() == b"3"  # untouched
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="exists and is not a folder"):
        atomic_write_folder(blocker, {"a.txt": b"1"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "out"]


def test_a_failed_folder_write_leaves_the_old_output(tmp_path, monkeypatch):
    target = tmp_path / "out"
    atomic_write_folder(target, {"a.txt": b"old"})

    def broken(path, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("argmap.export._folder._write_file", broken)
    with pytest.raises(ExportError, match="No space left on device"):
        atomic_write_folder(target, {"a.txt": b"new"})
    assert (target / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("read, module, extra", [
    ("argmap.export.aif:load_arguebuf", "arguebuf", "aif"),
    ("argmap.export.csv:read_csv", "pandas", "pandas"),
    ("argmap.export.convokit:load_corpus", "convokit", "convokit"),
])  # fmt: skip
def test_a_reader_without_its_library_says_which_extra_in_one_line(
    read, module, extra, monkeypatch, tmp_path
):
    import importlib
    import sys

    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    name, function = read.split(":")
    with pytest.raises(InputError) as e:
        getattr(importlib.import_module(name), function)(tmp_path)
    assert str(e.value).endswith(
        f"needs {module}, in argmap[{extra}]: pip install 'argmap[{extra}]'"
    )
    assert "\n" not in str(e.value)
