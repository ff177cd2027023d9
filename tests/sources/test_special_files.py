"""Only regular files are read, and never past MAX_FILE_BYTES.

``argmap map /dev/zero`` used to skip the size check (a device says it has
size 0) and read until MemoryError; a FIFO blocked for ever waiting for a
writer. Each case runs in a daemon thread, so a regression fails the test
instead of hanging the suite.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.sources import disk
from argmap.sources.disk import read_bytes
from argmap.sources.files import read_thread_file
from tests.sources.test_hackernews import modern_page

needs_posix = pytest.mark.skipif(
    not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev"
)


def outcome(call, *args, timeout: float = 20.0):
    """What ``call(*args)`` returned or raised, run where a hang cannot block the suite."""
    result: dict = {}

    def run():
        try:
            result["value"] = call(*args)
        except BaseException as e:  # noqa: BLE001 - the test looks at it
            result["error"] = e

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"{call.__name__}{args} did not return in {timeout} s"
    return result


@needs_posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    error = outcome(read_thread_file, Path(device))["error"]
    assert isinstance(error, InputError)
    assert (
        str(error)
        == f"{device} is a device, not a saved thread; argmap reads regular files only"
    )


@needs_posix
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "thread.json"
    os.mkfifo(fifo)
    error = outcome(read_thread_file, fifo)["error"]
    assert isinstance(error, InputError)
    assert "is a named pipe (FIFO), not a saved thread" in str(error)


@needs_posix
def test_a_fifo_beside_a_saved_page_is_not_read(tmp_path):
    page = tmp_path / "page1.html"
    page.write_text(modern_page([("10", 0)], more=True), "utf-8")
    os.mkfifo(tmp_path / "page2.html")
    thread = outcome(read_thread_file, page)["value"]
    assert [p.id for p in thread.posts] == ["1", "10"]
    assert not thread.complete  # page 2 is missing, and said so


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory, not a saved thread"):
        read_bytes(tmp_path)


def test_the_cap_holds_while_reading_a_file_that_gives_no_size(monkeypatch):
    proc = Path("/proc/self/maps")  # size 0 in stat, some kilobytes when read
    if not proc.exists():
        pytest.skip("no /proc")
    assert len(read_bytes(proc)) > 100
    monkeypatch.setattr(disk, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="holds more than"):
        read_bytes(proc)


def test_the_cap_refuses_a_big_file_before_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    big.write_bytes(b"[" * 5000)
    monkeypatch.setattr(disk, "MAX_FILE_BYTES", 4096)
    read = []
    monkeypatch.setattr(disk, "_read_capped", lambda *a: read.append(a))
    with pytest.raises(InputError, match="argmap reads files up to"):
        read_bytes(big)
    assert read == []


@pytest.mark.parametrize("size", [0, 1, 4095, 4096])
def test_files_up_to_the_cap_are_read_whole(tmp_path, monkeypatch, size):
    monkeypatch.setattr(disk, "MAX_FILE_BYTES", 4096)
    monkeypatch.setattr(disk, "_CHUNK_BYTES", 7)
    path = tmp_path / "f"
    path.write_bytes(bytes(range(256)) * 16 + b"x")  # 4097 bytes
    with open(path, "r+b") as handle:
        handle.truncate(size)
    assert read_bytes(path) == (bytes(range(256)) * 16)[:size]
