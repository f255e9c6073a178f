"""``kg trends``: papers over time for entities, or the entities of a type rising and falling most."""

from __future__ import annotations

import csv
import json
import sys

import click

from kg.cli.options import graph_option, json_option
from kg.errors import KgError
from kg.graph.schema import ENTITY_LABELS
from kg.graph.store import open_store
from kg.trends import PERIODS, entity_series, movers, plot, table_buckets


@click.command("trends")
@click.argument("names", nargs=-1)
@click.option("--type", "type_", type=click.Choice(ENTITY_LABELS), help="With --top: rank the entities of this type.")
@click.option("--top", type=click.IntRange(min=1), help="The N entities of --type rising and falling most.")
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True, help="Bucket size.")
@click.option("--window", type=click.IntRange(min=1), help="Buckets per comparison window for --top (default: 6 months, 2 quarters, 1 year).")
@click.option("--since", metavar="YYYY-MM-DD", help="First day counted.")
@click.option("--until", metavar="YYYY-MM-DD", help="Last day counted (with --top: where the recent window ends).")
@click.option("--plot", "plot_path", metavar="FILE.png|FILE.svg", help="Also draw the series (matplotlib).")
@graph_option
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
def trends_command(names, type_, top, by, window, since, until, plot_path, graph_path, as_json, as_csv) -> None:
    """Papers per month (quarter, year) for entities, side by side; or what is rising and falling.

    Papers without a date, or dated only to a coarser period than --by, are counted
    apart and reported, never dropped silently.

    Examples: kg trends GSM8K MATH --by quarter --plot gsm8k.png
              kg trends --type Benchmark --top 20
    """
    if bool(names) == bool(top):
        raise click.UsageError("give entity NAMES, or --type TYPE --top N (not both)")
    if top and not type_:
        raise click.UsageError("--top needs --type (Benchmark, Method, Model, Metric or Task)")
    try:
        store = open_store(graph_path)
        try:
            if top:
                _print_movers(movers(store, type_, by=by, top=top, window=window, until=until), as_json, as_csv)
                return
            series = entity_series(store, names, by=by, since=since, until=until)
        finally:
            store.close()
        buckets = table_buckets(series, by, since, until)
        if plot_path:
            plot(series, buckets, plot_path, title=f"Papers per {by}")
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    _print_series(series, buckets, by, as_json, as_csv)
    if plot_path:
        click.echo(f"drew {plot_path}", err=True)


def _print_series(series, buckets, by, as_json, as_csv) -> None:
    if as_json:
        doc = {
            "by": by,
            "buckets": buckets,
            "series": [
                {"name": s.name, "type": s.type, "counts": [s.counts.get(b, 0) for b in buckets], "total": s.total, "undated": s.undated, "coarse": s.coarse}
                for s in series
            ],
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([by, *(s.name for s in series)])
        for b in buckets:
            writer.writerow([b, *(s.counts.get(b, 0) for s in series)])
        return
    widths = [max(len(s.name), 5) for s in series]
    click.echo(f"{by:<8}  " + "  ".join(f"{s.name:>{w}}" for s, w in zip(series, widths)))
    for b in buckets:
        click.echo(f"{b:<8}  " + "  ".join(f"{s.counts.get(b, 0):>{w}}" for s, w in zip(series, widths)))
    for s in series:
        apart = []
        if s.undated:
            apart.append(f"{s.undated} without a date")
        if s.coarse:
            apart.append(f"{s.coarse} dated only more coarsely than a {by}")
        note = f" ({'; '.join(apart)}, not in the table)" if apart else ""
        click.echo(f"{s.name} ({s.type}): {s.total} papers{note}", err=True)


def _print_movers(found, as_json, as_csv) -> None:
    rows = [("rising", m) for m in found.rising] + [("falling", m) for m in found.falling]
    if as_json:
        doc = {
            "type": found.type,
            "by": found.by,
            "recent": list(found.recent),
            "previous": list(found.previous),
            "rising": [{"name": m.name, "recent": m.recent, "previous": m.previous, "change": m.change} for m in found.rising],
            "falling": [{"name": m.name, "recent": m.recent, "previous": m.previous, "change": m.change} for m in found.falling],
            "undated": found.undated,
            "coarse": found.coarse,
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["direction", "name", "recent", "previous", "change"])
        writer.writerows([[d, m.name, m.recent, m.previous, m.change] for d, m in rows])
        return
    recent = f"{found.recent[0]}–{found.recent[1]}"
    previous = f"{found.previous[0]}–{found.previous[1]}"
    for title, items in (("Rising", found.rising), ("Falling", found.falling)):
        click.echo(f"{title} ({found.type}, papers in {recent} against {previous}):")
        if not items:
            click.echo("  (none)")
        for m in items:
            click.echo(f"  {m.name}: {m.recent} vs {m.previous} ({m.change:+d})")
    if found.undated or found.coarse:
        click.echo(f"left out: {found.undated} links to undated papers, {found.coarse} dated more coarsely than a {found.by}", err=True)


commands = [trends_command]
