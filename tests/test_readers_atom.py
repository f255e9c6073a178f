"""The arXiv API (Atom XML) reader, and its refusal of unsafe XML."""

from __future__ import annotations

import pytest

from kg.readers import ReadError, iter_papers, read_inputs
from kg.types import Paper, ReadProblem


@pytest.fixture(scope="module")
def feed(fixtures_dir) -> list[Paper]:
    items = list(iter_papers([fixtures_dir / "readers" / "arxiv_api.xml"]))
    assert all(isinstance(p, Paper) for p in items)
    return items


def test_atom_reads_every_entry(feed):
    assert [(p.id, p.arxiv_id, p.line) for p in feed] == [
        ("2410.03617", "2410.03617", 10),
        ("2206.04615", "2206.04615", 75),
        ("math/0211159", "math/0211159", 105),
    ]


def test_atom_entry_fields(feed):
    merging = feed[0]
    assert merging.title == "What Matters for Model Merging at Scale?"
    assert merging.authors[:2] == ("Prateek Yadav", "Tu Vu") and len(merging.authors) == 7
    assert merging.organizations == ("UNC Chapel Hill", "Google")
    assert (merging.published, merging.updated) == ("2024-10-04", "2024-10-08")
    assert merging.categories == ("cs.LG", "cs.AI", "cs.CL")
    assert merging.comments == "20 Pages, 7 Figures, 4 Tables"
    assert merging.abstract.startswith(
        "Model merging aims to combine multiple expert models into a more capable single model,"
    )
    assert "\n" not in merging.abstract and "  " not in merging.abstract


def test_atom_multiline_title_and_journal_ref(feed):
    big = feed[1]
    assert big.title == "Beyond the Imitation Game: Quantifying and extrapolating the capabilities of language models"
    assert big.comments.endswith(
        "; journal ref: Transactions on Machine Learning Research, May/2022, https://openreview.net/forum?id=uyTL5Bvosj"
    )
    assert feed[2].categories == ("math.DG",)


def test_atom_api_error_entry_is_a_problem(fixtures_dir):
    path = fixtures_dir / "readers" / "arxiv_api_error.xml"
    result = read_inputs([path])
    assert result.papers == ()
    assert result.problems == (ReadProblem(str(path), 8, "arXiv API error: incorrect id format for 1234.12345"),)


@pytest.mark.parametrize("name", ["xml_bomb.xml", "xml_external_entity.xml"])
def test_atom_refuses_entities(fixtures_dir, name):
    path = fixtures_dir / "readers" / name
    result = read_inputs([path])
    assert result.papers == ()
    (problem,) = result.problems
    assert problem.line == 3 and problem.message.startswith("refused unsafe XML")
    with pytest.raises(ReadError, match="refused unsafe XML"):
        read_inputs([path], strict=True)


def test_atom_external_entity_content_never_read(fixtures_dir):
    items = list(iter_papers([fixtures_dir / "readers" / "xml_external_entity.xml"]))
    assert not any(isinstance(i, Paper) for i in items)
    assert "root:" not in " ".join(str(i) for i in items)


def test_atom_truncated_xml_keeps_earlier_entries(tmp_path, fixtures_dir):
    text = (fixtures_dir / "readers" / "arxiv_api.xml").read_text(encoding="utf-8")
    path = tmp_path / "cut.xml"
    path.write_text(text[: text.index("<id>http://arxiv.org/abs/2206.04615")], encoding="utf-8")
    result = read_inputs([path])
    assert [p.arxiv_id for p in result.papers] == ["2410.03617"]
    assert len(result.problems) == 1 and result.problems[0].message.startswith("invalid XML:")


def test_atom_other_xml_is_not_a_feed(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<feed><item>x</item></feed>\n', encoding="utf-8")
    result = read_inputs([path])
    assert result.papers == ()
    assert [p.message for p in result.problems] == ["not an Atom feed (root element 'feed')"]
