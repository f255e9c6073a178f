"""``kg query``: run Cypher (a string or a ``cypher/`` file) on the graph, read-only unless ``--write``."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli.options import graph_option, json_option
from kg.errors import KgError
from kg.graph.ask import DEFAULT_LIMIT
from kg.graph.cypher_engine import QueryResult, parameter_names, write_clauses
from kg.graph.library import library_dir, load_query
from kg.graph.store import ENGINES, open_store


def _parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs: an integer VALUE (``10``) becomes a number (for LIMIT), a
    double-quoted one (``"10"``) the string inside the quotes, anything else the text as given."""
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        if re.fullmatch(r"-?\d+", value):
            params[name] = int(value)
        elif len(value) >= 2 and value[0] == value[-1] == '"':
            params[name] = value[1:-1]
        else:
            params[name] = value
    return params


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())


@click.command("query")
@click.argument("cypher", required=False)
@click.option("--file", "query_file", help="A .cypher file, or the name of a library query (e.g. papers_using_benchmark).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help='A $parameter value (repeatable); integers become numbers, "quoted" values stay text.')
@graph_option
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="ladybug: the database, natively (default for a database); networkx: grand-cypher in memory (small graphs; default for a .json.gz graph file).")
@click.option("--write", "allow_write", is_flag=True, help="Allow CREATE, MERGE, SET, DELETE ... (changes the database in place).")
def query_command(cypher, query_file, params, graph_path, as_json, as_csv, engine, allow_write) -> None:
    """Run a Cypher query on the graph; values go in as --param, never into the text.

    Read-only unless --write is given. A missing $limit is 10.

    Example: kg query --file papers_using_benchmark --param name=MMLU
    """
    if bool(cypher) == bool(query_file):
        raise click.UsageError("give either a CYPHER string or --file (not both)")
    values = _parse_params(params)
    library_name = None
    try:
        if query_file:
            path = Path(query_file)
            if path.is_file():
                text = path.read_text(encoding="utf-8")
            elif not path.suffix and "/" not in query_file:
                text = load_query(query_file).text
                library_name = query_file
            else:
                raise KgError(f"{query_file}: no such query file (library queries are in {library_dir()})")
        else:
            text = cypher
        if "limit" in parameter_names(text) and "limit" not in values:
            values["limit"] = DEFAULT_LIMIT  # the library's top-N queries: `kg query --file top_benchmarks`
        writes = write_clauses(text)
        if writes and not allow_write:
            raise KgError(f"kg query is read-only: this query would change the graph ({', '.join(dict.fromkeys(writes))}); add --write to allow it")
        result = _run(graph_path, text, values, engine, allow_write and bool(writes), library_name)
    except (KgError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.records(), ensure_ascii=False, indent=2, default=str))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_text(v) for v in row] for row in result.rows])
    else:
        _table(result.columns, result.rows)


def _run(graph_path: Path, text: str, values: dict[str, Any], engine: str | None, write: bool, library_name: str | None = None) -> QueryResult:
    """Run ``text`` on the graph; a write opens the database for writing under the build lock.

    A library question (``library_name``) is asked as one, so it answers as ``kg ask`` does
    (empty, say, on a database older than the tables it reads).
    """
    if write:
        from kg.build import graph_lock
        from kg.graph.ladybug_store import LadybugStore
        from kg.graph.store import is_graph_file

        if engine == "networkx" or is_graph_file(graph_path):
            raise KgError("only the database can be written to (--engine ladybug, a graph that is not a .json.gz file)")
        with graph_lock(graph_path), LadybugStore.open(graph_path, writable=True) as store:
            return store.query(text, values)
    store = open_store(graph_path, engine=engine)
    try:
        return store.question(library_name, values) if library_name else store.query(text, values)
    finally:
        store.close()


def _table(columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], width: int = 60) -> None:
    click.echo(table_text(columns, rows, width))  # one write: echoing 150,000 rows one by one took a second
    click.echo(f"({len(rows)} rows)", err=True)


def table_text(columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], width: int = 60) -> str:
    """The rows as a text table: a header, a rule, each cell as :func:`_text` shows it cut to ``width``, padded.

    Built column by column (a 1M-paper graph answers a question with 200,000 rows): each
    column's cells are made and padded in one pass, then the lines are joined.
    """
    if "title" in columns:
        rows = tuple(_titled(columns, row) for row in rows)
    cells = [[_text(v)[:width] for v in column] for column in zip(*rows)] if rows else [[] for _ in columns]
    widths = [max(len(name), max(map(len, column), default=0)) for name, column in zip(columns, cells, strict=True)]
    padded = [[cell.ljust(w) for cell in column] for column, w in zip(cells, widths, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(line).rstrip() for line in zip(*padded)]
    return "\n".join(lines)


def _titled(columns: tuple[str, ...], row: tuple[Any, ...]) -> tuple[Any, ...]:
    """``row`` with an empty ``title`` shown as the row's arXiv ID or paper id (as ``kg ask`` does)."""
    if "title" not in columns or row[columns.index("title")]:
        return row
    ref = next((row[columns.index(c)] for c in ("arxiv_id", "paper_id") if c in columns and row[columns.index(c)]), None)
    if ref is None:
        return row
    out = list(row)
    out[columns.index("title")] = f"(untitled) [{ref}]"
    return tuple(out)


commands = [query_command]
