"""Options that ``argmap map`` and ``argmap batch`` both take, read one way.

Source options are declared by the sources themselves (``SourceOption``), so
a command gets one flag per declared option by ``with_source_flags`` and
never names a forum; formats are every registered exporter.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from argmap.cli._util import fail, run_guarded
from argmap.sources.base import SourceOption, SourceOptions


def declared_options() -> dict[str, SourceOption]:
    from argmap.sources.lookup import declared_options as declared

    return {option.name: option for option in declared()}


def with_source_flags(
    command: Callable[..., Any], after: str = "refresh"
) -> Callable[..., Any]:
    """``command`` with a flag for every declared source option (after the
    parameter ``after``) in place of its ``**source_options``, for typer."""
    signature = inspect.signature(command, eval_str=True)
    params = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    at = next(i + 1 for i, p in enumerate(params) if p.name == after)
    params[at:at] = [_flag(option) for option in declared_options().values()]
    command.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return command


def _flag(option: SourceOption) -> inspect.Parameter:
    """A declared source option as a typer flag, typed by its default."""
    if isinstance(option.default, bool):
        kind, flag = bool, typer.Option(option.flag, help=option.help)
    elif isinstance(option.default, int):
        kind, flag = (
            int,
            typer.Option(option.flag, min=option.minimum, help=option.help),
        )
    else:
        kind, flag = str, typer.Option(option.flag, help=option.help)
    return inspect.Parameter(
        option.name,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=option.default,
        annotation=Annotated[kind, flag],
    )


def source_options(values: dict[str, Any]) -> SourceOptions:
    """The SourceOptions of the flags' ``values``; a bad value exits 2 with one line."""
    declared = declared_options()
    for name, value in values.items():
        if problem := declared[name].check(value):
            raise fail(problem, 2)
    return SourceOptions(**values)


def parse_formats(value: str) -> list[str]:
    """The formats named in ``--format``, each once; unknown ones exit 2."""
    from argmap.export import available_formats

    # Every registered exporter, plug-ins included; read before the work, so
    # a typo fails at once and not after the threads are mapped.
    known = run_guarded(available_formats)
    wanted = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in known]
    if unknown or not wanted:
        names = ", ".join(unknown) or repr(value)
        raise fail(f"unknown format {names}. Available: {', '.join(known)}", 2)
    return list(dict.fromkeys(wanted))
