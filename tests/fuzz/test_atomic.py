"""No lost output: an existing map is replaced only by a complete new one.

``argmap.atomic`` writes a temp file beside the target and renames it
into place. Here a write fails half way (an exception, a full disk, Ctrl-C,
a failed rename): the old file must stay byte for byte, and no temp file
may be left. And a process writing a big map is killed with SIGKILL at
random moments: the target must be the old file or a complete new one.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from argmap import atomic as _atomic
from argmap.atomic import atomic_write, atomic_write_text
from argmap.errors import ExportError
from argmap.export.graphml import write_graphml
from argmap.export.json import read_json, write_json
from tests.fuzz._fuzz import long_run

REPO = Path(__file__).resolve().parents[2]
OLD = b"<old complete file/>\n"


def small_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(title="t")
    G.add_node("hn:1", kind="post", text="root " * 1000)
    G.add_node("hn:2", kind="post", text="reply " * 1000)
    G.add_edge("hn:2", "hn:1", key="replies_to", relation="replies_to")
    return G


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def target(tmp_path) -> Path:
    path = tmp_path / "map.graphml"
    path.write_bytes(OLD)
    return path


def test_an_exception_half_way_keeps_the_old_file(target):
    def half_then_fail(handle):
        handle.write(b"<graphml>" + b"x" * 100_000)
        raise RuntimeError("the writer broke")

    with pytest.raises(RuntimeError, match="the writer broke"):
        atomic_write(target, half_then_fail)
    assert target.read_bytes() == OLD
    assert debris(target.parent) == []


def test_the_real_graphml_writer_failing_half_way_keeps_the_old_file(target, monkeypatch):
    def half_then_full_disk(G, handle, **kwargs):
        handle.write(b'<?xml version="1.0"?><graphml><graph>')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(nx, "write_graphml_lxml", half_then_full_disk)
    with pytest.raises(ExportError, match=f"cannot write {target}: No space left"):
        write_graphml(small_graph(), target)
    assert target.read_bytes() == OLD
    assert debris(target.parent) == []


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failing_flush_or_rename_keeps_the_old_file(tmp_path, monkeypatch, step):
    target = tmp_path / "map.json"
    target.write_bytes(OLD)

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, f"{step} failed")

    monkeypatch.setattr(_atomic.os, step, fail)
    with pytest.raises(ExportError, match=f"{step} failed"):
        write_json(small_graph(), target)
    assert target.read_bytes() == OLD
    assert debris(tmp_path) == []


def test_ctrl_c_half_way_keeps_the_old_file(target):
    def interrupted(handle):
        handle.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, interrupted)
    assert target.read_bytes() == OLD
    assert debris(target.parent) == []


def test_an_unwritable_folder_is_an_export_error_and_writes_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="cannot write to"):
        atomic_write_text(blocker / "sub" / "map.json", "{}")
    assert debris(tmp_path) == []


def test_a_complete_write_replaces_the_old_file(target):
    write_graphml(small_graph(), target)
    assert nx.read_graphml(target).number_of_nodes() == 2
    assert debris(target.parent) == []


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path, umask, mode):
    # Was: 0644 whatever the umask (an explicit chmod), so a private map was
    # readable by every user of the machine. New files and replaced ones alike.
    old = os.umask(umask)
    try:
        fresh = write_json(small_graph(), tmp_path / "new.json")
        replaced = tmp_path / "old.json"
        replaced.write_bytes(OLD)
        os.chmod(replaced, 0o644)
        write_graphml(small_graph(), replaced)
    finally:
        os.umask(old)
    assert [oct(p.stat().st_mode & 0o777) for p in (fresh, replaced)] == [oct(mode)] * 2
    assert debris(tmp_path) == []


# -- SIGKILL while a big map is written ---------------------------------------------------

WRITER = """
import sys, networkx as nx
from argmap.export.graphml import write_graphml
from argmap.export.json import write_json
n, fmt, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
G = nx.MultiDiGraph(title="big")
for i in range(n):
    G.add_node(f"hn:{i}", kind="post", text=f"comment {i} " * 20, depth=i % 7)
    if i:
        G.add_edge(f"hn:{i}", f"hn:{i // 2}", key="replies_to", relation="replies_to")
print("writing", flush=True)
(write_graphml if fmt == "graphml" else write_json)(G, path)
print("done", flush=True)
"""


def complete(path: Path, fmt: str, n: int) -> bool:
    if fmt == "graphml":
        root = etree.parse(str(path)).getroot()
        nodes = root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")
        return len(nodes) == n
    return read_json(path).number_of_nodes() == n


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_sigkill_mid_write_leaves_the_old_file_or_a_complete_new_one(tmp_path, fmt):
    # GraphML streams for a second or so; JSON is built in memory and written
    # in one go, so its kills mostly land before or after the short write.
    n = 30_000 if fmt == "graphml" else 10_000
    target = tmp_path / f"map.{fmt}"
    delays = [0.0, 0.05, 0.2, 0.5, 1.0, 2.0] if long_run() else [0.0, 0.2]
    outcomes = []
    for delay in delays:
        target.write_bytes(OLD)
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n), fmt, str(target)],
            cwd=REPO, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert proc.stdout.readline().strip() == "writing"
            # Wait until the temp file exists (the write has begun), then a bit.
            # (A writer that never starts is killed anyway; the checks below
            # then see the old file, which is what they require.)
            deadline = time.monotonic() + 60
            while not debris(tmp_path) and proc.poll() is None:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait(timeout=60)
        data = target.read_bytes()
        if data == OLD:
            outcomes.append("old")
        else:
            assert complete(target, fmt, n), "a half-written map replaced the old one"
            outcomes.append("new")
        # The killed process could not remove its temp file: a hidden
        # .map.<fmt>.*.tmp stays (documented in docs/reliability.md).
        for name in debris(tmp_path):
            (tmp_path / name).unlink()
    if fmt == "graphml":
        assert "old" in outcomes, f"no kill landed mid-write: {outcomes}"


def test_the_cli_under_umask_077_writes_private_maps(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "map", "-o", str(out), "-q"],
        preexec_fn=lambda: os.umask(0o077), capture_output=True, timeout=300, check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in out.iterdir()}
    assert len(modes) == 3 and set(modes.values()) == {"0o600"}, modes
    assert oct(out.stat().st_mode & 0o777) == "0o700"  # the folder it made, too
