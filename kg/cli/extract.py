"""``kg extract``: typed entities and triples of every paper, one JSON line per paper."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.atomic import atomic_open
from kg.cli.options import filter_options, paper_filter, quiet_option
from kg.errors import KgError


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=Path("-"),
              show_default="stdout", help="Where to write the JSONL (one line per paper, input order).")
@click.option("--format", "fmt", default=None,
              help="Input format (arxiv-listing, hf-listing, org-listing, jsonl, json, atom, arxiv-snapshot, oai-pmh, "
                   "openalex, semantic-scholar); detected when omitted.")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra lexicon file (JSONL: name, type, aliases); repeatable.")
@click.option("--ner/--no-ner", default=True, show_default=True, help="Use the trained NER component if installed.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes for extraction.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Link undefined acronyms to long forms other papers define (results wait in a temporary file until all are extracted).")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable record instead of skipping it.")
@filter_options
@quiet_option
def extract_command(inputs, output: Path, fmt, lexicons, ner: bool, workers: int, link: bool, strict: bool,
                    categories, since, until, quiet: bool) -> None:
    """Extract methods, models, benchmarks, metrics, tasks and triples from papers.

    Each line also holds the whole paper record, so `kg build --extracted` can
    load the output (or many shards of it) without extracting again. Exit code 1
    when some input was skipped (each problem is listed on stderr).

    Example: kg extract examples/ -o extractions.jsonl
    """
    from extractors.jsonio import extraction_to_dict  # noqa: PLC0415 - spaCy loads only when needed
    from kg.build import extract_all, link_acronyms_spooled, read_streaming, refuse_unreadable_inputs  # noqa: PLC0415

    keep = paper_filter(categories, since, until)
    try:
        refuse_unreadable_inputs(inputs, fmt=fmt)  # before the output file is touched
        # Papers stream in (duplicates merged on the way) and results stream out; --link
        # holds them in a temporary file until every paper's acronym definitions are known.
        read = read_streaming(list(inputs), fmt=fmt, strict=strict, keep=keep)
        problems = read.problems
        extractions = extract_all(read.papers, workers, tuple(str(p) for p in lexicons), ner)
        if link:
            extractions = link_acronyms_spooled(extractions)
        count = _write(output, (extraction_to_dict(x) for x in extractions))
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write ({exc.strerror or exc})") from exc
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    if not quiet:
        skipped = f", {len(problems)} problem(s) skipped" if problems else ""
        skipped += read.skipped.describe() + (f" ({keep.describe()})" if keep else "")
        click.echo(f"extracted {count} papers -> {'stdout' if str(output) == '-' else output}{skipped}", err=True)
    if problems:
        sys.exit(1)  # as kg build: something in the input was skipped


def _write(output: Path, records) -> int:
    count = 0
    if str(output) == "-":
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    with atomic_open(output, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


commands = [extract_command]
