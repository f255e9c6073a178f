"""``kg ask``: answer a plain question from the graph, with one evidence sentence per answer."""

from __future__ import annotations

import json

import click

from kg.cli.options import graph_option, json_option
from kg.errors import KgError
from kg.graph.ask import DEFAULT_ANSWERS, AuthorAnswer, EntityCount, PaperAnswer, PaperLink, ResultAnswer, TrendPoint, ask
from kg.graph.store import open_store

#: How each role reads after an answer; mention-only answers are marked as such.
_ROLE_TAG = {"introduces": "introduces", "uses": "uses", "mentions": "mentions only"}


def _quote(evidence: str) -> str:
    evidence = " ".join(evidence.split())
    return f"\n    “{evidence}”" if evidence else ""


def _line(answer, entity_name: str) -> str:
    if isinstance(answer, PaperAnswer):
        ref = f"arXiv:{answer.arxiv_id}" if answer.arxiv_id else answer.paper_id
        tag = _ROLE_TAG.get(answer.role)
        member = f" {answer.member}" if answer.member and answer.member != entity_name else ""
        how = f" ({tag}{member})" if tag else ""
        return f"- {answer.title or '(untitled)'} [{ref}]{how}" + _quote(answer.evidence)
    if isinstance(answer, EntityCount):
        return f"- {answer.name} ({answer.type}, {answer.papers} paper{'s' if answer.papers != 1 else ''})" + _quote(answer.evidence)
    if isinstance(answer, TrendPoint):
        return f"- {answer.period}: {answer.papers} paper{'s' if answer.papers != 1 else ''}"
    if isinstance(answer, PaperLink):
        tag = _ROLE_TAG.get(answer.role, answer.role)
        return f"- {answer.type} {answer.name} ({tag})" + _quote(answer.evidence)
    if isinstance(answer, ResultAnswer):
        ref = f"arXiv:{answer.arxiv_id}" if answer.arxiv_id else answer.paper_id
        what = " · ".join(x for x in (answer.benchmark, answer.subset, answer.metric or "metric not named", answer.kind) if x)
        return f"- {answer.rank}. {answer.subject or '(the paper’s own system)'} {answer.value:g}{answer.unit} ({what}) [{ref}]" + _quote(answer.evidence)
    if isinstance(answer, AuthorAnswer):
        ref = f"arXiv:{answer.arxiv_id}" if answer.arxiv_id else answer.paper_id
        return f"- {answer.author} ({answer.title or '(untitled)'} [{ref}])" + _quote(answer.evidence)
    return f"- {answer}"


@click.command("ask")
@click.argument("question")
@click.option("--exact", is_flag=True, help="Ask about the named benchmark only, not the other editions of its family.")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_ANSWERS, show_default=True,
              help="Show the first N papers or entities (those that introduce or use the entity come first).")
@click.option("--all", "show_all", is_flag=True, help="Show every answer, however many (also in --json).")
@graph_option
@json_option
def ask_command(question, exact, limit, show_all, graph_path, as_json) -> None:
    """Answer a plain question, e.g. which papers use a benchmark, with evidence.

    Understands: papers using a benchmark/method/model/task (a benchmark family
    includes its editions: AlpacaEval finds AlpacaEval 2.0), papers proposing X,
    models (or methods) evaluated on a benchmark, the benchmarks of a paper or of
    what it proposes, an author's papers, who wrote a paper, what a paper uses,
    the most used benchmarks/methods/models/metrics/tasks, the best results on a
    benchmark (its leaderboard, as kg leaderboard ranks it). Papers that introduce
    or use the entity come first, then those that only mention it. Lists of papers
    and entities show their first 100 answers (--limit, --all; leaderboards and
    trends show all); the header and --json's "total" count every answer.

    Example: kg ask "which papers use benchmark MMLU?"
    """
    try:
        store = open_store(graph_path)
        try:
            answer = ask(store, question, exact=exact, limit=None if show_all else limit)
        finally:
            store.close()
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return
    shown = f", the first {len(answer.answers):,} (--all for every one)" if answer.count > len(answer.answers) else ""
    click.echo(f"{answer.entity_type} {answer.entity_name}: {answer.count:,} answer(s){shown} (cypher/{answer.query}.cypher)")
    if answer.summary:
        click.echo(answer.summary)
    for item in answer.answers:
        click.echo(_line(item, answer.entity_name))


commands = [ask_command]
