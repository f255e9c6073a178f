"""Options shared by several commands, as decorators (one definition each)."""

from __future__ import annotations

import os
from pathlib import Path

import click

#: Where the graph file lives unless ``--graph`` or ``$KG_GRAPH`` says otherwise.
DEFAULT_GRAPH_PATH = Path("kg-graph.db")


def default_graph_path() -> Path:
    """``$KG_GRAPH`` if set, else ``kg-graph.db`` in the current directory."""
    return Path(os.environ.get("KG_GRAPH") or DEFAULT_GRAPH_PATH)


graph_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=default_graph_path,
    show_default="$KG_GRAPH or ./kg-graph.db",
    help="The graph: a database file, or a portable graph file when the name ends in .json.gz.",
)

quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.")

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
