"""``kg ask``: plain questions, forgiving names, evidence, JSON, hostile and unknown names."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph_samples import seed_extractions
from kg.cli import main
from kg.graph.ask import QuestionNotUnderstood, parse_question
from kg.graph.nx_store import build_graph, save_graph


@pytest.fixture()
def graph_file(tmp_path):
    path = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), path)
    return path


def _ask(graph_file, question, *extra):
    return CliRunner().invoke(main, ["ask", question, "--graph", str(graph_file), *extra])


@pytest.mark.parametrize(
    ("question", "query", "name"),
    [
        ("which papers use benchmark MMLU?", "papers_using_benchmark", "MMLU"),
        ("Which papers evaluate on the dataset 'GSM8K'?", "papers_using_benchmark", "GSM8K"),
        ("what papers use ResNet", "uses", "ResNet"),
        ("which papers propose FLAMe?", "papers_proposing", "FLAMe"),
        ("who introduced RewardBench 2?", "papers_proposing", "RewardBench 2"),
        ("which models are evaluated on RewardBench?", "models_on_benchmark", "RewardBench"),
        ("papers by Yizhong Wang", "author_papers", "Yizhong Wang"),
        ("what does paper 2407.10817 use?", "paper_uses", "2407.10817"),
        ("which benchmarks does paper 2407.10817 evaluate on?", "benchmarks_of", "2407.10817"),
        ("which benchmarks does FLAMe evaluate on?", "benchmarks_of", "FLAMe"),
        ("what papers does author Yizhong Wang have?", "author_papers", "Yizhong Wang"),
        ("Yizhong Wang's papers", "author_papers", "Yizhong Wang"),
        ("who wrote Self-RAG?", "authors_of", "Self-RAG"),
        ("who are the authors of paper 2407.10817?", "authors_of", "2407.10817"),
        ("most used benchmarks", "top_benchmarks", "benchmarks"),
        ("top methods", "top_methods", "methods"),
        ("top 5 models?", "top_models", "models"),
        ("which metrics are used most?", "top_metrics", "metrics"),
    ],
)
def test_parse_question_maps_to_library_query(question, query, name):
    parsed = parse_question(question)
    assert (parsed[0], parsed[1]) == (query, name)


def test_parse_question_top_limit():
    assert parse_question("top 5 models?").limit == 5
    assert parse_question("most used benchmarks").limit == 10


def test_parse_question_unknown_form_lists_examples_from_the_corpus():
    with pytest.raises(QuestionNotUnderstood, match="which papers use benchmark MMLU") as info:
        parse_question("tell me a joke")
    assert "Yizhong Wang" in str(info.value) and "Nathan Lambert" not in str(info.value)


def test_ask_json_benchmark_question(graph_file):
    result = _ask(graph_file, "which papers use benchmark rewardbench?", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["question"] == "which papers use benchmark rewardbench?"
    assert doc["query"] == "cypher/papers_using_benchmark.cypher"
    assert doc["entity"] == {"name": "RewardBench", "type": "Benchmark"}
    assert [a["paper_id"] for a in doc["answers"]] == ["2407.10817", "hf-rewardbench-2"]
    assert set(doc["answers"][0]) == {"paper_id", "arxiv_id", "title", "role", "member", "evidence"}
    assert doc["answers"][0]["role"] == "uses"
    assert doc["answers"][0]["evidence"].startswith("Notably, on RewardBench")


def test_ask_text_prints_one_evidence_sentence_per_paper(graph_file):
    result = _ask(graph_file, "which papers use MMLU?")
    assert result.exit_code == 0, result.output
    assert "MMLU-Pro+: Evaluating Higher-Order Reasoning" in result.stdout
    assert "“Benchmarks like Massive Multitask Language Understanding (MMLU) have played" in result.stdout
    assert result.stdout.count("“") == 2


def test_ask_unknown_name_suggests_near_misses(graph_file):
    result = _ask(graph_file, "which papers use benchmark RewardBnch?")
    assert result.exit_code == 1
    assert "did you mean: RewardBench" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "name",
    ['"}) MATCH (n) DETACH DELETE n //', "x' OR '1'='1", "{braces: $name}", "RETURN MATCH DELETE", "MMLU\" OR 1=1 //"],
)
def test_ask_hostile_name_is_only_a_name(graph_file, name):
    before = graph_file.read_bytes()
    result = _ask(graph_file, f"which papers use benchmark {name}?", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no benchmark named")
    assert len(result.stderr.strip().splitlines()) == 1
    assert graph_file.read_bytes() == before


def test_ask_models_on_benchmark_and_author(graph_file):
    models = json.loads(_ask(graph_file, "which models were evaluated on RewardBench?", "--json").stdout)
    assert [a["name"] for a in models["answers"]] == ["FLAMe", "GPT-4o"]
    author = json.loads(_ask(graph_file, "papers by tu vu", "--json").stdout)
    assert author["entity"] == {"name": "Tu Vu", "type": "Author"}
    assert [a["arxiv_id"] for a in author["answers"]] == ["2407.10817"]


def test_a_capitalised_type_word_before_the_name_is_part_of_the_name(tmp_path):
    """ "evaluated on Benchmark 0" asks about the benchmark named "Benchmark 0"; "benchmark MT-Bench" about MT-Bench."""
    from kg.graph.ask import ask
    from kg.graph.store import NetworkxStore
    from kg.graph.synthetic import synthetic_extractions

    store = NetworkxStore(build_graph(synthetic_extractions(40, seed=1, authors=100)))
    answer = ask(store, "which models are evaluated on Benchmark 0?")
    assert (answer.entity_name, answer.entity_type) == ("Benchmark 0", "Benchmark")
    assert answer.answers
    assert parse_question("which models are evaluated on benchmark MT-Bench?")[:2] == ("models_on_benchmark", "MT-Bench")
    assert parse_question("which models are evaluated on Benchmark 0?").typed_name == "Benchmark 0"


def test_a_lowercase_type_word_stays_the_type_when_both_readings_exist(graph_file):
    result = _ask(graph_file, "which models are evaluated on benchmark MMLU?", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entity"] == {"name": "MMLU", "type": "Benchmark"}
    missing = _ask(graph_file, "which models are evaluated on benchmark NoSuchBench?")
    assert missing.exit_code == 1 and "'NoSuchBench'" in missing.output  # the error names the name, not the type word
