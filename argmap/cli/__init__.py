"""The ``argmap`` command: a thin shell over the library (typer, as spaCy's CLI)."""

from __future__ import annotations

from argmap.cli.app import app

__all__ = ["app", "main"]

# Commands register themselves on ``app`` when their module is imported.
from argmap.cli import batch as _batch  # noqa: F401
from argmap.cli import evaluate as _evaluate  # noqa: F401
from argmap.cli import map as _map  # noqa: F401
from argmap.cli import report as _report  # noqa: F401


def main() -> None:
    app()
