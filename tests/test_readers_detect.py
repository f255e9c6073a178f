"""Format detection looks at content, never at the file name."""

from __future__ import annotations

import json

import pytest

from kg.readers import detect_format
from kg.readers.textio import inspect_file


@pytest.mark.parametrize(
    "seed,fmt",
    [
        ("000", "arxiv-listing"),
        ("001", "hf-listing"),
        ("002", "hf-listing"),
        ("003", "hf-listing"),
        ("004", "org-listing"),
    ],
)
def test_detect_seed_files(seed_paths, seed, fmt):
    assert detect_format(inspect_file(seed_paths[seed]).sample) == fmt


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("papers.jsonl", "jsonl"),
        ("papers.json", "json"),
        ("papers_wrapped.json", "json"),
        ("arxiv_api.xml", "atom"),
        ("hf_odd.txt", "hf-listing"),
    ],
)
def test_detect_fixture_files(fixtures_dir, name, fmt):
    assert detect_format(inspect_file(fixtures_dir / "readers" / name).sample) == fmt


@pytest.mark.parametrize(
    "sample,fmt",
    [
        ('{"title": "A"}\n{"title": "B"}\n', "jsonl"),
        ('{\n  "papers": []\n}\n', "json"),
        ('{"papers": [{"title": "A"}]}', "json"),
        ('{"title": "cut off', "jsonl"),
        ("  [\n", "json"),
        ("<html><body>Not a feed</body></html>", None),
        ("Some abstract.\n\narXiv:2404.07143\n", "arxiv-listing"),
        ("Some abstract.\n\narXiv:9999.99999\n", None),
        ("plain notes\n", None),
    ],
)
def test_detect_samples(sample, fmt):
    assert detect_format(sample) == fmt


_SNAPSHOT_LINE = json.dumps({
    "id": "0704.0001", "submitter": "P. N.", "authors": "C. Bal\\'azs", "title": "T", "categories": "hep-ph",
    "abstract": "A", "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
    "update_date": "2008-11-13", "authors_parsed": [["Balazs", "C.", ""]],
}, separators=(",", ":")) + "\n"
_OAI = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n'
    "<ListRecords></ListRecords></OAI-PMH>\n"
)


@pytest.mark.parametrize(
    "sample,fmt",
    [
        (_SNAPSHOT_LINE, "arxiv-snapshot"),
        ('{"id": "cs/0112099", "title": "T", "versions": []}\n', "arxiv-snapshot"),
        (_OAI, "oai-pmh"),
        ('<!-- harvested -->\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords/></OAI-PMH>', "oai-pmh"),
        ('{"id": "https://openalex.org/W1", "title": "T"}\n', "openalex"),
        ('{"title": "T", "abstract_inverted_index": {"a": [0]}}\n', "openalex"),
        ('{"meta": {"count": 1}, "results": [{"id": "https://openalex.org/W1"}]}\n', "openalex"),
        ('{"id": "https://openalex.org/W1", "abstract_inverted_index": {"' + "w" * 70000, "openalex"),  # cut first line
        ('{"paperId": "204e30", "title": "T", "externalIds": {"ArXiv": "1706.03762"}}\n', "semantic-scholar"),
        ('{"corpusid": 1, "externalids": {}, "title": "T"}\n', "semantic-scholar"),
        # the tool's own JSONL, and kg extract output, stay jsonl
        ('{"id": "x", "title": "T", "arxiv_id": "2404.07143", "published": "2024-04-10"}\n', "jsonl"),
        ('{"id": "x", "entities": [], "paper": {"id": "x", "title": "the \\"versions\\": key"}}\n', "jsonl"),
    ],
)
def test_detect_bulk_source_formats(sample, fmt):
    assert detect_format(sample) == fmt


def test_detect_examples_still_build_to_the_same_papers(examples_dir):
    from kg.readers import read_inputs

    result = read_inputs([examples_dir])
    assert len(result.papers) == 293 and result.problems == ()
