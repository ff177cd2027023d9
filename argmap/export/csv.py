"""CSV tables: a folder with ``nodes.csv``, ``edges.csv`` and ``csv-metadata.json``.

One row per node and one per edge, with the attribute names of GraphML as
columns (docs/schema.md). ``csv-metadata.json`` is W3C CSV on the Web
metadata: it gives every column its datatype, so ``read_csv`` hands pandas
the right dtypes (``Int64`` for ``depth``, which claims leave empty, and so on).

Cells are anyone's text, and a spreadsheet runs a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula (CSV
injection). As OWASP advises, such a text cell is written with a ``'`` in
front; a cell that starts with ``'`` and then one of them gets one more
``'``, so ``read_csv`` takes exactly one off and every text reads back as it
was. Numbers are not text and are never prefixed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.export._extras import require
from argmap.export._flatten import flattened
from argmap.export._folder import atomic_write_folder
from argmap.registry import exporters

NODES, EDGES, METADATA = "nodes.csv", "edges.csv", "csv-metadata.json"
NODE_COLUMNS = (
    "id", "kind", "site", "post_id", "author", "created", "parent", "depth", "url",
    "status", "text", "index", "start", "end", "claim_type",
)  # fmt: skip
EDGE_COLUMNS = (
    "source", "target", "key", "relation", "stance", "confidence", "evidence",
    "low_confidence",
)  # fmt: skip
DATATYPES = {str: "string", int: "integer", float: "double", bool: "boolean"}
PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "double": "Float64",
    "boolean": "boolean",
}
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_PREFIXED = r"^'(?='*[=+\-@\t\r])"


@exporters("csv")
def write_csv(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as a folder of CSV tables; read it back with ``read_csv``."""
    H = flattened(G)
    # The row's own columns win over an attribute of the same name.
    nodes = [{**d, "id": n} for n, d in H.nodes(data=True)]
    edges = [
        {**d, "source": u, "target": v, "key": k}
        for u, v, k, d in H.edges(keys=True, data=True)
    ]
    node_columns = _columns(NODE_COLUMNS, nodes)
    edge_columns = _columns(EDGE_COLUMNS, edges)
    metadata = {
        "@context": "http://www.w3.org/ns/csvw",
        "dc:title": H.graph.get("title", ""),
        "dc:source": H.graph.get("url", ""),
        "dc:creator": f"argmap {H.graph.get('argmap_version', '')}".strip(),
        "tables": [
            _table(NODES, node_columns, nodes, {"primaryKey": "id"}),
            _table(
                EDGES,
                edge_columns,
                edges,
                {"foreignKeys": [_foreign_key("source"), _foreign_key("target")]},
            ),
        ],
    }
    files = {
        NODES: _csv_bytes(node_columns, nodes),
        EDGES: _csv_bytes(edge_columns, edges),
        METADATA: (json.dumps(metadata, ensure_ascii=False, indent=1) + "\n").encode(
            "utf-8"
        ),
    }
    return atomic_write_folder(Path(path), files)


def read_csv(folder: str | Path) -> tuple[Any, Any]:
    """``(nodes, edges)`` as pandas DataFrames with the dtypes the metadata gives,
    and every text as it was before the CSV-injection prefix."""
    pd = require("pandas", "reading the CSV tables into pandas", "pandas")
    folder = Path(folder)
    metadata = json.loads((folder / METADATA).read_text(encoding="utf-8"))
    frames = []
    for table in metadata["tables"]:
        dtypes = {
            c["name"]: PANDAS_DTYPES[c["datatype"]]
            for c in table["tableSchema"]["columns"]
        }
        texts = [name for name, dtype in dtypes.items() if dtype == "string"]
        frame = pd.read_csv(
            folder / table["url"],
            dtype=dtypes,
            keep_default_na=False,  # a text "NA" or "null" stays text
            na_values={name: [""] for name in dtypes if name not in texts},
        )
        for name in texts:
            frame[name] = frame[name].str.replace(_PREFIXED, "", regex=True)
        frames.append(frame)
    return frames[0], frames[1]


def _columns(first: Iterable[str], rows: list[dict[str, Any]]) -> list[str]:
    present = {name for row in rows for name in row}
    known = [
        name
        for name in first
        if name in present or name in ("id", "source", "target", "key")
    ]
    return known + sorted(present - set(known))


def _datatype(name: str, rows: list[dict[str, Any]]) -> str:
    kinds = {type(row[name]) for row in rows if name in row}
    return DATATYPES[kinds.pop()] if len(kinds) == 1 else "string"


def _table(
    url: str, columns: list[str], rows: list[dict[str, Any]], keys: dict
) -> dict:
    schema = [
        {"name": name, "titles": name, "datatype": _datatype(name, rows)}
        for name in columns
    ]
    return {"url": url, "tableSchema": {"columns": schema, **keys}}


def _foreign_key(column: str) -> dict:
    return {
        "columnReference": column,
        "reference": {"resource": NODES, "columnReference": "id"},
    }


def _csv_bytes(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name, "")) for name in columns])
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text
