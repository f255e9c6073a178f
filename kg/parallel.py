"""Parallel extraction: shard a stream of papers across worker processes in large chunks.

spaCy's own ``nlp.pipe(n_process=...)`` ships every document to a worker and
back one by one; for a cheap rule pipeline that overhead made extraction about
3x slower than one process. Here each worker builds one
``extractors.pipeline.Extractor`` when it starts and gets whole chunks of
papers (500 by default), so the per-paper cost is only pickling the paper and
its extraction. A worker pickles its chunk's results into a file of a temporary
folder and sends back only the file's name: a result of many kilobytes sent through
the pool's pipe can be cut off by a killed worker, and the pool's reader thread then
waits forever for the rest (CPython 3.11), where a short name always arrives whole.
The main process unpickles the results with the cyclic garbage collector paused, and
every process freezes its extractor's long-lived objects out of the collector's scans
(see ``kg.gc_pause``). At most ``2 * workers`` chunks are in flight at any time, so
memory stays flat however many papers the input holds, and results come back
in input order.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from kg.errors import KgError
from kg.gc_pause import freeze_long_lived, gc_paused
from kg.types import Paper, PaperExtraction

#: Chunks queued per worker: one being processed and one waiting, so no worker idles.
CHUNKS_PER_WORKER = 2

#: The extractor of this worker process, built once by ``_init_worker``.
_worker_extractor: Any = None


def chunked(items: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    """Split ``items`` into consecutive lists of ``size`` (the last may be shorter).

    >>> [len(c) for c in chunked(range(7), 3)]
    [3, 3, 1]
    """
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def max_in_flight(workers: int) -> int:
    """How many chunks ``extract_parallel`` holds at once for ``workers`` processes."""
    return CHUNKS_PER_WORKER * workers


def extract_parallel(
    papers: Iterable[Paper], workers: int, chunk_size: int = 500, **extractor_options: Any
) -> Iterator[PaperExtraction]:
    """Extract ``papers`` with ``workers`` processes, yielding results in input order.

    Args:
        papers: Any iterable of papers; it is consumed lazily, one chunk at a time.
        workers: Number of processes. ``1`` runs in this process with no pool.
        chunk_size: Papers per task sent to a worker; large chunks amortise the
            cost of inter-process traffic.
        **extractor_options: Passed to ``extractors.pipeline.Extractor`` in each
            worker (e.g. ``use_ner=False``, ``lexicon_paths=(...)``); must pickle.
            Output equals the serial output because extraction is per paper; with
            ``remember_definitions=True`` each worker only remembers the acronyms
            of the chunks it saw, so results can differ from a serial run.

    Yields:
        One ``PaperExtraction`` per input paper, in input order.

    Raises:
        KgError: ``workers`` or ``chunk_size`` is below 1, or a worker process died
            (killed, out of memory, or its extractor failed to start).

    Example:
        >>> from kg.types import Paper
        >>> [x.paper.id for x in extract_parallel([Paper(id="a"), Paper(id="b")], workers=1)]
        ['a', 'b']
    """
    if workers < 1:
        raise KgError(f"--workers must be at least 1, got {workers}")
    if chunk_size < 1:
        raise KgError(f"chunk size must be at least 1, got {chunk_size}")
    if workers == 1:
        return _extract_in_process(papers, extractor_options)
    return _extract_in_pool(papers, workers, chunk_size, extractor_options)


def _extract_in_process(papers: Iterable[Paper], options: dict[str, Any]) -> Iterator[PaperExtraction]:
    """The ``workers=1`` path: one extractor, no pool, no pickling."""
    from extractors.pipeline import Extractor

    extractor = Extractor(**options)
    freeze_long_lived()
    yield from extractor.extract_many(papers)


def _extract_in_pool(
    papers: Iterable[Paper], workers: int, chunk_size: int, options: dict[str, Any]
) -> Iterator[PaperExtraction]:
    """Keep up to ``max_in_flight(workers)`` chunks submitted; yield the oldest as it finishes."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_process_context(),
        initializer=_init_worker,
        initargs=(options,),
    )
    pending: deque[Future[str]] = deque()
    chunks = chunked(papers, chunk_size)
    spool = tempfile.TemporaryDirectory(prefix="kg-extract-")
    try:
        for chunk in itertools.islice(chunks, max_in_flight(workers)):
            pending.append(_submit(pool, chunk, spool.name))
        while pending:
            results = _result(pending.popleft())
            next_chunk = next(chunks, None)
            if next_chunk is not None:
                pending.append(_submit(pool, next_chunk, spool.name))
            yield from results
    finally:
        # Also runs when the consumer stops early: drop queued chunks, reap the workers,
        # remove the result files nobody read.
        pool.shutdown(wait=True, cancel_futures=True)
        spool.cleanup()


_WORKER_DIED = (
    "an extraction worker process died (killed, out of memory, or its extractor failed to"
    " start); run with --workers 1 to see the underlying error"
)


def _submit(pool: ProcessPoolExecutor, chunk: list[Paper], folder: str) -> Future[str]:
    """Queue one chunk; a pool whose worker already died becomes a one-line ``KgError``."""
    try:
        return pool.submit(_extract_chunk, chunk, folder)
    except BrokenProcessPool as error:
        raise KgError(_WORKER_DIED) from error


def _result(future: Future[str]) -> list[PaperExtraction]:
    """The chunk's extractions (read from the worker's file); a dead worker becomes a one-line ``KgError``."""
    try:
        path = future.result()
    except BrokenProcessPool as error:
        raise KgError(_WORKER_DIED) from error
    with open(path, "rb") as f, gc_paused():
        results = pickle.load(f)
    os.unlink(path)
    return results


def _process_context() -> multiprocessing.context.BaseContext:
    """Fork on Linux, spawn elsewhere.

    Fork starts a worker in milliseconds, shares the parent's imported modules
    copy-on-write and, unlike spawn and forkserver, does not re-run the caller's
    ``__main__`` in every worker (so scripts without a ``__main__`` guard and
    notebooks work). macOS and Windows cannot fork safely, so they spawn.
    """
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _init_worker(options: dict[str, Any]) -> None:
    """Build this worker's extractor once; every chunk it receives reuses it."""
    global _worker_extractor
    from extractors.pipeline import Extractor

    _worker_extractor = Extractor(**options)
    freeze_long_lived()


def _extract_chunk(chunk: list[Paper], folder: str) -> str:
    """Extract one chunk in a worker into a pickle file in ``folder``; returns its path.

    An error names the paper it happened on.
    """
    results: list[PaperExtraction] = []
    papers = iter(chunk)
    try:
        for extraction in _worker_extractor.extract_many(papers):
            results.append(extraction)
    except Exception as error:
        failed = chunk[len(results)] if len(results) < len(chunk) else chunk[-1]
        where = f"{failed.source}:{failed.line}" if failed.source else failed.id
        error.add_note(f"while extracting paper {failed.id!r} ({where}) in a worker process")
        raise
    fd, path = tempfile.mkstemp(dir=folder, suffix=".pickle")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(results, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path
