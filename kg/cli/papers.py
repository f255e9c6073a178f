"""``kg papers``: list the papers in the graph as a table, JSON or CSV."""

from __future__ import annotations

import csv
import dataclasses
import json
import sys

import click

from kg.cli.options import graph_option, json_option
from kg.errors import KgError
from kg.graph.store import open_store
from kg.types import Paper

FIELDS = tuple(f.name for f in dataclasses.fields(Paper))


def _cell(value) -> str:
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


@click.command("papers")
@graph_option
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV with every paper field.")
def papers_command(graph_path, as_json, as_csv) -> None:
    """List the papers in the graph (table, --json with every field, or --csv).

    Example: kg papers --json > papers.json
    """
    try:
        store = open_store(graph_path)
        try:
            papers = store.corpus_papers()
        finally:
            store.close()
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(p) for p in papers], ensure_ascii=False, indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(FIELDS)
        for paper in papers:
            writer.writerow([_cell(getattr(paper, f)) for f in FIELDS])
    else:
        click.echo(f"{'ID':<24} {'ARXIV':<12} {'DATE':<10} TITLE")
        for p in papers:
            title = " ".join(p.title.split()) or f"(untitled) [{'arXiv:' + p.arxiv_id if p.arxiv_id else p.id}]"
            title = title if len(title) <= 80 else title[:79] + "…"
            click.echo(f"{p.id[:24]:<24} {(p.arxiv_id or '-'):<12} {(p.date or p.date_text or '-'):<10} {title}")
        click.echo(f"{len(papers)} papers", err=True)


commands = [papers_command]
