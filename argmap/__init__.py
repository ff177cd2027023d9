"""argmap: turn a discussion thread into an argument map.

    >>> import argmap
    >>> amap = argmap.map_thread("https://news.ycombinator.com/item?id=39232976")
    >>> amap.write("outputs")

See README.md for the command line and docs/schema.md for the output schema.
"""

from __future__ import annotations

from typing import Any

from argmap.version import PROJECT_URL, __version__

__all__ = ["PROJECT_URL", "ArgumentMap", "__version__", "map_thread"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import argmap.sources` does not pay for spaCy and pyvis.
    if name in ("ArgumentMap", "map_thread"):
        from argmap import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'argmap' has no attribute {name!r}")
