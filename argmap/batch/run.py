"""The batch driver: inputs -> (dumps grouped) -> tasks on Dask -> maps and tables.

The client submits one task per thread (``argmap.batch.worker.map_item``),
at most ``window`` at a time so a million threads do not sit on the
scheduler at once, and collects the outcomes as they finish. A thread's
maps are written by its worker; its table rows come back and are written
by the client, a Parquet part per flush, followed by the manifest line that
marks those threads done (``argmap.batch.manifest``). Failures are recorded
as they come and never stop the batch.
"""

from __future__ import annotations

import logging
import secrets
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from argmap.atomic import atomic_write_text, check_folder
from argmap.batch import inputs, tables
from argmap.batch.manifest import Manifest
from argmap.batch.progress import BatchProgress
from argmap.batch.worker import Preload, Settings, map_item
from argmap.errors import ArgmapError

logger = logging.getLogger(__name__)

#: Flush the table rows of this many finished threads as one Parquet part.
FLUSH_THREADS = 500
#: ... or when this many rows (posts, claims, relations) are waiting.
FLUSH_ROWS = 200_000


class BatchInterrupted(ArgmapError):
    code = 130


@dataclass
class BatchConfig:
    out_dir: Path
    settings: Settings
    workers: int | None = None
    scheduler: str | None = None
    retry_failed: bool = False
    #: tasks in flight at once; None: 4 per worker
    window: int | None = None
    #: map at most this many threads this run (a rerun goes on)
    limit: int | None = None


@dataclass
class Summary:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    already_done: int = 0
    posts: int = 0
    claims: int = 0
    relations: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_items: list[tuple[str, str]] = field(default_factory=list)
    grouped_dumps: bool = False
    workers: int = 0
    grouping_s: float = 0.0
    #: worker process id -> times it loaded spaCy and the classifier (1)
    pipeline_loads: dict[int, int] = field(default_factory=dict)
    #: pointer-jumping rounds it took to find every HN item's story
    hn_root_rounds: int = 0
    mapping_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "threads": {
                "done": self.done,
                "failed": self.failed,
                "skipped": self.skipped,
                "already_done": self.already_done,
            },
            "posts": self.posts,
            "claims": self.claims,
            "relations": dict(sorted(self.relations.items())),
            "workers": self.workers,
            "seconds": {
                "grouping_dumps": round(self.grouping_s, 3),
                "hn_root_rounds": self.hn_root_rounds,
                "mapping": round(self.mapping_s, 3),
            },
        }


def run_batch(
    specs: list[str],
    config: BatchConfig,
    *,
    say: Callable[[str], None] | None = None,
    console: Any = None,
) -> Summary:
    """Map every thread of ``specs`` into ``config.out_dir``; return the summary."""
    out = Path(config.out_dir)
    check_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    found = inputs.collect(specs, out)
    manifest = Manifest(out)
    for orphan in manifest.drop_orphan_parts(out / "tables"):
        logger.info("removed %s: a part no manifest line names", orphan)
    summary = Summary()
    with _cluster(config) as client:
        summary.workers = len(client.scheduler_info(n_workers=-1)["workers"])
        items = list(found.items)
        if found.dumps:
            from argmap.batch.staging import stage_all

            started = time.perf_counter()
            staged = stage_all(found.dumps, out)
            summary.grouping_s = time.perf_counter() - started
            summary.hn_root_rounds = staged.rounds
            items += staged.items
            found.skipped += staged.skipped
            summary.grouped_dumps = staged.grouped_now
        for key, reason in found.skipped:
            if manifest.skip(key, reason):  # listed once, on the run that met it
                summary.skipped += 1
                summary.skipped_items.append((key, reason))
        todo = [i for i in items if not manifest.settled(i.key, config.retry_failed)]
        summary.already_done = len(items) - len(todo)
        todo = todo[: config.limit] if config.limit is not None else todo
        if todo:
            client.register_plugin(Preload(config.settings))
        started = time.perf_counter()
        with BatchProgress(len(todo), say=say, console=console) as progress:
            _map_all(client, todo, config, manifest, summary, progress)
        summary.mapping_s = time.perf_counter() - started
    atomic_write_text(out / "summary.json", _json(summary.as_dict()))
    return summary


