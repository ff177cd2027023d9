"""Where threads come from: one module or sub-package per forum, found by URL
(``lookup.find``) or by file content (``files.read_thread_file``).

``load_thread`` is the one entry point the pipeline uses: a URL, a saved
file, or nothing for the bundled sample.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from argmap.errors import InputError
from argmap.model import Thread
from argmap.sources.base import SourceOptions
from argmap.sources.files import read_thread_file
from argmap.sources.lookup import (
    SOURCE_MODULES,
    check_options,
    find,
    is_url,
    source_classes,
    source_module,
)

if TYPE_CHECKING:
    from argmap.http.session import PoliteSession

__all__ = ["SAMPLE_NAME", "SOURCE_MODULES", "find", "is_url", "load_thread"]
__all__ += ["sample_path", "source_classes", "source_module"]

SAMPLE_NAME = "open-source-ai-thread.json"


def sample_path() -> Path:
    """The bundled sample thread: inside the wheel, or in a source checkout."""
    bundled = Path(__file__).resolve().parent.parent / "_bundled" / SAMPLE_NAME
    if bundled.is_file():
        return bundled
    return Path(__file__).resolve().parents[2] / "corpora" / SAMPLE_NAME


def load_thread(
    spec: str | Path | None = None,
    *,
    session: PoliteSession | None = None,
    options: SourceOptions | None = None,
) -> Thread:
    """Read a thread from a URL, a saved file, or (``None``) the bundled sample."""
    if options is not None:
        check_options(options)
    if spec is None:
        return read_thread_file(sample_path())
    if isinstance(spec, str) and is_url(spec):
        return find(spec)(spec, session=session, options=options).fetch_thread()
    path = Path(spec)
    if not path.exists():
        raise InputError(
            f"{str(spec)!r} is neither a thread URL (http:// or https://) "
            "nor an existing file"
        )
    return read_thread_file(path)
