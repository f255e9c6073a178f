"""Indexed questions: forgiving resolution, and the same rows as the Cypher library."""

from __future__ import annotations

import pytest

from graph_samples import seed_extractions
from kg.graph.cypher_engine import run_cypher
from kg.graph.library import load_query
from kg.graph.nx_store import build_graph
from kg.graph.questions import Questions, UnknownEntityError


@pytest.fixture(scope="module")
def graph():
    return build_graph(seed_extractions())


@pytest.fixture(scope="module")
def questions(graph):
    return Questions(graph)


@pytest.mark.parametrize("name", ["RewardBench", "rewardbench", "Reward-Bench", " REWARDBENCH "])
def test_resolve_ignores_case_and_punctuation(questions, name):
    assert questions.resolve(name, ["Benchmark"]).node == "Benchmark:rewardbench"


def test_resolve_finds_alias(graph):
    graph = graph.copy()
    graph.nodes["Benchmark:mmlu"]["aliases"] = ["Massive Multitask Language Understanding"]
    resolved = Questions(graph).resolve("massive multitask language understanding", ["Benchmark"])
    assert (resolved.node, resolved.name) == ("Benchmark:mmlu", "MMLU")


def test_resolve_near_miss_suggests(questions):
    with pytest.raises(UnknownEntityError) as info:
        questions.resolve("RewardBnch", ["Benchmark"])
    assert info.value.suggestions[0] == "RewardBench"
    assert "did you mean" in str(info.value)


def test_resolve_respects_type(questions):
    with pytest.raises(UnknownEntityError):
        questions.resolve("RewardBench", ["Model"])


def test_resolve_paper_by_title_or_arxiv_id(questions):
    assert questions.resolve("2407.10817", ["Paper"]).node == "Paper:2407.10817"
    assert questions.resolve("RewardBench 2: Advancing Reward Model Evaluation", ["Paper"]).node == "Paper:hf-rewardbench-2"


# (question function, argument, library query, its parameters, how to compare rows)
SAME_AS_CYPHER = [
    ("papers_using_benchmark", "RewardBench", "papers_using_benchmark", {"name": "RewardBench"}),
    ("papers_using_benchmark", "MMLU", "papers_using_benchmark", {"name": "MMLU"}),
    ("papers_using_method", "proximal policy optimization", "papers_using_method", {"name": "proximal policy optimization"}),
    ("papers_using_model", "GPT-4o", "papers_using_model", {"name": "GPT-4o"}),
    ("papers_proposing", "RewardBench 2", "papers_proposing", {"name": "RewardBench 2"}),
    ("models_on_benchmark", "RewardBench", "models_on_benchmark", {"name": "RewardBench"}),
    ("methods_on_benchmark", "RewardBench", "methods_on_benchmark", {"name": "RewardBench"}),
    ("cooccurring_entities", "RewardBench", "cooccurring_entities", {"name": "RewardBench"}),
    ("paper_uses", "2407.10817", "paper_uses", {"paper": "2407.10817"}),
    ("benchmarks_of_paper", "2407.10817", "benchmarks_of_paper", {"paper": "2407.10817"}),
]


@pytest.mark.parametrize(("function", "argument", "query", "params"), SAME_AS_CYPHER)
def test_questions_match_cypher_library(graph, questions, function, argument, query, params):
    fast = getattr(questions, function)(argument)
    slow = run_cypher(graph, load_query(query).text, params).records()
    assert fast, "the sample graph should answer this"
    if query == "benchmarks_of_paper":
        assert [(a.name, a.evidence) for a in fast] == [(r["benchmark"], r["evidence"]) for r in slow]
    elif query == "paper_uses":
        assert [(a.relation, a.type, a.name, a.evidence) for a in fast] == [(r["relation"], r["type"], r["name"], r["evidence"]) for r in slow]
    elif "paper_id" in slow[0]:
        assert [(a.paper_id, a.arxiv_id, a.title, a.evidence) for a in fast] == [(r["paper_id"], r["arxiv_id"], r["title"], r["evidence"]) for r in slow]
    else:
        first = next(iter(slow[0]))
        assert [(a.name, a.papers) for a in fast] == [(r[first], r["papers"]) for r in slow]


def test_author_papers_and_top_entities_match_cypher(graph, questions):
    fast = questions.author_papers("Nathan Lambert")
    slow = run_cypher(graph, load_query("author_papers").text, {"name": "Nathan Lambert"}).records()
    assert [a.paper_id for a in fast] == [r["paper_id"] for r in slow] == ["hf-rewardbench-2"]
    top = questions.top_entities("Benchmark", 3)
    rows = run_cypher(graph, load_query("top_benchmarks").text, {"limit": 3}).records()
    assert [(t.name, t.papers) for t in top] == [(r["name"], r["papers"]) for r in rows]
    assert [t.name for t in top[:2]] == ["MMLU", "RewardBench"]


def test_ranked_questions_limit_keeps_the_top_rows(questions):
    full = questions.cooccurring_entities("RewardBench")
    assert questions.cooccurring_entities("RewardBench", limit=2) == full[:2]
    assert questions.models_on_benchmark("RewardBench", limit=1) == questions.models_on_benchmark("RewardBench")[:1]
