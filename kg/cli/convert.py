"""``kg convert``: turn one graph into another form: an older graph file into a database, or back."""

from __future__ import annotations

from pathlib import Path

import click

from kg.build import graph_lock
from kg.cli.options import graph_option, quiet_option
from kg.errors import KgError
from kg.graph.store import load_networkx, write_graph


@click.command("convert")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@graph_option
@quiet_option
def convert_command(source: Path, graph_path: Path, quiet: bool) -> None:
    """Convert the graph SOURCE (a graph file of any version, or a database) into --graph.

    The target's name picks its form: a .json.gz name gets a graph file, any other a database.

    Example: kg convert kg-graph.json.gz --graph kg-graph.db
    """
    if source.resolve() == graph_path.resolve():
        raise click.UsageError("SOURCE and --graph are the same file; name another --graph")
    try:
        graph = load_networkx(source)
        with graph_lock(graph_path):
            write_graph(graph, graph_path)
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(f"converted {source} -> {graph_path}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships", err=True)


commands = [convert_command]
