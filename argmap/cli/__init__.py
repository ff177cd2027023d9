"""The ``argmap`` command: a thin shell over the library (typer, as spaCy's CLI)."""

from __future__ import annotations

from typing import Annotated

import typer

from argmap import __version__

app = typer.Typer(
    name="argmap",
    help="Turn a discussion thread into an argument map (HTML, GraphML, JSON).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """argmap maps who rebuts, supports or questions whom in a thread."""


# Commands register themselves on ``app`` when their module is imported.
from argmap.cli import batch as _batch  # noqa: F401
from argmap.cli import evaluate as _evaluate  # noqa: F401
from argmap.cli import map as _map  # noqa: F401


def main() -> None:
    app()
