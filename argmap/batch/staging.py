"""Group the dumps of one site into threads and stage them as part files.

``stage`` runs on the Dask cluster: read the dumps (``argmap.batch.dumps``),
find each item's thread (for HN, ``argmap.batch.hn_roots``), shuffle on the
thread id so each partition holds whole threads, and write every thread as
one JSON line (``argmap.batch.shapes``) of a part file. The part files and
then an index (one row per thread: where its line is) are written
atomically; the index marks the dumps as grouped, so a rerun reuses them.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.atomic import atomic_write, atomic_write_text
from argmap.batch import dumps, shapes
from argmap.batch.inputs import Dump, WorkItem

logger = logging.getLogger(__name__)

INDEX_NAME = "index.jsonl"
_INDEX_META = {
    "key": "string",
    "part": "string",
    "offset": "int64",
    "length": "int64",
    "items": "int64",
}


@dataclass
class Staged:
    items: list[WorkItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: False when an earlier run's staging was reused
    grouped_now: bool = False
    rounds: int = 0


def stage(site: str, paths: list[Path], out_dir: Path) -> Staged:
    """Stage the threads of ``paths`` (dumps of ``site``) under ``out_dir``."""
    folder = _folder(out_dir, paths)
    index = folder / INDEX_NAME
    staged = Staged()
    if not index.is_file():
        staged.grouped_now = True
        staged.rounds = _group(site, paths, folder, index)
    for line in index.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("broken"):
            staged.skipped.append((row["key"], row["broken"]))
            continue
        part = str(folder / row["part"])
        staged.items.append(
            WorkItem(row["key"], "staged", part, row["offset"], row["length"])
        )
    return staged


def _folder(out_dir: Path, paths: list[Path]) -> Path:
    if len(paths) == 1:
        return dumps.staging_dir(out_dir, paths[0])
    tags = sorted(dumps.staging_dir(out_dir, p).name for p in paths)
    import hashlib

    digest = hashlib.sha256("\n".join(tags).encode()).hexdigest()[:12]
    return out_dir / "staged" / f"{paths[0].name}-and-{len(paths) - 1}-more-{digest}"


def _group(site: str, paths: list[Path], folder: Path, index: Path) -> int:
    rounds = 0
    if site == "hackernews":
        from argmap.batch.hn_roots import resolve_roots

        frame = dumps.hn_frame(paths, folder / "unpacked")
        broken = frame[frame["id"] == dumps.BROKEN]["raw"].compute().tolist()
        items = frame[frame["id"] != dumps.BROKEN]
        roots, rounds = resolve_roots(items)
        keyed = (
            items[["id", "raw"]].merge(roots, on="id").rename(columns={"up": "thread"})
        )
    else:
        frame = dumps.reddit_frame(paths, folder / "unpacked")
        broken = frame[frame["thread"] == ""]["raw"].compute().tolist()
        keyed = frame[frame["thread"] != ""]
    grouped = keyed.shuffle(on="thread")
    rows = grouped.map_partitions(
        _stage_partition, site, str(folder), meta=_INDEX_META
    ).compute()
    lines = [json.dumps(r, ensure_ascii=False) for r in rows.to_dict("records")]
    lines += [
        json.dumps({"key": f"{site}-dump-line:{n}", "broken": _broken(raw)})
        for n, raw in enumerate(broken, start=1)
    ]
    atomic_write_text(index, "".join(line + "\n" for line in lines))
    shutil.rmtree(folder / "unpacked", ignore_errors=True)  # the .zst chunks
    logger.info("grouped %s threads from %s", len(rows), [str(p) for p in paths])
    return rounds


def _broken(raw: str) -> str:
    return f"a line of the dump that is not an item: {raw[:80]!r}"


def _stage_partition(frame: Any, site: str, folder: str, partition_info=None):
    """Write one partition's threads to ``part-NNNNN.jsonl``; return its index rows."""
    import pandas as pd

    number = (partition_info or {}).get("number", 0)
    part = f"part-{number:05d}.jsonl"
    chunks, rows, offset = [], [], 0
    for thread, group in frame.groupby("thread", sort=True):
        line = _thread_line(site, thread, group["raw"].tolist())
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        rows.append(
            {
                "key": f"{site}:{thread}",
                "part": part,
                "offset": offset,
                "length": len(data),
                "items": len(group),
            }
        )
        chunks.append(data)
        offset += len(data)
    if chunks:
        atomic_write(Path(folder) / part, lambda h: h.writelines(chunks))
    return pd.DataFrame(rows, columns=list(_INDEX_META)).astype(_INDEX_META)


def _thread_line(site: str, thread: Any, raws: list[str]) -> dict[str, Any]:
    line: dict[str, Any] = {"site": site, "thread_id": str(thread)}
    try:
        if site == "hackernews":
            line["data"], line["dead"] = shapes.hn_item_tree(raws, int(thread))
        else:
            line["data"], line["dead"] = shapes.reddit_listing(raws, thread), []
        json.dumps(line["data"])  # too deep to write is found here, not later
    except shapes.MissingRoot as e:
        return {**line, "error": str(e)}
    except RecursionError:
        return {**line, "data": None, "error": _too_deep()}
    return line


def _too_deep() -> str:
    return (
        "its reply chain is too deep for the API-shaped JSON the sources read "
        "(over about 500 levels)"
    )


def stage_all(found_dumps: list[Dump], out_dir: Path) -> Staged:
    """Stage every dump, one grouping per site (comments in one file can
    belong to stories in another)."""
    total = Staged()
    for site in ("hackernews", "reddit"):
        paths = [d.path for d in found_dumps if d.site == site]
        if paths:
            staged = stage(site, paths, out_dir)
            total.items += staged.items
            total.skipped += staged.skipped
            total.grouped_now |= staged.grouped_now
            total.rounds = max(total.rounds, staged.rounds)
    return total
