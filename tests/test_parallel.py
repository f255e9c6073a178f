"""Parallel extraction gives exactly the serial result, in order, with bounded memory."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors.pipeline import Extractor
from kg.errors import KgError
from kg.parallel import chunked, extract_parallel, max_in_flight
from kg.readers import read_inputs
from kg.types import Paper

RULES_ONLY = {"use_ner": False}


@pytest.fixture(scope="module")
def example_papers(examples_dir: Path) -> tuple[Paper, ...]:
    """Every paper of the bundled example listings."""
    papers = read_inputs(sorted(examples_dir.glob("*.txt"))).papers
    assert len(papers) > 20
    return papers


@pytest.fixture(scope="module")
def serial(example_papers: tuple[Paper, ...]) -> list:
    """The reference: one extractor in this process."""
    return list(Extractor(**RULES_ONLY).extract_many(example_papers))


def many_papers(papers: tuple[Paper, ...], count: int) -> list[Paper]:
    """``count`` papers cycling through ``papers``, each with its own id."""
    return [dataclasses.replace(papers[i % len(papers)], id=f"copy-{i}", arxiv_id=None) for i in range(count)]


@pytest.mark.parametrize(("workers", "chunk_size"), [(1, 500), (2, 1), (2, 7), (3, 500)])
def test_parallel_output_equals_serial(example_papers, serial, workers, chunk_size):
    parallel = list(extract_parallel(example_papers, workers=workers, chunk_size=chunk_size, **RULES_ONLY))
    assert parallel == serial


def test_parallel_streams_in_input_order_with_bounded_papers_in_flight(example_papers):
    chunk_size, workers = 5, 2
    papers = many_papers(example_papers, 300)
    consumed = 0

    def stream() -> Iterator[Paper]:
        nonlocal consumed
        for paper in papers:
            consumed += 1
            yield paper

    ahead, ids = [], []
    for produced, result in enumerate(extract_parallel(stream(), workers=workers, chunk_size=chunk_size, **RULES_ONLY)):
        ahead.append(consumed - produced)
        ids.append(result.paper.id)
    assert ids == [p.id for p in papers]
    # The queued chunks plus the one just read to refill the queue; never the whole input.
    assert max(ahead) <= (max_in_flight(workers) + 1) * chunk_size
    assert max(ahead) < len(papers) // 4


def test_parallel_with_one_worker_starts_no_processes(example_papers, serial):
    results = extract_parallel(example_papers, workers=1, **RULES_ONLY)
    first = next(results)
    assert multiprocessing.active_children() == []
    assert [first, *results] == serial


def test_parallel_stopping_early_leaves_no_worker_processes(example_papers):
    results = extract_parallel(many_papers(example_papers, 200), workers=2, chunk_size=5, **RULES_ONLY)
    next(results)
    assert multiprocessing.active_children()
    results.close()
    assert multiprocessing.active_children() == []


def test_parallel_worker_killed_raises_kg_error(example_papers):
    results = extract_parallel(many_papers(example_papers, 400), workers=2, chunk_size=5, **RULES_ONLY)
    next(results)
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGKILL)
    with pytest.raises(KgError, match="worker process died"):
        list(results)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(("workers", "chunk_size"), [(0, 500), (2, 0)])
def test_parallel_rejects_nonpositive_settings(workers, chunk_size):
    with pytest.raises(KgError):
        extract_parallel([], workers=workers, chunk_size=chunk_size)


def test_parallel_empty_input_gives_nothing():
    assert list(extract_parallel([], workers=2, **RULES_ONLY)) == []


def test_chunked_splits_in_order_without_losing_items():
    assert list(chunked(range(11), 4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]


def test_parallel_leaves_no_result_files(example_papers, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    done = extract_parallel(many_papers(example_papers, 60), workers=2, chunk_size=5, **RULES_ONLY)
    assert len(list(done)) == 60
    stopped = extract_parallel(many_papers(example_papers, 200), workers=2, chunk_size=5, **RULES_ONLY)
    next(stopped)
    stopped.close()
    assert list(tmp_path.iterdir()) == []
