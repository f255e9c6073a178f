"""``kg eval``: run extraction on gold files and print precision, recall and F1 per type."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.options import json_option
from kg.errors import KgError
from kg.evaluation import SCHEMES, GoldFormatError, evaluate_extractor, format_table
from kg.result_scoring import ResultScore, evaluate_results, format_results_table, is_results_gold


@click.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scheme", type=click.Choice(["auto", *SCHEMES]), default="auto", show_default=True,
              help="Gold shape: the guideline's paper-level entities, SciREX mentions, or SciREX salient entities "
                   "(auto-detected; a SciREX file with salient lists is scored both ways).")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra lexicon file (JSONL); repeatable.")
@click.option("--ner/--no-ner", default=True, show_default=True, help="Use the trained NER component if installed.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list misses and false positives per paper.")
@click.option("--results", "results_gold", is_flag=True,
              help="Score reported results (RESULTS_GUIDELINE.md) instead of entities; detected from the file when omitted.")
@json_option
def eval_command(gold: tuple[Path, ...], scheme: str, lexicons: tuple[Path, ...], ner: bool, show_errors: bool,
                 results_gold: bool, as_json: bool) -> None:
    """Score extraction against gold annotations (per type and overall micro P/R/F1).

    Overall covers Benchmark, Model, Method and Metric; Task is reported on its own. A results
    gold file (records with "results" and no "entities") scores the reported results instead.

    Example: kg eval tests/fixtures/gold/seed_dev.jsonl ../shared/data/scirex/abstracts_dev.jsonl
    """
    from extractors.pipeline import Extractor  # noqa: PLC0415 - spaCy loads only when needed

    try:
        extractor = Extractor(lexicon_paths=lexicons, use_ner=ner)
        results = [
            (path, evaluate_results(path, extractor) if results_gold or _holds_results(path) else evaluate_extractor(path, extractor, scheme))
            for path in gold
        ]
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({str(path): result.as_dict() for path, result in results}, indent=2))
        return
    for i, (path, result) in enumerate(results):
        if i:
            click.echo("")
        if isinstance(result, ResultScore):
            click.echo(format_results_table(result, f"{path} (results, {result.papers} papers)"))
            if show_errors:
                for paper_id, missed, spurious in result.errors:
                    click.echo(f"  {paper_id}")
                    for label in missed:
                        click.echo(f"    - missed {label}")
                    for label in spurious:
                        click.echo(f"    + spurious {label}")
            continue
        for scored in (result, result.salient):
            if scored is None:
                continue
            if scored is result.salient:
                click.echo("")
            click.echo(format_table(scored, f"{path} ({scored.scheme}, {scored.papers} papers)"))
            if show_errors:
                for err in scored.errors:
                    if err.missed or err.spurious:
                        click.echo(f"  {err.paper_id}")
                        for entity_type, name in err.missed:
                            click.echo(f"    - missed {entity_type}: {name}")
                        for entity_type, name in err.spurious:
                            click.echo(f"    + spurious {entity_type}: {name}")


def _holds_results(path: Path) -> bool:
    """Whether a gold file's first record is a results record (detected from content, as the readers do)."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read gold file ({getattr(exc, 'strerror', None) or exc})") from exc
    try:
        return bool(first) and is_results_gold(json.loads(first))
    except ValueError:
        return False  # the entity reader reports the malformed line


commands = [eval_command]
