"""``kg stats``: how many nodes of each label and relationships of each type the graph holds."""

from __future__ import annotations

import json

import click

from kg.cli.options import graph_option, json_option
from kg.errors import KgError
from kg.graph.store import open_store


@click.command("stats")
@graph_option
@json_option
def stats_command(graph_path, as_json) -> None:
    """Count nodes by label and relationships by type.

    Example: kg stats --json
    """
    try:
        store = open_store(graph_path)
        try:
            stats = store.stats()
        finally:
            store.close()
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"papers read: {stats['papers_in_corpus']}")
    click.echo("nodes:")
    for label, count in stats["nodes"].items():
        click.echo(f"  {label:<16} {count:>8}")
    click.echo("relationships:")
    for rel, count in stats["relationships"].items():
        click.echo(f"  {rel:<16} {count:>8}")


commands = [stats_command]
