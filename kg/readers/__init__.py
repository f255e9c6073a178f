"""Read paper listings into typed :class:`~kg.types.Paper` records.

``iter_papers`` streams records (and problems) file by file, unmerged;
``read_inputs`` collects them and merges duplicates. The format of each file is
detected from its content unless ``fmt`` names it. Bad input never raises
(unless ``strict``): it becomes a :class:`~kg.types.ReadProblem` naming file and line.

Example:
    >>> result = read_inputs(["no-such-file.jsonl"])
    >>> result.papers, [str(p) for p in result.problems]
    ((), ['no-such-file.jsonl: no such file or folder'])
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.readers import arxiv_listing, atom, hf_listing, jsonl, org_listing
from kg.readers.detect import detect_format
from kg.readers.merge import merge_papers
from kg.readers.textio import FileProblem, TextFile, inspect_file
from kg.types import Paper, ReadProblem

__all__ = ["FORMATS", "ReadError", "ReadResult", "detect_format", "expand_paths", "iter_papers", "read_inputs"]

Reader = Callable[[TextFile, str], Iterator[Paper | ReadProblem]]

#: Reader for each format name accepted by ``fmt``.
FORMATS: dict[str, Reader] = {
    "arxiv-listing": arxiv_listing.read,
    "hf-listing": hf_listing.read,
    "org-listing": org_listing.read,
    "jsonl": jsonl.read_jsonl,
    "json": jsonl.read_json,
    "atom": atom.read,
}


class ReadError(KgError):
    """Input that cannot be read, raised in strict mode (message: ``file:line: what``)."""

    def __init__(self, problem: ReadProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class ReadResult:
    """Papers read from the inputs (merged, in input order) and what could not be read."""

    papers: tuple[Paper, ...]
    problems: tuple[ReadProblem, ...]


def read_inputs(paths: Sequence[Path | str] | Path | str, fmt: str | None = None, strict: bool = False) -> ReadResult:
    """Read every file (folders recursively) and merge duplicate papers.

    Args:
        paths: files and folders, read in the order given (folder contents sorted).
        fmt: one of :data:`FORMATS` to skip detection, or None to detect per file.
        strict: raise :class:`ReadError` on the first problem instead of collecting it.

    Raises:
        ReadError: ``fmt`` is unknown, or ``strict`` and some input is bad.
    """
    papers: list[Paper] = []
    problems: list[ReadProblem] = []
    for item in iter_papers(paths, fmt=fmt, strict=strict):
        if isinstance(item, ReadProblem):
            problems.append(item)
        else:
            papers.append(item)
    return ReadResult(tuple(merge_papers(papers)), tuple(problems))


def iter_papers(
    paths: Sequence[Path | str] | Path | str, fmt: str | None = None, strict: bool = False
) -> Iterator[Paper | ReadProblem]:
    """Yield papers and problems file by file as they are read (no merging).

    Raises:
        ReadError: ``fmt`` is unknown, or ``strict`` and some input is bad.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ReadError(ReadProblem("--format", 0, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"))
    for file_path, source in expand_paths(paths):
        items = _read_file(file_path, source, fmt) if file_path is not None else iter([_empty_folder(source)])
        for item in items:
            if strict and isinstance(item, ReadProblem):
                raise ReadError(item)
            yield item


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


def _read_file(path: Path, source: str, fmt: str | None) -> Iterator[Paper | ReadProblem]:
    try:
        file = inspect_file(path)
    except FileProblem as exc:
        yield ReadProblem(source, 0, str(exc))
        return
    name = fmt or detect_format(file.sample)
    if name is None:
        yield ReadProblem(
            source, 0, f"unrecognised format (not one of {', '.join(FORMATS)}); pass --format to choose one"
        )
        return
    try:
        yield from FORMATS[name](file, source)
    except FileProblem as exc:
        yield ReadProblem(source, 0, str(exc))
    except OSError as exc:
        yield ReadProblem(source, 0, f"cannot read file: {exc.strerror or exc}")
