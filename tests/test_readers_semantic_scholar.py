"""The Semantic Scholar reader: Graph API JSON lines, search pages and the bulk dataset's lower-case keys."""

from __future__ import annotations

import json

from kg.readers import read_inputs

PAPER = {
    "paperId": "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
    "externalIds": {"ArXiv": "1706.03762", "DOI": "10.48550/arXiv.1706.03762", "CorpusId": 13756489},
    "title": "Attention is All you Need", "abstract": "The dominant sequence transduction models\n are complex.",
    "authors": [{"authorId": "40348417", "name": "Ashish Vaswani"}, {"authorId": "1846258", "name": "Noam Shazeer"}],
    "publicationDate": "2017-06-12", "year": 2017, "venue": "Neural Information Processing Systems",
}
YEAR_ONLY = {"paperId": "abc123", "externalIds": {}, "title": "Old Workshop Paper", "abstract": None,
             "authors": [], "publicationDate": None, "year": 2009, "venue": ""}
DATASET_ROW = {"corpusid": 42, "externalids": {"ArXiv": None, "DOI": "10.1/x"}, "title": "From The Bulk Dataset",
               "authors": [{"authorId": "1", "name": "Ana Lima"}], "publicationdate": "2020-02-03", "year": 2020,
               "venue": "ICML"}


def test_semantic_scholar_paper_fields(tmp_path):
    path = tmp_path / "s2.jsonl"
    lines = [json.dumps(PAPER), json.dumps({"total": 1, "data": [YEAR_ONLY]}), json.dumps(DATASET_ROW),
             '{"paperId": "x", "title": 7}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_inputs([path])
    attention, old, bulk = result.papers
    assert (attention.id, attention.arxiv_id, attention.title) == ("1706.03762", "1706.03762", "Attention is All you Need")
    assert attention.abstract == "The dominant sequence transduction models are complex."
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert (attention.published, attention.doi, attention.venue) == (
        "2017-06-12", "10.48550/arXiv.1706.03762", "Neural Information Processing Systems")
    assert (old.id, old.abstract, old.venue) == ("abc123", "", None)
    assert (old.date, old.date_precision, old.date_source) == ("2009", "year", "date_text")
    assert (bulk.id, bulk.authors, bulk.published, bulk.venue) == ("42", ("Ana Lima",), "2020-02-03", "ICML")
    assert [(p.line, p.message) for p in result.problems] == [(4, '"title" must be a string, got int')]
