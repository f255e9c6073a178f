"""The Neo4j store: rows and Cypher text checked without a server; the real thing when NEO4J_URI is set."""

from __future__ import annotations

import os
import socket
import threading

import pytest
from click.testing import CliRunner

from graph_samples import HOSTILE, seed_extractions
from kg.cli import main
from kg.graph.cypher_engine import run_cypher
from kg.graph.library import library_queries, load_query
from kg.graph.neo4j_store import (
    Neo4jStore,
    Neo4jStoreError,
    batched,
    describe_error,
    load_plan,
    node_merge_query,
    node_rows,
    relationship_merge_query,
    relationship_rows,
    schema_statements,
)
from kg.graph.nx_store import build_graph, save_graph
from kg.graph.schema import NODE_LABELS

from test_query_engine import KNOWN


@pytest.fixture(scope="module")
def graph():
    return build_graph(seed_extractions())


def test_node_rows_cover_every_node_once_with_plain_properties(graph):
    rows = node_rows(graph)
    assert sum(len(r) for r in rows.values()) == graph.number_of_nodes()
    hostile = next(r for r in rows["Paper"] if r["key"] == "hostile-1")
    assert hostile["props"]["title"] == HOSTILE.title  # text passes unchanged, as a value
    for label_rows in rows.values():
        for row in label_rows:
            assert "__labels__" not in row["props"]
            assert None not in row["props"].values() and [] not in row["props"].values()


def test_relationship_rows_group_by_type_and_end_labels(graph):
    rows = relationship_rows(graph)
    assert sum(len(r) for r in rows.values()) == graph.number_of_edges()
    evaluates = rows[("EVALUATES_ON", "Paper", "Benchmark")]
    flame = next(r for r in evaluates if (r["source"], r["target"]) == ("2407.10817", "rewardbench"))
    assert flame["props"]["evidence"].startswith("Notably, on RewardBench")
    assert ("AUTHORED", "Author", "Paper") in rows


def test_merge_queries_are_parameterised_and_schema_checked():
    query = node_merge_query("Benchmark")
    assert query == "UNWIND $rows AS row MERGE (n:`Benchmark` {key: row.key}) SET n += row.props"
    rel = relationship_merge_query("EVALUATES_ON", "Paper", "Benchmark")
    assert rel.startswith("UNWIND $rows AS row MATCH (a:`Paper` {key: row.source})")
    assert "MERGE (a)-[r:`EVALUATES_ON`]->(b)" in rel
    with pytest.raises(ValueError):
        node_merge_query("Benchmark`) DETACH DELETE n //")
    with pytest.raises(ValueError):
        relationship_merge_query("EVALUATES_ON", "Paper", "Nope")


@pytest.mark.parametrize("size", [1, 2, 3, 1000])
def test_load_plan_batches_hold_every_row_once_and_respect_the_size(graph, size):
    plan = load_plan(graph, size)
    assert all(0 < len(rows) <= size for _, rows in plan)
    node_keys = [(q, r["key"]) for q, rows in plan if "MERGE (n:" in q for r in rows]
    assert len(node_keys) == len(set(node_keys)) == graph.number_of_nodes()
    rel_rows = [r for q, rows in plan if "MERGE (a)-" in q for r in rows]
    assert len(rel_rows) == graph.number_of_edges()
    first_rel = next(i for i, (q, _) in enumerate(plan) if "MERGE (a)-" in q)
    assert all("MERGE (n:" in q for q, _ in plan[:first_rel])  # nodes before relationships


def test_batched_rejects_zero():
    with pytest.raises(ValueError):
        list(batched([{}], 0))


def test_schema_statements_constrain_every_label():
    statements = schema_statements()
    for label in NODE_LABELS:
        assert any(f"FOR (n:{label}) REQUIRE n.key IS UNIQUE" in s for s in statements), label
    assert all(s.startswith("CREATE ") and "IF NOT EXISTS" in s for s in statements)


def test_unreachable_server_gives_clear_message(graph):
    store = Neo4jStore.from_uri("bolt://127.0.0.1:1", "neo4j", "wrong")
    with store, pytest.raises(Neo4jStoreError, match=r"cannot reach Neo4j at bolt://127.0.0.1:1 .*is the server running"):
        store.load_graph(graph)


