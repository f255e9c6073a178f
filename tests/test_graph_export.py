"""``kg export``: neo4j-admin CSVs and command, GraphML, JSONL and CSV hold the whole graph."""

from __future__ import annotations

import csv
import json
import shlex

import networkx as nx
import pytest
from click.testing import CliRunner

from graph_samples import HOSTILE, seed_extractions
from kg.cli import main
from kg.graph.export import ARRAY_DELIMITER, IMPORT_COMMAND_FILE
from kg.graph.nx_store import build_graph, save_graph


@pytest.fixture()
def graph_file(tmp_path):
    path = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), path)
    return path


def _export(graph_file, fmt, outdir):
    result = CliRunner().invoke(main, ["export", "--format", fmt, str(outdir), "--graph", str(graph_file), "-q"])
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_export_neo4j_admin_files_and_exact_command(tmp_path, graph_file):
    out = tmp_path / "admin"
    _export(graph_file, "neo4j-admin", out)
    graph = build_graph(seed_extractions())
    with (out / "nodes_Paper.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert "key:ID(Paper)" in rows[0] and "authors:string[]" in rows[0] and "line:long" in rows[0]
    hostile = next(r for r in rows if r["key:ID(Paper)"] == "hostile-1")
    assert hostile["title:string"] == HOSTILE.title
    assert hostile["abstract:string"] == HOSTILE.abstract
    flame = next(r for r in rows if r["key:ID(Paper)"] == "2407.10817")
    assert flame["authors:string[]"].split(ARRAY_DELIMITER) == ["Tu Vu", "Kalpesh Krishna"]
    total_nodes = 0
    total_rels = 0
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            count = sum(1 for _ in csv.reader(f)) - 1
        if path.name.startswith("nodes_"):
            total_nodes += count
        else:
            total_rels += count
    assert (total_nodes, total_rels) == (graph.number_of_nodes(), graph.number_of_edges())
    command = (out / IMPORT_COMMAND_FILE).read_text().strip().splitlines()[-1]
    args = shlex.split(command)
    assert args[:5] == ["neo4j-admin", "database", "import", "full", "--overwrite-destination=true"]
    assert "--nodes=Paper=nodes_Paper.csv" in args
    assert "--relationships=EVALUATES_ON=rels_EVALUATES_ON_Paper_Benchmark.csv" in args
    assert "--array-delimiter=U+001F" in args and args[-1] == "neo4j"
    named = {a.split("=", 2)[2] for a in args if a.startswith(("--nodes=", "--relationships="))}
    assert named == {p.name for p in out.glob("*.csv")}


def test_export_graphml_reads_back(tmp_path, graph_file):
    _export(graph_file, "graphml", tmp_path / "gm")
    back = nx.read_graphml(tmp_path / "gm" / "graph.graphml", force_multigraph=True)
    graph = build_graph(seed_extractions())
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["Paper:hostile-1"]["title"] == HOSTILE.title
    assert back.nodes["Paper:hostile-1"]["abstract"] == HOSTILE.abstract.replace("\x07", "\ufffd").replace("\r\n", "\n")  # XML normalises CRLF
    assert json.loads(back.nodes["Paper:2407.10817"]["authors"]) == ["Tu Vu", "Kalpesh Krishna"]
    assert back.nodes["Benchmark:mmlu"]["labels"] == "Benchmark"


def test_export_jsonl_and_csv(tmp_path, graph_file):
    _export(graph_file, "jsonl", tmp_path / "j")
    nodes = [json.loads(line) for line in (tmp_path / "j" / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
    rels = [json.loads(line) for line in (tmp_path / "j" / "relationships.jsonl").read_text(encoding="utf-8").splitlines()]
    graph = build_graph(seed_extractions())
    assert (len(nodes), len(rels)) == (graph.number_of_nodes(), graph.number_of_edges())
    assert next(n for n in nodes if n["id"] == "Paper:hostile-1")["properties"]["abstract"] == HOSTILE.abstract
    _export(graph_file, "csv", tmp_path / "c")
    with (tmp_path / "c" / "relationships.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == graph.number_of_edges()
    assert any(r["type"] == "EVALUATES_ON" and r["target"] == "Benchmark:rewardbench" and r["evidence"].startswith("Notably") for r in rows)


def test_export_unknown_format_and_missing_graph(tmp_path):
    bad = CliRunner().invoke(main, ["export", "--format", "xml", str(tmp_path / "o")])
    assert bad.exit_code == 2
    missing = CliRunner().invoke(main, ["export", "--format", "csv", str(tmp_path / "o"), "--graph", str(tmp_path / "none.gz")])
    assert missing.exit_code == 1 and "kg build" in missing.stderr
