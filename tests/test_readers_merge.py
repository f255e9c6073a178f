"""Merging duplicates across and within files, ids, and folder walking over the seed corpus."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.readers import iter_papers, read_inputs
from kg.readers.ids import derived_id, normalize_arxiv_id
from kg.readers.merge import merge_papers
from kg.types import Paper

BIG_BENCH = "Beyond the Imitation Game: Quantifying and extrapolating the capabilities of language models"


@pytest.fixture(scope="module")
def seed_result(examples_dir):
    return read_inputs([examples_dir])


def test_merge_seed_files_counts(seed_result, examples_dir):
    per_file = Counter(p.source[-len("000_0d88c1752e526751.txt") :][:3] for p in iter_papers([examples_dir]))
    assert per_file == {"000": 10, "001": 65, "002": 90, "003": 106, "004": 50}
    # 321 records; 28 are second or third copies of 21 papers found in several files
    assert len(seed_result.papers) == 293
    assert seed_result.problems == ()
    assert sum(len(p.also_in) for p in seed_result.papers) == 28
    assert sum(1 for p in seed_result.papers if p.also_in) == 21


def test_merge_big_bench_across_four_files(seed_result, examples_dir):
    (big,) = [p for p in seed_result.papers if p.title == BIG_BENCH]
    assert big.id == big.arxiv_id == "2206.04615"
    assert big.source.endswith("000_0d88c1752e526751.txt") and big.line == 55
    assert [a.rsplit("/", 1)[1] for a in big.also_in] == [
        "002_06c9233d7cd8b156.txt:211",
        "003_ae639c9b5b33b9ae.txt:349",
        "004_d77be60debd6e3c9.txt:16",
    ]
    # every field either copy has: 441 authors (000), organisations, category and date (004)
    assert len(big.authors) == 441
    assert big.organizations == ("allen-ai", "amazon-science")
    assert big.categories == ("CL",)
    assert (big.published, big.date_text, big.has_code) == ("2022-06-09", "May 9", False)


def test_merge_same_title_different_abstract_versions(seed_result):
    (camels,) = [p for p in seed_result.papers if p.title.startswith("How Far Can Camels Go?")]
    assert [a.rsplit("/", 1)[1] for a in camels.also_in] == ["004_d77be60debd6e3c9.txt:7"]
    assert camels.source.endswith("003_ae639c9b5b33b9ae.txt")
    assert camels.authors[:1] == ("Yizhong Wang",) and camels.published == "2023-06-07"
    assert camels.date_text == "Sep 3"


def test_merge_three_hf_copies(seed_result):
    (tool,) = [p for p in seed_result.papers if p.title == "ToolRL: Reward is All Tool Learning Needs"]
    assert [a.rsplit("/", 1)[1] for a in tool.also_in] == [
        "002_06c9233d7cd8b156.txt:255",
        "003_ae639c9b5b33b9ae.txt:17",
    ]
    assert tool.id == derived_id(tool.title)


def test_merge_output_in_input_order(seed_result):
    sources = [p.source[-25:-22] for p in seed_result.papers]
    assert sources == sorted(sources)
    lines_000 = [p.line for p in seed_result.papers if p.source.endswith("000_0d88c1752e526751.txt")]
    assert lines_000 == sorted(lines_000)


def test_merge_by_arxiv_id_with_atom_feed(seed_paths, fixtures_dir):
    result = read_inputs([seed_paths["000"], fixtures_dir / "readers" / "arxiv_api.xml"])
    assert len(result.papers) == 11  # 10 + Perelman; 2410.03617 and 2206.04615 merge by arXiv ID
    merging = next(p for p in result.papers if p.arxiv_id == "2410.03617")
    assert merging.title == "What Matters for Model Merging at Scale?"  # only the feed has it
    assert merging.comments == "20 Pages, 7 Figures, 4 Tables"
    assert merging.categories == ("cs.LG", "cs.AI", "cs.CL")
    assert (merging.published, merging.updated) == ("2024-10-04", "2024-10-08")
    assert merging.also_in[0].endswith("arxiv_api.xml:10")


def _paper(**fields) -> Paper:
    fields.setdefault("id", derived_id(fields.get("title", ""), fields.get("abstract", "")))
    return Paper(**fields)


def test_merge_different_arxiv_ids_never_merge():
    a = _paper(title="Same Title", abstract="x", arxiv_id="2401.00001", source="a", line=1)
    b = _paper(title="Same title!", abstract="y", arxiv_id="2401.00002", source="b", line=1)
    assert len(merge_papers([a, b])) == 2


def test_merge_by_abstract_fingerprint_and_id_upgrade():
    a = _paper(title="", abstract="An abstract,  with spacing.", source="a", line=3)
    b = _paper(title="The Title", abstract="an abstract with spacing", arxiv_id="2401.00001", source="b", line=7)
    (merged,) = merge_papers([a, b])
    assert (merged.id, merged.title, merged.arxiv_id, merged.also_in) == (
        "2401.00001",
        "The Title",
        "2401.00001",
        ("b:7",),
    )
    assert merged.abstract == "An abstract,  with spacing."


def test_merge_keeps_own_id_and_within_file_duplicates(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text(
        '{"id": "mine", "title": "A Paper", "abstract": "Text."}\n'
        '{"title": "A  paper", "abstract": "Other text.", "arxiv_id": "2401.00001", "score": 3}\n',
        encoding="utf-8",
    )
    (paper,) = read_inputs([path]).papers
    assert (paper.id, paper.arxiv_id, paper.score, paper.also_in) == ("mine", "2401.00001", 3.0, (f"{path}:2",))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("arXiv:2410.03617v2", "2410.03617"),
        ("0704.0001", "0704.0001"),
        ("1412.8999v1", "1412.8999"),
        ("2301.0924", None),
        ("1412.12345", None),
        ("http://arxiv.org/abs/2410.03617v2", "2410.03617"),
        ("https://arxiv.org/pdf/2410.03617v1.pdf", "2410.03617"),
        ("cs/0601001v3", "cs/0601001"),
        ("math.GT/0309136", "math/0309136"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("2413.00001", None),
        ("2400.00001", None),
        ("24010.0001", None),
        ("cs/0613001", None),
        ("", None),
    ],
)
def test_ids_normalize_arxiv_id(text, expected):
    assert normalize_arxiv_id(text) == expected


def test_ids_derived_id_is_stable():
    assert derived_id("What Matters for Model Merging at Scale?") == derived_id(
        "what matters for model merging at scale"
    )
    assert derived_id("What Matters for Model Merging at Scale?").startswith("t")
    assert len(derived_id("x")) == 13


def test_merge_punctuation_only_texts_do_not_merge():
    a = _paper(title="", abstract="...", source="a", line=1)
    b = _paper(title="", abstract="!!!", source="b", line=1)
    assert len(merge_papers([a, b])) == 2
