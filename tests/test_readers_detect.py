"""Format detection looks at content, never at the file name."""

from __future__ import annotations

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
