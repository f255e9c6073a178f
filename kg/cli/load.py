"""``kg load``: put the graph into Neo4j (batched MERGE, constraints first, idempotent)."""

from __future__ import annotations

import sys

import click
from tqdm import tqdm

from kg.cli.options import graph_option, quiet_option
from kg.errors import KgError
from kg.graph.neo4j_store import DEFAULT_BATCH_SIZE, Neo4jStore
from kg.graph.store import load_networkx


@click.command("load")
@click.option("--neo4j", "uri", envvar="NEO4J_URI", required=True, help="Bolt URI, e.g. bolt://localhost:7687 (or $NEO4J_URI).")
@click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="Neo4j user (or $NEO4J_USER).")
@click.option("--password", envvar="NEO4J_PASSWORD", prompt=True, hide_input=True, help="Neo4j password (or $NEO4J_PASSWORD; prompted if unset).")
@click.option("--database", default=None, help="Database name (default: the server's default).")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True, help="Rows per transaction.")
@graph_option
@quiet_option
def load_command(uri, user, password, database, batch_size, graph_path, quiet) -> None:
    """Load the graph into Neo4j; re-running it never duplicates anything.

    Example: NEO4J_PASSWORD=... kg load --neo4j bolt://localhost:7687
    """
    try:
        graph = load_networkx(graph_path)
        total = graph.number_of_nodes() + graph.number_of_edges()
        with Neo4jStore.from_uri(uri, user, password, database) as store, tqdm(
            total=total, unit="row", desc="loading", file=sys.stderr, disable=quiet
        ) as bar:
            result = store.load_graph(graph, batch_size=batch_size, progress=bar.update)
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(f"loaded {result.nodes} nodes and {result.relationships} relationships into {uri} in {result.batches} batches", err=True)


commands = [load_command]
