"""The OpenAlex works reader: abstracts from inverted indexes, authorships, arXiv IDs from DOIs and URLs."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from kg.readers import read_inputs
from kg.readers.openalex import abstract_from_inverted_index

ATTENTION = {
    "id": "https://openalex.org/W2963403868",
    "doi": "https://doi.org/10.48550/arxiv.1706.03762",
    "title": "Attention Is All You Need",
    "display_name": "Attention Is All You Need",
    "publication_year": 2017,
    "publication_date": "2017-06-12",
    "authorships": [
        {"author": {"id": "https://openalex.org/A1", "display_name": "Ashish Vaswani"},
         "institutions": [{"display_name": "Google (United States)"}]},
        {"author": {"display_name": "Noam Shazeer"}, "institutions": [{"display_name": "Google (United States)"}]},
        {"author": {"display_name": "Llion Jones"}, "institutions": [{"display_name": "Google Research"}]},
    ],
    "primary_location": {"landing_page_url": "https://arxiv.org/abs/1706.03762", "source": {"display_name": "arXiv (Cornell University)"}},
    # "the" at two positions
    "abstract_inverted_index": {"The": [0], "dominant": [1], "models": [2, 6], "use": [3], "attention.": [4],
                                "the": [5], "win.": [7]},
}
#: No arXiv DOI: the ID comes from an arxiv.org URL among the locations. No abstract: kept with its title.
NO_ABSTRACT = {
    "id": "https://openalex.org/W100", "doi": "https://doi.org/10.1000/other", "title": "A Title Only Work",
    "publication_year": 2021, "publication_date": None, "abstract_inverted_index": None,
    "locations": [{"landing_page_url": "https://example.org/x"}, {"pdf_url": "http://arxiv.org/pdf/2103.00020v2"}],
    "authorships": [],
}
NOT_ON_ARXIV = {"id": "https://openalex.org/W200", "title": "Journal Only", "publication_year": 2019,
                "abstract_inverted_index": {"Short.": [0]}, "authorships": []}


def _write(tmp_path, lines):
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_openalex_work_fields(tmp_path):
    path = _write(tmp_path, [json.dumps(w) for w in (ATTENTION, NO_ABSTRACT, NOT_ON_ARXIV)])
    result = read_inputs([path])
    assert result.problems == ()
    attention, title_only, journal = result.papers
    assert (attention.id, attention.arxiv_id) == ("1706.03762", "1706.03762")
    assert attention.abstract == "The dominant models use attention. the models win."
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer", "Llion Jones")
    assert attention.organizations == ("Google (United States)", "Google Research")
    assert (attention.published, attention.date, attention.date_source) == ("2017-06-12", "2017-06-12", "published")
    assert (attention.doi, attention.venue) == ("10.48550/arxiv.1706.03762", "arXiv (Cornell University)")
    assert (title_only.arxiv_id, title_only.title, title_only.abstract) == ("2103.00020", "A Title Only Work", "")
    assert (title_only.date, title_only.date_source) == ("2021-03", "arxiv_id")
    assert (journal.id, journal.arxiv_id) == ("W200", None)
    assert (journal.date, journal.date_precision, journal.date_source) == ("2019", "year", "date_text")


def test_openalex_api_page_and_bad_lines(tmp_path):
    page = json.dumps({"meta": {"count": 2}, "results": [ATTENTION, NOT_ON_ARXIV]})
    bad_index = json.dumps({**NOT_ON_ARXIV, "abstract_inverted_index": {"word": "zero"}})
    path = _write(tmp_path, [page, '{"id": "https://openalex.org/W3", "title": "cut', bad_index,
                             json.dumps({"id": "https://openalex.org/W4"})])
    result = read_inputs([path])
    assert [p.id for p in result.papers] == ["1706.03762", "W200"]
    assert [(p.line, p.message.split(" (")[0]) for p in result.problems] == [
        (2, "invalid JSON: Unterminated string starting at"),
        (3, '"abstract_inverted_index" must map words to lists of positions'),
        (4, "work has neither title nor abstract"),
    ]


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=8), max_size=60))
def test_openalex_abstract_rebuilt_from_an_inverted_index_of_a_text_is_the_text(words):
    index: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        index.setdefault(word, []).append(position)
    assert abstract_from_inverted_index(index) == " ".join(words)
