"""Which forum source reads a URL: the registered source modules, searched in order.

``find(url)`` returns the first source class whose pattern matches, like
gallery-dl's extractor list. A forum is one module or one sub-package of
``argmap.sources`` with a ``SOURCES`` list; adding one is a line here.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from argmap.errors import InputError, UnsupportedSourceError
from argmap.sources.base import Source, SourceOption, SourceOptions

logger = logging.getLogger(__name__)

# Order matters only where patterns could overlap; the meta-test forbids that.
# Discourse matches topic URLs on any host, so it goes last.
SOURCE_MODULES = ["hackernews", "reddit", "lobsters", "discourse"]


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


def declared_options() -> list[SourceOption]:
    """Every option a registered source declares, once each, in source order."""
    found: dict[str, SourceOption] = {}
    for source_cls in source_classes():
        for option in source_cls.declared_options:
            found.setdefault(option.name, option)
    return list(found.values())


def check_options(options: SourceOptions) -> None:
    """InputError for an option no registered source declares (a typo). Values
    are checked where they are used, and by the CLI before any work."""
    declared = {option.name: option for option in declared_options()}
    unknown = sorted(options.names() - set(declared))
    if unknown:
        raise InputError(
            f"no source has the option {unknown[0]!r}; the options are: "
            + ", ".join(sorted(declared))
        )
