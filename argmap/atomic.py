"""Write outputs so that a reader never sees half a file."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO

from argmap.errors import ExportError


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Call ``write`` on a temp file beside ``path``, then rename it into place.

    The rename is atomic on one file system, so an existing output is replaced
    only by a complete new one, and a failed run leaves the old file untouched.
    """
    path = Path(path)
    check_folder(path.parent)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = _create_temp(path)
    except OSError as e:
        raise ExportError(f"cannot write to {path.parent}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError as e:
        _discard(tmp_name)
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None
    except BaseException:
        _discard(tmp_name)
        raise
    return path


def check_folder(folder: Path) -> None:
    """Raise ExportError when ``folder``, or a folder it would be made in, is a
    file: mkdir says only "File exists" or "Not a directory" then."""
    folder = Path(folder)
    try:
        place = next(p for p in (folder, *folder.parents) if p.exists() or p.is_symlink())
        if place.is_dir():
            return
        what = "a file, not a folder" if place.is_file() else "not a folder"
    except (OSError, StopIteration):
        return  # unreadable, or nothing exists: mkdir names the problem, if any
    where = "it" if place == folder else str(place)
    raise ExportError(f"cannot write to {folder}: {where} is {what}")


# O_EXCL and O_NOFOLLOW as tempfile.mkstemp uses them: never an existing
# file or a planted link.
_TEMP_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def _create_temp(path: Path) -> tuple[int, str]:
    """A new hidden ``.NAME.XXXXXXXX.tmp`` beside ``path``, opened for writing.

    Made with mode 0o666 like any file a program creates, so the kernel
    applies the user's umask (and a folder's default ACL): mkstemp's 0600
    followed by a chmod to 0644 made every map world-readable even under
    ``umask 077``, and reading the umask to compute a mode would change it
    process-wide for a moment.
    """
    for _ in range(100):
        name = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, _TEMP_FLAGS, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path.parent))


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write(path, lambda handle: handle.write(text.encode("utf-8")))


def _discard(tmp_name: str) -> None:
    try:
        os.unlink(tmp_name)
    except FileNotFoundError:
        pass
