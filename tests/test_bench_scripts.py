"""The benchmark scripts still run and print their tables (tiny sizes, so no figure here is a measurement).

The README's Scaling figures come from these scripts; a script that rotted would
leave those figures unreproducible. Each runs as a user runs it, in a fresh
process, with its corpora and graphs in a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def run_script(name: str, *args: str, work_dir: Path) -> str:
    """Run ``bench/NAME`` with ``args`` and return what it printed; fail with its stderr if it fails."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}  # bench_neo4j.py's load part is not for tests
    env["KG_BENCH_DIR"] = str(work_dir)
    done = subprocess.run([sys.executable, str(BENCH / name), *args], capture_output=True, text=True,
                          env=env, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def table_rows(output: str, first_header: str) -> list[dict[str, str]]:
    """The rows of the markdown table whose first column is headed ``first_header``, as dicts."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    headers = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(headers, (cell.strip() for cell in line.strip("|").split("|")))))
    return rows


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


def test_bench_extract_prints_every_row_kind(tmp_path):
    out = run_script("bench_extract.py", "--sizes", "40", "--workers", "1,2", "--ner-sizes", "",
                     "--cli-sizes", "40", "--examples-sizes", "30", "--repeat", "2", "--chunk-size", "10",
                     "--work-dir", str(tmp_path), work_dir=tmp_path)
    rows = table_rows(out, "abstracts")
    kinds = {(row["abstracts"], row["path"], row["workers"]) for row in rows}
    assert kinds == {("40", "read only", "-"), ("40", "rules", "1"), ("40", "rules", "2"),
                     ("30 examples", "read only", "-"), ("30 examples", "rules", "1"), ("30 examples", "rules", "2")}
    for row in rows:
        if row["path"] == "rules":
            assert number(row["abstracts/s"]) > 0 and number(row["peak RSS main MB"]) > 0
            # a run shorter than the extractor's start-up has no rate excluding it: "-", never "nan"
            steady, spread = row["abstracts/s excl. start-up"], row["excl. start-up, range of 2 runs"]
            if spread != "-":
                low, high = (number(x) for x in spread.split("–"))
                assert 0 < low <= high
            assert steady == "-" or number(steady) > 0
    # the generated and the repeated-examples corpora have the sizes asked for
    assert sum(1 for _ in (tmp_path / "corpus-40-seed1.jsonl").open()) == 40
    assert sum(1 for _ in (tmp_path / "examples-30.jsonl").open()) == 30
    [cli] = table_rows(out.split("The real command")[1], "abstracts")
    assert cli["abstracts"] == "40" and number(cli["peak RSS MB (largest process)"]) > 0


def test_bench_build_builds_and_reloads_the_graph(tmp_path):
    out = run_script("bench_build.py", "--sizes", "60", "--work-dir", str(tmp_path), work_dir=tmp_path)
    [build] = table_rows(out, "papers")
    assert build["papers"] == "60"
    assert number(build["nodes"]) > 60 and number(build["edges"]) > 60
    from kg.graph.ladybug_store import LadybugStore

    with LadybugStore.open(tmp_path / "graph-60-seed1.db") as store:
        assert store.stats()["papers_in_corpus"] == 60
    [opened] = table_rows(out.split("Opening the database")[1], "papers")
    assert opened["papers"] == "60" and number(opened["open + count s"]) > 0
    [cli] = table_rows(out.split("End to end")[1], "papers")
    assert cli["papers"] == "60" and number(cli["wall s"]) > 0


def test_bench_questions_runs_every_query_and_question_in_a_fresh_process(tmp_path):
    out = run_script("bench_questions.py", "--sizes", "300", "--repeat", "1", work_dir=tmp_path)
    commands = table_rows(out, "command")
    queries = {row["command"] for row in commands if row["command"].startswith("kg query")}
    assert queries == {f"kg query --file {p.stem}" for p in (ROOT / "cypher").glob("*.cypher") if p.stem != "schema"}
    asks = [row for row in commands if row["command"].startswith("kg ask")]
    assert len(asks) == 15 and asks[-1]["command"].endswith(" --all")  # every form, then every answer of the first
    assert len([row for row in commands if row["command"].startswith("kg trends")]) == 5  # two entities' series, --top by month, quarter, year
    # every command answered (the did-you-mean question exits 1 by design), in a measured time and memory
    assert all(row["exit"] == "0" for row in commands if 'x"?' not in row["command"])
    assert all(number(row["wall s"]) > 0 and number(row["peak RSS MB"]) > 0 for row in commands)
    assert "database" in out and "CSV export" in out
    latency = table_rows(out, "query")
    assert len(latency) == len(queries)


def test_bench_neo4j_says_why_it_skips_and_times_the_export(tmp_path):
    run_script("bench_build.py", "--sizes", "60", "--no-cli", "--work-dir", str(tmp_path), work_dir=tmp_path)
    out = run_script("bench_neo4j.py", "--graph", str(tmp_path / "graph-60-seed1.db"), work_dir=tmp_path)
    assert "NEO4J_URI is not set" in out
    [export] = table_rows(out, "graph")
    assert export["graph"] == "graph-60-seed1.db" and number(export["seconds"]) > 0
    assert "MB of CSV" in export["result"]


def test_bench_read_times_every_reader_format(tmp_path):
    out = run_script("bench_read.py", "--snapshot-size", "300", "--size", "50", "--work-dir", str(tmp_path),
                     work_dir=tmp_path)
    rows = table_rows(out, "format")
    assert [(row["format"], row["--category"]) for row in rows] == [
        ("arxiv-snapshot", "cs.,stat.ML"), ("arxiv-snapshot", "-"), ("oai-pmh", "-"), ("openalex", "-"),
        ("semantic-scholar", "-")]
    filtered, unfiltered, *others = rows
    assert number(unfiltered["papers"]) == 300 and number(unfiltered["filtered/deleted"]) == 0
    # the filter keeps the cs.*/stat.ML share the generator was asked for (28%) and counts the rest
    assert 30 < number(filtered["papers"]) < 150
    assert number(filtered["papers"]) + number(filtered["filtered/deleted"]) == 300
    assert all(number(row["papers"]) == 50 for row in others)
    assert all(number(row["records/s"]) > 0 and number(row["peak RSS MB"]) > 0 for row in rows)


def test_bench_pages_times_every_page_command_on_the_database_and_the_file(tmp_path):
    out = run_script("bench_pages.py", "--sizes", "300", "--entity-pages", "3", "--file", work_dir=tmp_path)
    rows = table_rows(out, "command")
    assert [(row["command"].split(" --")[0], row["graph"].split(" ")[0]) for row in rows] == [
        ("kg viz", "database"), ("kg viz", "database"), ("kg viz (whole graph)", "database"), ("kg site", "database"),
        ("kg viz", "graph"), ("kg viz", "graph"), ("kg viz (whole graph)", "graph"), ("kg site", "graph"),
    ]
    assert all(row["exit"] == "0" and number(row["wall s"]) > 0 and number(row["peak RSS MB"]) > 0 for row in rows)
    assert '--focus "Benchmark 0" --depth 2' in out  # the most popular benchmark of the synthetic graph
    site = [row for row in rows if row["command"].startswith("kg site")]
    assert all("entity pages: the top 3 per type by papers" in row["wrote"] for row in site)
    assert (tmp_path / "pages-300.db").is_file()  # kept for the next run
