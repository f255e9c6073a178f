"""Build orchestration: read inputs -> extract -> merge into a graph -> save atomically.

One build per graph file at a time: an exclusive ``fcntl`` lock on ``<graph>.lock``
refuses a second build instead of letting two interleave. The kernel drops the
lock when the process dies, so a killed build never leaves a stale lock, and
:func:`kg.graph.nx_store.save_graph` never leaves a half-written graph.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.graph.nx_store import load_graph, merge_into, new_graph, save_graph
from kg.types import Paper, PaperExtraction, ReadProblem

#: Wraps the extraction stream, e.g. in a progress bar: ``(stream, total) -> stream``.
ProgressWrapper = Callable[[Iterable[PaperExtraction], int], Iterable[PaperExtraction]]


class BuildLockedError(KgError):
    """Another build holds the lock of the same graph file."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did: papers merged, problems skipped, the graph's size afterwards."""

    path: Path
    papers: int
    problems: tuple[ReadProblem, ...]
    nodes: int
    edges: int
    added: bool


def lock_path(graph_path: Path) -> Path:
    """The lock file that guards ``graph_path``."""
    return graph_path.with_name(graph_path.name + ".lock")


@contextlib.contextmanager
def graph_lock(graph_path: Path) -> Iterator[None]:
    """Hold the exclusive build lock of ``graph_path``; :class:`BuildLockedError` if taken."""
    path = lock_path(graph_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"{graph_path}: another kg build is writing this graph (lock {path} is held); "
                "wait for it to finish or use another --graph"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def remove_stale_temp_files(graph_path: Path) -> None:
    """Delete temp files a killed save left beside ``graph_path`` (safe: we hold the lock)."""
    for tmp in graph_path.parent.glob(f".{graph_path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def extract_all(
    papers: Sequence[Paper], workers: int = 1, lexicon_paths: Sequence[Path] = (), use_ner: bool = True
) -> Iterator[PaperExtraction]:
    """Extractions of ``papers`` in input order, in this process or across ``workers`` processes."""
    options = {"lexicon_paths": tuple(lexicon_paths), "use_ner": use_ner}
    if workers > 1:
        from kg.parallel import extract_parallel

        return extract_parallel(papers, workers=workers, **options)
    from extractors.pipeline import Extractor

    return Extractor(**options).extract_many(papers)


def build(
    inputs: Sequence[Path | str],
    graph_path: Path,
    *,
    add: bool = False,
    fmt: str | None = None,
    strict: bool = False,
    workers: int = 1,
    lexicon_paths: Sequence[Path] = (),
    use_ner: bool = True,
    progress: ProgressWrapper | None = None,
) -> BuildResult:
    """Build (or with ``add``, extend) the graph file at ``graph_path`` from ``inputs``.

    Raises :class:`kg.errors.KgError` subclasses for user-facing failures: a held
    lock, an unreadable existing graph, or (with ``strict``) the first bad record.
    """
    from kg.readers import read_inputs

    graph_path = Path(graph_path)
    with graph_lock(graph_path):
        remove_stale_temp_files(graph_path)
        graph = load_graph(graph_path) if add and graph_path.exists() else new_graph()
        result = read_inputs(list(inputs), fmt=fmt, strict=strict)
        stream: Iterable[PaperExtraction] = extract_all(result.papers, workers, lexicon_paths, use_ner)
        if progress is not None:
            stream = progress(stream, len(result.papers))
        count = merge_into(graph, stream)
        save_graph(graph, graph_path)
    return BuildResult(
        path=graph_path,
        papers=count,
        problems=tuple(result.problems),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        added=add,
    )
