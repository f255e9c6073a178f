"""Read paper listings into typed :class:`~kg.types.Paper` records.

``iter_papers`` streams records (and problems) file by file, unmerged, keeping
only those a :class:`~kg.filters.PaperFilter` accepts; ``read_inputs`` collects them
and merges duplicates. The format of each file is detected from its content unless
``fmt`` names it. Bad input never raises (unless ``strict``): it becomes a
:class:`~kg.types.ReadProblem` naming file and line. :func:`check_inputs` finds the
inputs no reader can take at all (missing, empty, binary, unrecognised) without
reading them, so a command can refuse them before it writes anything.

Example:
    >>> result = read_inputs(["no-such-file.jsonl"])
    >>> result.papers, [str(p) for p in result.problems]
    ((), ['no-such-file.jsonl: no such file or folder'])
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.filters import KEEP_ALL, PaperFilter
from kg.readers import (
    arxiv_listing,
    arxiv_snapshot,
    atom,
    hf_listing,
    jsonl,
    oai_pmh,
    openalex,
    org_listing,
    semantic_scholar,
)
from kg.readers.detect import detect_format
from kg.readers.merge import merge_papers
from kg.readers.textio import FileProblem, TextFile, inspect_file
from kg.types import Paper, ReadProblem, Skipped

__all__ = [
    "FORMATS", "ReadError", "ReadResult", "check_inputs", "detect_format", "expand_paths", "iter_papers", "read_inputs",
]

Reader = Callable[[TextFile, str], Iterator[Paper | ReadProblem | Skipped]]

#: Reader for each format name accepted by ``fmt``.
FORMATS: dict[str, Reader] = {
    "arxiv-listing": arxiv_listing.read,
    "hf-listing": hf_listing.read,
    "org-listing": org_listing.read,
    "jsonl": jsonl.read_jsonl,
    "json": jsonl.read_json,
    "atom": atom.read,
    "arxiv-snapshot": arxiv_snapshot.read,
    "oai-pmh": oai_pmh.read,
    "openalex": openalex.read,
    "semantic-scholar": semantic_scholar.read,
}

#: Readers that also take the filter, to skip records before building them (big files).
PREFILTERING: frozenset[str] = frozenset({"arxiv-snapshot"})


class ReadError(KgError):
    """Input that cannot be read, raised in strict mode (message: ``file:line: what``)."""

    def __init__(self, problem: ReadProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class ReadCounts:
    """Records read but deliberately not kept: filtered out, or deleted (OAI-PMH)."""

    filtered: int = 0
    deleted: int = 0

    @classmethod
    def of(cls, skipped: Sequence[Skipped] | Counter) -> ReadCounts:
        """The counts of a sequence (or :class:`collections.Counter`) of :class:`Skipped` markers."""
        counts = skipped if isinstance(skipped, Counter) else Counter(skipped)
        return cls(counts[Skipped.FILTERED], counts[Skipped.DELETED])

    def describe(self) -> str:
        """``", 12 filtered out, 1 deleted record(s) skipped"`` for a summary line ('' when both are 0)."""
        parts = [f", {self.filtered} filtered out"] if self.filtered else []
        parts += [f", {self.deleted} deleted record(s) skipped"] if self.deleted else []
        return "".join(parts)


@dataclass(frozen=True)
class ReadResult:
    """Papers read from the inputs (merged, in input order) and what could not be read."""

    papers: tuple[Paper, ...]
    problems: tuple[ReadProblem, ...]
    skipped: ReadCounts = field(default_factory=ReadCounts)


def read_inputs(
    paths: Sequence[Path | str] | Path | str,
    fmt: str | None = None,
    strict: bool = False,
    keep: PaperFilter = KEEP_ALL,
) -> ReadResult:
    """Read every file (folders recursively) and merge duplicate papers.

    Args:
        paths: files and folders, read in the order given (folder contents sorted).
        fmt: one of :data:`FORMATS` to skip detection, or None to detect per file.
        strict: raise :class:`ReadError` on the first problem instead of collecting it.
        keep: only papers this filter accepts (applied to each record before merging).

    Raises:
        ReadError: ``fmt`` is unknown, or ``strict`` and some input is bad.
    """
    papers: list[Paper] = []
    problems: list[ReadProblem] = []
    skipped: Counter = Counter()
    for item in iter_papers(paths, fmt=fmt, strict=strict, keep=keep):
        if isinstance(item, ReadProblem):
            problems.append(item)
        elif isinstance(item, Skipped):
            skipped[item] += 1
        else:
            papers.append(item)
    return ReadResult(tuple(merge_papers(papers)), tuple(problems), ReadCounts.of(skipped))


def iter_papers(
    paths: Sequence[Path | str] | Path | str,
    fmt: str | None = None,
    strict: bool = False,
    keep: PaperFilter = KEEP_ALL,
) -> Iterator[Paper | ReadProblem | Skipped]:
    """Yield papers and problems file by file as they are read (no merging).

    A record ``keep`` rejects, or that its source marks deleted, is yielded as a
    :class:`Skipped` marker instead, so callers can count it. This is the one place
    the filter is applied to papers read from listings.

    Raises:
        ReadError: ``fmt`` is unknown, or ``strict`` and some input is bad.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ReadError(ReadProblem("--format", 0, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"))
    filtering = bool(keep)
    for file_path, source in expand_paths(paths):
        items = _read_file(file_path, source, fmt, keep) if file_path is not None else iter([_empty_folder(source)])
        for item in items:
            if item.__class__ is Paper:
                if filtering and not keep.accepts(item):
                    yield Skipped.FILTERED
                    continue
            elif strict and isinstance(item, ReadProblem):
                raise ReadError(item)
            yield item


def check_inputs(paths: Sequence[Path | str] | Path | str, fmt: str | None = None) -> tuple[ReadProblem, ...]:
    """The inputs no reader can take: a missing path, an empty folder, an unreadable, empty or binary file,
    or (unless ``fmt`` names the format) one whose format is not recognised.

    Looks only at each file's first kilobytes. A command calls this before it writes anything,
    so a mistyped path never replaces good output with an empty one.
    """
    problems = []
    for file_path, source in expand_paths(paths):
        if file_path is None:
            problems.append(_empty_folder(source))
            continue
        try:
            file = inspect_file(file_path)
        except FileProblem as exc:
            problems.append(ReadProblem(source, 0, str(exc)))
            continue
        if fmt is None and detect_format(file.sample) is None:
            problems.append(_unrecognised(source))
    return tuple(problems)


def expand_paths(paths: Sequence[Path | str] | Path | str) -> Iterator[tuple[Path | None, str]]:
    """``(file, name to report)`` for every input file, in order: folders recursively and sorted.

    ``None`` stands for a folder that holds no (non-hidden) file.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in paths:
        yield from _expand(Path(path), str(path))


def _empty_folder(source: str) -> ReadProblem:
    return ReadProblem(source, 0, "folder holds no input files (hidden files are skipped)")


def _expand(path: Path, source: str) -> Iterator[tuple[Path | None, str]]:
    """The files under ``path``: itself, or a folder's non-hidden files, recursively and sorted.

    In each folder its files come first, then its subfolders; ``None`` marks a folder with no files.
    """
    if not path.is_dir():
        yield path, source
        return
    found = False
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                found = True
                full = Path(root) / name
                yield full, str(full)
    if not found:
        yield None, source


def _unrecognised(source: str) -> ReadProblem:
    return ReadProblem(source, 0, f"unrecognised format (not one of {', '.join(FORMATS)}); pass --format to choose one")


def _read_file(
    path: Path, source: str, fmt: str | None, keep: PaperFilter = KEEP_ALL
) -> Iterator[Paper | ReadProblem | Skipped]:
    try:
        file = inspect_file(path)
    except FileProblem as exc:
        yield ReadProblem(source, 0, str(exc))
        return
    name = fmt or detect_format(file.sample)
    if name is None:
        yield _unrecognised(source)
        return
    try:
        if keep and name in PREFILTERING:
            yield from FORMATS[name](file, source, keep)  # type: ignore[call-arg]
        else:
            yield from FORMATS[name](file, source)
    except FileProblem as exc:
        yield ReadProblem(source, 0, str(exc))
    except OSError as exc:
        yield ReadProblem(source, 0, f"cannot read file: {exc.strerror or exc}")
