"""Write an output that is a folder of files so that no reader sees half of it.

The files go into a new hidden folder beside the target, which then takes
the target's name. A folder cannot be renamed over a non-empty one, so an
earlier output is first moved aside and deleted once the new one is in
place: between the two renames the folder is briefly absent, but it is never
incomplete. A folder that holds anything argmap would not have written there
is never replaced: it may be someone's data that merely has the same name.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

from argmap.atomic import check_folder
from argmap.errors import ExportError


def atomic_write_folder(path: Path, files: Mapping[str, bytes]) -> Path:
    """Make ``path`` a folder holding exactly ``files`` (name -> content)."""
    path = Path(path)
    check_folder(path.parent)
    _check_replaceable(path, set(files))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _new_hidden_folder(path, "tmp")
    except OSError as e:
        raise ExportError(f"cannot write to {path.parent}: {e.strerror or e}") from None
    try:
        for name, content in files.items():
            _write_file(tmp / name, content)
        _swap_in(tmp, path)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def _check_replaceable(path: Path, names: set[str]) -> None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise ExportError(f"cannot write {path}: it exists and is not a folder")
    if not path.exists():
        return
    try:
        others = sorted(
            p.name for p in path.iterdir() if p.name not in names or not p.is_file()
        )
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None
    if others:
        raise ExportError(
            f"cannot write {path}: it holds {others[0]!r}, which argmap did not write; "
            "move the folder or pick another output folder"
        )


def _new_hidden_folder(path: Path, tag: str) -> Path:
    for _ in range(100):
        candidate = path.parent / f".{path.name}.{secrets.token_hex(4)}.{tag}"
        try:
            candidate.mkdir()  # mode 0o777 less the umask, as for any folder made
            return candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary folder name in {path.parent}")


def _write_file(path: Path, content: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(tmp: Path, path: Path) -> None:
    if not path.exists():
        os.replace(tmp, path)
        return
    old = tmp.with_name(tmp.name[: -len(".tmp")] + ".old")
    os.replace(path, old)
    try:
        os.replace(tmp, path)
    except OSError:
        os.replace(old, path)  # put the earlier output back
        raise
    shutil.rmtree(old, ignore_errors=True)
