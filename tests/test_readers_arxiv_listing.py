"""The arXiv listing reader on the 000 seed file: every record's ID, dates and comments."""

from __future__ import annotations

import pytest

from kg.readers import iter_papers, read_inputs
from kg.types import Paper


@pytest.fixture(scope="module")
def papers_000(seed_paths) -> list[Paper]:
    items = list(iter_papers([seed_paths["000"]]))
    assert all(isinstance(p, Paper) for p in items), [str(p) for p in items if not isinstance(p, Paper)]
    return items


# (line, arXiv ID, published, updated, comments) for every record, read off the file.
EXPECTED_000 = [
    (1, "2510.15242", "2025-10-17", "2025-10-20", None),
    (6, "2410.03617", "2024-10-04", None, "20 Pages, 7 Figures, 4 Tables"),
    (13, "2409.12941", "2024-09-19", None, "Arxiv Preprint"),
    (20, "2407.10817", "2024-07-15", None, "31 pages, 5 figures, 7 tables"),
    (27, "2404.07143", "2024-04-10", None, "9 pages, 4 figures, 4 tables"),
    (34, "2310.03051", "2023-10-04", None, "Preprint, 18 pages, 6 figures, 6 tables"),
    (41, "2301.09244", "2023-01-22", None, "EACL 2023"),
    (48, "2208.13322", "2022-08-28", None, "5 pages, Interspeech 2022"),
    (
        55,
        "2206.04615",
        "2022-06-09",
        None,
        "27 pages, 17 figures + references and appendices, repo: https://github.com/google/BIG-bench",
    ),
    (65, "2112.05842", "2021-12-10", None, "Accepted to be published at Computational Linguistics Journal 2022"),
]


def test_arxiv_listing_reads_ten_records(papers_000):
    assert len(papers_000) == 10


@pytest.mark.parametrize("index,expected", list(enumerate(EXPECTED_000)))
def test_arxiv_listing_record_fields(papers_000, seed_paths, index, expected):
    line, arxiv_id, published, updated, comments = expected
    paper = papers_000[index]
    assert (paper.line, paper.arxiv_id, paper.published, paper.updated, paper.comments) == expected
    assert paper.id == arxiv_id
    assert paper.source == str(seed_paths["000"])
    assert paper.abstract and "\n" not in paper.abstract
    assert "arXiv:" not in paper.abstract and "Created:" not in paper.abstract


def test_arxiv_listing_abstract_only_records_have_no_title(papers_000):
    assert [p.title for p in papers_000 if p.arxiv_id != "2206.04615"] == [""] * 9
    first = papers_000[0]
    assert first.abstract.startswith("Reinforcement learning (RL) has recently proven effective")
    assert first.abstract.endswith(
        "as a general framework for reasoning-enhanced preference learning beyond verifiable tasks."
    )


def test_arxiv_listing_big_bench_title_and_441_authors(papers_000):
    big = papers_000[8]
    assert big.title == ("Beyond the Imitation Game: Quantifying and extrapolating the capabilities of language models")
    assert len(big.authors) == 441
    assert big.authors[:3] == ("Aarohi Srivastava", "Abhinav Rastogi", "Abhishek Rao")
    assert big.authors[-3:] == ("Zijie J. Zhao", "Zirui Wang", "Ziyi Wang")
    assert "Adrià Garriga-Alonso" in big.authors and "Lütfi Kerem Şenel" in big.authors
    assert all(a == a.strip() and a for a in big.authors)
    assert big.abstract.startswith("Language models demonstrate both quantitative improvement")


def test_arxiv_listing_record_without_created_line_and_bad_id(tmp_path):
    path = tmp_path / "listing.txt"
    path.write_text(
        "First abstract, long enough to be an abstract.\n\narXiv:2404.07143v2\n\n"
        "Second abstract.\n\narXiv:2413.99999\nCreated: 2024-01-02\n",
        encoding="utf-8",
    )
    result = read_inputs([path])
    assert [(p.arxiv_id, p.published, p.line) for p in result.papers] == [
        ("2404.07143", None, 1),
        (None, "2024-01-02", 5),
    ]
    assert [(pr.line, pr.message) for pr in result.problems] == [
        (7, "invalid arXiv ID '2413.99999'; record kept without it")
    ]
