"""The JSONL/JSON readers: fields, shapes, gold files and `kg extract` lines."""

from __future__ import annotations

import json

import pytest

from kg.readers import iter_papers, read_inputs
from kg.readers.ids import derived_id
from kg.types import Paper, ReadProblem

from conftest import SHARED
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared gold data (../shared beside the checkout) is not on this machine"
)


def test_jsonl_reads_every_field(fixtures_dir):
    papers = list(iter_papers([fixtures_dir / "readers" / "papers.jsonl"]))
    assert all(isinstance(p, Paper) for p in papers)
    first, second, third = papers
    assert first.id == "infini-attention"
    assert first.arxiv_id == "2404.07143"
    assert first.authors == ("Tsendsuren Munkhdalai", "Manaal Faruqui", "Siddharth Gopal")
    assert (first.published, first.categories, first.comments) == (
        "2024-04-10",
        ("cs.CL", "cs.AI"),
        "9 pages, 4 figures, 4 tables",
    )
    assert (first.has_code, first.score, first.line) == (False, 88.5, 1)
    # comma-separated strings are split; no id and no arXiv ID gives the title hash
    assert second.authors == ("Yizhong Wang", "Yeganeh Kordi", "Swaroop Mishra")
    assert second.organizations == ("allen-ai", "uw")
    assert second.id == derived_id(second.title)
    assert second.abstract.startswith('Large "instruction-tuned" language models')
    # a `kg extract` output line: the paper object inside; blank line 3 is skipped
    assert (third.id, third.arxiv_id, third.title, third.line) == ("2409.12941", "2409.12941", "", 4)


@pytest.mark.parametrize(
    "name,expected",
    [
        (
            "papers.json",
            [
                (2, "Editing Models with Task Arithmetic", None),
                (8, "OLMoE: Open Mixture-of-Experts Language Models", "2409.02060"),
            ],
        ),
        (
            "papers_wrapped.json",
            [
                (3, "s1: Simple test-time scaling", None),
                (5, "Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research", None),
            ],
        ),
    ],
)
def test_json_list_and_wrapped_papers(fixtures_dir, name, expected):
    result = read_inputs([fixtures_dir / "readers" / name])
    assert result.problems == ()
    assert [(p.line, p.title, p.arxiv_id) for p in result.papers] == expected


@needs_shared
def test_jsonl_reads_gold_seed_dev():
    path = SHARED / "eval" / "seed_dev.jsonl"
    result = read_inputs([path])
    assert result.problems == ()
    assert len(result.papers) == 40
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [p.id for p in result.papers] == [r["id"] for r in rows]
    assert result.papers[0].abstract == rows[0]["abstract"].strip()


@needs_shared
def test_jsonl_reads_scirex_abstracts():
    result = read_inputs([SHARED / "data" / "scirex" / "abstracts_dev.jsonl"])
    assert result.problems == ()
    assert len(result.papers) == 150
    assert result.papers[0].title == "Full-Resolution Residual Networks for Semantic Segmentation in Street Scenes"


@pytest.mark.parametrize(
    "line,message",
    [
        ('{"id": "x"}', "record has neither title nor abstract"),
        ('{"title": "", "abstract": "  "}', "record has neither title nor abstract"),
        ("[1, 2]", "expected a JSON object for a paper, got a list"),
        ('"just a string"', "expected a JSON object for a paper, got a string"),
        ('{"title": "T", "authors": 3}', '"authors" must be a list of strings or a comma-separated string'),
        ('{"title": "T", "has_code": "yes"}', '"has_code" must be true or false, got a string'),
        ('{"title": "T", "score": "high"}', '"score" must be a finite number'),
        ('{"title": "T", "arxiv_id": "not-an-id"}', "invalid arxiv_id 'not-an-id'"),
        ('{"title": 5}', '"title" must be a string, got a number'),
        ('{"title": "T"} {"title": "U"}', "invalid JSON: extra data after the JSON value (column 16)"),
    ],
)
def test_jsonl_bad_record_is_a_problem_naming_the_line(tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    path.write_text('{"title": "Good", "abstract": "A"}\n' + line + "\n", encoding="utf-8")
    items = list(iter_papers([path]))
    assert isinstance(items[0], Paper)
    assert items[1] == ReadProblem(str(path), 2, message)


@pytest.mark.parametrize(
    "text,line,message",
    [
        ('{"papers": {"title": "T"}}', 1, '"papers" must be a list of objects, got an object'),
        ("[1, 2", 1, "invalid JSON: expected ',' or ']' (column 6)"),
        ('[\n  {"title": "T"},\n  3\n]', 3, "expected a JSON object for a paper, got a number"),
        ("[\n]", None, None),
    ],
)
def test_json_wrong_shape(tmp_path, text, line, message):
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    result = read_inputs([path], fmt="json")
    if message is None:
        assert result == type(result)((), ())
    else:
        assert result.problems[-1] == ReadProblem(str(path), line, message)


def test_json_top_level_string_is_a_problem(tmp_path):
    path = tmp_path / "in.json"
    path.write_text('"papers"', encoding="utf-8")
    result = read_inputs([path], fmt="json")
    assert [p.message for p in result.problems] == ['expected a JSON list of papers or {"papers": [...]}, got a string']


def test_json_papers_key_on_one_line_and_decoy_key_in_a_string(tmp_path):
    path = tmp_path / "one-line.json"
    path.write_text('{"title": "\\"papers\\": [1]", "papers": [{"title": "A"}, {"abstract": "B"}]}', encoding="utf-8")
    result = read_inputs([path])
    assert result.problems == ()
    assert [(p.title, p.abstract) for p in result.papers] == [("A", ""), ("", "B")]


@pytest.mark.parametrize(
    "value,expected",
    [("2024-04-10", "2024-04-10"), ("2024-04-10T17:03:16Z", "2024-04-10"), ("April 2024", None), ("2024-13-01", None)],
)
def test_jsonl_dates_must_be_iso(tmp_path, value, expected):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"title": "T", "published": value}) + "\n", encoding="utf-8")
    result = read_inputs([path])
    if expected:
        assert [p.published for p in result.papers] == [expected]
    else:
        assert result.papers == ()
        assert [p.message for p in result.problems] == [f'"published" must be a YYYY-MM-DD date, got {value!r}']
