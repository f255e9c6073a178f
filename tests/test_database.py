"""The on-disk database: what goes in comes back, it is read-only to readers, and no crash leaves half of it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_samples import HOSTILE, seed_extractions
from kg.cli import main
from kg.errors import GraphFileError
from kg.graph.cypher_engine import QueryError
from kg.graph.ladybug_store import DatabaseError, LadybugStore, dialect, write_database
from kg.graph.nx_store import build_graph, graph_to_node_link, save_graph
from kg.graph.store import NetworkxStore, open_store

KG = str(Path(sys.executable).with_name("kg"))


@pytest.fixture(scope="module")
def graph():
    return build_graph(seed_extractions())


@pytest.fixture()
def db(tmp_path, graph):
    path = tmp_path / "g.db"
    write_database(graph, path)
    return path


def test_graph_round_trips_through_the_database_exactly(db, graph):
    with LadybugStore.open(db) as store:
        back = store.to_networkx()
    assert graph_to_node_link(back) == graph_to_node_link(graph)


def test_hostile_text_is_stored_and_queried_as_text(db):
    with LadybugStore.open(db) as store:
        rows = store.query("MATCH (p:Paper) WHERE p.key = $key RETURN p.title, p.abstract", {"key": HOSTILE.id}).rows
    assert list(rows) == [(HOSTILE.title, HOSTILE.abstract)]


def test_stats_and_papers_match_the_in_memory_store(db, graph):
    with LadybugStore.open(db) as store:
        assert store.stats() == NetworkxStore(graph).stats()
        assert store.corpus_papers() == NetworkxStore(graph).corpus_papers()


def _every_row(path: Path) -> list[tuple]:
    """Every node (all columns, the derived ones too) and every relationship (ends and properties), sorted.

    Sorted: the database returns the rows of a scan in an order that can change from one read to the next.
    """
    from kg.graph.schema import NODE_LABELS, RELATIONSHIP_TYPES

    rows = []
    with LadybugStore.open(path) as store:
        for table in (*NODE_LABELS, *RELATIONSHIP_TYPES):
            columns = store.columns(table)
            if table in NODE_LABELS:
                query = f"MATCH (n:{table}) RETURN " + ", ".join(f"n.`{c}`" for c in columns)
            else:
                query = f"MATCH (a)-[r:{table}]->(b) RETURN label(a), a.key, label(b), b.key" + "".join(f", r.`{c}`" for c in columns)
            rows.extend((table, *row) for row in store.query(query).rows)
    return sorted(rows, key=repr)


def test_a_consuming_write_in_small_spill_batches_writes_the_same_database(tmp_path, graph, monkeypatch):
    import kg.graph.ladybug_store as ladybug_store

    whole = graph.copy()
    before = graph_to_node_link(whole)
    write_database(whole, tmp_path / "whole.db")
    assert graph_to_node_link(whole) == before  # not consumed: the graph is left as it was
    monkeypatch.setattr(ladybug_store, "SPILL_BATCH_ROWS", 2)
    monkeypatch.setattr(ladybug_store, "SPILL_NODE_ROWS", 3)
    consumed = graph.copy()
    write_database(consumed, tmp_path / "consumed.db", consume=True)
    assert consumed.number_of_nodes() == 0 and consumed.number_of_edges() == 0
    rows = _every_row(tmp_path / "whole.db")
    assert len(rows) == graph.number_of_nodes() + graph.number_of_edges()
    assert _every_row(tmp_path / "consumed.db") == rows
    assert sorted(p.name for p in tmp_path.iterdir()) == ["consumed.db", "whole.db"]  # the spill files are gone


def test_a_property_outside_the_schema_gets_its_own_column(tmp_path, graph):
    graph = graph.copy()
    graph.nodes["Benchmark:mmlu"]["subjects"] = 57
    path = tmp_path / "extra.db"
    write_database(graph, path)
    with LadybugStore.open(path) as store:
        assert store.query("MATCH (b:Benchmark) WHERE b.key = 'mmlu' RETURN b.subjects").rows == ((57,),)


def test_a_graph_that_does_not_fit_leaves_the_old_database_and_no_temp_file(db, graph):
    before = db.read_bytes()
    bad = graph.copy()
    bad.add_edge("Benchmark:mmlu", "Author:tuvu", key="AUTHORED", __labels__={"AUTHORED"})
    with pytest.raises(DatabaseError, match="does not fit the schema"):
        write_database(bad, db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["g.db"]


def test_opening_something_else_says_what_it_is(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    with pytest.raises(DatabaseError, match="not a readable kg graph database"):
        LadybugStore.open(junk)
    with pytest.raises(GraphFileError, match="no graph here; run `kg build"):
        open_store(tmp_path / "missing.db")
    with pytest.raises(DatabaseError, match="is a folder"):
        LadybugStore.open(tmp_path)


def test_a_database_older_than_results_answers_library_questions_empty_and_says_why_otherwise(db):
    """A database written before results were extracted has no Result table: leaderboards are empty, not errors."""
    import ladybug

    database = ladybug.Database(str(db))
    connection = ladybug.Connection(database)
    for table in ("REPORTS_RESULT", "RESULT_ON", "RESULT_OF", "RESULT_METRIC", "Result"):
        connection.execute(f"DROP TABLE {table}")
    connection.close()
    database.close()
    with LadybugStore.open(db) as store:
        assert "Result" not in store.tables
        answer = store.question("leaderboard", {"name": "MMLU"})
        assert answer.rows == () and "value" in answer.columns
        with pytest.raises(QueryError, match="older kg, whose graph had no Result table"):
            store.query("MATCH (r:Result) RETURN count(r)")
        with pytest.raises(QueryError) as unknown:
            store.query("MATCH (n:NoSuchLabel) RETURN count(n)")
        assert "older kg" not in str(unknown.value)  # a typo is not an old database
    result = _kg("leaderboard", "MMLU", "--graph", str(db))
    assert result.exit_code == 0, result.output
    library = _kg("query", "--file", "leaderboard", "--param", "name=MMLU", "--graph", str(db))
    assert library.exit_code == 0 and "(0 rows)" in library.output, library.output
    raw = _kg("query", "MATCH (r:Result) RETURN count(r)", "--graph", str(db))
    assert raw.exit_code == 1 and "older kg" in raw.output


def test_readers_cannot_write(db):
    with LadybugStore.open(db) as store, pytest.raises(QueryError, match="read-only"):
        store.query("CREATE (:Benchmark {key: 'x', name: 'X'})")


def test_engine_errors_are_one_line(db):
    with LadybugStore.open(db) as store, pytest.raises(QueryError) as info:
        store.query("MATCH (n RETURN n")
    assert "\n" not in str(info.value) and str(info.value).startswith("Cypher error: Parser exception")


def test_type_of_a_relationship_reads_as_in_neo4j(db):
    assert dialect("MATCH ()-[r]->() RETURN type(r), 'type(x)' // type(y)") == "MATCH ()-[r]->() RETURN label(r), 'type(x)' // type(y)"
    with LadybugStore.open(db) as store:
        rows = store.query("MATCH (p:Paper)-[r]->(b:Benchmark) WHERE b.key = 'rewardbench2' RETURN type(r) AS t ORDER BY t").rows
    assert ("PROPOSES",) in rows


def test_database_file_follows_the_umask(tmp_path, graph):
    old = os.umask(0o022)
    try:
        write_database(graph, tmp_path / "perm.db")
    finally:
        os.umask(old)
    assert (tmp_path / "perm.db").stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------- through the CLI


def _kg(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_twice_from_the_same_input_gives_the_same_graph(tmp_path, examples_dir):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for path in (first, second):
        assert _kg("build", str(sorted(examples_dir.glob("004_*"))[0]), "--graph", str(path), "-q", "--no-ner").exit_code == 0
    graphs = [graph_to_node_link(open_store(p).to_networkx()) for p in (first, second)]
    assert graphs[0] == graphs[1] and graphs[0]["nodes"]


def test_query_is_read_only_unless_write_is_given(db):
    refused = _kg("query", "MATCH (b:Benchmark) SET b.name = 'X' RETURN b.name", "--graph", str(db))
    assert refused.exit_code == 1 and "read-only" in refused.output and "--write" in refused.output
    assert _kg("query", "MATCH (b:Benchmark) WHERE b.name = 'set' RETURN b.key", "--graph", str(db)).exit_code == 0
    done = _kg("query", "MATCH (b:Benchmark) WHERE b.key = 'mmlu' SET b.name = 'MMLU (edited)' RETURN b.name", "--graph", str(db), "--write", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == [{"b.name": "MMLU (edited)"}]
    assert "MMLU (edited)" in _kg("query", "MATCH (b:Benchmark) RETURN b.name", "--graph", str(db)).output


def test_query_engines_answer_alike(db):
    rows = []
    for engine in ("ladybug", "networkx"):
        result = _kg("query", "--file", "papers_using_benchmark", "--param", "name=RewardBench", "--graph", str(db), "--engine", engine, "--json")
        assert result.exit_code == 0, result.output
        rows.append(json.loads(result.stdout))
    assert rows[0] == rows[1] and rows[0]


def test_convert_an_older_graph_file_into_a_database_and_back(tmp_path, graph):
    old = tmp_path / "kg-graph.json.gz"
    save_graph(graph, old)
    new = tmp_path / "kg-graph.db"
    hint = _kg("stats", "--graph", str(new))
    assert hint.exit_code == 1 and f"kg convert {old}" in hint.output
    assert _kg("convert", str(old), "--graph", str(new), "-q").exit_code == 0
    assert graph_to_node_link(open_store(new).to_networkx()) == graph_to_node_link(graph)
    back = tmp_path / "back.json.gz"
    assert _kg("convert", str(new), "--graph", str(back), "-q").exit_code == 0
    assert graph_to_node_link(open_store(back).to_networkx()) == graph_to_node_link(graph)
    # every command still reads the older file itself
    assert "papers read: " in _kg("stats", "--graph", str(old)).output


# ---------------------------------------------------------------- crashes and concurrency

# Rewrites argv[1] with a graph different from the one there, over and over; prints its node count first.
WRITER = textwrap.dedent(
    """
    import sys
    from kg.graph.ladybug_store import write_database
    from kg.graph.nx_store import build_graph
    from kg.graph.synthetic import synthetic_extractions
    graph = build_graph(synthetic_extractions(3000))
    print(graph.number_of_nodes(), flush=True)
    while True:
        write_database(graph, sys.argv[1])
    """
)


def _node_count(path: Path) -> int:
    with LadybugStore.open(path) as store:
        return store.stats()["total_nodes"]


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.6, 1.5])
def test_a_writer_killed_at_any_moment_leaves_a_whole_database(tmp_path, db, delay):
    old_nodes = _node_count(db)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(db)], stdout=subprocess.PIPE, text=True)
    new_nodes = int(proc.stdout.readline())
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _node_count(db) in (old_nodes, new_nodes)


def test_readers_during_a_rewrite_see_the_old_or_the_new_graph(tmp_path, db):
    old_nodes = _node_count(db)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        new_nodes = int(proc.stdout.readline())
        seen = set()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(seen) < 2:
            seen.add(_node_count(db))  # never raises: each open sees one whole database
        assert seen <= {old_nodes, new_nodes}
        assert new_nodes in seen, "the rewrite should have landed while we read"
    finally:
        proc.kill()
        proc.wait()


def test_a_reader_of_a_graph_being_built_for_the_first_time_is_told_so(tmp_path, examples_dir):
    path = tmp_path / "first.db"
    build = subprocess.Popen([KG, "build", str(examples_dir), "--graph", str(path), "-q", "--no-ner"], stderr=subprocess.DEVNULL)
    try:
        lock = path.with_name(path.name + ".lock")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip() == str(build.pid)):
            time.sleep(0.01)
        reader = subprocess.run([KG, "stats", "--graph", str(path)], capture_output=True, text=True, timeout=60)
        if not path.exists() or reader.returncode != 0:
            assert "a kg build is writing this graph right now" in reader.stderr
    finally:
        build.wait(timeout=300)
    assert build.returncode == 0
    assert _kg("stats", "--graph", str(path)).exit_code == 0


def test_every_relationship_property_of_the_schema_has_a_column():
    from kg.graph.ladybug_store import RELATIONSHIP_COLUMNS
    from kg.graph.schema import RELATIONSHIP_PROPERTIES

    assert tuple(RELATIONSHIP_COLUMNS) == RELATIONSHIP_PROPERTIES
