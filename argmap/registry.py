"""Named, versioned plug-in points (catalogue registries, as spaCy uses).

Third-party packages can add to them through entry points, e.g. the group
``argmap_relation_classifiers``.
"""

from __future__ import annotations

from typing import Any

import catalogue

from argmap.errors import InputError

relation_classifiers = catalogue.create("argmap", "relation_classifiers", entry_points=True)
exporters = catalogue.create("argmap", "exporters", entry_points=True)


def get(registry: catalogue.Registry, name: str, what: str) -> Any:
    """Look ``name`` up, with an error that lists the choices."""
    try:
        return registry.get(name)
    except catalogue.RegistryError:
        available = ", ".join(sorted(registry.get_all())) or "none"
        raise InputError(f"Unknown {what} {name!r}. Available: {available}") from None
