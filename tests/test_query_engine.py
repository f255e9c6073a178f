"""The embedded Cypher engine: parameter binding, quoting, errors, and every library query."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_samples import HOSTILE, seed_extractions
from kg.cli import main
from kg.graph.cypher_engine import QueryError, bind_parameters, cypher_literal, parameter_names, run_cypher
from kg.graph.library import library_queries, load_query
from kg.graph.nx_store import build_graph, save_graph
from kg.graph.schema import LABELS_ATTR

HOSTILE_VALUES = [
    '"}) MATCH (n) DETACH DELETE n //',
    "' OR 1=1 RETURN n //",
    "{name: $x}",
    'a\\"b',
    "\\",
    "line\nbreak\r\n\u2028\x00\x1f",
    "RETURN MATCH WHERE DELETE",
    HOSTILE.title,
]


def _one_node_graph(title: str) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("Paper:x", **{LABELS_ATTR: {"Paper"}}, key="x", title=title)
    graph.add_node("Paper:y", **{LABELS_ATTR: {"Paper"}}, key="y", title="other")
    return graph


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_cypher_literal_hostile_value_matches_only_itself(value):
    result = run_cypher(_one_node_graph(value), "MATCH (p:Paper) WHERE p.title = $t RETURN p.key AS key", {"t": value})
    assert result.rows == (("x",),)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_cypher_literal_any_text_round_trips_through_grand_cypher(value):
    result = run_cypher(_one_node_graph(value), "MATCH (p:Paper) WHERE p.title = $t RETURN p.key AS key", {"t": value})
    assert ("x",) in result.rows


def test_cypher_literal_scalars_and_lists():
    assert cypher_literal(None) == "NULL"
    assert cypher_literal(True) == "TRUE"
    assert cypher_literal(3) == "3"
    assert cypher_literal(["a", 1]) == '["a", 1]'
    with pytest.raises(QueryError):
        cypher_literal(float("nan"))
    with pytest.raises(QueryError):
        cypher_literal(object())


def test_bind_parameters_leaves_strings_and_comments_alone():
    query = 'MATCH (p) WHERE p.x = "$name" AND p.y = $name // $other\nRETURN p'
    bound = bind_parameters(query, {"name": "v"})
    assert bound == 'MATCH (p) WHERE p.x = "$name" AND p.y = "v" // $other\nRETURN p'
    assert parameter_names(query) == ["name"]


def test_bind_parameters_missing_parameter_is_named():
    with pytest.raises(QueryError, match=r"\$name"):
        bind_parameters("MATCH (b) WHERE b.name = $name RETURN b", {})


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("MATCH (p:Paper RETURN p", "unexpected 'RETURN'"),
        ("MATCH (p) WITH p RETURN p", "unexpected 'WITH'"),
        ("MATCH (p) RETURN", "end of query"),
        ("MATCH (p) RETURN q.x", "could not run"),
        ("", "empty query"),
    ],
)
def test_run_cypher_malformed_query_gives_one_line_error(query, message):
    with pytest.raises(QueryError, match=message) as info:
        run_cypher(build_graph(seed_extractions()), query)
    assert "\n" not in str(info.value)


def test_run_cypher_columns_follow_return_order():
    result = run_cypher(build_graph(seed_extractions()), "MATCH (p:Paper)-[r]->(e:Benchmark) RETURN type(r) AS relation, e.type AS type, p.key LIMIT 1")
    assert result.columns == ("relation", "type", "p.key")


# Parameter values per library query, and the rows each must return on the sample graph.
KNOWN = {
    "papers_using_benchmark": ({"name": "rewardbench"}, ["2407.10817", "hf-rewardbench-2"]),
    "papers_using_benchmark_exact": ({"name": "rewardbench"}, ["2407.10817", "hf-rewardbench-2"]),
    "benchmarks_of_entity": ({"name": "FLAMe"}, ["LLM-AggreFact", "RewardBench"]),
    "entity_authors": ({"name": "FLAMe"}, ["Kalpesh Krishna", "Tu Vu"]),
    "paper_authors": ({"paper": "2407.10817"}, ["Kalpesh Krishna", "Tu Vu"]),
    "papers_using_method": ({"name": "Proximal Policy Optimization"}, ["hf-rewardbench-2"]),
    "papers_using_model": ({"name": "gpt-4o"}, ["2407.10817"]),
    "papers_proposing": ({"name": "FLAMe"}, ["2407.10817"]),
    "papers_addressing_task": ({"name": "nothing"}, []),
    "models_on_benchmark": ({"name": "RewardBench"}, ["FLAMe", "GPT-4o"]),
    "methods_on_benchmark": ({"name": "RewardBench"}, ["proximal policy optimization"]),
    "benchmarks_of_paper": ({"paper": "2407.10817"}, ["LLM-AggreFact", "RewardBench"]),
    "paper_uses": ({"paper": "hf-rewardbench-2"}, ["EVALUATES_ON", "PROPOSES", "USES_METHOD"]),
    "author_papers": ({"name": "nathan lambert"}, ["hf-rewardbench-2"]),
    "coauthors": ({"name": "Tu Vu"}, ["Kalpesh Krishna"]),
    "organization_papers": ({"name": "Google DeepMind"}, ["2407.10817"]),
    "cooccurring_entities": ({"name": "MMLU"}, ["MMLU-Pro+"]),
    "papers_citing": ({"arxiv_id": "2403.13787"}, ["2407.10817"]),
    "top_benchmarks": ({"limit": 2}, ["MMLU", "RewardBench"]),
    "top_methods": ({"limit": 5}, ["proximal policy optimization"]),
    "top_models": ({"limit": 5}, ["FLAMe", "GPT-4o"]),
    "top_metrics": ({"limit": 5}, ["accuracy"]),
    "top_tasks": ({"limit": 5}, []),
    "leaderboard": ({"name": "RewardBench"}, []),  # the seed extractions carry no results (tests/test_leaderboard.py ranks some)
    # FLAMe (dated 2024-07-15) and RewardBench 2 (no date) both evaluate on RewardBench
    "entity_trend": ({"name": "RewardBench", "type": "Benchmark"}, ["2407.10817", "hf-rewardbench-2"]),
    "paper_dates": ({}, ["2024-07-15"]),  # dates, not papers: only FLAMe is dated
    # FLAMe, dated 2024-07-15, evaluates on both; the five links of the undated papers are what the windows leave out
    "entity_papers_between": ({"type": "Benchmark", "from": "2024-07", "to": "2024-08", "coarse": "year"}, ["LLM-AggreFact", "RewardBench"]),
    "undated_entity_links": ({"type": "Benchmark", "coarse": "year"}, [None]),
}


def test_library_every_query_has_a_known_case_and_a_header():
    queries = library_queries()
    assert {q.name for q in queries} == set(KNOWN)
    for query in queries:
        assert query.description, query.name
        assert set(query.parameters) == set(KNOWN[query.name][0]), query.name
        assert "Parameters:" in query.text


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_library_query_returns_known_rows_on_sample_graph(name):
    params, expected = KNOWN[name]
    result = run_cypher(build_graph(seed_extractions()), load_query(name).text, params)
    assert [row[0] for row in result.rows] == expected


def test_cli_query_file_with_param_prints_json(tmp_path):
    graph = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), graph)
    result = CliRunner().invoke(main, ["query", "--file", "papers_using_benchmark", "--param", "name=MMLU", "--graph", str(graph), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["paper_id"] for r in rows] == ["hf-mmlu-pro-plus", "hostile-1"]
    assert rows[1]["title"] == HOSTILE.title


def test_cli_query_string_csv_and_table(tmp_path):
    graph = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), graph)
    q = "MATCH (b:Benchmark) WHERE b.paper_count >= $n RETURN b.name AS name ORDER BY name"
    csv_out = CliRunner().invoke(main, ["query", q, "--param", "n=2", "--graph", str(graph), "--csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.stdout.splitlines() == ["name", "MMLU", "RewardBench"]
    table = CliRunner().invoke(main, ["query", q, "--param", "n=2", "--graph", str(graph)])
    assert table.stdout.splitlines()[0].strip() == "name" and "RewardBench" in table.stdout


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_cli_query_hostile_param_is_data_not_query(tmp_path, value):
    graph = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), graph)
    before = graph.read_bytes()
    result = CliRunner().invoke(main, ["query", "--file", "papers_using_benchmark", "--param", f"name={value}", "--graph", str(graph), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert graph.read_bytes() == before


def test_cli_query_malformed_cypher_is_one_clear_line(tmp_path):
    graph = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), graph)
    result = CliRunner().invoke(main, ["query", "MATCH (p:Paper RETURN p", "--graph", str(graph)])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: Cypher syntax error")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_query_missing_graph_and_missing_file_are_clear(tmp_path):
    missing = CliRunner().invoke(main, ["query", "MATCH (p) RETURN p", "--graph", str(tmp_path / "none.gz")])
    assert missing.exit_code == 1 and "kg build" in missing.stderr
    graph = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), graph)
    nofile = CliRunner().invoke(main, ["query", "--file", "nope/x.cypher", "--graph", str(graph)])
    assert nofile.exit_code == 1 and "no such query file" in nofile.stderr


@pytest.mark.parametrize(
    ("pair", "expected"),
    [("paper=2407.10817", "2407.10817"), ("limit=10", 10), ('name="10"', "10"), ("name=a=b", "a=b"), ("name=", "")],
)
def test_cli_query_param_values_keep_their_type(pair, expected):
    from kg.cli.query import _parse_params

    assert _parse_params((pair,)) == {pair.partition("=")[0]: expected}


def test_cli_query_arxiv_id_param_finds_the_paper(tmp_path):
    graph = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), graph)
    result = CliRunner().invoke(main, ["query", "--file", "benchmarks_of_paper", "--param", "paper=2407.10817", "--graph", str(graph), "--csv"])
    assert result.exit_code == 0, result.output
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["benchmark", "LLM-AggreFact", "RewardBench"]


def test_first_rows_query_puts_the_role_first_and_keeps_the_file_order_after_it():
    from kg.graph.library import first_rows_query

    text = 'MATCH (p)-[r]->(b) WHERE b.name = "ORDER BY x" RETURN p.id AS paper_id, r.role AS role ORDER BY paper_id'
    limited = first_rows_query(text, 5)
    assert limited.startswith('MATCH (p)-[r]->(b) WHERE b.name = "ORDER BY x" RETURN')  # the string is not a clause
    assert limited.endswith("ELSE 3 END, paper_id\nLIMIT 5") and 'WHEN role = "introduces" THEN 0' in limited
    assert first_rows_query("MATCH (n) RETURN n.name AS name ORDER BY name LIMIT $limit", 5).endswith("LIMIT $limit")
    assert first_rows_query("MATCH (n) RETURN n.name AS name", 3) == "MATCH (n) RETURN n.name AS name\nLIMIT 3"


def test_count_query_counts_the_distinct_values_of_one_returned_column():
    from kg.errors import KgError
    from kg.graph.library import count_query, load_query

    text = load_query("models_on_benchmark").text
    assert count_query(text, "model").endswith("RETURN COUNT(DISTINCT m.name) AS total")
    with pytest.raises(KgError, match="no column 'paper_id'"):
        count_query(text, "paper_id")
    # what it counts on a database: tests/test_query_examples.py::test_first_answers_are_the_first_of_all_the_answers


# -- kg query's table: built column by column, the same text as row by row

from kg.cli.query import _text, _titled, table_text  # noqa: E402


def _table_row_by_row(columns, rows, width=60):
    """``kg query``'s table as first written: each row's cells made, cut and padded in turn."""
    cells = [[_text(v)[:width] for v in _titled(columns, row)] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


_CELL = st.one_of(st.none(), st.integers(-5, 5), st.text(alphabet=" \t\nab\u00e9-", max_size=80), st.lists(st.integers(0, 3), max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([("paper_id", "arxiv_id", "title", "evidence"), ("name", "papers"), ("x",)]), st.data())
def test_the_query_table_is_the_row_by_row_table(columns, data):
    rows = tuple(tuple(data.draw(_CELL) for _ in columns) for _ in range(data.draw(st.integers(0, 6))))
    width = data.draw(st.sampled_from([60, 5]))
    assert table_text(columns, rows, width) == _table_row_by_row(columns, rows, width)
