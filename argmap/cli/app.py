"""The ``argmap`` typer app and its root options; each command module adds
itself to ``app`` (``argmap.cli`` imports them all)."""

from __future__ import annotations

from typing import Annotated

import typer

from argmap.version import __version__

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
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """argmap maps who rebuts, supports or questions whom in a thread."""
