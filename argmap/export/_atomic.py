"""Write outputs so that a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as e:
        raise ExportError(f"cannot write to {path.parent}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as e:
        _discard(tmp_name)
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None
    except BaseException:
        _discard(tmp_name)
        raise
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write(path, lambda handle: handle.write(text.encode("utf-8")))


def _discard(tmp_name: str) -> None:
    try:
        os.unlink(tmp_name)
    except FileNotFoundError:
        pass
