"""The Hugging Face listing reader on the 001-003 seed files and on a file with oddities."""

from __future__ import annotations

import pytest

from kg.readers import iter_papers, read_inputs
from kg.readers.ids import derived_id
from kg.types import Paper, ReadProblem

HEADER = {
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
}


def _papers(path) -> list[Paper]:
    items = list(iter_papers([path]))
    assert all(isinstance(p, Paper) for p in items), [str(p) for p in items if not isinstance(p, Paper)]
    return items


@pytest.mark.parametrize(
    "seed,count,date_text,first,last",
    [
        (
            "001",
            65,
            "Apr 24",
            (11, "ThinkEdit: Interpretable Weight Editing to Mitigate Overly Short Thinking in Reasoning Models"),
            (267, "Exploring the Limit of Outcome Reward for Learning Mathematical Reasoning"),
        ),
        (
            "002",
            90,
            "May 9",
            (
                11,
                "ChEF: A Comprehensive Evaluation Framework for Standardized Assessment of Multimodal Large Language Models",
            ),
            (367, "OMNI: Open-endedness via Models of human Notions of Interestingness"),
        ),
        (
            "003",
            106,
            "Sep 3",
            (13, "Learning gain differences between ChatGPT and human tutor generated algebra hints"),
            (433, "Direct Nash Optimization: Teaching Language Models to Self-Improve with General Preferences"),
        ),
    ],
)
def test_hf_listing_seed_counts_dates_and_ends(seed_paths, seed, count, date_text, first, last):
    papers = _papers(seed_paths[seed])
    assert len(papers) == count
    assert {p.date_text for p in papers} == {date_text}
    assert {p.published for p in papers} == {None}
    assert (papers[0].line, papers[0].title) == first
    assert (papers[-1].line, papers[-1].title) == last
    assert not {p.title for p in papers} & HEADER
    # every title is one short line and every abstract a long paragraph
    assert max(len(p.title) for p in papers) < 150
    assert min(len(p.abstract) for p in papers) > 1300
    assert all(p.id == derived_id(p.title) and p.arxiv_id is None for p in papers)


def test_hf_listing_sentence_like_titles_and_trailing_url(seed_paths):
    by_title = {p.title: p for p in _papers(seed_paths["001"])}
    assert "Learning to summarize from human feedback" in by_title
    assert "Language Models (Mostly) Know What They Know" in by_title
    last = by_title["Exploring the Limit of Outcome Reward for Learning Mathematical Reasoning"]
    assert last.abstract.endswith("future researchhttps://github.com/InternLM/OREAL.")
    two = {p.title for p in _papers(seed_paths["002"])}
    assert "Sample, Don't Search: Rethinking Test-Time Alignment for Language Models" in two
    assert "What, How, Where, and How Well? A Survey on Test-Time Scaling in Large Language Models" in two


def test_hf_listing_within_file_titles_are_unique(seed_paths):
    for seed in ("001", "002", "003"):
        titles = [p.title for p in _papers(seed_paths[seed])]
        assert len(titles) == len(set(titles))


def test_hf_listing_oddities(fixtures_dir):
    path = fixtures_dir / "readers" / "hf_odd.txt"
    items = list(iter_papers([path]))
    papers = [p for p in items if isinstance(p, Paper)]
    assert [(p.line, p.title, p.date_text) for p in papers] == [
        (13, "Learning to summarize from human feedback", "Mar 11"),
        (19, "Can LLMs Learn by Teaching? A Preliminary Study", "Mar 11"),
        (28, "A Tutorial on Bayesian Optimization", "Mar 12"),
    ]
    # a blank line inside an abstract keeps the paragraphs; a line break inside one joins them
    assert papers[0].abstract.count("\n\n") == 1
    assert papers[0].abstract.endswith("training a model to optimize for human preferences.")
    assert papers[1].abstract.endswith("methodology in LLMs. However, for humans, teaching also improves students.")
    assert papers[2].abstract.startswith("Bayesian optimization is an approach")
    problems = [p for p in items if isinstance(p, ReadProblem)]
    assert [(p.line, p.message) for p in problems] == [
        (31, "title without abstract at end of file: 'Trailing Title Without Abstract'")
    ]


def test_hf_listing_detected_without_header(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Apr 24\n\nA Title\n\nAn abstract that says something.\n", encoding="utf-8")
    result = read_inputs([path])
    assert [(p.title, p.abstract, p.date_text) for p in result.papers] == [
        ("A Title", "An abstract that says something.", "Apr 24")
    ]
