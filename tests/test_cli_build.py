"""``kg build`` / ``kg papers`` / ``kg stats`` end to end on the example corpus."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import stat

import pytest
from click.testing import CliRunner

from kg.build import graph_lock
from kg.cli import main
from kg.graph.nx_store import load_graph
from kg.readers import read_inputs


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="session")
def example_graph(tmp_path_factory, examples_dir):
    path = tmp_path_factory.mktemp("built") / "kg.json.gz"
    result = _run("build", examples_dir, "--graph", path, "-q")
    assert result.exit_code == 0, result.output
    return path


def _ask_titles(graph, question):
    result = _run("ask", question, "--graph", graph, "--json")
    assert result.exit_code == 0, result.output
    return {a["title"] or a["arxiv_id"] for a in json.loads(result.stdout)["answers"]}


def test_build_every_paper_read_is_in_the_graph_with_all_fields(example_graph, examples_dir):
    expected = {p.id: dataclasses.asdict(p) for p in read_inputs([examples_dir]).papers}
    result = _run("papers", "--graph", example_graph, "--json")
    assert result.exit_code == 0, result.output
    got = {p["id"]: p for p in json.loads(result.stdout)}
    assert got.keys() == expected.keys()
    for pid, record in expected.items():
        assert got[pid] == json.loads(json.dumps(record)), pid


def test_build_summary_and_stats(tmp_path, examples_dir):
    graph = tmp_path / "g.json.gz"
    result = _run("build", examples_dir / "000_0d88c1752e526751.txt", "--graph", graph)
    assert result.exit_code == 0, result.output
    assert "built 10 papers" in result.stderr
    stats = json.loads(_run("stats", "--graph", graph, "--json").stdout)
    assert stats["papers_in_corpus"] == 10
    assert stats["nodes"]["Paper"] >= 10
    assert stats["relationships"]["AUTHORED"] > 0
    text = _run("stats", "--graph", graph).stdout
    assert "EVALUATES_ON" in text and "Benchmark" in text


def test_build_known_case_rewardbench(example_graph):
    # From the abstracts: each of these reports results on (the first) RewardBench.
    titles = _ask_titles(example_graph, "which papers use benchmark RewardBench?")
    expected = {
        "2407.10817",  # FLAMe (listing without a title line)
        "CDR: Customizable Density Ratios of Strong-over-weak LLMs for Preference Annotation",
        "HelpSteer2-Preference: Complementing Ratings with Preferences",
        "General Preference Modeling with Preference Representations for Aligning Language Models",
        "RewardBench 2: Advancing Reward Model Evaluation",
        "Evaluating Robustness of Reward Models for Mathematical Reasoning",
    }
    assert expected <= titles
    assert not any(t.startswith("RAG-RewardBench") for t in titles)


def test_build_known_case_gsm8k_and_mmlu(example_graph):
    gsm8k = _ask_titles(example_graph, "which papers use benchmark GSM8K?")
    assert {
        "SpecDec++: Boosting Speculative Decoding via Adaptive Candidate Lengths",
        "Complexity-Based Prompting for Multi-Step Reasoning",
        "Monte Carlo Tree Search Boosts Reasoning via Iterative Preference Learning",
        "Tapered Off-Policy REINFORCE: Stable and efficient reinforcement learning for LLMs",
    } <= gsm8k
    mmlu = _ask_titles(example_graph, "which papers use benchmark mmlu")
    assert {
        "ART: Automatic multi-step reasoning and tool-use for large language models",
        "Investigating Data Contamination in Modern Benchmarks for Large Language Models",
    } <= mmlu


def test_build_twice_gives_identical_file(tmp_path, example_graph, examples_dir):
    again = tmp_path / "again.json.gz"
    assert _run("build", examples_dir, "--graph", again, "-q").exit_code == 0
    assert again.read_bytes() == example_graph.read_bytes()


def test_build_add_merges_without_duplicates(tmp_path, seed_paths):
    graph = tmp_path / "g.json.gz"
    assert _run("build", seed_paths["000"], seed_paths["001"], "--graph", graph, "-q").exit_code == 0
    result = _run("build", "--add", seed_paths["002"], "--graph", graph)
    assert result.exit_code == 0, result.output
    assert "added" in result.stderr
    added = load_graph(graph)
    # One record per paper, as if all three files were read at once (BIG-bench is in 000 and 002).
    expected = {p.arxiv_id or p.id for p in read_inputs([seed_paths[k] for k in ("000", "001", "002")]).papers}
    assert {d["key"] for _, d in added.nodes(data=True) if d.get("in_corpus")} == expected
    assert "examples/002_06c9233d7cd8b156.txt:211" in " ".join(added.nodes["Paper:2206.04615"]["also_in"])
    assert _run("build", "--add", seed_paths["002"], "--graph", graph, "-q").exit_code == 0
    before = graph.read_bytes()
    assert _run("build", "--add", seed_paths["002"], "--graph", graph, "-q").exit_code == 0
    assert graph.read_bytes() == before


def test_build_unreadable_files_in_a_folder_are_all_named_and_nothing_is_written(tmp_path, seed_paths):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_paths["000"], folder)
    (folder / "empty.txt").write_text("")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02\xff binary")
    graph = tmp_path / "g.json.gz"
    result = _run("build", folder, "--graph", graph, "-q")
    assert result.exit_code == 1
    lines = result.stderr.removeprefix("Error: ").strip().splitlines()
    assert f"{folder / 'blob.txt'}: binary file, not text" in lines[0]
    assert lines[1] == f"{folder / 'empty.txt'}: empty file"
    assert "nothing written" in lines[2] and "Traceback" not in result.output
    assert not graph.exists() and not (tmp_path / "g.json.gz.lock").exists()


def test_build_record_problems_inside_a_readable_file_are_skipped_and_listed(tmp_path, seed_paths):
    good = tmp_path / "papers.jsonl"
    good.write_text('{"title": "A Good Paper", "abstract": "It reads."}\n{broken\n', encoding="utf-8")
    graph = tmp_path / "g.json.gz"
    result = _run("build", seed_paths["000"], good, "--graph", graph, "-q")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"{good}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)"]
    assert json.loads(_run("stats", "--graph", graph, "--json").stdout)["papers_in_corpus"] == 11


@pytest.mark.parametrize("bad", ["typo_dir/", "junk.txt", "empty_dir"])
def test_build_nothing_lost_a_good_graph_survives_an_input_no_reader_takes(tmp_path, example_graph, bad):
    graph = tmp_path / "kg.json.gz"
    shutil.copy(example_graph, graph)
    before = graph.read_bytes()
    (tmp_path / "junk.txt").write_text("Just some notes.\nNothing that looks like a listing.\n", encoding="utf-8")
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "empty_dir" / ".hidden").write_text("x")
    path = tmp_path / bad
    result = _run("build", path, "--graph", graph, "-q")
    assert result.exit_code == 1
    message = {"typo_dir/": "no such file or folder", "junk.txt": "unrecognised format",
               "empty_dir": "folder holds no input files"}[bad]
    assert result.stderr.startswith(f"Error: {path}: {message}")
    assert "nothing written" in result.stderr and "Traceback" not in result.output
    assert graph.read_bytes() == before
    assert json.loads(_run("stats", "--graph", graph, "--json").stdout)["papers_in_corpus"] == 293


def test_build_nothing_lost_with_add_and_a_missing_input(tmp_path, seed_paths):
    graph = tmp_path / "kg.json.gz"
    assert _run("build", seed_paths["000"], "--graph", graph, "-q").exit_code == 0
    before = graph.read_bytes()
    result = _run("build", "--add", seed_paths["001"], tmp_path / "missing.jsonl", "--graph", graph, "-q")
    assert result.exit_code == 1 and f"{tmp_path / 'missing.jsonl'}: no such file or folder" in result.stderr
    assert graph.read_bytes() == before


def test_extract_nothing_lost_keeps_the_old_output(tmp_path, seed_paths):
    out = tmp_path / "out.jsonl"
    out.write_text("previous output\n")
    junk = tmp_path / "junk.txt"
    junk.write_text("Just some notes.\n")
    result = _run("extract", seed_paths["000"], junk, "-o", out, "--no-ner", "-q")
    assert result.exit_code == 1 and f"{junk}: unrecognised format" in result.stderr
    assert out.read_text() == "previous output\n"


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_build_graph_file_gets_the_umask_permissions(tmp_path, seed_paths, umask):
    graph = tmp_path / "kg.json.gz"
    old = os.umask(umask)
    try:
        result = _run("build", seed_paths["000"], "--graph", graph, "--no-ner", "-q")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(graph.stat().st_mode) == 0o666 & ~umask


def test_build_strict_stops_with_exit_2_and_keeps_old_graph(tmp_path, seed_paths):
    graph = tmp_path / "g.json.gz"
    assert _run("build", seed_paths["000"], "--graph", graph, "-q").exit_code == 0
    before = graph.read_bytes()
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = _run("build", seed_paths["001"], bad, "--strict", "--graph", graph, "-q")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and str(bad) in result.stderr
    assert graph.read_bytes() == before


def test_build_refuses_concurrent_build_of_same_graph(tmp_path, seed_paths):
    graph = tmp_path / "g.json.gz"
    with graph_lock(graph):
        result = _run("build", seed_paths["000"], "--graph", graph, "-q")
    assert result.exit_code == 1
    assert "another kg build is writing" in result.stderr
    assert not graph.exists()
    assert _run("build", seed_paths["000"], "--graph", graph, "-q").exit_code == 0


def test_build_unreadable_existing_graph_with_add_is_clear(tmp_path, seed_paths):
    graph = tmp_path / "g.json.gz"
    graph.write_bytes(b"garbage")
    result = _run("build", "--add", seed_paths["000"], "--graph", graph, "-q")
    assert result.exit_code == 1 and "not a readable kg graph file" in result.stderr
    assert graph.read_bytes() == b"garbage"


def test_papers_csv_and_table(example_graph):
    out = _run("papers", "--graph", example_graph, "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "also_in" in rows[0] and "authors" in rows[0]
    flame = next(r for r in rows if r["arxiv_id"] == "2407.10817")
    assert flame["published"] == "2024-07-15"
    table = _run("papers", "--graph", example_graph).stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "ARXIV", "DATE"]
    assert len(table) == len(rows) + 1


def test_stats_and_papers_without_graph_say_build_first(tmp_path):
    for command in ("stats", "papers"):
        result = _run(command, "--graph", tmp_path / "none.json.gz")
        assert result.exit_code == 1 and "kg build" in result.stderr


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_streamed_papers_are_read_inputs_papers_even_with_far_apart_duplicates(tmp_path, examples_dir):
    from kg.build import read_streaming

    abstract = "We propose FarNet, a model for long-range retrieval evaluated on MS MARCO with MRR@10 as the metric."
    _jsonl(tmp_path / "a.jsonl", [{"id": "x1", "title": "FarNet: Retrieval", "abstract": abstract, "authors": ["A. One"]},
                                  {"id": "x2", "title": "Unrelated", "abstract": "Plain words."}])
    _jsonl(tmp_path / "b.jsonl", [{"id": "x3", "title": "Other", "abstract": "More plain words."}])
    _jsonl(tmp_path / "c.jsonl", [{"id": "2401.00001", "arxiv_id": "2401.00001", "title": "FarNet: retrieval!",
                                   "abstract": abstract, "authors": ["A. One", "B. Two"]}])
    for inputs in ([tmp_path], [examples_dir], [examples_dir, tmp_path, examples_dir]):
        expected = read_inputs(inputs)
        read = read_streaming(inputs)
        assert list(read.papers) == list(expected.papers)
        assert read.total == len(expected.papers) and read.problems == expected.problems
    merged = next(p for p in read_streaming([tmp_path]).papers if p.title.startswith("FarNet"))
    assert merged.arxiv_id == "2401.00001" and merged.authors == ("A. One", "B. Two") and merged.also_in


def test_build_graph_equals_graph_of_merged_papers(tmp_path, examples_dir):
    from extractors.pipeline import Extractor
    from kg.graph.nx_store import build_graph

    result = _run("build", examples_dir, examples_dir, "--graph", tmp_path / "g.json.gz", "--no-ner", "-q")
    assert result.exit_code == 0, result.output
    expected = build_graph(Extractor(use_ner=False).extract_many(read_inputs([examples_dir, examples_dir]).papers))
    built = load_graph(tmp_path / "g.json.gz")
    assert dict(built.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(built.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))


_DEFINES_HPT = {"id": "2401.00001", "arxiv_id": "2401.00001", "title": "Hierarchical prompting",
                "abstract": "We introduce the Hierarchical Prompting Taxonomy (HPT), a taxonomy of prompts for LLMs."}
_USES_HPT = {"id": "2401.00002", "arxiv_id": "2401.00002", "title": "Prompt taxonomies for code",
             "abstract": "We apply the HPT framework to code generation and find it helps small models."}


def _hpt_nodes(graph_path) -> dict[str, list[str]]:
    """Method nodes whose name or aliases mention HPT -> the papers linked to them."""
    graph = load_graph(graph_path)
    return {
        data["name"]: sorted(graph.nodes[p]["arxiv_id"] for p, _ in graph.in_edges(node))
        for node, data in graph.nodes(data=True)
        if data.get("type") == "Method" and ("HPT" in data.get("aliases", ()) or data["name"] == "HPT")
    }


def _jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_build_links_a_bare_acronym_to_the_long_form_another_paper_defines(tmp_path):
    corpus = _jsonl(tmp_path / "papers.jsonl", _USES_HPT, _DEFINES_HPT)  # the bare use comes first
    linked, unlinked = tmp_path / "linked.json.gz", tmp_path / "unlinked.json.gz"
    assert _run("build", corpus, "--graph", linked, "--no-ner", "-q").exit_code == 0
    assert _run("build", corpus, "--graph", unlinked, "--no-ner", "--no-link", "-q").exit_code == 0
    assert _hpt_nodes(linked) == {"Hierarchical Prompting Taxonomy": ["2401.00001", "2401.00002"]}
    assert _hpt_nodes(unlinked) == {"Hierarchical Prompting Taxonomy": ["2401.00001"], "HPT": ["2401.00002"]}


def test_build_add_links_new_papers_to_definitions_already_in_the_graph(tmp_path):
    graph = tmp_path / "kg.json.gz"
    assert _run("build", _jsonl(tmp_path / "a.jsonl", _DEFINES_HPT), "--graph", graph, "--no-ner", "-q").exit_code == 0
    assert _run("build", _jsonl(tmp_path / "b.jsonl", _USES_HPT), "--graph", graph, "--add", "--no-ner", "-q").exit_code == 0
    assert _hpt_nodes(graph) == {"Hierarchical Prompting Taxonomy": ["2401.00001", "2401.00002"]}


def test_build_from_unlinked_shards_links_across_them(tmp_path):
    shards = tmp_path / "shards"
    shards.mkdir()
    for name, record in (("1", _USES_HPT), ("2", _DEFINES_HPT)):
        result = _run("extract", _jsonl(tmp_path / f"{name}.jsonl", record), "-o", shards / f"{name}.jsonl",
                      "--no-ner", "--no-link", "-q")
        assert result.exit_code == 0, result.output
    graph = tmp_path / "kg.json.gz"
    assert _run("build", "--extracted", shards, "--graph", graph, "-q").exit_code == 0
    assert _hpt_nodes(graph) == {"Hierarchical Prompting Taxonomy": ["2401.00001", "2401.00002"]}


def test_build_add_links_a_bare_acronym_already_in_the_graph_to_a_new_definition(tmp_path):
    graph = tmp_path / "kg.json.gz"
    assert _run("build", _jsonl(tmp_path / "b.jsonl", _USES_HPT), "--graph", graph, "--no-ner", "-q").exit_code == 0
    assert _hpt_nodes(graph) == {"HPT": ["2401.00002"]}
    assert _run("build", _jsonl(tmp_path / "a.jsonl", _DEFINES_HPT), "--graph", graph, "--add", "--no-ner", "-q").exit_code == 0
    assert _hpt_nodes(graph) == {"Hierarchical Prompting Taxonomy": ["2401.00001", "2401.00002"]}
    node = load_graph(graph).nodes["Method:hierarchicalpromptingtaxonomy"]
    assert node["paper_count"] == 2 and "HPT" in node["aliases"]


def test_build_links_acronyms_as_kg_extract_link_does(tmp_path, examples_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(examples_dir, corpus)
    _jsonl(corpus / "zz_hpt.jsonl", _USES_HPT, _DEFINES_HPT)
    direct, via_extract = tmp_path / "direct.json.gz", tmp_path / "via.json.gz"
    assert _run("build", corpus, "--graph", direct, "--no-ner", "-q").exit_code == 0
    assert _run("extract", corpus, "-o", tmp_path / "ext.jsonl", "--no-ner", "-q").exit_code == 0
    assert _run("build", "--extracted", tmp_path / "ext.jsonl", "--no-link", "--graph", via_extract, "-q").exit_code == 0
    a, b = load_graph(direct), load_graph(via_extract)
    assert "Method:hpt" not in a and "Method:hierarchicalpromptingtaxonomy" in a
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def test_build_leaves_an_acronym_defined_two_ways_unlinked(tmp_path):
    other = {"id": "2401.00003", "arxiv_id": "2401.00003", "title": "Agents",
             "abstract": "We propose Hybrid Policy Tuning (HPT), a method for agents."}
    graph = tmp_path / "kg.json.gz"
    corpus = _jsonl(tmp_path / "papers.jsonl", _DEFINES_HPT, other, _USES_HPT)
    assert _run("build", corpus, "--graph", graph, "--no-ner", "-q").exit_code == 0
    assert _hpt_nodes(graph) == {"Hierarchical Prompting Taxonomy": ["2401.00001"],
                                 "Hybrid Policy Tuning": ["2401.00003"], "HPT": ["2401.00002"]}


def test_every_command_module_registers_the_commands_it_defines():
    """The lazy command table and the modules agree: no command is missing or misnamed."""
    import importlib

    from kg.cli import COMMANDS

    for module in set(COMMANDS.values()):
        defined = {c.name for c in importlib.import_module(f"kg.cli.{module}").commands}
        assert defined == {name for name, m in COMMANDS.items() if m == module}
    assert CliRunner().invoke(main, ["--help"]).output.count("\n  ") >= len(COMMANDS)


def test_build_says_how_many_duplicate_records_it_merged(tmp_path, examples_dir):
    # the five listings hold 321 records of 293 papers (README: 28 duplicates merged)
    graph = tmp_path / "g.db"
    result = CliRunner().invoke(main, ["build", str(examples_dir), "--graph", str(graph), "--no-ner"])
    assert result.exit_code == 0, result.output
    assert "built 293 papers" in result.stderr and "28 duplicate record(s) merged" in result.stderr
    again = CliRunner().invoke(main, ["build", str(sorted(examples_dir.glob("000_*"))[0]), "--add", "--graph", str(graph), "--no-ner"])
    assert "graph has" in again.stderr and "duplicate record(s) merged" in again.stderr


def test_papers_table_names_an_untitled_paper_by_its_id(tmp_path):
    listing = tmp_path / "untitled.jsonl"
    listing.write_text('{"arxiv_id": "2405.01234", "abstract": "We evaluate on MMLU and report accuracy."}\n', encoding="utf-8")
    graph = tmp_path / "g.db"
    assert CliRunner().invoke(main, ["build", str(listing), "--graph", str(graph), "--no-ner", "-q"]).exit_code == 0
    table = CliRunner().invoke(main, ["papers", "--graph", str(graph)]).stdout
    assert "(untitled) [arXiv:2405.01234]" in table
