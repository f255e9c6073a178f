"""Exports of the graph: ``neo4j-admin`` bulk-import CSVs (+ the exact command), GraphML, JSONL, CSV.

``neo4j-admin database import full`` loads millions of nodes far faster than
Bolt: one CSV per label and per (type, start label, end label), typed headers,
id spaces per label so keys only need to be unique within a label.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.graph.neo4j_store import node_rows, relationship_rows
from kg.graph.nx_store import graph_to_node_link
from kg.graph.schema import LABELS_ATTR

#: Separates list elements inside one CSV cell (passed to neo4j-admin as --array-delimiter).
ARRAY_DELIMITER = "\x1f"
FORMATS = ("neo4j-admin", "graphml", "jsonl", "csv")
IMPORT_COMMAND_FILE = "neo4j-admin-import.sh"


def _neo4j_type(values: list[Any]) -> str | None:
    """The neo4j-admin header type for a property's values (None if it has none)."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return None
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    if kinds <= {list}:
        return "string[]"
    return "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def export_neo4j_admin(graph: nx.MultiDiGraph, outdir: Path, database: str = "neo4j") -> list[Path]:
    """Write ``nodes_<Label>.csv``, ``rels_<TYPE>_<Start>_<End>.csv`` and the import command file."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    node_args, rel_args = [], []
    for label, rows in node_rows(graph).items():
        names = sorted({k for r in rows for k in r["props"]} - {"key"})
        types = {n: _neo4j_type([r["props"].get(n) for r in rows]) for n in names}
        names = [n for n in names if types[n]]
        header = [f"key:ID({label})"] + [f"{n}:{types[n]}" for n in names]
        path = outdir / f"nodes_{label}.csv"
        _write_csv(path, header, [[r["key"]] + [_cell(r["props"].get(n)) for n in names] for r in rows])
        written.append(path)
        node_args.append(f"--nodes={label}={path.name}")
    for (rel, start, end), rows in relationship_rows(graph).items():
        names = sorted({k for r in rows for k in r["props"]})
        types = {n: _neo4j_type([r["props"].get(n) for r in rows]) for n in names}
        names = [n for n in names if types[n]]
        header = [f":START_ID({start})", f":END_ID({end})"] + [f"{n}:{types[n]}" for n in names]
        path = outdir / f"rels_{rel}_{start}_{end}.csv"
        _write_csv(path, header, [[r["source"], r["target"]] + [_cell(r["props"].get(n)) for n in names] for r in rows])
        written.append(path)
        rel_args.append(f"--relationships={rel}={path.name}")
    command = [
        "neo4j-admin", "database", "import", "full",
        "--overwrite-destination=true", "--multiline-fields=true", "--array-delimiter=U+001F",
        *node_args, *rel_args, database,
    ]
    script = outdir / IMPORT_COMMAND_FILE
    script.write_text(
        "#!/bin/sh\n"
        "# Bulk-load these CSVs into an EMPTY, STOPPED Neo4j 5 database, then start it and create the\n"
        "# constraints:  cypher-shell -u neo4j -p \"$NEO4J_PASSWORD\" -f cypher/schema.cypher\n"
        "# Run from this folder (the file names are relative), e.g. inside the container after copying it to /import.\n"
        f"{shlex.join(command)}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    written.append(script)
    return written


#: Characters XML 1.0 cannot hold at all (not even as references); GraphML gets U+FFFD instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(value: Any) -> Any:
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy GraphML can hold: labels as a string, lists as JSON, no nulls, no XML-illegal characters."""

    def convert(data: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key == LABELS_ATTR:
                out["labels"] = ":".join(sorted(value))
            elif isinstance(value, list | tuple):
                out[key] = _xml_text(json.dumps(list(value), ensure_ascii=False))
            elif value is not None:
                out[key] = _xml_text(value)
        return out

    scalar = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        scalar.add_node(_xml_text(node), **convert(graph.nodes[node]))
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        scalar.add_edge(_xml_text(source), _xml_text(target), key=key, **convert(data))
    return scalar


def export_graphml(graph: nx.MultiDiGraph, outdir: Path) -> list[Path]:
    """``graph.graphml``: list properties as JSON strings, labels as ``labels``; control characters
    XML 1.0 forbids (e.g. BEL) become U+FFFD and XML readers turn CRLF into LF (GraphML only)."""
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / "graph.graphml"
    nx.write_graphml(_scalar_graph(graph), path)
    return [path]


def export_jsonl(graph: nx.MultiDiGraph, outdir: Path) -> list[Path]:
    """``nodes.jsonl`` and ``relationships.jsonl``: the node-link entries, one per line."""
    outdir.mkdir(parents=True, exist_ok=True)
    data = graph_to_node_link(graph)
    paths = []
    for name, items in (("nodes.jsonl", data["nodes"]), ("relationships.jsonl", data["edges"])):
        path = outdir / name
        with path.open("w", encoding="utf-8") as f:
            for item in items:
                f.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        paths.append(path)
    return paths


def export_csv(graph: nx.MultiDiGraph, outdir: Path) -> list[Path]:
    """``nodes.csv`` (id, label, key, name, properties as JSON) and ``relationships.csv``."""
    outdir.mkdir(parents=True, exist_ok=True)
    data = graph_to_node_link(graph)
    nodes = outdir / "nodes.csv"
    _write_csv(
        nodes,
        ["id", "label", "key", "name", "properties"],
        [[n["id"], ":".join(n["labels"]), n["properties"].get("key", ""), n["properties"].get("name", ""), json.dumps(n["properties"], ensure_ascii=False, sort_keys=True)] for n in data["nodes"]],
    )
    rels = outdir / "relationships.csv"
    _write_csv(
        rels,
        ["source", "type", "target", "evidence", "extractor", "confidence", "role"],
        [[e["source"], e["type"], e["target"], e["properties"].get("evidence", ""), e["properties"].get("extractor", ""), _cell(e["properties"].get("confidence")), e["properties"].get("role", "")] for e in data["edges"]],
    )
    return [nodes, rels]


EXPORTERS: dict[str, Callable[[nx.MultiDiGraph, Path], list[Path]]] = {
    "neo4j-admin": export_neo4j_admin,
    "graphml": export_graphml,
    "jsonl": export_jsonl,
    "csv": export_csv,
}
