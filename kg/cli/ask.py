"""``kg ask``: answer a plain question from the graph, with one evidence sentence per paper."""

from __future__ import annotations

import json

import click

from kg.cli.options import graph_option, json_option
from kg.errors import KgError
from kg.graph.ask import EntityCount, PaperAnswer, PaperLink, TrendPoint, ask
from kg.graph.store import open_store


def _line(answer) -> str:
    if isinstance(answer, PaperAnswer):
        ref = f"arXiv:{answer.arxiv_id}" if answer.arxiv_id else answer.paper_id
        evidence = " ".join(answer.evidence.split())
        return f"- {answer.title or '(untitled)'} [{ref}]" + (f"\n    “{evidence}”" if evidence else "")
    if isinstance(answer, EntityCount):
        return f"- {answer.name} ({answer.type}, {answer.papers} paper{'s' if answer.papers != 1 else ''})"
    if isinstance(answer, TrendPoint):
        return f"- {answer.period}: {answer.papers} paper{'s' if answer.papers != 1 else ''}"
    if isinstance(answer, PaperLink):
        evidence = " ".join(answer.evidence.split())
        return f"- {answer.relation} {answer.type} {answer.name}" + (f"\n    “{evidence}”" if evidence else "")
    return f"- {answer}"


@click.command("ask")
@click.argument("question")
@graph_option
@json_option
def ask_command(question, graph_path, as_json) -> None:
    """Answer a plain question, e.g. which papers use a benchmark, with evidence.

    Understands: papers using a benchmark/method/model/task, papers proposing X,
    models (or methods) evaluated on a benchmark, an author's papers, what a paper uses.

    Example: kg ask "which papers use benchmark MMLU?"
    """
    try:
        store = open_store(graph_path)
        try:
            answer = ask(store, question)
        finally:
            store.close()
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{answer.entity_type} {answer.entity_name}: {len(answer.answers)} answer(s) (cypher/{answer.query}.cypher)")
    if answer.summary:
        click.echo(answer.summary)
    for item in answer.answers:
        click.echo(_line(item))


commands = [ask_command]
