"""``kg export``: write the graph for other tools (neo4j-admin bulk import, GraphML, JSONL, CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_option, quiet_option
from kg.errors import KgError
from kg.graph.export import EXPORTERS
from kg.graph.store import load_networkx


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORTERS)), required=True, help="Export format.")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@graph_option
@quiet_option
def export_command(fmt, outdir, graph_path, quiet) -> None:
    """Export the graph into OUTDIR.

    neo4j-admin writes one CSV per label and relationship group plus
    neo4j-admin-import.sh with the exact `neo4j-admin database import full` command.

    Example: kg export --format neo4j-admin export/
    """
    try:
        paths = EXPORTERS[fmt](load_networkx(graph_path), outdir)
    except (KgError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(f"wrote {len(paths)} files to {outdir}", err=True)
    for path in paths:
        click.echo(str(path))


commands = [export_command]
