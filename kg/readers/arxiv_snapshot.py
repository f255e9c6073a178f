"""Reader for arXiv's bulk metadata snapshot (``arxiv-metadata-oai-snapshot.json`` on Kaggle).

One JSON object per line with ``id, submitter, authors, title, comments, journal-ref,
doi, report-no, categories, license, abstract, versions, update_date, authors_parsed``.
The file is ~2.5M lines and ~4 GB, so this reader is built for speed: with a category
filter it reads each line's ``"categories"`` value straight from the raw text and skips
lines that do not match before decoding the JSON; pylatexenc runs only on text that
has a backslash or a brace.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import orjson

from kg.dates import rfc2822_day
from kg.filters import KEEP_ALL, PaperFilter
from kg.readers.arxiv_authors import names_from_parsed, split_author_string
from kg.readers.ids import normalize_arxiv_id
from kg.readers.latex import latex_to_unicode
from kg.readers.textio import MAX_LINE_CHARS, TextFile, collapse_whitespace, giant_line, iter_lines
from kg.types import Paper, ReadProblem, Skipped

_CATEGORIES_KEY = '"categories":'
_CHUNK_BYTES = 1 << 20
#: Most distinct raw category values :func:`read` remembers the filter's verdict on (a bound on hostile input).
_MAX_VERDICTS = 1 << 16


class RecordError(ValueError):
    """A snapshot line that is not a usable record; the message is for the user."""


def read(file: TextFile, source: str, keep: PaperFilter = KEEP_ALL) -> Iterator[Paper | ReadProblem | Skipped]:
    """Yield a paper per line, :attr:`Skipped.FILTERED` for a line ``keep``'s categories reject unread.

    ``keep`` is only a hint here: the caller still applies the whole filter to the papers.
    A UTF-8 file (the snapshot is) is read as bytes: a line is decoded only if it is kept.
    """
    loads = orjson.loads  # a third faster than json.loads on snapshot lines; the same values
    prefilter = bool(keep.categories)
    verdicts: dict[bytes | str, bool] = {}  # raw "categories" value -> kept; lines repeat a few thousand values
    if file.encoding == "utf-8":
        lines, key, space, quote = _byte_lines(file), b'"categories":', b" ", b'"'
    else:
        lines, key, space, quote = iter_lines(file), _CATEGORIES_KEY, " ", '"'
    for number, text in lines:
        if text is None:
            yield giant_line(source, number)
            continue
        if prefilter:
            raw = _raw_value(text, key, space, quote)
            if raw is not None:
                kept = verdicts.get(raw)
                if kept is None:
                    kept = keep.accepts_categories(_category_text(raw).split())
                    if len(verdicts) < _MAX_VERDICTS:
                        verdicts[raw] = kept
                if not kept:
                    yield Skipped.FILTERED
                    continue
        if not text or text.isspace():
            continue
        try:
            record = loads(text)
        except (ValueError, RecursionError):  # orjson's error names no column: decode again to say where
            record = _loads_text(_decoded(text, file.errors), source, number)
            if isinstance(record, ReadProblem):
                yield record
                continue
        try:
            yield record_to_paper(record, source, number)
        except RecordError as exc:
            yield ReadProblem(source, number, str(exc))


def _decoded(text: str | bytes, errors: str) -> str:
    """A line as text: UTF-8, else decoded as every reader decodes (the Windows-1252 fallback)."""
    if isinstance(text, str):
        return text
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return text.decode("utf-8", errors=errors)


def _loads_text(text: str, source: str, number: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return ReadProblem(source, number, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return ReadProblem(source, number, "invalid JSON: nested too deeply")


def _byte_lines(file: TextFile) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` per line, as :func:`~kg.readers.textio.iter_lines` but undecoded and faster.

    Reads 1 MB chunks and finds the line ends with ``bytes.find`` (``memchr``; a ``readline``
    call per line, or ``chunk.split``, which compares byte by byte, costs more than the
    snapshot's prefilter). A line over :data:`~kg.readers.textio.MAX_LINE_CHARS` bytes
    yields ``None`` without being held whole; ``\\r\\n`` line ends are fine.
    """
    number, carry, giant = 0, b"", False
    with file.path.open("rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            end = chunk.find(b"\n")
            if end >= 0:
                number += 1
                first = None if giant else (carry + chunk[:end]).rstrip(b"\r")
                yield number, None if first is None or len(first) > MAX_LINE_CHARS else first
                start = end + 1
                while (end := chunk.find(b"\n", start)) >= 0:
                    number += 1
                    line = chunk[start:end].rstrip(b"\r")
                    yield number, line if len(line) <= MAX_LINE_CHARS else None
                    start = end + 1
                carry, giant = chunk[start:], False
            elif not giant:
                carry += chunk
            if len(carry) > MAX_LINE_CHARS + 1:  # + 1: a \r that may end the line
                carry, giant = b"", True
    carry = carry.rstrip(b"\r")
    if giant or carry:
        yield number + 1, None if giant or len(carry) > MAX_LINE_CHARS else carry


def raw_categories(line: str | bytes) -> str | None:
    """The ``"categories"`` string of a snapshot line, found without decoding the JSON (None if not found).

    Safe on any line: inside a JSON string a quote is escaped, so ``"categories":``
    with a bare quote can only be a key. Category names never need escapes.

    >>> raw_categories('{"id":"0704.0001","categories":"hep-ph cs.LG","license":null}')
    'hep-ph cs.LG'
    """
    if isinstance(line, bytes):
        found = _raw_value(line, b'"categories":', b" ", b'"')
        return _category_text(found) if found is not None else None
    return _raw_value(line, _CATEGORIES_KEY, " ", '"')


def _category_text(raw: bytes | str) -> str:
    """A raw ``"categories"`` value as text (category names are ASCII; anything else becomes U+FFFD)."""
    return raw.decode("ascii", errors="replace") if isinstance(raw, bytes) else raw


def _raw_value(line, key, space, quote):
    start = line.find(key)
    if start < 0:
        return None
    start += len(key)
    while line.startswith(space, start):
        start += 1
    if not line.startswith(quote, start):
        return None
    end = line.find(quote, start + 1)
    return line[start + 1 : end] if end > 0 else None


def record_to_paper(record: Any, source: str = "", line: int = 0) -> Paper:
    """One snapshot object as a :class:`Paper`.

    Raises:
        RecordError: not an object, no valid ``id``, no title and no abstract, or a field of the wrong type.
    """
    if not isinstance(record, dict):
        raise RecordError(f"expected a JSON object, got {type(record).__name__}")
    raw_id = record.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise RecordError('record has no "id" (the arXiv ID)')
    arxiv_id = _arxiv_id(raw_id.strip())
    if arxiv_id is None:
        raise RecordError(f'"id" is not an arXiv ID: {raw_id[:40]!r}')
    title = latex_to_unicode(_text(record, "title"))
    abstract = collapse_whitespace(_text(record, "abstract"))
    if not title and not abstract:
        raise RecordError("record has neither title nor abstract")
    parsed = record.get("authors_parsed")
    authors = names_from_parsed(parsed) if isinstance(parsed, list) else None
    if authors is None:
        authors = split_author_string(_text(record, "authors"))
    published, updated = _version_days(record.get("versions"))
    return Paper(
        id=arxiv_id,
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        authors=authors,
        published=published,
        updated=updated,
        categories=tuple(_text(record, "categories").split()),
        comments=collapse_whitespace(_text(record, "comments")) or None,
        doi=_text(record, "doi").strip() or None,
        journal_ref=collapse_whitespace(_text(record, "journal-ref")) or None,
        license=_text(record, "license").strip() or None,
        source=source,
        line=line,
    )


def _arxiv_id(raw: str) -> str | None:
    """The normalised arXiv ID; the common new-style case without a regex."""
    if len(raw) in (9, 10) and raw[4] == "." and raw[:4].isdigit() and raw[5:].isdigit():
        month, five = raw[2:4], len(raw) == 10
        if "01" <= month <= "12" and raw[:4] >= "0704" and five == (raw[:4] >= "1501"):
            return raw
        return None
    return normalize_arxiv_id(raw)


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f'"{key}" must be a string, got {type(value).__name__}')
    return value


def _version_days(versions: Any) -> tuple[str | None, str | None]:
    """``(published, updated)``: the first and the last version's ``created`` day."""
    if not isinstance(versions, list) or not versions:
        return None, None
    first, last = versions[0], versions[-1]
    published = rfc2822_day(first.get("created")) if isinstance(first, dict) else None
    if last is first:
        return published, published
    updated = rfc2822_day(last.get("created")) if isinstance(last, dict) else None
    return published, updated
