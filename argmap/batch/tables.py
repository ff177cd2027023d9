"""Corpus tables in Parquet: threads, posts, claims and relations.

Every value comes from the flattened graph the exporters write
(``argmap.export._flatten``), under the attribute names of docs/schema.md, so
a table row and a node or edge of the thread's GraphML or JSON say the same.
Each row also carries ``thread_id`` (and ``node_id``, ``source``, ``target``
where a graph names them). The tables are Hive-partitioned by ``site``
(``posts/site=reddit/part-....parquet``) and written one part file per flush
(``argmap.batch.run``), atomically; see "Corpus tables" in docs/schema.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.atomic import atomic_write
from argmap.export._flatten import flattened

TABLES = ("threads", "posts", "claims", "relations", "points")

# (column, Arrow type name) in the order written; "site" is the partition.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "threads": [
        ("thread_id", "string"),
        ("url", "string"),
        ("title", "string"),
        ("link", "string"),
        ("fetched_at", "string"),
        ("complete", "bool"),
        ("skipped", "int64"),
        ("classifier", "string"),
        ("acceptability_threshold", "double"),
        ("argmap_version", "string"),
        ("posts", "int64"),
        ("claims", "int64"),
        ("relations", "int64"),
        ("input", "string"),
    ],
    "posts": [
        ("thread_id", "string"),
        ("node_id", "string"),
        ("post_id", "string"),
        ("parent", "string"),
        ("author", "string"),
        ("created", "string"),
        ("depth", "int64"),
        ("url", "string"),
        ("status", "string"),
        ("text", "string"),
    ],
    "claims": [
        ("thread_id", "string"),
        ("node_id", "string"),
        ("post_id", "string"),
        ("index", "int64"),
        ("text", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("claim_type", "string"),
        ("acceptability", "string"),
        ("strength", "double"),
    ],
    "relations": [
        ("thread_id", "string"),
        ("source", "string"),
        ("target", "string"),
        ("relation", "string"),
        ("stance", "string"),
        ("confidence", "double"),
        ("low_confidence", "bool"),
        ("evidence", "string"),
    ],
    "points": [
        ("thread_id", "string"),
        ("node_id", "string"),
        ("text", "string"),
        ("representative", "string"),
        ("prevalence", "int64"),
        ("size", "int64"),
        ("supports_share", "double"),
        ("rebuts_share", "double"),
        ("method", "string"),
        ("members", "list<string>"),
    ],
}

Rows = dict[str, list[dict[str, Any]]]


def rows_of(graph: nx.MultiDiGraph, source: str) -> Rows:
    """The rows ``graph`` adds to each table (``source``: the batch input)."""
    G = flattened(graph)
    site, thread_id = G.graph["site"], G.graph["thread_id"]
    base = {"site": site, "thread_id": thread_id}
    posts, claims, relations, points = [], [], [], []
    members: dict[str, list[str]] = {}
    for u, v, relation in G.edges(keys=True):
        if relation == "expresses":
            members.setdefault(v, []).append(u)
    for node, data in G.nodes(data=True):
        row = {**base, **data, "node_id": node}
        if data["kind"] == "post":
            posts.append(row)
        elif data["kind"] == "claim":
            claims.append(row)
        elif data["kind"] == "point":
            points.append(row | {"members": members.get(node, [])})
    for u, v, data in G.edges(data=True):
        # The claims table says whose claim, the points table which claims.
        if data["relation"] not in ("contains", "expresses"):
            # A claim edge's label is its relation; a reply's is its stance.
            stance = data.get("stance", data["relation"])
            relations.append(
                {**base, **data, "source": u, "target": v, "stance": stance}
            )
    thread = {
        **G.graph,
        "posts": len(posts),
        "claims": len(claims),
        "relations": len(relations),
        "input": source,
    }
    return {
        "threads": [thread],
        "posts": posts,
        "claims": claims,
        "relations": relations,
        "points": points,
    }


def merge(into: Rows, more: Rows) -> None:
    for table in TABLES:
        into.setdefault(table, []).extend(more.get(table, []))


def write_part(tables_dir: Path, part: str, rows: Rows) -> list[Path]:
    """Write ``rows`` as ``<table>/site=<site>/<part>.parquet``; return the files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = []
    for table in TABLES:
        by_site: dict[str, list[dict[str, Any]]] = {}
        for row in rows.get(table, []):
            by_site.setdefault(str(row["site"]), []).append(row)
        schema = arrow_schema(table)
        for site, site_rows in sorted(by_site.items()):
            columns = {
                name: [row.get(name) for row in site_rows] for name in schema.names
            }
            data = pa.table(columns, schema=schema)
            path = tables_dir / table / f"site={site}" / f"{part}.parquet"
            atomic_write(path, lambda h, data=data: pq.write_table(data, h))
            written.append(path)
    return written


def arrow_schema(table: str):
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "bool": pa.bool_()}
    types["double"] = pa.float64()
    types["list<string>"] = pa.list_(pa.string())
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS[table]])


def part_files(tables_dir: Path) -> Iterable[Path]:
    return sorted(tables_dir.glob("*/site=*/*.parquet"))
