"""Optional libraries that only readers of an export need, imported on use."""

from __future__ import annotations

import importlib
from types import ModuleType

from argmap.errors import InputError


def require(module: str, what: str, extra: str) -> ModuleType:
    """Import ``module``, or fail in one line that names the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"{what} needs {module}, in argmap[{extra}]: pip install 'argmap[{extra}]'"
        ) from None
