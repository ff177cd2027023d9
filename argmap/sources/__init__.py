"""Where threads come from: one module per forum, found by URL or by file content.

``find(url)`` returns the first source class whose pattern matches, like
gallery-dl's extractor list. ``load_thread`` is the one entry point the
pipeline uses: a URL, a saved file, or nothing for the bundled sample.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from argmap.errors import InputError, UnsupportedSourceError
from argmap.model import Thread
from argmap.sources.base import Source, SourceOptions

if TYPE_CHECKING:
    from argmap.http.session import PoliteSession

logger = logging.getLogger(__name__)

# Order matters only where patterns could overlap; the meta-test forbids that.
# Discourse matches topic URLs on any host, so it goes last.
SOURCE_MODULES = ["hackernews", "hn_api", "hnpwa", "reddit", "lobsters", "discourse"]

SAMPLE_NAME = "open-source-ai-thread.json"


def source_module(name: str) -> ModuleType | None:
    """``argmap.sources.<name>``, or None if that module is not there (yet)."""
    qualified = f"argmap.sources.{name}"
    try:
        return importlib.import_module(qualified)
    except ModuleNotFoundError as e:
        if e.name != qualified:
            raise  # the module is there, but something it imports is not
        logger.debug("source module %s is not installed; skipping it", qualified)
        return None


def source_classes() -> list[type[Source]]:
    classes: list[type[Source]] = []
    for name in SOURCE_MODULES:
        module = source_module(name)
        if module is not None:
            classes.extend(module.SOURCES)
    return classes


def find(url: str) -> type[Source]:
    """Return the source class that handles ``url``."""
    for source_cls in source_classes():
        if source_cls.match_url(url):
            return source_cls
    supported = "\n".join(f"  - {cls.describe()}" for cls in source_classes())
    raise UnsupportedSourceError(
        f"No source handles the URL {url!r}. Supported sites:\n{supported}"
    )


def is_url(spec: str) -> bool:
    return spec.split("://", 1)[0].lower() in ("http", "https") and "://" in spec


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
    from argmap.sources.files import read_thread_file

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
