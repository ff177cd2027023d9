"""``argmap batch``: map many threads on Dask, into maps and Parquet tables.

The stages, one module each:

- ``inputs``: what the INPUTs are (URL lists, folders of saved threads,
  dumps), recognised by content as ``argmap map`` recognises a saved file;
- ``dumps`` and ``hn_roots``: a dump of Hacker News items or Reddit comments
  and submissions, grouped into threads by a Dask shuffle on the thread id;
  ``shapes`` turns each group into the JSON the site's API gives, which the
  ordinary sources read;
- ``worker``: the task each Dask worker runs, with spaCy and the relation
  model loaded once per worker process; ``politeness`` keeps one rate limit
  per host across every worker;
- ``tables`` (Parquet), ``manifest`` (what is done, what failed), ``progress``;
- ``run``: the driver that ties them together.

Dask, pyarrow and zstandard are the ``batch`` extra: nothing here is imported
by ``argmap map``.
"""

from __future__ import annotations

from argmap.errors import InputError

INSTALL_HINT = "argmap batch needs argmap[batch]: pip install 'argmap[batch]'"


class MissingExtraError(InputError):
    """The ``batch`` extra is not installed."""


def require_extra() -> None:
    """Raise one clear line when Dask, distributed or pyarrow are missing."""
    import importlib.util

    for module in ("dask", "distributed", "pyarrow", "pandas"):
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(f"{INSTALL_HINT} ({module} is not installed)")
