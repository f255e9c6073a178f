"""Hostile text (HTML, </script>, Cypher, control characters, RTL marks, emoji) stays text end to end."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.nx_store import load_graph

HOSTILE_TITLE = 'ReBench"}) MATCH (n) DETACH DELETE n // <img src=x onerror=alert(1)> </script> \u202eevil\u202c \U0001F600'
HOSTILE_ABSTRACT = (
    "We evaluate on MMLU and GSM8K <script>alert('x')</script> with 'quotes', {braces} and $param. "
    "Control \x07 bell and \u200f right-to-left mark; emoji \U0001F525 too. We propose HostileNet, a new method."
)


@pytest.fixture()
def hostile_jsonl(tmp_path):
    path = tmp_path / "hostile.jsonl"
    record = {"id": "hostile-1", "title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT, "authors": ["O'Brien <b>Bobby</b>"]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_hostile_text_survives_extract_unchanged(tmp_path, hostile_jsonl):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(hostile_jsonl), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["title"] == HOSTILE_TITLE
    fields = {"title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT}
    names = {e["name"] for e in line["entities"]}
    assert {"MMLU", "GSM8K"} <= names
    for entity in line["entities"]:
        for mention in entity["mentions"]:
            assert fields[mention["field"]][mention["start"]:mention["end"]] == mention["text"]


def test_hostile_text_survives_graph_file_and_papers_json(tmp_path, hostile_jsonl):
    graph_path = tmp_path / "g.json.gz"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(hostile_jsonl), "--graph", str(graph_path), "-q", "--no-ner"])
    assert result.exit_code == 0, result.output
    graph = load_graph(graph_path)
    papers = [data for _, data in graph.nodes(data=True) if "Paper" in data["__labels__"]]
    assert [p["title"] for p in papers] == [HOSTILE_TITLE]
    assert papers[0]["abstract"] == HOSTILE_ABSTRACT
    listed = json.loads(runner.invoke(main, ["papers", "--graph", str(graph_path), "--json"]).output)
    assert listed[0]["title"] == HOSTILE_TITLE and listed[0]["authors"] == ["O'Brien <b>Bobby</b>"]
    # A hostile value as a query parameter is matched as text, never run as Cypher.
    asked = runner.invoke(main, ["query", "--graph", str(graph_path), "--file", "papers_using_benchmark",
                                 "--param", f"name={HOSTILE_TITLE}", "--json"])
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.output) == []
    assert load_graph(graph_path).number_of_nodes() == graph.number_of_nodes()


def test_hostile_text_is_escaped_in_the_page(tmp_path, hostile_jsonl):
    graph_path = tmp_path / "g.json.gz"
    page = tmp_path / "page.html"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(hostile_jsonl), "--graph", str(graph_path), "-q", "--no-ner"]).exit_code == 0
    result = runner.invoke(main, ["viz", "--graph", str(graph_path), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<img src=x onerror" not in html
    assert "<script>alert" not in html
    assert "\u202eevil" in html or "\\u202eevil" in html  # kept as text, not dropped
