"""Every ``cypher/`` query on the graph built from ``examples/``, against cases read off the abstracts."""

from __future__ import annotations

import pytest

from kg.graph.cypher_engine import run_cypher
from kg.graph.library import library_queries, load_query
from kg.graph.nx_store import load_graph
from kg.graph.questions import Questions

FLAME = "2407.10817"


@pytest.fixture(scope="module")
def graph(tmp_path_factory, examples_dir):
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path_factory.mktemp("examples") / "kg.json.gz"
    result = CliRunner().invoke(main, ["build", str(examples_dir), "--graph", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return load_graph(path)


def _rows(graph, query, **params):
    return run_cypher(graph, load_query(query).text, params).records()


def _canonical(graph, name, label):
    """The graph's display name for ``name`` (what `kg ask` passes to the queries)."""
    return Questions(graph).resolve(name, [label]).name


def test_papers_using_benchmark_rewardbench(graph):
    rows = _rows(graph, "papers_using_benchmark", name="rewardbench")
    titles = {r["title"] or r["arxiv_id"] for r in rows}
    assert {FLAME, "HelpSteer2-Preference: Complementing Ratings with Preferences", "RewardBench 2: Advancing Reward Model Evaluation"} <= titles
    assert all(r["evidence"] for r in rows)
    assert not any(t.startswith("RAG-RewardBench") for t in titles)


def test_benchmarks_of_flame(graph):
    # "... 53 quality assessment tasks, including RewardBench and LLM-AggreFact."
    names = {r["benchmark"] for r in _rows(graph, "benchmarks_of_paper", paper=FLAME)}
    assert {"RewardBench", "LLM-AggreFact"} <= names


def test_models_on_rewardbench_include_gpt4o(graph):
    # FLAMe: "on RewardBench, our FLAMe-RM-24B model ... outperforming both GPT-4-0125 (85.9%) and GPT-4o (84.7%)"
    models = {r["model"].lower() for r in _rows(graph, "models_on_benchmark", name="RewardBench")}
    assert "gpt-4o" in models


def test_papers_using_model_gpt4o(graph):
    name = _canonical(graph, "GPT-4o", "Model")
    assert FLAME in {r["paper_id"] for r in _rows(graph, "papers_using_model", name=name)}


def test_papers_proposing_flame(graph):
    # "we introduce FLAMe, a family of Foundational Large Autorater Models"
    assert [r["paper_id"] for r in _rows(graph, "papers_proposing", name="FLAMe")] == [FLAME]


def test_paper_uses_flame(graph):
    rows = _rows(graph, "paper_uses", paper=FLAME)
    pairs = {(r["relation"], r["name"]) for r in rows}
    assert ("EVALUATES_ON", "RewardBench") in pairs and ("PROPOSES", "FLAMe") in pairs
    assert all(r["type"] in {"Method", "Model", "Benchmark", "Metric", "Task"} for r in rows)


def test_methods_on_gsm8k_include_the_mcts_paper_method(graph):
    # "... Monte Carlo Tree Search (MCTS) ... outperforms the Mistral-7B SFT baseline on GSM8K, MATH, and ARC-C"
    methods = {r["method"].lower() for r in _rows(graph, "methods_on_benchmark", name="GSM8K")}
    assert any("monte carlo tree search" in m or m == "mcts" for m in methods)


def test_papers_using_method_ppo(graph):
    # RewardBench 2: "RLHF training algorithms like proximal policy optimization"
    name = _canonical(graph, "proximal policy optimization", "Method")
    titles = {r["title"] for r in _rows(graph, "papers_using_method", name=name)}
    assert "RewardBench 2: Advancing Reward Model Evaluation" in titles


def test_author_and_coauthor_and_organization(graph):
    # 004: Self-Instruct, How Far Can Camels Go?, Super-NaturalInstructions all list Yizhong Wang.
    titles = {r["title"] for r in _rows(graph, "author_papers", name="yizhong wang")}
    assert {
        "Self-Instruct: Aligning Language Models with Self-Generated Instructions",
        "How Far Can Camels Go? Exploring the State of Instruction Tuning on Open Resources",
        "Super-NaturalInstructions: Generalization via Declarative Instructions on 1600+ NLP Tasks",
    } <= titles
    coauthors = {r["coauthor"]: r["papers"] for r in _rows(graph, "coauthors", name="Yizhong Wang")}
    assert coauthors["Swaroop Mishra"] == 2  # Self-Instruct and Super-NaturalInstructions
    org = {r["title"] for r in _rows(graph, "organization_papers", name="allen-ai")}
    assert "Self-Instruct: Aligning Language Models with Self-Generated Instructions" in org


def test_cooccurring_with_rewardbench(graph):
    names = {r["name"] for r in _rows(graph, "cooccurring_entities", name="RewardBench")}
    assert "LLM-AggreFact" in names and "RewardBench" not in names


def test_papers_addressing_task_and_citing_run(graph):
    task = Questions(graph).top_entities("Task", 1)
    if task:
        rows = _rows(graph, "papers_addressing_task", name=task[0].name)
        assert len(rows) == task[0].papers
    assert _rows(graph, "papers_citing", arxiv_id="0000.00000") == []


@pytest.mark.parametrize("name", ["top_benchmarks", "top_methods", "top_models", "top_metrics", "top_tasks"])
def test_top_queries_are_ranked_and_limited(graph, name):
    rows = _rows(graph, name, limit=5)
    assert len(rows) <= 5
    counts = [r["papers"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_top_benchmarks_count_gsm8k_papers(graph):
    # GSM8K is evaluated on in at least six abstracts (SpecDec++, RL reward design, QAlign,
    # Complexity-Based Prompting, MCTS preference learning, TOPR).
    rows = {r["name"]: r["papers"] for r in _rows(graph, "top_benchmarks", limit=50)}
    assert rows["GSM8K"] >= 6


def test_every_library_query_is_exercised_here():
    exercised = {
        "papers_using_benchmark", "benchmarks_of_paper", "models_on_benchmark", "papers_using_model", "papers_proposing",
        "paper_uses", "methods_on_benchmark", "papers_using_method", "author_papers", "coauthors", "organization_papers",
        "cooccurring_entities", "papers_addressing_task", "papers_citing",
        "top_benchmarks", "top_methods", "top_models", "top_metrics", "top_tasks",
    }
    assert {q.name for q in library_queries()} == exercised
