"""Reading a saved file's bytes safely: regular files only, up to a size cap.

Every reader of saved threads (``files``, the Hacker News page chain) reads
through here, so a FIFO, a device or a huge file is refused the same way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from argmap.errors import InputError

# Larger files are refused rather than read into memory: no real thread is this big.
MAX_FILE_BYTES = 256 * 1024 * 1024
_CHUNK_BYTES = 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file ``path``, refusing anything over MAX_FILE_BYTES.

    A FIFO, a device (``/dev/zero``), a socket or a directory is refused with
    one line: a FIFO would block until something writes to it, and a device
    has no size to check, so it would be read until memory ran out. The cap is
    also applied while reading, for files whose size says nothing (``/proc``)
    or that grow while they are read.
    """
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise InputError(_too_big(path, f"is {size // 2**20} MB"))
            data = _read_capped(handle, size)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    if data is None:
        raise InputError(
            _too_big(path, f"holds more than {MAX_FILE_BYTES // 2**20} MB")
        )
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of the regular file ``path`` (refused as in read_bytes)."""
    try:
        with open_regular(path) as handle:
            return handle.read(size)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file, else InputError.

    Checked before opening, to name what it is, and again on the open file, so
    that what is read is what was checked. O_NONBLOCK: opening a FIFO (swapped
    in between the two) returns at once instead of waiting for a writer.
    """
    _refuse_unless_regular(path, os.stat(path).st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _refuse_unless_regular(path, os.fstat(fd).st_mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a directory, not a saved thread")
    what = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise InputError(
        f"{path} is {what}, not a saved thread; argmap reads regular files only"
    )


def _read_capped(handle: BinaryIO, size: int) -> bytes | None:
    """The handle's bytes, or None past MAX_FILE_BYTES.

    One read of the size the file announced (plus one byte, to see whether
    more follows) does for an ordinary file, without copying; a file that
    says nothing of its size or grows is read on in chunks, up to the cap.
    """
    chunks, total, want = [], 0, min(size, MAX_FILE_BYTES) + 1
    while chunk := handle.read(want):
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            return None
        want = _CHUNK_BYTES
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_big(path: Path, how_big: str) -> str:
    return f"{path} {how_big}; argmap reads files up to {MAX_FILE_BYTES // 2**20} MB"
