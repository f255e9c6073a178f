"""``kg viz`` and ``kg site``: interactive pages of the graph that open offline from disk."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_option
from kg.errors import KgError
from kg.graph.store import load_networkx
from kg.pages.site import build_site
from kg.pages.viz import write_viz

_budget_option = click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Node budget per page; above it the best-linked nodes are kept and the page says what was left out.",
)


@click.command("viz")
@graph_option
@click.option("--focus", metavar="NAME", help="Show only this node's neighbourhood (name, alias, title or arXiv ID; any case).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops around --focus.")
@_budget_option
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("kg-graph.html"),
    show_default=True,
    help="The HTML file to write.",
)
def viz(graph_path: Path, focus: str | None, depth: int, max_nodes: int, out: Path) -> None:
    """Write one interactive HTML page of the graph (everything inline, no network).

    Example: kg viz --focus "RewardBench" --depth 2 -o rewardbench.html
    """
    try:
        graph = load_networkx(graph_path)
        selection = write_viz(graph, out, focus=focus, depth=depth, max_nodes=max_nodes)
    except KgError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from error
    note = f"; left out {selection.omitted_count} (node budget {max_nodes})" if selection.omitted else ""
    click.echo(f"Wrote {out}: {len(selection.nodes)} of {selection.total_nodes} nodes{note}.", err=True)


@click.command("site")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@graph_option
@_budget_option
def site(outdir: Path, graph_path: Path, max_nodes: int) -> None:
    """Write a static site: an index with search, the whole graph and a page per entity.

    Example: kg site site/ && xdg-open site/index.html
    """
    try:
        graph = load_networkx(graph_path)
        summary = build_site(graph, outdir, max_nodes=max_nodes)
    except KgError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"cannot write into {outdir}: {error.strerror or error}") from error
    click.echo(f"Wrote {summary.index} and {summary.entity_pages} entity pages.", err=True)


commands = [viz, site]
