"""Every ``cypher/`` query on the graph built from ``examples/``, against cases read off the abstracts.

Each test runs on every backend (the database, networkx, Neo4j when ``NEO4J_URI`` is set),
and every library query must give the same rows on all of them.
"""

from __future__ import annotations

import pytest

from backends import BACKENDS, open_backend
from kg.graph.library import library_queries
from kg.graph.store import load_networkx

FLAME = "2407.10817"


@pytest.fixture(scope="module")
def graph(tmp_path_factory, examples_dir):
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path_factory.mktemp("examples") / "kg.db"
    result = CliRunner().invoke(main, ["build", str(examples_dir), "--graph", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return load_networkx(path)


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, graph, tmp_path_factory):
    store = open_backend(request.param, graph, tmp_path_factory.mktemp(request.param))
    yield store
    store.close()


@pytest.fixture(scope="module")
def reference(graph):
    return open_backend("networkx", graph, None)


def _rows(store, query, **params):
    return store.question(query, params).records()


def _canonical(store, name, label):
    """The graph's display name for ``name`` (what `kg ask` passes to the queries)."""
    return store.resolve(name, [label]).name if hasattr(store, "resolve") else name


def test_papers_using_benchmark_rewardbench(store):
    rows = _rows(store, "papers_using_benchmark", name="rewardbench")
    titles = {r["title"] or r["arxiv_id"] for r in rows}
    assert {FLAME, "HelpSteer2-Preference: Complementing Ratings with Preferences", "RewardBench 2: Advancing Reward Model Evaluation"} <= titles
    assert all(r["evidence"] for r in rows)
    assert not any(t.startswith("RAG-RewardBench") for t in titles)


def test_benchmarks_of_flame(store):
    # "... 53 quality assessment tasks, including RewardBench and LLM-AggreFact."
    names = {r["benchmark"] for r in _rows(store, "benchmarks_of_paper", paper=FLAME)}
    assert {"RewardBench", "LLM-AggreFact"} <= names


def test_models_on_rewardbench_include_gpt4o(store):
    # FLAMe: "on RewardBench, our FLAMe-RM-24B model ... outperforming both GPT-4-0125 (85.9%) and GPT-4o (84.7%)"
    models = {r["model"].lower() for r in _rows(store, "models_on_benchmark", name="RewardBench")}
    assert "gpt-4o" in models


def test_papers_using_model_gpt4o(store):
    name = _canonical(store, "GPT-4o", "Model")
    assert FLAME in {r["paper_id"] for r in _rows(store, "papers_using_model", name=name)}


def test_papers_proposing_flame(store):
    # "we introduce FLAMe, a family of Foundational Large Autorater Models"
    assert [r["paper_id"] for r in _rows(store, "papers_proposing", name="FLAMe")] == [FLAME]


def test_paper_uses_flame(store):
    rows = _rows(store, "paper_uses", paper=FLAME)
    pairs = {(r["relation"], r["name"]) for r in rows}
    assert ("EVALUATES_ON", "RewardBench") in pairs and ("PROPOSES", "FLAMe") in pairs
    assert all(r["type"] in {"Method", "Model", "Benchmark", "Metric", "Task"} for r in rows)


def test_methods_on_gsm8k_include_the_mcts_paper_method(store):
    # "... Monte Carlo Tree Search (MCTS) ... outperforms the Mistral-7B SFT baseline on GSM8K, MATH, and ARC-C"
    methods = {r["method"].lower() for r in _rows(store, "methods_on_benchmark", name="GSM8K")}
    assert any("monte carlo tree search" in m or m == "mcts" for m in methods)


def test_papers_using_method_ppo(store):
    # RewardBench 2: "RLHF training algorithms like proximal policy optimization"
    name = _canonical(store, "proximal policy optimization", "Method")
    titles = {r["title"] for r in _rows(store, "papers_using_method", name=name)}
    assert "RewardBench 2: Advancing Reward Model Evaluation" in titles


def test_author_and_coauthor_and_organization(store):
    # 004: Self-Instruct, How Far Can Camels Go?, Super-NaturalInstructions all list Yizhong Wang.
    titles = {r["title"] for r in _rows(store, "author_papers", name="yizhong wang")}
    assert {
        "Self-Instruct: Aligning Language Models with Self-Generated Instructions",
        "How Far Can Camels Go? Exploring the State of Instruction Tuning on Open Resources",
        "Super-NaturalInstructions: Generalization via Declarative Instructions on 1600+ NLP Tasks",
    } <= titles
    coauthors = {r["coauthor"]: r["papers"] for r in _rows(store, "coauthors", name="Yizhong Wang")}
    assert coauthors["Swaroop Mishra"] == 2  # Self-Instruct and Super-NaturalInstructions
    org = {r["title"] for r in _rows(store, "organization_papers", name="allen-ai")}
    assert "Self-Instruct: Aligning Language Models with Self-Generated Instructions" in org


def test_cooccurring_with_rewardbench(store):
    names = {r["name"] for r in _rows(store, "cooccurring_entities", name="RewardBench")}
    assert "LLM-AggreFact" in names and "RewardBench" not in names


def test_papers_addressing_task_and_citing_run(store):
    (task,) = _rows(store, "top_tasks", limit=1)
    rows = _rows(store, "papers_addressing_task", name=task["name"])
    assert len(rows) == task["papers"] > 0
    assert _rows(store, "papers_citing", arxiv_id="0000.00000") == []


@pytest.mark.parametrize("name", ["top_benchmarks", "top_methods", "top_models", "top_metrics", "top_tasks"])
def test_top_queries_are_ranked_and_limited(store, name):
    rows = _rows(store, name, limit=5)
    assert len(rows) <= 5
    counts = [r["papers"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_top_benchmarks_count_gsm8k_papers(store):
    # GSM8K is evaluated on in at least six abstracts (SpecDec++, RL reward design, QAlign,
    # Complexity-Based Prompting, MCTS preference learning, TOPR).
    rows = {r["name"]: r["papers"] for r in _rows(store, "top_benchmarks", limit=50)}
    assert rows["GSM8K"] >= 6


def test_every_library_query_is_exercised_here():
    exercised = {
        "papers_using_benchmark", "benchmarks_of_paper", "models_on_benchmark", "papers_using_model", "papers_proposing",
        "paper_uses", "methods_on_benchmark", "papers_using_method", "author_papers", "coauthors", "organization_papers",
        "cooccurring_entities", "papers_addressing_task", "papers_citing",
        "top_benchmarks", "top_methods", "top_models", "top_metrics", "top_tasks",
    }
    assert {q.name for q in library_queries()} == exercised


#: Parameters for each library query: what the comparison across backends runs.
SAME_ON_EVERY_BACKEND = [
    ("papers_using_benchmark", {"name": "RewardBench"}),
    ("papers_using_benchmark", {"name": "mmlu"}),
    ("benchmarks_of_paper", {"paper": FLAME}),
    ("models_on_benchmark", {"name": "RewardBench"}),
    ("methods_on_benchmark", {"name": "GSM8K"}),
    ("papers_using_model", {"name": "GPT-4o"}),
    ("papers_using_method", {"name": "reinforcement learning from human feedback"}),
    ("papers_proposing", {"name": "FLAMe"}),
    ("paper_uses", {"paper": FLAME}),
    ("author_papers", {"name": "Yizhong Wang"}),
    ("coauthors", {"name": "Yizhong Wang"}),
    ("organization_papers", {"name": "allen-ai"}),
    ("cooccurring_entities", {"name": "RewardBench"}),
    ("papers_addressing_task", {"name": "code generation"}),
    ("papers_citing", {"arxiv_id": "0000.00000"}),
    ("top_benchmarks", {"limit": 10}),
    ("top_methods", {"limit": 10}),
    ("top_models", {"limit": 10}),
    ("top_metrics", {"limit": 10}),
    ("top_tasks", {"limit": 10}),
    ("entity_trend", {"name": "GSM8K", "type": "Benchmark"}),
    ("dated_entities", {"type": "Benchmark"}),
    ("paper_dates", {}),
]


@pytest.mark.parametrize(("query", "params"), SAME_ON_EVERY_BACKEND, ids=[q for q, _ in SAME_ON_EVERY_BACKEND])
def test_library_query_gives_the_same_rows_on_every_backend(store, reference, query, params):
    expected = reference.question(query, params)
    got = store.question(query, params)
    assert got.columns == expected.columns
    assert [tuple(r) for r in got.rows] == [tuple(r) for r in expected.rows]
    if query not in ("papers_citing",):
        assert expected.rows, "the example graph should answer this"


def test_every_library_query_is_compared_across_backends():
    assert {q for q, _ in SAME_ON_EVERY_BACKEND} == {q.name for q in library_queries()}
