"""``--category``, ``--since`` and ``--until``: one PaperFilter, applied the same way by kg build, kg extract and --extracted."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.filters import FilterError, PaperFilter
from kg.graph.nx_store import corpus_papers, load_graph
from kg.types import Paper

RECORDS = [
    {"id": "lg", "title": "Learning", "abstract": "We train BERT.", "categories": ["cs.LG"], "published": "2024-03-05"},
    {"id": "ml", "title": "Statistics", "abstract": "We fit GPT-2.", "categories": ["stat.ML", "math.ST"],
     "arxiv_id": "2401.00001"},
    {"id": "hep", "title": "Physics", "abstract": "We measure quarks.", "categories": ["hep-ph"], "published": "2024-03-06"},
    {"id": "old", "title": "Old Vision", "abstract": "We classify images.", "categories": ["cs.CV"], "published": "2019-07-01"},
    {"id": "none", "title": "Undated", "abstract": "No categories and no date."},
]


@pytest.mark.parametrize(
    "categories,expected",
    [
        ("cs.LG", {"lg"}),
        ("cs.", {"lg", "old"}),
        ("cs", {"lg", "old"}),
        ("CS.lg,stat.ML", {"lg", "ml"}),
        ("math", {"ml"}),
        ("hep-ph", {"hep"}),
        ("hep", set()),
    ],
)
def test_filters_category_matching(categories, expected):
    keep = PaperFilter.parse(categories)
    papers = [Paper(id=r["id"], categories=tuple(r.get("categories", ()))) for r in RECORDS]
    assert {p.id for p in papers if keep.accepts(p)} == expected


@pytest.mark.parametrize(
    "date,since,until,kept",
    [
        ("2024-05-20", "2024-05-01", "2024-05-31", True),
        ("2024-04-30", "2024-05-01", None, False),
        ("2024-05", "2024-05-20", None, True),  # the month overlaps the range
        ("2024-05", None, "2024-05-01", True),
        ("2024-04", "2024-05-01", None, False),
        ("2024", "2024-12-31", None, True),
        ("2023", "2024-01-01", None, False),
        (None, "2000-01-01", None, False),
    ],
)
def test_filters_date_range_with_precision(date, since, until, kept):
    assert PaperFilter.parse(since=since, until=until).accepts_date(date) is kept


def test_filters_bad_values_are_errors():
    with pytest.raises(FilterError, match="--since must be a YYYY-MM-DD date"):
        PaperFilter.parse(since="May 2024")
    with pytest.raises(FilterError, match="is after --until"):
        PaperFilter.parse(since="2024-02-01", until="2024-01-01")
    assert not PaperFilter.parse(" , ") and PaperFilter.parse("cs.LG")


def _corpus(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_filters_kg_build_keeps_matching_papers_and_says_how_many_were_filtered(tmp_path):
    graph = tmp_path / "g.json.gz"
    result = _run("build", _corpus(tmp_path), "--graph", graph, "--no-ner", "--category", "cs.,stat.ML",
                  "--since", "2024-01-01")
    assert result.exit_code == 0, result.output
    assert {p.id for p in corpus_papers(load_graph(graph))} == {"lg", "ml"}
    assert "built 2 papers" in result.stderr and "3 filtered out (category cs.*/stat.ml, since 2024-01-01)" in result.stderr


def test_filters_kg_extract_and_build_extracted_apply_the_same_filter(tmp_path):
    corpus = _corpus(tmp_path)
    out = tmp_path / "ext.jsonl"
    result = _run("extract", corpus, "-o", out, "--no-ner", "--until", "2024-02-29")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["ml", "old"]
    assert "3 filtered out" in result.stderr
    everything = tmp_path / "all.jsonl"
    assert _run("extract", corpus, "-o", everything, "--no-ner", "-q").exit_code == 0
    graph = tmp_path / "g.json.gz"
    result = _run("build", "--extracted", everything, "--graph", graph, "--category", "cs.CV")
    assert result.exit_code == 0, result.output
    assert [p.id for p in corpus_papers(load_graph(graph))] == ["old"]
    assert "4 filtered out" in result.stderr


def test_filters_bad_option_is_a_usage_error(tmp_path):
    result = _run("build", _corpus(tmp_path), "--graph", tmp_path / "g.json.gz", "--since", "2024-13-01")
    assert result.exit_code == 2 and "--since must be a YYYY-MM-DD date" in result.output
    assert not (tmp_path / "g.json.gz").exists()
