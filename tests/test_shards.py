"""Extraction shards: `kg extract` lines load back into the same graph with `kg build --extracted`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from extractors.jsonio import extraction_from_dict, extraction_to_dict
from extractors.pipeline import Extractor
from kg.cli import main
from kg.graph.nx_store import load_graph
from kg.readers import read_inputs


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _same_graph(a, b) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


@pytest.fixture(scope="module")
def extraction_lines(tmp_path_factory, examples_dir) -> list[str]:
    out = tmp_path_factory.mktemp("ext") / "all.jsonl"
    result = _run("extract", examples_dir, "-o", out, "--no-ner", "--no-link", "-q")
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture(scope="module")
def direct_graph(tmp_path_factory, examples_dir):
    path = tmp_path_factory.mktemp("direct") / "g.json.gz"
    result = _run("build", examples_dir, "--graph", path, "--no-ner", "-q")
    assert result.exit_code == 0, result.output
    return load_graph(path)


def test_extraction_line_reads_back_as_the_same_extraction(examples_dir):
    papers = read_inputs([examples_dir]).papers
    for extraction in Extractor(use_ner=False).extract_many(papers):
        back = extraction_from_dict(json.loads(json.dumps(extraction_to_dict(extraction))))
        assert back.paper == extraction.paper
        assert back.triples == extraction.triples
        assert back.mentioned_arxiv_ids == extraction.mentioned_arxiv_ids
        for got, want in zip(back.entities, extraction.entities, strict=True):
            assert (got.name, got.type, got.key, got.introduced, got.aliases, got.family) == (
                want.name, want.type, want.key, want.introduced, want.aliases, want.family)
            assert [(m.text, m.field, m.start, m.end) for m in got.mentions] == [
                (m.text, m.field, m.start, m.end) for m in want.mentions]


def test_build_from_shards_gives_the_graph_of_a_direct_build(tmp_path, extraction_lines, direct_graph):
    shards = tmp_path / "shards"
    shards.mkdir()
    half = len(extraction_lines) // 2
    (shards / "part-1.jsonl").write_text("".join(extraction_lines[:half]), encoding="utf-8")
    (shards / "part-2.jsonl").write_text("".join(extraction_lines[half:]), encoding="utf-8")
    graph = tmp_path / "g.json.gz"
    result = _run("build", "--extracted", shards, "--graph", graph, "-q")
    assert result.exit_code == 0, result.output
    _same_graph(load_graph(graph), direct_graph)


def test_build_extracted_add_twice_duplicates_nothing(tmp_path, extraction_lines):
    shard = tmp_path / "all.jsonl"
    shard.write_text("".join(extraction_lines), encoding="utf-8")
    once, twice = tmp_path / "once.json.gz", tmp_path / "twice.json.gz"
    assert _run("build", "--extracted", shard, "--graph", once, "-q").exit_code == 0
    assert _run("build", "--extracted", shard, "--graph", twice, "-q").exit_code == 0
    assert _run("build", "--extracted", shard, "--graph", twice, "--add", "-q").exit_code == 0
    first, second = load_graph(once), load_graph(twice)
    assert set(first.nodes) == set(second.nodes)
    assert sorted(first.edges(keys=True)) == sorted(second.edges(keys=True))


def test_bad_shard_lines_are_named_and_the_rest_loads(tmp_path, extraction_lines):
    shard = tmp_path / "bad.jsonl"
    no_paper = json.loads(extraction_lines[1])
    del no_paper["paper"]
    wrong_type = json.loads(extraction_lines[2])
    wrong_type["paper"]["authors"] = "A. One"
    lines = [extraction_lines[0], '{"id": "x", "entities": [\n', json.dumps(no_paper) + "\n",
             json.dumps(wrong_type) + "\n", *extraction_lines[3:6]]
    shard.write_text("".join(lines), encoding="utf-8")
    graph = tmp_path / "g.json.gz"
    result = _run("build", "--extracted", shard, "--graph", graph, "-q")
    assert result.exit_code == 1
    assert f"{shard}:2: invalid JSON" in result.stderr
    assert f'{shard}:3: not a kg extract record: no "paper" object' in result.stderr
    assert f'{shard}:4: not a kg extract record: "paper.authors" has the wrong type' in result.stderr
    assert "Traceback" not in result.output
    in_corpus = [n for n, d in load_graph(graph).nodes(data=True) if d.get("in_corpus")]
    assert len(in_corpus) == 4


def test_strict_build_from_a_bad_shard_leaves_the_old_graph(tmp_path, extraction_lines):
    good = tmp_path / "good.jsonl"
    good.write_text("".join(extraction_lines[:5]), encoding="utf-8")
    graph = tmp_path / "g.json.gz"
    assert _run("build", "--extracted", good, "--graph", graph, "-q").exit_code == 0
    before = graph.read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(extraction_lines[0] + "not json\n", encoding="utf-8")
    result = _run("build", "--extracted", bad, "--graph", graph, "--strict", "-q")
    assert result.exit_code == 2 and f"{bad}:2" in result.output
    assert graph.read_bytes() == before


def test_extract_exits_1_when_input_was_skipped(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "BERT", "abstract": "We fine-tune BERT on GLUE."}) + "\n{broken\n")
    out = tmp_path / "out.jsonl"
    result = _run("extract", source, "-o", out, "--no-ner", "-q")
    assert result.exit_code == 1
    assert f"{source}:2" in result.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a"]
