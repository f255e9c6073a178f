"""Read ``kg extract`` output back as :class:`~kg.types.PaperExtraction` records.

This is how extraction shards made in parallel (on one machine or many) become one
graph: ``kg build --extracted shards/`` loads their entities and triples as they are,
with no extraction. Bad lines become :class:`~kg.types.ReadProblem`\\ s naming file and
line, exactly as the paper readers report them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from extractors.jsonio import extraction_from_dict
from kg.filters import KEEP_ALL, PaperFilter
from kg.readers import ReadError, _empty_folder, expand_paths
from kg.readers.textio import FileProblem, giant_line, inspect_file, iter_lines
from kg.types import PaperExtraction, ReadProblem, Skipped


def iter_extractions(
    paths: Sequence[Path | str], strict: bool = False, keep: PaperFilter = KEEP_ALL
) -> Iterator[PaperExtraction | ReadProblem | Skipped]:
    """Yield the extraction of every line of the ``kg extract`` files under ``paths``, in order.

    An extraction whose paper ``keep`` rejects is yielded as :attr:`Skipped.FILTERED`
    (the same filter :func:`kg.readers.iter_papers` applies).

    Raises:
        ReadError: with ``strict``, at the first bad file or line.
    """
    for file_path, source in expand_paths(paths):
        for item in _read_file(file_path, source):
            if isinstance(item, PaperExtraction):
                if keep and not keep.accepts(item.paper):
                    yield Skipped.FILTERED
                    continue
            elif strict:
                raise ReadError(item)
            yield item


def _read_file(path: Path | None, source: str) -> Iterator[PaperExtraction | ReadProblem]:
    if path is None:
        yield _empty_folder(source)
        return
    try:
        file = inspect_file(path)
        decoder = json.JSONDecoder()
        for number, text in iter_lines(file):
            if text is None:
                yield giant_line(source, number)
                continue
            if not text.strip():
                continue
            try:
                yield extraction_from_dict(decoder.decode(text))
            except json.JSONDecodeError as exc:
                yield ReadProblem(source, number, f"invalid JSON: {exc.msg} (column {exc.colno})")
            except RecursionError:
                yield ReadProblem(source, number, "invalid JSON: nested too deeply")
            except ValueError as exc:
                yield ReadProblem(source, number, f"not a kg extract record: {exc}")
    except FileProblem as exc:
        yield ReadProblem(source, 0, str(exc))
    except OSError as exc:
        yield ReadProblem(source, 0, f"cannot read file: {exc.strerror or exc}")
