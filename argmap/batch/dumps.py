"""Dumps of items, grouped into threads by a Dask shuffle, never read whole.

Two dump shapes are read, as JSON lines, plain or zstandard-compressed:

- Hacker News items as the Firebase API (and the public BigQuery table) has
  them: ``id, type, by, time, text, parent, kids, dead, deleted, title, url``.
  An item names only its ``parent``, so the story each comment belongs to is
  found by ``argmap.batch.hn_roots`` (pointer jumping: a few shuffle joins).
- Reddit as Pushshift dumped it: comments (``id, link_id, parent_id, body,
  author, created_utc``) and submissions (``id, title, selftext, ...``); a
  comment's thread is its ``link_id``, so no joins are needed.

Every line is kept as its raw text in one column, so fields a dump adds or
leaves out cost nothing; only the thread key (and for HN the parent) is
parsed out for the shuffle. After the shuffle each partition holds whole
threads; ``argmap.batch.staging`` writes them, one line each in the shape the
site's API answers (``argmap.batch.shapes``), to a part file. An index of
those lines, written last and atomically, marks the dump as grouped, so a
rerun does not group it again.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
HN_TYPES = ("story", "comment", "job", "poll", "pollopt")
#: The ``id`` of a line that is not an item (HN), so it can be counted.
BROKEN = -2
#: Bytes of an uncompressed dump per Dask partition when it is read.
BLOCKSIZE = "64MiB"


def sniff_dump(item: Any) -> str | None:
    """ "hackernews" or "reddit" for the first item of a dump, else None."""
    if not isinstance(item, dict):
        return None
    if (
        isinstance(item.get("id"), int)
        and item.get("type") in HN_TYPES
        and "children" not in item  # an Algolia API item: a saved thread
        and "comments" not in item  # an hnpwa item: a saved thread
        and ("time" in item or "parent" in item or "kids" in item)
    ):
        return "hackernews"
    if isinstance(item.get("id"), str) and (
        ("link_id" in item and "body" in item)
        or ("subreddit" in item and ("selftext" in item or "num_comments" in item))
    ):
        return "reddit"
    return None


def open_text(path: Path) -> io.TextIOBase:
    """The dump's text, decompressed as it is read when it is zstandard."""
    raw = open(path, "rb")  # noqa: SIM115 - handed to the wrapper, closed with it
    if raw.read(4) != ZSTD_MAGIC:
        raw.seek(0)
        return io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
    import zstandard

    raw.seek(0)
    # Pushshift's files are made with a long window; the default limit refuses them.
    reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(
        raw, closefd=True
    )
    return io.TextIOWrapper(reader, encoding="utf-8", errors="replace")


def staging_dir(out_dir: Path, dump: Path) -> Path:
    """Where a dump's threads are staged: named by the dump's path, size and
    time, so an edited or replaced dump is grouped again."""
    stat = dump.stat()
    tag = f"{dump.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(tag.encode()).hexdigest()[:12]
    return out_dir / "staged" / f"{dump.name}-{digest}"


def read_lines(paths: list[Path], scratch: Path):
    """A Dask bag of the dumps' lines, in BLOCKSIZE partitions.

    A zstandard stream cannot be split, so each ``.zst`` dump is first
    decompressed, as a stream and on a worker, into plain chunk files of
    about BLOCKSIZE under ``scratch`` (one Pushshift month is tens of GB
    uncompressed: it must not become one partition).
    """
    import dask
    import dask.bag as db

    plain, compressed = [], []
    for path in paths:
        with open(path, "rb") as handle:
            (compressed if handle.read(4) == ZSTD_MAGIC else plain).append(path)
    splits = [dask.delayed(split_zst)(p, scratch / p.name) for p in compressed]
    chunks = [c for found in dask.compute(*splits) for c in found]
    texts = [str(p) for p in plain] + [str(c) for c in chunks]
    return db.read_text(texts, blocksize=BLOCKSIZE) if texts else db.from_sequence([])


def split_zst(path: Path, folder: Path, chunk_bytes: int = 64 * 2**20) -> list[Path]:
    """Decompress ``path`` into ``folder/chunk-NNNNN.jsonl`` files of whole lines."""
    folder.mkdir(parents=True, exist_ok=True)
    chunks: list[Path] = []
    out, size = None, chunk_bytes
    with open_text(path) as text:
        for line in text:
            if size >= chunk_bytes:
                if out is not None:
                    out.close()
                chunks.append(folder / f"chunk-{len(chunks):05d}.jsonl")
                out, size = open(chunks[-1], "w", encoding="utf-8"), 0  # noqa: SIM115
            out.write(line)
            size += len(line)
    if out is not None:
        out.close()
    return chunks


def hn_frame(paths: list[Path], scratch: Path) -> pd.DataFrame:
    """A Dask frame of HN items: ``id``, ``parent`` (-1 for a story) and ``raw``."""
    return (
        read_lines(paths, scratch)
        .map_partitions(_hn_rows)
        .to_dataframe(meta={"id": "int64", "parent": "int64", "raw": "string"})
    )


def _hn_rows(lines):
    rows = []
    for line in lines:
        item = _loads(line)
        item_id = item.get("id") if item else None
        if not isinstance(item_id, int) or isinstance(item_id, bool):
            if line.strip():  # a broken line is kept, to be counted and listed
                rows.append({"id": BROKEN, "parent": -1, "raw": line.strip()[:200]})
            continue
        parent = item.get("parent")
        parent = parent if isinstance(parent, int) and parent != item_id else -1
        rows.append({"id": item_id, "parent": parent, "raw": line.strip()})
    return rows


def reddit_frame(paths: list[Path], scratch: Path) -> pd.DataFrame:
    """A Dask frame of Reddit comments and submissions: ``thread`` and ``raw``."""
    return (
        read_lines(paths, scratch)
        .map_partitions(_reddit_rows)
        .to_dataframe(meta={"thread": "string", "raw": "string"})
    )


def _reddit_rows(lines):
    rows = []
    for line in lines:
        item = _loads(line)
        thread = reddit_thread_of(item) if item else None
        if thread:
            rows.append({"thread": thread, "raw": line.strip()})
        elif line.strip():  # kept, to be counted and listed
            rows.append({"thread": "", "raw": line.strip()[:200]})
    return rows


def reddit_thread_of(item: dict[str, Any]) -> str | None:
    """The submission id a Pushshift comment or submission belongs to."""
    link = item.get("link_id")
    if isinstance(link, str) and link.startswith("t3_") and "body" in item:
        return link[3:]
    if isinstance(item.get("id"), str) and "title" in item:
        return item["id"]
    return None


def _loads(line: str) -> dict[str, Any] | None:
    try:
        item = json.loads(line)
    except ValueError:
        return None
    return item if isinstance(item, dict) else None
