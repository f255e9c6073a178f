"""Readers for the tool's interchange format: JSON Lines, or one JSON document of papers.

Each object has any of ``id, title, abstract, arxiv_id, authors, organizations,
published, updated, date_text, categories, comments, has_code, score``; other
keys are ignored, so gold files and ``kg extract`` output (``{"paper": {...}, ...}``)
read too. JSONL is read line by line, so a truncated last line loses only itself.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from typing import Any

from kg.readers.ids import clean_text, normalize_arxiv_id, paper_id
from kg.readers.textio import TextFile, giant_line, iter_lines, open_text
from kg.types import Paper, ReadProblem

#: Largest file read as one JSON document (JSONL has no such limit).
MAX_JSON_BYTES = 512 * 1024 * 1024


class RecordError(ValueError):
    """A JSON value that is not a usable paper record; the message is for the user."""


def read_jsonl(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield one paper per non-blank line of a JSON Lines file."""
    for item in iter_json_values(file, source):
        yield item if isinstance(item, ReadProblem) else _to_paper(item[1], source, item[0])


def iter_json_values(file: TextFile, source: str) -> Iterator[tuple[int, Any] | ReadProblem]:
    """``(line number, value)`` for each non-blank line of a JSON Lines file; bad lines become problems."""
    decoder = json.JSONDecoder()
    for number, text in iter_lines(file):
        if text is None:
            yield giant_line(source, number)
            continue
        text = text.strip()
        if not text:
            continue
        try:
            value, end = decoder.raw_decode(text)
            if text[end:].strip():
                extra = len(text) - len(text[end:].lstrip())
                raise json.JSONDecodeError("extra data after the JSON value", text, extra)
        except json.JSONDecodeError as exc:
            yield ReadProblem(source, number, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield ReadProblem(source, number, "invalid JSON: nested too deeply")
            continue
        yield number, value


def read_json(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield the papers of a JSON list of objects, or of ``{"papers": [...]}``."""
    if file.path.stat().st_size > MAX_JSON_BYTES:
        yield ReadProblem(source, 0, f"JSON document over {MAX_JSON_BYTES >> 20} MB; write it as JSONL instead")
        return
    with open_text(file) as stream:
        text = stream.read().lstrip("\ufeff")
    decoder = json.JSONDecoder()
    lines = _LineIndex(text)
    try:
        items = list(_top_level_items(text, decoder))
    except json.JSONDecodeError as exc:
        yield ReadProblem(source, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield ReadProblem(source, 1, "invalid JSON: nested too deeply")
        return
    except RecordError as exc:
        yield ReadProblem(source, 1, str(exc))
        return
    for position, value in items:
        yield _to_paper(value, source, lines.line_of(position))


def _top_level_items(text: str, decoder: json.JSONDecoder) -> Iterator[tuple[int, Any]]:
    """Yield ``(offset, value)`` for each paper of a JSON list or ``{"papers": [...]}`` document."""
    start = _skip_space(text, 0)
    if text.startswith("[", start):
        yield from _array_items(text, start, decoder)
        return
    if not text.startswith("{", start):
        value, end = decoder.raw_decode(text, start)
        raise RecordError(f'expected a JSON list of papers or {{"papers": [...]}}, got {_kind(value)}')
    papers_at, end = _find_papers_key(text, start, decoder)
    if _skip_space(text, end) != len(text):
        raise json.JSONDecodeError("extra data after the JSON document", text, _skip_space(text, end))
    if papers_at is None:
        yield start, decoder.raw_decode(text, start)[0]  # a single paper object
        return
    value, _ = decoder.raw_decode(text, papers_at)
    if not isinstance(value, list):
        raise RecordError(f'"papers" must be a list of objects, got {_kind(value)}')
    yield from _array_items(text, papers_at, decoder)


def _find_papers_key(text: str, start: int, decoder: json.JSONDecoder) -> tuple[int | None, int]:
    """Scan the top-level object at ``start``: the offset of its "papers" value (or None) and its end."""
    index = _skip_space(text, start + 1)
    papers_at = None
    if text.startswith("}", index):
        return None, index + 1
    while True:
        key, index = decoder.raw_decode(text, index)
        if not isinstance(key, str):
            raise json.JSONDecodeError("expected a string key", text, index)
        index = _skip_space(text, index)
        if not text.startswith(":", index):
            raise json.JSONDecodeError("expected ':'", text, index)
        index = _skip_space(text, index + 1)
        if key == "papers":
            papers_at = index
        _, index = decoder.raw_decode(text, index)
        index = _skip_space(text, index)
        if text.startswith(",", index):
            index = _skip_space(text, index + 1)
        elif text.startswith("}", index):
            return papers_at, index + 1
        else:
            raise json.JSONDecodeError("expected ',' or '}'", text, index)


def _array_items(text: str, start: int, decoder: json.JSONDecoder) -> Iterator[tuple[int, Any]]:
    index = _skip_space(text, start + 1)
    if text.startswith("]", index):
        return
    while True:
        value, end = decoder.raw_decode(text, index)
        yield index, value
        index = _skip_space(text, end)
        if text.startswith(",", index):
            index = _skip_space(text, index + 1)
        elif text.startswith("]", index):
            return
        else:
            raise json.JSONDecodeError("expected ',' or ']'", text, index)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


class _LineIndex:
    """Offsets to 1-based line numbers, computed incrementally (offsets arrive in order)."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def line_of(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _to_paper(value: Any, source: str, line: int) -> Paper | ReadProblem:
    if isinstance(value, dict) and isinstance(value.get("paper"), dict):
        value = value["paper"]  # a `kg extract` output line
    if not isinstance(value, dict):
        return ReadProblem(source, line, f"expected a JSON object for a paper, got {_kind(value)}")
    try:
        return record_to_paper(value, source, line)
    except RecordError as exc:
        return ReadProblem(source, line, str(exc))


def record_to_paper(record: dict[str, Any], source: str = "", line: int = 0) -> Paper:
    """Turn one JSON object into a :class:`Paper`, checking the type of every known field.

    Raises:
        RecordError: no title and no abstract, or a field of the wrong type.
    """
    title = clean_text(_text(record, "title"))
    abstract = _text(record, "abstract").strip()
    if not title and not abstract:
        raise RecordError("record has neither title nor abstract")
    raw_arxiv = _text(record, "arxiv_id")
    arxiv_id = normalize_arxiv_id(raw_arxiv)
    if raw_arxiv and arxiv_id is None:
        raise RecordError(f"invalid arxiv_id {raw_arxiv!r}")
    own_id = record.get("id")
    if own_id is not None and not isinstance(own_id, (str, int)) or isinstance(own_id, bool):
        raise RecordError(f'"id" must be a string, got {_kind(own_id)}')
    return Paper(
        id=paper_id(str(own_id).strip() if own_id is not None else None, arxiv_id, title, abstract),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        authors=_names(record, "authors"),
        organizations=_names(record, "organizations"),
        published=_date(record, "published"),
        updated=_date(record, "updated"),
        date_text=_text(record, "date_text") or None,
        categories=_names(record, "categories"),
        comments=_text(record, "comments") or None,
        has_code=_flag(record, "has_code"),
        score=_number(record, "score"),
        source=source,
        line=line,
    )


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f'"{key}" must be a string, got {_kind(value)}')
    return value


def _date(record: dict[str, Any], key: str) -> str | None:
    """An ISO date (``YYYY-MM-DD``; a time after it is dropped), or None when absent."""
    text = _text(record, key).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise RecordError(f'"{key}" must be a YYYY-MM-DD date, got {text[:40]!r}') from None


def _names(record: dict[str, Any], key: str) -> tuple[str, ...]:
    value = record.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f'"{key}" must be a list of strings or a comma-separated string')
    return tuple(n for n in (clean_text(v) for v in value) if n)


def _flag(record: dict[str, Any], key: str) -> bool | None:
    value = record.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise RecordError(f'"{key}" must be true or false, got {_kind(value)}')


def _number(record: dict[str, Any], key: str) -> float | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RecordError(f'"{key}" must be a finite number')
    return float(value)
