"""Neo4j load throughput (rows/s for ``UNWIND $rows ... MERGE`` batches) and the neo4j-admin export time.

The load part runs only when ``NEO4J_URI`` is set (with ``NEO4J_USER`` /
``NEO4J_PASSWORD``, default ``neo4j``/``neo4j``); it MERGEs the papers of a
generated corpus as ``:KgBenchPaper`` nodes plus ``:KgBenchAuthor`` nodes and
``AUTHORED`` relationships, one batch size at a time, and deletes them again, so
it never touches the real graph's labels. The export part times
``kg export --format neo4j-admin`` on the 100k-paper graph file that
``bench_build.py`` leaves in the work folder (or ``--graph``).

Usage:
    NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=secret .venv/bin/python bench/bench_neo4j.py
    .venv/bin/python bench/bench_neo4j.py --graph /tmp/kg-bench/graph-100000-seed1.db
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

KG = Path(sys.executable).with_name("kg")
LABELS = ("KgBenchPaper", "KgBenchAuthor")

MERGE_PAPERS = """
UNWIND $rows AS row
MERGE (p:KgBenchPaper {key: row.key})
SET p.title = row.title, p.abstract = row.abstract, p.published = row.published
WITH p, row
UNWIND row.authors AS name
MERGE (a:KgBenchAuthor {key: name})
MERGE (a)-[:AUTHORED]->(p)
"""


def paper_rows(corpus: Path, count: int) -> list[dict]:
    """The first ``count`` records of a generated corpus as Cypher parameter rows."""
    rows = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            rows.append({
                "key": record["arxiv_id"], "title": record["title"], "abstract": record["abstract"],
                "published": record.get("published"), "authors": record.get("authors", []),
            })
            if len(rows) == count:
                break
    return rows


def neo4j_load(uri: str, rows: list[dict], batch_sizes: list[int]) -> list[list[object]]:
    """Time MERGE-loading ``rows`` at each batch size (a clean slate before each)."""
    from neo4j import GraphDatabase

    user = os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j"
    password = os.environ.get("NEO4J_PASSWORD", "neo4j")
    database = os.environ.get("NEO4J_DATABASE") or None
    table = []
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        driver.verify_connectivity()
        for label in LABELS:
            driver.execute_query(f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE",
                                 database_=database)
        try:
            for size in batch_sizes:
                _delete(driver, database)
                start = time.perf_counter()
                for offset in range(0, len(rows), size):
                    driver.execute_query(MERGE_PAPERS, rows=rows[offset : offset + size], database_=database)
                seconds = time.perf_counter() - start
                authored = sum(len(r["authors"]) for r in rows)
                table.append([size, len(rows), f"{seconds:.1f}", f"{len(rows) / seconds:,.0f}",
                              f"{(len(rows) + authored) / seconds:,.0f}"])
                print(f"batch {size}: {seconds:.1f}s", file=sys.stderr)
        finally:
            _delete(driver, database)
    return table


def store_load(uri: str, graph_path: Path, batch_sizes: list[int]) -> list[list[object]]:
    """Time the project's own loader (``Neo4jStore.load_graph``) at each batch size.

    Only on an empty database, which it empties again after each run.
    """
    from kg.graph.neo4j_store import Neo4jStore
    from kg.graph.store import load_networkx

    user = os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j"
    password = os.environ.get("NEO4J_PASSWORD", "neo4j")
    database = os.environ.get("NEO4J_DATABASE") or None
    graph = load_networkx(graph_path)
    rows = graph.number_of_nodes() + graph.number_of_edges()
    table = []
    with Neo4jStore.from_uri(uri, user, password, database) as store:
        driver = store.driver
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
        if records[0]["n"]:
            raise RuntimeError(f"--store needs an empty database, this one has {records[0]['n']} nodes")
        for size in batch_sizes:
            start = time.perf_counter()
            store.load_graph(graph, batch_size=size)
            seconds = time.perf_counter() - start
            table.append([size, f"{rows:,}", f"{seconds:.1f}", f"{rows / seconds:,.0f}"])
            print(f"store batch {size}: {seconds:.1f}s", file=sys.stderr)
            while driver.execute_query("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS d",
                                       database_=database)[0][0]["d"]:
                pass
    return table


def _delete(driver, database: str | None) -> None:
    """Remove the benchmark's nodes, 10,000 at a time (never the real graph's labels)."""
    for label in LABELS:
        while True:
            records, _, _ = driver.execute_query(
                f"MATCH (n:{label}) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted", database_=database
            )
            if not records or records[0]["deleted"] == 0:
                break


def export_time(graph: Path, out: Path) -> tuple[str, str]:
    """Seconds taken by ``kg export --format neo4j-admin`` on ``graph`` (or why it did not run)."""
    if not graph.exists():
        return "-", f"no graph file at {graph}; run bench/bench_build.py first (it writes it) or pass --graph"
    if out.exists():
        shutil.rmtree(out)
    command = [str(KG), "export", "--format", "neo4j-admin", str(out), "--graph", str(graph), "-q"]
    start = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        message = (process.stderr.strip().splitlines() or ["no message"])[-1]
        return "-", f"`{' '.join(command[1:])}` failed: {message}"
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) if out.is_dir() else 0
    return f"{seconds:.1f}", f"{size / 1024**2:.0f} MB of CSV in {out}"


def main(argv: list[str] | None = None) -> None:
    """Print the load table (or why it was skipped) and the export time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="papers to load per batch size (default 10000)")
    parser.add_argument("--batch-sizes", default="100,1000,5000,10000", help="UNWIND batch sizes")
    parser.add_argument("--store", action="store_true",
                        help="also time the project's loader on the 10k graph (needs an EMPTY database; empties it after)")
    parser.add_argument("--graph", type=Path, help="graph file to export (default: the 100k graph of bench_build.py)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--work-dir", type=Path, default=benchlib.DEFAULT_WORK_DIR, help="corpora and graphs go here")
    args = parser.parse_args(argv)

    benchlib.print_header("Neo4j load and export (bench/bench_neo4j.py)")
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        print("Neo4j load: skipped, NEO4J_URI is not set (no server to load into).\n")
    else:
        corpus = benchlib.corpus_path(args.work_dir, max(args.rows, 1000), args.seed)
        rows = paper_rows(corpus, args.rows)
        try:
            table = neo4j_load(uri, rows, benchlib.parse_ints(args.batch_sizes))
        except Exception as error:  # noqa: BLE001 - report any driver failure as a skip reason
            reason = " ".join(str(error).split())
            print(f"Neo4j load: skipped, cannot use {uri}: {type(error).__name__}: {reason}\n")
        else:
            print(f"Neo4j load into {uri} (MERGE papers, authors, AUTHORED; unique constraints on key):\n")
            print(benchlib.markdown_table(
                ["batch rows", "papers", "seconds", "papers/s", "rows/s (papers + AUTHORED)"], table))
            print()
        if args.store:
            graph_10k = args.work_dir / f"graph-10000-seed{args.seed}.db"
            try:
                table = store_load(uri, graph_10k, benchlib.parse_ints(args.batch_sizes))
            except Exception as error:  # noqa: BLE001
                reason = " ".join(str(error).split())
                print(f"`kg load` path: skipped: {type(error).__name__}: {reason}\n")
            else:
                print(f"The project's loader (`Neo4jStore.load_graph`, as `kg load`) on {graph_10k.name}:\n")
                print(benchlib.markdown_table(["batch rows", "rows (nodes + relationships)", "seconds", "rows/s"], table))
                print()

    graph = args.graph or args.work_dir / f"graph-100000-seed{args.seed}.db"
    seconds, note = export_time(graph, args.work_dir / "neo4j-admin-export")
    print("`kg export --format neo4j-admin` (CSV for `neo4j-admin database import`):\n")
    print(benchlib.markdown_table(["graph", "seconds", "result"], [[graph.name, seconds, note]]))


if __name__ == "__main__":
    main()
