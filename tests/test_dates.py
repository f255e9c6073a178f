"""Every paper with a date clue gets ``date``/``date_precision``/``date_source``, derived in one place."""

from __future__ import annotations

import dataclasses
import json

import inspect
import pickle

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.dates import rfc2822_day, rfc2822_day_uncached
from kg.readers import read_inputs
from kg.readers.merge import merge_copies
from kg.types import PAPER_INPUT_FIELDS, Paper


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
    assert rfc2822_day("Mon, \u00b2 Apr 2007 19:18:42 GMT") is None  # "²".isdigit(), but int("²") raised


_TOKEN = st.one_of(
    st.sampled_from(["Mon,", "Tue,", "Sun", "mon,", ",", "", "2", "02", "29", "31", "0", "123", "\u00b2", "\u0663",
                     "Apr", "apr", "April", "FEB", "Ap", "Gmt", "2007", "2024", "207", "20077", "19:18:42", "GMT"]),
    st.text(alphabet="0123456789 :,AaprGMT", max_size=6),
)
_DAY_MONTH_YEAR = st.builds(
    "{}{} {} {}".format,
    st.sampled_from(["", "Mon, ", "Sun,", "Tue ", ", "]),
    st.sampled_from(["1", "2", "02", "28", "29", "30", "31", "0", "\u00b2", " 2"]),
    st.sampled_from(["Jan", "Feb", "apr", "April", "Sep", "Xyz"]),
    st.sampled_from(["2007", "2024", "1999", "207", "2007 extra"]),
)
_DATE_PART = st.one_of(_DAY_MONTH_YEAR, st.lists(_TOKEN, max_size=5).map(" ".join))
_TIME = st.one_of(st.just("19:18:42"), st.text(alphabet="0123456789 :a", min_size=8, max_size=8))
_TIMESTAMP = st.one_of(
    st.builds(lambda part, time, zone: f"{part} {time}{zone}", _DATE_PART, _TIME, st.sampled_from([" GMT", " UTC", "GMT", ""])),
    st.text(),
)


@settings(max_examples=1000, deadline=None)
@given(_TIMESTAMP)
def test_dates_rfc2822_cached_date_part_gives_what_splitting_the_whole_text_gives(text):
    assert rfc2822_day(text) == rfc2822_day_uncached(text)


def test_dates_paper_init_takes_every_input_field_with_its_declared_default():
    """``Paper.__init__`` is written out (for speed): it must name every input field, in order, with its default."""
    parameters = list(inspect.signature(Paper).parameters.values())
    assert tuple(p.name for p in parameters) == PAPER_INPUT_FIELDS
    declared = Paper.__dataclass_fields__
    assert all(p.default == (declared[p.name].default if p.name != "id" else inspect.Parameter.empty) for p in parameters)
    values = {name: f"value of {name}" for name in PAPER_INPUT_FIELDS} | {"published": "2024-05-20", "line": 7}
    paper = Paper(**values)
    assert all(getattr(paper, name) == value for name, value in values.items())
    assert (paper.date, paper.date_precision, paper.date_source) == ("2024-05-20", "day", "published")


def test_dates_paper_stays_a_frozen_value():
    paper = Paper(id="2405.01234", arxiv_id="2405.01234", title="T", authors=("A B",))
    same = Paper(id="2405.01234", arxiv_id="2405.01234", title="T", authors=("A B",))
    assert paper == same and hash(paper) == hash(same) and paper != dataclasses.replace(paper, title="U")
    assert pickle.loads(pickle.dumps(paper)) == paper
    assert dataclasses.replace(paper, arxiv_id=None).date is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        paper.title = "U"  # type: ignore[misc]


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
