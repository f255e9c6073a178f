"""``kg build``: read listings, extract, and write (or extend) the graph database."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click
from tqdm import tqdm

from kg.build import build
from kg.cli.options import filter_options, graph_option, paper_filter, quiet_option
from kg.errors import KgError
from kg.types import PaperExtraction

#: Exit code when ``--strict`` stopped the build at a bad record.
STRICT_EXIT = 2


@click.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@graph_option
@click.option("--add", is_flag=True, help="Merge into the existing graph instead of replacing it.")
@click.option("--format", "fmt", default=None, help="Input format (default: detected from content); see README, Input formats.")
@click.option("--strict", is_flag=True, help="Stop at the first bad file or record (exit code 2).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Extraction processes.")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Extra lexicon file (repeatable).")
@click.option("--no-ner", is_flag=True, help="Rules and lexicons only, no statistical NER.")
@click.option("--extracted", is_flag=True,
              help="INPUTs are `kg extract` output (e.g. shards made in parallel): load their entities and triples, extract nothing.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Join an undefined acronym to the long form another paper of the graph defines (with --add, old papers too).")
@filter_options
@quiet_option
def build_command(inputs, graph_path, add, fmt, strict, workers, lexicons, no_ner, extracted, link, categories, since, until,
                  quiet) -> None:
    """Build the graph database from paper listings (files or folders).

    An input that does not exist or that no reader accepts stops the build before
    anything is written (exit code 1). Exit code 1 when some record was skipped (each
    problem is listed on stderr), 2 when --strict stopped at one.

    Example: kg build examples/ --graph kg-graph.db

    The arXiv snapshot's ML papers: kg build arxiv-metadata-oai-snapshot.json --category cs.LG,cs.CL,stat.ML --since 2023-01-01

    Shards: kg extract part1/ -o ext/1.jsonl --no-link (one per core or machine),
    then kg build --extracted ext/ (which links acronyms across all the shards)
    """

    def progress(stream: Iterable[PaperExtraction], total: int | None) -> Iterable[PaperExtraction]:
        return tqdm(stream, total=total, unit="paper", desc="loading" if extracted else "extracting", file=sys.stderr, disable=quiet)

    keep = paper_filter(categories, since, until)
    try:
        result = build(
            inputs, graph_path, add=add, fmt=fmt, strict=strict, workers=workers,
            lexicon_paths=lexicons, use_ner=not no_ner, progress=progress, extracted=extracted, link=link, keep=keep,
        )
    except KgError as exc:
        if strict:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(STRICT_EXIT)
        raise click.ClickException(str(exc)) from None
    for problem in result.problems:
        click.echo(f"{problem}", err=True)
    if not quiet:
        skipped = f", {result.duplicates} duplicate record(s) merged" if result.duplicates else ""
        skipped += f", {len(result.problems)} problem(s) skipped" if result.problems else ""
        skipped += result.skipped.describe() if result.skipped else ""
        if keep:
            skipped += f" ({keep.describe()})"
        verb = "added" if add else "built"
        click.echo(
            f"{verb} {result.papers} papers: graph has {result.nodes} nodes, {result.edges} relationships -> {result.path}{skipped}",
            err=True,
        )
    if result.problems:
        sys.exit(1)


commands = [build_command]
