"""``kg leaderboard``: the results papers report on a benchmark, ranked, one table per metric, unit and kind."""

from __future__ import annotations

import csv
import json
import sys

import click

from kg.cli.options import graph_option, json_option
from kg.errors import KgError
from kg.graph.store import open_store
from kg.leaderboard import Leaderboard, leaderboard
from kg.types import ResultKind

#: CSV columns: the table a row is in, then the row.
CSV_COLUMNS = ("benchmark", "metric", "unit", "kind", "subset", "rank", "subject", "value", "paper_id", "arxiv_id", "title", "evidence")


@click.command("leaderboard")
@click.argument("benchmark")
@click.option("--metric", help="Only the table(s) of this metric, e.g. accuracy.")
@click.option("--kind", type=click.Choice([k.value for k in ResultKind]), help="Only scores, or only deltas (changes over a baseline).")
@graph_option
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one line per result.")
def leaderboard_command(benchmark, metric, kind, graph_path, as_json, as_csv) -> None:
    """Rank the results papers report on a benchmark (and its editions), with their papers.

    One table per edition, metric, unit, kind and subset: different metrics,
    percentages and fractions, scores and deltas are never ranked together.
    Higher is better unless the metric is an error rate, perplexity, latency,
    loss, FID ... (kg/lower_is_better.tsv); deltas rank by size.

    Example: kg leaderboard RewardBench --metric accuracy
    """
    try:
        store = open_store(graph_path)
        try:
            board = leaderboard(store, benchmark, metric=metric, kind=kind)
        finally:
            store.close()
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(board.to_json(), ensure_ascii=False, indent=2))
    elif as_csv:
        _print_csv(board)
    else:
        _print_text(board)


def _print_csv(board: Leaderboard) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for table in board.tables:
        for row in table.rows:
            writer.writerow([table.benchmark, table.metric or "", table.unit, table.kind, table.subset or "", row.rank,
                             row.subject or "", f"{row.value:g}", row.paper_id, row.arxiv_id or "", row.title, row.evidence])


def _print_text(board: Leaderboard) -> None:
    click.echo(f"Benchmark {board.benchmark}: {board.results} result(s) in {len(board.tables)} table(s) (cypher/leaderboard.cypher)")
    if not board.tables:
        click.echo("no results reported on it (or none matching --metric/--kind)")
    for table in board.tables:
        click.echo("")
        click.echo(table.heading())
        width = max(len(f"{r.value:g}{r.unit}") for r in table.rows)
        for row in table.rows:
            ref = f"arXiv:{row.arxiv_id}" if row.arxiv_id else row.paper_id
            number = f"{row.value:g}{row.unit}"
            click.echo(f"{row.rank:>3}. {number:>{width}}  {row.subject or '(the paper’s own system)'}  [{ref}]")


commands = [leaderboard_command]