def _map_all(client, todo, config, manifest, summary, progress) -> None:
    from distributed import as_completed

    collector = _Collector(Path(config.out_dir), manifest, summary)
    window = config.window or 4 * max(summary.workers, 1)
    pending = iter(todo)
    keys: dict[str, str] = {}  # task key -> item key, for a task that dies

    def submit(item: inputs.WorkItem) -> Any:
        task = f"argmap-map-{secrets.token_hex(8)}"
        keys[task] = item.key
        return client.submit(map_item, item, config.settings, pure=False, key=task)

    running = as_completed([submit(i) for _, i in zip(range(window), pending)])
    try:
        for future in running:
            item_outcome = _outcome(future, keys.pop(future.key))
            future.release()
            collector.add(item_outcome, progress)
            nxt = next(pending, None)
            if nxt is not None:
                running.add(submit(nxt))
    except KeyboardInterrupt:
        client.cancel(list(running.futures))
        collector.flush()
        raise BatchInterrupted(
            f"interrupted: {summary.done} threads done and recorded in "
            f"{Path(config.out_dir) / 'manifest.jsonl'}; run the same command "
            "again to go on"
        ) from None
    collector.flush()


def _outcome(future: Any, key: str) -> dict[str, Any]:
    try:
        return future.result()
    except Exception as e:  # noqa: BLE001 - a worker died (memory) under the task
        return {"key": key, "status": "failed", "reason": f"{type(e).__name__}: {e}"}


class _Collector:
    """Buffers finished threads' rows; a flush writes a part, then the manifest."""

    def __init__(self, out_dir: Path, manifest: Manifest, summary: Summary):
        self.out_dir, self.manifest, self.summary = out_dir, manifest, summary
        self.run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        self.run_id += "-" + secrets.token_hex(3)
        self.parts = 0
        self.rows: tables.Rows = {}
        self.threads: list[dict[str, Any]] = []
        self.waiting_rows = 0
        self.stems: dict[str, str] = {}  # this run's threads not yet committed

    def add(self, outcome: dict[str, Any], progress: BatchProgress) -> None:
        key, status = outcome["key"], outcome["status"]
        if status == "failed":
            self.manifest.fail(key, outcome["reason"])
            self.summary.failed += 1
            self.summary.failures.append((key, outcome["reason"]))
            progress.advance("failed", f"failed: {key}: {outcome['reason']}")
            return
        if status == "skipped":
            self.manifest.skip(key, outcome["reason"])
            self.summary.skipped += 1
            self.summary.skipped_items.append((key, outcome["reason"]))
            progress.advance("skipped")
            return
        first = self.manifest.stems.get(outcome["stem"]) or self.stems.get(
            outcome["stem"]
        )
        if first is not None and first != key:
            outcome = {**outcome, "status": "skipped"}
            outcome["reason"] = f"the same thread as {first}, mapped once"
            self.add(outcome, progress)
            return
        self.stems[outcome["stem"]] = key
        self.summary.pipeline_loads[outcome["pid"]] = outcome["pipeline_loads"]
        rows = outcome.pop("rows")
        tables.merge(self.rows, rows)
        self.waiting_rows += sum(len(v) for v in rows.values())
        record = {k: outcome[k] for k in ("key", "site", "thread_id", "stem", "maps")}
        record["posts"] = len(rows["posts"])
        record["claims"] = len(rows["claims"])
        record["relations"] = outcome["relation_counts"]
        self.threads.append(record)
        self.summary.done += 1
        self.summary.posts += record["posts"]
        self.summary.claims += record["claims"]
        self.summary.relations.update(outcome["relation_counts"])
        progress.advance("done")
        if len(self.threads) >= FLUSH_THREADS or self.waiting_rows >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.threads:
            return
        self.parts += 1
        part = f"part-{self.run_id}-{self.parts:05d}"
        tables.write_part(self.out_dir / "tables", part, self.rows)
        self.manifest.commit(part, self.threads)
        self.rows, self.threads, self.waiting_rows = {}, [], 0
        self.stems.clear()


@contextmanager
def _cluster(config: BatchConfig) -> Iterator[Any]:
    """A client of the given scheduler, or of a new local cluster of processes."""
    from distributed import Client, LocalCluster

    if config.scheduler:
        try:
            client = Client(config.scheduler, timeout="20s")
        except (OSError, TimeoutError) as e:
            raise ArgmapError(
                f"cannot reach the Dask scheduler at {config.scheduler}: {e}"
            ) from None
        with client:
            yield client
        return
    # Workers ignore Ctrl-C (they inherit SIG_IGN): the driver stops them in
    # order, instead of each printing its own KeyboardInterrupt.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        cluster = LocalCluster(
            n_workers=config.workers or _cores(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    with cluster, Client(cluster) as client:
        yield client


def _cores() -> int:
    import os

    return (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else (os.cpu_count() or 1)
    )


def _json(data: Any) -> str:
    import json

    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
