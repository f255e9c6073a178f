"""``kg viz`` and ``kg site``: interactive pages of the graph that open offline from disk.

Both open the graph as a page source: a database is asked with Cypher for only
what each page draws; a ``.json.gz`` graph file is loaded into memory.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.options import graph_option, quiet_option
from kg.errors import KgError
from kg.pages.site import DEFAULT_ENTITY_PAGES, build_site
from kg.pages.source import PageSource, as_source
from kg.pages.viz import write_viz

if TYPE_CHECKING:
    from kg.graph.store import LocalStore
    from kg.trends import Movers

_budget_option = click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Node budget per page; above it the best-linked nodes are kept and the page says what was left out.",
)


@contextlib.contextmanager
def opened_store(graph_path: Path) -> Iterator[LocalStore]:
    """The graph at ``graph_path`` opened (a database read-only, a graph file in memory), closed afterwards."""
    from kg.graph.store import open_store

    store = open_store(graph_path)
    try:
        yield store
    finally:
        store.close()


@contextlib.contextmanager
def page_source(graph_path: Path) -> Iterator[PageSource]:
    """The graph at ``graph_path`` as a page source, closed afterwards."""
    with opened_store(graph_path) as store:
        yield as_source(store)


def rising_entities(store: LocalStore, top: int = 10) -> list[Movers]:
    """The benchmarks, methods and models rising most (the last six months against the six before), for the index."""
    from kg.trends import TrendError, movers

    found = []
    for kind in ("Benchmark", "Method", "Model"):
        try:
            found.append(movers(store, kind, by="month", top=top))
        except TrendError:  # no dated papers of that kind: no list
            continue
    return found


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
@quiet_option
def viz(graph_path: Path, focus: str | None, depth: int, max_nodes: int, out: Path, quiet: bool) -> None:
    """Write one interactive HTML page of the graph (everything inline, no network).

    Example: kg viz --focus "RewardBench" --depth 2 -o rewardbench.html
    """
    try:
        with page_source(graph_path) as source:
            selection = write_viz(source, out, focus=focus, depth=depth, max_nodes=max_nodes)
    except KgError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from error
    note = f"; left out {selection.omitted_count} (node budget {max_nodes})" if selection.omitted else ""
    if not quiet:
        click.echo(f"Wrote {out}: {len(selection.nodes)} of {selection.total_nodes} nodes{note}.", err=True)


@click.command("site")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@graph_option
@_budget_option
@click.option(
    "--max-entity-pages",
    type=click.IntRange(min=0),
    default=DEFAULT_ENTITY_PAGES,
    show_default=True,
    help="Entity pages per type, the most papers first (0: a page for every entity); the index says what was left out.",
)
@quiet_option
def site(outdir: Path, graph_path: Path, max_nodes: int, max_entity_pages: int, quiet: bool) -> None:
    """Write a static site: an index with search, the whole graph and a page per entity.

    Example: kg site site/ --max-entity-pages 200 && xdg-open site/index.html
    """
    try:
        with opened_store(graph_path) as store:
            summary = build_site(as_source(store), outdir, max_nodes=max_nodes, max_entity_pages=max_entity_pages or None,
                                 rising=rising_entities(store))
    except KgError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"cannot write into {outdir}: {error.strerror or error}") from error
    if not quiet:
        click.echo(f"Wrote {summary.index}; {summary.describe()}.", err=True)


commands = [viz, site]
