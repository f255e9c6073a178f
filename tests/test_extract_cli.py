"""``kg extract`` writes one JSON line per paper, in input order, with exact offsets."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import main


def _papers(path):
    rows = [
        {"id": "p1", "title": "CopyBench: Measuring Literal Copying", "abstract": "We introduce CopyBench, a benchmark. We test Llama3-8B on MMLU."},
        {"id": "p2", "title": "Nothing here", "abstract": "plain words only."},
        {"id": "p3", "title": "", "abstract": "Reinforcement learning from human feedback (RLHF) uses PPO; see arXiv:2410.03617."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows


def test_extract_cli_writes_contract(tmp_path):
    rows = _papers(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in.jsonl"), "-o", str(out), "--no-ner", "-q"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["p1", "p2", "p3"]
    for row, line in zip(rows, lines):
        assert set(line) >= {"id", "arxiv_id", "title", "entities", "triples"}
        for ent in line["entities"]:
            assert ent["type"] in {"Method", "Model", "Benchmark", "Metric", "Task"}
            assert isinstance(ent["introduced"], bool)
            for m in ent["mentions"]:
                assert row[m["field"]][m["start"] : m["end"]] == m["text"]
        for t in line["triples"]:
            assert set(t) >= {"subject", "predicate", "object", "evidence"}
    first = {e["name"]: e for e in lines[0]["entities"]}
    assert first["CopyBench"]["type"] == "Benchmark" and first["CopyBench"]["introduced"]
    assert any(t["predicate"] == "PROPOSES" and t["object"] == "Benchmark:copybench" for t in lines[0]["triples"])
    assert lines[1]["entities"] == []
    assert any(t["predicate"] == "MENTIONS_PAPER" and t["object"] == "Paper:2410.03617" for t in lines[2]["triples"])


def test_extract_cli_user_lexicon(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "title": "", "abstract": "We evaluate on the zorblax suite."}) + "\n")
    lex = tmp_path / "mine.jsonl"
    lex.write_text(json.dumps({"name": "Zorblax", "type": "Benchmark", "aliases": ["zorblax"]}) + "\n")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in.jsonl"), "--lexicon", str(lex), "--no-ner", "-q"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.splitlines()[0])
    assert [(e["name"], e["type"]) for e in line["entities"]] == [("Zorblax", "Benchmark")]


def test_extract_cli_bad_lexicon_is_one_line_error(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "abstract": "x"}) + "\n")
    lex = tmp_path / "bad.jsonl"
    lex.write_text('{"name": "X", "type": "Gadget"}\n')
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in.jsonl"), "--lexicon", str(lex)])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output and "Traceback" not in result.output


def test_extract_cli_workers_same_output(tmp_path, examples_dir):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(examples_dir), "-o", str(one), "--no-ner", "-q"]).exit_code == 0
    assert runner.invoke(main, ["extract", str(examples_dir), "-o", str(two), "--no-ner", "-q", "--workers", "2"]).exit_code == 0
    assert one.read_text() == two.read_text()
