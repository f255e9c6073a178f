"""Options shared by several commands, as decorators (one definition each)."""

from __future__ import annotations

import os
from pathlib import Path

import click

#: Where the graph database lives unless ``--graph`` or ``$KG_GRAPH`` says otherwise.
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


def filter_options(command):
    """``--category``, ``--since`` and ``--until``: which papers to keep (see :class:`kg.filters.PaperFilter`)."""
    command = click.option("--until", metavar="YYYY-MM-DD", default=None,
                           help="Only papers dated on or before this day (a month or year date counts if it overlaps).")(command)
    command = click.option("--since", metavar="YYYY-MM-DD", default=None,
                           help="Only papers dated on or after this day (a month or year date counts if it overlaps).")(command)
    command = click.option("--category", "categories", metavar="CATS", default=None,
                           help="Only papers with any of these arXiv categories, comma-separated ('cs.' or 'cs' = every cs.* category).")(command)
    return command


def paper_filter(categories: str | None, since: str | None, until: str | None):
    """The :class:`kg.filters.PaperFilter` of the filter options; a bad value is a usage error."""
    from kg.filters import FilterError, PaperFilter

    try:
        return PaperFilter.parse(categories, since, until)
    except FilterError as exc:
        raise click.BadParameter(str(exc)) from None
