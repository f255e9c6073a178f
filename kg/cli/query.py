"""``kg query``: run Cypher (a string or a ``cypher/`` file) on the graph file."""

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
from kg.graph.cypher_engine import run_cypher
from kg.graph.library import library_dir, load_query
from kg.graph.nx_store import load_graph


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
def query_command(cypher, query_file, params, graph_path, as_json, as_csv) -> None:
    """Run a Cypher query on the graph file; values go in as --param, never into the text.

    Example: kg query --file cypher/papers_using_benchmark.cypher --param name=MMLU
    """
    if bool(cypher) == bool(query_file):
        raise click.UsageError("give either a CYPHER string or --file (not both)")
    values = _parse_params(params)
    try:
        if query_file:
            path = Path(query_file)
            if path.is_file():
                text = path.read_text(encoding="utf-8")
            elif not path.suffix and "/" not in query_file:
                text = load_query(query_file).text
            else:
                raise KgError(f"{query_file}: no such query file (library queries are in {library_dir()})")
        else:
            text = cypher
        result = run_cypher(load_graph(graph_path), text, values)
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


def _table(columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], width: int = 60) -> None:
    cells = [[_text(v)[:width] for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    click.echo(f"({len(rows)} rows)", err=True)


commands = [query_command]
