"""Every paper with a date clue gets ``date``/``date_precision``/``date_source``, derived in one place."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.dates import rfc2822_day
from kg.readers import read_inputs
from kg.readers.merge import merge_copies
from kg.types import Paper


@pytest.mark.parametrize(
    "fields,expected",
    [
        ({"published": "2024-05-20", "arxiv_id": "2404.00001"}, ("2024-05-20", "day", "published")),
        ({"arxiv_id": "2405.01234"}, ("2024-05", "month", "arxiv_id")),
        ({"arxiv_id": "0704.0001"}, ("2007-04", "month", "arxiv_id")),
        ({"arxiv_id": "hep-th/9901001"}, ("1999-01", "month", "arxiv_id")),
        ({"arxiv_id": "cs/0112099"}, ("2001-12", "month", "arxiv_id")),
        ({"date_text": "2017"}, ("2017", "year", "date_text")),
        ({"date_text": "Dec 20, 2022"}, ("2022-12-20", "day", "date_text")),
        ({"date_text": "Apr 24"}, (None, None, None)),
        ({}, (None, None, None)),
    ],
)
def test_dates_best_date_of_a_paper(fields, expected):
    paper = Paper(id="p", **fields)
    assert (paper.date, paper.date_precision, paper.date_source) == expected


def test_dates_are_derived_again_when_copies_merge():
    listing = Paper(id="t1", title="Same Paper", source="a.txt", line=1)
    arxiv = Paper(id="2405.01234", arxiv_id="2405.01234", title="Same Paper", source="b.txt", line=3)
    assert listing.date is None
    merged = merge_copies([listing, arxiv])
    assert (merged.date, merged.date_source) == ("2024-05", "arxiv_id")
    published = merge_copies([merged, Paper(id="x", title="Same Paper", published="2024-05-07")])
    assert (published.date, published.date_precision, published.date_source) == ("2024-05-07", "day", "published")


def test_dates_cannot_be_passed_in():
    with pytest.raises(TypeError):
        Paper(id="p", date="2020")  # type: ignore[call-arg]


def test_dates_rfc2822_as_arxiv_writes_them():
    assert rfc2822_day("Mon, 2 Apr 2007 19:18:42 GMT") == "2007-04-02"
    assert rfc2822_day("2 Apr 2007 19:18:42 GMT") == "2007-04-02"
    assert rfc2822_day("Mon, 31 Feb 2007 19:18:42 GMT") is None
    assert rfc2822_day("yesterday") is None


def test_dates_flow_through_extract_build_extracted_and_papers_json(tmp_path):
    records = [{"id": "a", "title": "Derived", "abstract": "We use BERT.", "arxiv_id": "2405.01234", "doi": "10.1/a"},
               {"id": "b", "title": "Published", "abstract": "We use GPT-2.", "published": "2023-01-02"}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    shard = tmp_path / "ext.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(source), "-o", str(shard), "--no-ner", "-q"]).exit_code == 0
    stored = [json.loads(line)["paper"] for line in shard.read_text().splitlines()]
    assert [(p["date"], p["date_precision"], p["date_source"]) for p in stored] == [
        ("2024-05", "month", "arxiv_id"), ("2023-01-02", "day", "published")]
    graph = tmp_path / "g.json.gz"
    assert runner.invoke(main, ["build", "--extracted", str(shard), "--graph", str(graph), "-q"]).exit_code == 0
    listed = json.loads(runner.invoke(main, ["papers", "--graph", str(graph), "--json"]).stdout)
    assert [(p["id"], p["date"], p["date_source"]) for p in listed] == [("a", "2024-05", "arxiv_id"),
                                                                         ("b", "2023-01-02", "published")]
    from kg.graph.nx_store import load_graph

    node = load_graph(graph).nodes["Paper:2405.01234"]
    assert (node["date"], node["date_precision"], node["date_source"]) == ("2024-05", "month", "arxiv_id")


def test_dates_every_example_paper_with_an_arxiv_id_or_a_dated_listing_has_a_date(examples_dir):
    papers = read_inputs([examples_dir]).papers
    clued = [p for p in papers if p.published or p.arxiv_id]
    assert clued and all(p.date for p in clued)
    assert all(dataclasses.asdict(p)["date"] == p.date for p in papers)