def test_server_that_hangs_up_gives_clear_message(graph):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def hang_up() -> None:
        for _ in range(20):
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.close()

    threading.Thread(target=hang_up, daemon=True).start()
    try:
        with Neo4jStore.from_uri(f"bolt://127.0.0.1:{port}", "neo4j", "x") as store, pytest.raises(Neo4jStoreError, match="cannot reach Neo4j"):
            store.load_graph(graph)
    finally:
        listener.close()


def test_describe_error_for_auth_and_lost_connection():
    from neo4j.exceptions import AuthError, ServiceUnavailable

    assert "wrong user or password" in describe_error(AuthError("unauthorized"), "bolt://h:7687", "neo4j")
    lost = describe_error(ServiceUnavailable("connection reset"), "bolt://h:7687", "neo4j", done=3, total=10)
    assert "after 3 of 10 batches" in lost and "without duplicates" in lost


def test_cli_load_unreachable_and_bad_uri_are_one_line(tmp_path, graph):
    path = tmp_path / "g.json.gz"
    save_graph(graph, path)
    for uri, message in [("bolt://127.0.0.1:1", "cannot reach Neo4j"), ("foo://x", "invalid Neo4j URI")]:
        result = CliRunner().invoke(main, ["load", "--neo4j", uri, "--password", "x", "--graph", str(path), "-q"])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {message}") and len(result.stderr.strip().splitlines()) == 1


def test_cli_load_reads_uri_from_environment(tmp_path, graph):
    path = tmp_path / "g.json.gz"
    save_graph(graph, path)
    env = {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "x"}
    result = CliRunner().invoke(main, ["load", "--graph", str(path), "-q"], env=env)
    assert result.exit_code == 1 and "bolt://127.0.0.1:1" in result.stderr


# ---------------------------------------------------------------- with a real server

needs_neo4j = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="no Neo4j server: set NEO4J_URI (and NEO4J_USER/NEO4J_PASSWORD), e.g. after `docker compose up -d`")


@pytest.fixture()
def neo4j_store():
    store = Neo4jStore.from_uri(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    with store.driver.session(database=store.database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    yield store
    store.close()


def _counts(store):
    nodes = store.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
    rels = store.query("MATCH ()-[r]->() RETURN count(r) AS n").rows[0][0]
    return nodes, rels


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_load_and_reload_is_idempotent(neo4j_store, graph):
    neo4j_store.load_graph(graph, batch_size=2)
    assert _counts(neo4j_store) == (graph.number_of_nodes(), graph.number_of_edges())
    neo4j_store.load_graph(graph, batch_size=3)
    assert _counts(neo4j_store) == (graph.number_of_nodes(), graph.number_of_edges())
    title = neo4j_store.query("MATCH (p:Paper {key: $k}) RETURN p.title", {"k": "hostile-1"}).rows[0][0]
    assert title == HOSTILE.title


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_batches_written_by_a_real_session_match_the_rows(neo4j_store, graph):
    neo4j_store.load_graph(graph, batch_size=1)
    for label, rows in node_rows(graph).items():
        keys = neo4j_store.query(f"MATCH (n:`{label}`) RETURN n.key ORDER BY n.key").rows
        assert [k for (k,) in keys] == sorted(r["key"] for r in rows)


@pytest.mark.neo4j
@needs_neo4j
@pytest.mark.parametrize("name", sorted(KNOWN))
def test_neo4j_library_query_returns_same_rows_as_embedded(neo4j_store, graph, name):
    neo4j_store.load_graph(graph)
    params = KNOWN[name][0]
    assert neo4j_store.question(name, params).rows == run_cypher(graph, load_query(name).text, params).rows


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_wrong_password_is_clear(graph):
    store = Neo4jStore.from_uri(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), "definitely-wrong-password")
    with store, pytest.raises(Neo4jStoreError, match="wrong user or password"):
        store.load_graph(graph)


def test_library_known_cases_cover_every_query():
    assert {q.name for q in library_queries()} == set(KNOWN)
