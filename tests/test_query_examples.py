"""Every ``cypher/`` query on the graph built from ``examples/``, against cases read off the abstracts.

Each test runs on every backend (the database, networkx, Neo4j when ``NEO4J_URI`` is set),
and every library query must give the same rows on all of them.
"""

from __future__ import annotations

import json

import pytest

from backends import BACKENDS, open_backend
from kg.graph.library import library_queries
from kg.graph.store import load_networkx

FLAME = "2407.10817"


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory, examples_dir):
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path_factory.mktemp("examples") / "kg.db"
    result = CliRunner().invoke(main, ["build", str(examples_dir), "--graph", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def graph(graph_path):
    return load_networkx(graph_path)


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


def test_leaderboard_rewardbench_ranks_flame_rm_above_the_gpt4_baselines(store):
    # FLAMe: "our FLAMe-RM-24B model (with an accuracy of 87.8%) ... outperforming both GPT-4-0125 (85.9%) and GPT-4o (84.7%)"
    from kg.leaderboard import rank_tables

    tables = rank_tables("RewardBench", _rows(store, "leaderboard", name="RewardBench"))
    first = tables[0]
    assert (first.benchmark, first.metric, first.unit, first.kind) == ("RewardBench", "accuracy", "%", "score")
    assert [(r.subject, r.value) for r in first.rows[:3]] == [("FLAMe-RM-24B", 87.8), ("GPT-4-0125", 85.9), ("GPT-4o", 84.7)]
    assert all(r.evidence for t in tables for r in t.rows)


def test_cooccurring_with_rewardbench(store):
    names = {r["name"] for r in _rows(store, "cooccurring_entities", name="RewardBench")}
    assert "LLM-AggreFact" in names and "RewardBench" not in names


def test_papers_addressing_task_and_citing_run(store):
    (task,) = _rows(store, "top_tasks", limit=1)
    rows = _rows(store, "papers_addressing_task", name=task["name"])
    assert len([r for r in rows if r["role"] != "mentions"]) == task["papers"] > 0
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


#: Papers that only name MMLU as background or an example (read off the abstracts).
MMLU_MENTION_ONLY = {"t8d177b69d414", "tbfef1461482b", "td4051d866786"}


def test_papers_using_mmlu_say_which_only_mention_it(store):
    # "widely used medical benchmarks like MedQA and MMLU assess only accuracy", "Benchmarks like
    # MMLU have played a pivotal role", "extrinsic evaluation metrics (e.g. MMLU, GSM8k)"
    roles = {r["paper_id"]: r["role"] for r in _rows(store, "papers_using_benchmark", name="MMLU")}
    assert {p for p, role in roles.items() if role == "mentions"} == MMLU_MENTION_ONLY
    assert roles["t7737417faf08"] == "uses"  # ART: "improvement ... in the BigBench and MMLU benchmarks"
    assert set(roles) >= MMLU_MENTION_ONLY | {"t7737417faf08", "t7e6190ceda12", "t4a4ea786f438"}


def test_papers_using_a_benchmark_family_include_its_editions(store):
    # "AlpacaEval 2.0", "Alpaca Eval 2", "AlpacaEval-2", "Length-Controlled AlpacaEval 2.0": 9 papers
    rows = _rows(store, "papers_using_benchmark", name="AlpacaEval")
    assert len({r["paper_id"] for r in rows}) == 9
    assert {r["benchmark"] for r in rows} == {"AlpacaEval", "AlpacaEval 2.0"}
    exact = _rows(store, "papers_using_benchmark_exact", name="AlpacaEval")
    assert {r["benchmark"] for r in exact} == {"AlpacaEval"} and len(exact) < len(rows)
    # AIME has no paper of its own: "AIME24", "AIME2024" are editions of it
    assert len({r["paper_id"] for r in _rows(store, "papers_using_benchmark", name="AIME")}) == 3


def test_rewardbench_family_holds_the_paper_introducing_rewardbench_2_but_not_rag_rewardbench(store):
    rows = _rows(store, "papers_using_benchmark", name="RewardBench")
    introducing = {r["title"] for r in rows if r["role"] == "introduces"}
    assert "RewardBench 2: Advancing Reward Model Evaluation" in introducing
    assert not any((r["title"] or "").startswith("RAG-RewardBench") for r in rows)
    mmlu = {r["benchmark"] for r in _rows(store, "papers_using_benchmark", name="MMLU")}
    assert mmlu == {"MMLU"}  # MMLU-Redux and MMLU-Pro are benchmarks of their own


def test_benchmark_editions_are_variants_of_their_family(store):
    rows = store.query(
        "MATCH (v:Benchmark)-[:VARIANT_OF]->(b:Benchmark) RETURN v.name AS edition, b.name AS family ORDER BY edition"
    ).records()
    pairs = {(r["edition"], r["family"]) for r in rows}
    assert {("AIME 2024", "AIME"), ("AlpacaEval 2.0", "AlpacaEval"), ("RewardBench 2", "RewardBench")} <= pairs


def test_every_paper_entity_relationship_has_a_role(store):
    rows = store.query(
        "MATCH (p:Paper)-[r:PROPOSES|USES_METHOD|USES_MODEL|EVALUATES_ON|REPORTS|ADDRESSES]->(e) RETURN r.role AS role"
    ).records()
    assert rows and {r["role"] for r in rows} == {"introduces", "uses", "mentions"}


def test_benchmarks_of_what_a_paper_proposes_and_who_wrote_it(store):
    names = {r["benchmark"] for r in _rows(store, "benchmarks_of_entity", name="FLAMe")}
    assert {"RewardBench", "LLM-AggreFact"} <= names
    authors = [r["author"] for r in _rows(store, "entity_authors", name="Self-RAG")]
    assert "Yizhong Wang" in authors and "Akari Asai" in authors
    (paper,) = {r["paper_id"] for r in _rows(store, "papers_proposing", name="Self-RAG")}
    assert "Yizhong Wang" in {r["author"] for r in _rows(store, "paper_authors", paper=paper)}


def test_every_library_query_is_exercised_here():
    exercised = {
        "papers_using_benchmark_exact", "benchmarks_of_entity", "entity_authors", "paper_authors",
        "papers_using_benchmark", "benchmarks_of_paper", "models_on_benchmark", "papers_using_model", "papers_proposing",
        "paper_uses", "methods_on_benchmark", "papers_using_method", "author_papers", "coauthors", "organization_papers",
        "cooccurring_entities", "papers_addressing_task", "papers_citing",
        "top_benchmarks", "top_methods", "top_models", "top_metrics", "top_tasks", "leaderboard",
        "entity_trend", "paper_dates", "entity_papers_between", "undated_entity_links",  # the table below, tests/test_trends.py
    }
    assert {q.name for q in library_queries()} == exercised


#: Parameters for each library query: what the comparison across backends runs.
SAME_ON_EVERY_BACKEND = [
    ("papers_using_benchmark", {"name": "RewardBench"}),
    ("papers_using_benchmark", {"name": "mmlu"}),
    ("papers_using_benchmark", {"name": "AlpacaEval"}),
    ("papers_using_benchmark_exact", {"name": "AlpacaEval"}),
    ("benchmarks_of_entity", {"name": "FLAMe"}),
    ("entity_authors", {"name": "Self-RAG"}),
    ("paper_authors", {"paper": "tcb5cd0ca1cd6"}),
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
    ("leaderboard", {"name": "RewardBench"}),
    ("leaderboard", {"name": "AlpacaEval"}),
    ("entity_trend", {"name": "GSM8K", "type": "Benchmark"}),
    ("paper_dates", {}),
    ("entity_papers_between", {"type": "Benchmark", "from": "2024-01", "to": "2025-01", "coarse": "year"}),
    ("entity_papers_between", {"type": "Method", "from": "2023", "to": "2026", "coarse": ""}),
    ("undated_entity_links", {"type": "Benchmark", "coarse": "year"}),  # one row here: no paper of the examples is dated by its year only
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


def _cli(graph_path, *args):
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, [*args, "--graph", str(graph_path)])


def test_kg_ask_lists_users_first_and_marks_mention_only_papers(graph_path):
    result = _cli(graph_path, "ask", "which papers use benchmark MMLU?")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    tags = ["(mentions only)" in line for line in lines]
    assert tags == sorted(tags) and sum(tags) == len(MMLU_MENTION_ONLY)
    doc = json.loads(_cli(graph_path, "ask", "which papers use benchmark MMLU?", "--json").stdout)
    assert [a["role"] for a in doc["answers"]][-3:] == ["mentions"] * 3


def test_kg_ask_family_says_which_edition_and_exact_asks_one_node(graph_path):
    doc = json.loads(_cli(graph_path, "ask", "which papers use AlpacaEval?", "--json").stdout)
    assert len(doc["answers"]) == 9 and {a["member"] for a in doc["answers"]} == {"AlpacaEval", "AlpacaEval 2.0"}
    exact = json.loads(_cli(graph_path, "ask", "which papers use AlpacaEval?", "--exact", "--json").stdout)
    assert exact["query"] == "cypher/papers_using_benchmark_exact.cypher" and {a["member"] for a in exact["answers"]} == {"AlpacaEval"}


@pytest.mark.parametrize(
    ("question", "query", "must"),
    [
        ("which benchmarks does paper 2407.10817 evaluate on?", "benchmarks_of_paper", "RewardBench"),
        ("which benchmarks does FLAMe evaluate on?", "benchmarks_of_entity", "LLM-AggreFact"),
        ("what papers does author Yizhong Wang have?", "author_papers", "Self-Instruct: Aligning Language Models with Self-Generated Instructions"),
        ("who wrote Self-RAG?", "entity_authors", "Akari Asai"),
        ("most used benchmarks", "top_benchmarks", "GSM8K"),
        ("top methods", "top_methods", "reinforcement learning"),
        ("which models are evaluated on RewardBench?", "models_on_benchmark", "GPT-4o"),
        ("what is the best result on RewardBench?", "leaderboard", "FLAMe-RM-24B"),
    ],
)
def test_kg_ask_every_form_has_one_envelope_with_role_and_evidence(graph_path, question, query, must):
    result = _cli(graph_path, "ask", question, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"question", "query", "entity", "total", "answers"} and doc["query"] == f"cypher/{query}.cypher"
    assert doc["total"] == len(doc["answers"])  # fewer than the 100 shown by default
    assert doc["answers"] and all(a["role"] and a["evidence"] for a in doc["answers"])
    assert must in json.dumps(doc["answers"], ensure_ascii=False)


def test_kg_leaderboard_rewardbench_on_the_example_corpus(graph_path):
    result = _cli(graph_path, "leaderboard", "RewardBench")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("RewardBench · accuracy (%) · score · higher is better")
    assert [line.split()[1:3] for line in lines[start + 1:start + 4]] == [["87.8%", "FLAMe-RM-24B"], ["85.9%", "GPT-4-0125"], ["84.7%", "GPT-4o"]]


def test_kg_query_top_benchmarks_without_limit_gives_ten(graph_path):
    result = _cli(graph_path, "query", "--file", "top_benchmarks", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 10


FIRST_ANSWER_CASES = [
    ("papers_using_benchmark", {"name": "MMLU"}),  # three mention-only papers after three users
    ("papers_using_benchmark", {"name": "AlpacaEval"}),  # editions: several rows for one paper
    ("papers_using_model", {"name": "GPT-4o"}),
    ("author_papers", {"name": "Yizhong Wang"}),
    ("models_on_benchmark", {"name": "RewardBench"}),
    ("methods_on_benchmark", {"name": "GSM8K"}),
]


@pytest.mark.parametrize("limit", [1, 2, 4, 8])
@pytest.mark.parametrize(("query", "params"), FIRST_ANSWER_CASES, ids=[f"{q}-{p['name']}" for q, p in FIRST_ANSWER_CASES])
def test_first_answers_are_the_first_of_all_the_answers(store, reference, query, params, limit):
    """The engine's sorted and cut answers (kg ask's default) are exactly the first of all the answers, with their count."""
    from kg.graph.ask import answer_rows, first_answers

    every = answer_rows(query, reference.question(query, params))
    got, total = first_answers(store, query, params, limit)
    assert total == len(every) and len(every) > 1
    assert list(got) == list(every[:limit])


def test_kg_ask_shows_the_first_answers_and_counts_them_all(graph_path):
    everything = json.loads(_cli(graph_path, "ask", "which papers use benchmark MMLU?", "--json", "--all").stdout)
    assert everything["total"] == len(everything["answers"]) == 6
    first = json.loads(_cli(graph_path, "ask", "which papers use benchmark MMLU?", "--json", "--limit", "4").stdout)
    assert first["total"] == 6 and first["answers"] == everything["answers"][:4]
    assert [a["role"] for a in first["answers"]][-1] == "mentions"  # users first, then the first mention-only paper
    text = _cli(graph_path, "ask", "which papers use benchmark MMLU?", "--limit", "2").stdout
    assert "6 answer(s), the first 2 (--all for every one)" in text.splitlines()[0]
    assert sum(line.startswith("- ") for line in text.splitlines()) == 2
    assert _cli(graph_path, "ask", "which papers use benchmark MMLU?", "--limit", "0").exit_code == 2
