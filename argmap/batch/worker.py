"""The task every Dask worker runs: map one thread, write its maps, return its rows.

A thread is mapped by ``argmap.map_thread``, the code path of ``argmap map``:
a file and a URL are handed to it as they are; a thread from a dump is read
from its staged line by the same sources (``argmap.sources.load_thread`` on
the line's API-shaped JSON) and handed over as a Thread.

spaCy and the relation classifier are loaded once per worker process
(``loaded``, kept for the life of the process) and warmed when the worker
starts (``Preload``, a Dask worker plugin), never once per thread. So is the
PoliteSession for URLs, whose rate limit is shared by the whole cluster
(``argmap.batch.politeness``).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from argmap.batch.inputs import WorkItem
from argmap.errors import ArgmapError, UnsupportedSourceError
from argmap.sources.base import SourceOptions

_LOADED: dict[tuple[str | None, str | None], tuple[Any, Any]] = {}
_SESSIONS: dict[tuple[bool, bool, float, bool], Any] = {}
#: How many times this process loaded the pipeline (the tests read it).
LOADS = {"count": 0}


@dataclass(frozen=True)
class Settings:
    """What every task needs to know; the same for the whole batch."""

    maps_dir: str
    formats: tuple[str, ...] = ("html", "graphml", "json")
    spacy_model: str | None = None
    classifier: str | None = None
    offline: bool = False
    refresh: bool = False
    options: SourceOptions = field(default_factory=SourceOptions)
    min_interval: float = 1.0
    #: False only for tests and loopback servers, as PoliteSession's flag.
    respect_robots: bool = True


def loaded(settings: Settings) -> tuple[Any, Any]:
    """This process's spaCy pipeline and classifier, loaded on first use."""
    key = (settings.spacy_model, settings.classifier)
    if key not in _LOADED:
        from argmap.relate import get_classifier
        from argmap.segment import load_pipeline

        nlp = load_pipeline(settings.spacy_model)
        classifier = (
            get_classifier(settings.classifier)
            if settings.classifier
            else get_classifier()
        )
        _LOADED[key] = (nlp, classifier)
        LOADS["count"] += 1
    return _LOADED[key]


def _session(settings: Settings) -> Any:
    key = (
        settings.offline,
        settings.refresh,
        settings.min_interval,
        settings.respect_robots,
    )
    if key not in _SESSIONS:
        from argmap.batch.politeness import ClusterRateLimiter
        from argmap.http.session import PoliteSession

        session = PoliteSession(
            offline=settings.offline,
            refresh=settings.refresh,
            min_interval=settings.min_interval,
            respect_robots=settings.respect_robots,
        )
        if _in_worker():
            session.limiter = ClusterRateLimiter(settings.min_interval)
        _SESSIONS[key] = session
    return _SESSIONS[key]


def _in_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


class Preload(WorkerPlugin):
    """A Dask worker plugin that loads the pipeline as the worker starts."""

    idempotent = True
    name = "argmap-preload"

    def __init__(self, settings: Settings):
        self.settings = settings

    def setup(self, worker: Any) -> None:
        loaded(self.settings)

    def teardown(self, worker: Any) -> None:
        for session in _SESSIONS.values():
            session.close()
        _SESSIONS.clear()


def map_item(item: WorkItem, settings: Settings) -> dict[str, Any]:
    """Map ``item``; never raises for a bad thread (the outcome says why)."""
    from argmap.batch.tables import rows_of

    started = time.perf_counter()
    outcome: dict[str, Any] = {"key": item.key, "pid": os.getpid()}
    try:
        amap = _map(item, settings)
        paths = amap.write(settings.maps_dir, settings.formats)
        outcome["pipeline_loads"] = LOADS["count"]
    except UnsupportedSourceError as e:
        status = "skipped" if item.in_folder else "failed"
        return {**outcome, "status": status, "reason": _named(e.message, item)}
    except ArgmapError as e:
        return {**outcome, "status": "failed", "reason": _named(e.message, item)}
    except RecursionError:
        reason = "the thread is nested too deeply to read"
        return {**outcome, "status": "failed", "reason": reason}
    except Exception as e:  # noqa: BLE001 - one thread must never stop the batch
        reason = f"unexpected {type(e).__name__}: {e}"
        return {**outcome, "status": "failed", "reason": reason}
    return {
        **outcome,
        "status": "done",
        "site": amap.thread.site,
        "thread_id": amap.thread.id,
        "stem": amap.stem,
        "maps": {fmt: Path(p).name for fmt, p in paths.items()},
        "relation_counts": dict(amap.relation_counts()),
        "rows": rows_of(amap.graph, item.key),
        "seconds": time.perf_counter() - started,
    }


def _map(item: WorkItem, settings: Settings):
    import argmap

    nlp, classifier = loaded(settings)
    common = {"nlp": nlp, "classifier": classifier, "options": settings.options}
    if item.kind == "url":
        return argmap.map_thread(item.spec, session=_session(settings), **common)
    if item.kind == "file":
        return argmap.map_thread(item.spec, **common)
    return argmap.map_thread(read_staged(item), **common)


def read_staged(item: WorkItem):
    """The Thread of a staged dump line, read by the ordinary sources."""
    from argmap.errors import InputError
    from argmap.sources import load_thread

    with open(item.spec, "rb") as handle:
        handle.seek(item.offset)
        line = json.loads(handle.read(item.length))
    if line.get("error"):
        raise InputError(line["error"])
    # The sources read saved files; the line's JSON is one, written to a
    # temporary file so that exactly their code reads it.
    fd, name = tempfile.mkstemp(prefix="argmap-batch-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(line["data"], handle, ensure_ascii=False)
        thread = load_thread(Path(name))
    finally:
        os.unlink(name)
    dead = set(line.get("dead") or ())
    for post in thread.posts:
        if post.id in dead and post.status == "ok":
            post.status = "dead"
    return thread


def _named(message: str, item: WorkItem) -> str:
    """Errors about a staged line name the temporary file; name the thread."""
    if item.kind != "staged":
        return message
    return " ".join(
        item.key if word.startswith(tempfile.gettempdir()) else word
        for word in message.split(" ")
    )
