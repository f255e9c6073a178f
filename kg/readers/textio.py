"""Opening input files safely: existence, binary and encoding checks, bounded line reading.

Every reader goes through here, so a bad file becomes one clear problem and a
50 MB line never sits in memory whole.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.types import ReadProblem

#: Longest line (characters) any reader accepts; longer lines are skipped as a problem.
MAX_LINE_CHARS = 4_000_000
#: Bytes looked at to check for binary content and to detect the format.
SAMPLE_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK = "kg-cp1252"
_TEXT_CONTROLS = {9, 10, 12, 13, 27}


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (Latin-1 where 1252 has a hole)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    text = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad)
    return text, error.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


class FileProblem(Exception):
    """A whole file cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class TextFile:
    """A checked input file: how to decode it and its first few kilobytes as text."""

    path: Path
    encoding: str
    errors: str
    sample: str


def inspect_file(path: Path) -> TextFile:
    """Check that ``path`` is a readable, non-empty text file and choose its encoding.

    UTF-8 is assumed, with a Windows-1252/Latin-1 fallback for bytes that are not
    UTF-8; a BOM selects UTF-8, UTF-16 or UTF-32.

    Raises:
        FileProblem: missing, unreadable, empty or binary file.
    """
    if not path.exists():
        raise FileProblem("no such file or folder")
    if not path.is_file():
        raise FileProblem("not a regular file")
    try:
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except OSError as exc:
        raise FileProblem(f"cannot read file: {exc.strerror or exc}") from None
    encoding, errors = _encoding(head)
    if encoding is None:
        raise FileProblem("binary file, not text (expected a listing, JSON, JSONL or Atom XML)")
    sample = head.decode(encoding, errors=errors) if encoding != "utf-8" else _decode_prefix(head)
    sample = sample.lstrip("\ufeff")
    if not sample.strip():
        raise FileProblem("empty file")
    return TextFile(path, encoding, errors, sample)


def _encoding(head: bytes) -> tuple[str | None, str]:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, "replace"
    if b"\x00" in head:
        return None, ""
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    if head and controls / len(head) > 0.05:
        return None, ""
    return "utf-8", _FALLBACK


def _decode_prefix(head: bytes) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")(errors=_FALLBACK)
    return decoder.decode(head, final=False)


def open_text(file: TextFile) -> IO[str]:
    """Open ``file`` for reading as text with universal newlines (CRLF and CR become LF)."""
    raw = file.path.open("rb")
    return io.TextIOWrapper(raw, encoding=file.encoding, errors=file.errors, newline=None)


def iter_lines(file: TextFile) -> Iterator[tuple[int, str | None]]:
    """Yield ``(line_number, text)`` for each line, without its line end; 1-based.

    A line longer than :data:`MAX_LINE_CHARS` is skipped without being held in
    memory and yields ``(line_number, None)`` so the reader can report it.
    """
    with open_text(file) as stream:
        number = 0
        while True:
            try:
                line = stream.readline(MAX_LINE_CHARS + 1)
            except OSError as exc:
                raise FileProblem(f"read failed after line {number}: {exc.strerror or exc}") from None
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                while True:
                    rest = stream.readline(1 << 20)
                    if not rest or rest.endswith("\n"):
                        break
                yield number, None
                continue
            if number == 1:
                line = line.lstrip("\ufeff")
            yield number, line.rstrip("\n")


def collapse_whitespace(text: str) -> str:
    """``" ".join(text.split())``, without splitting hard-wrapped text into words (a 1 KB abstract costs a quarter).

    Fast path: arXiv's line breaks ("\\n", "\\n  ") become spaces, and the result is kept
    when its only whitespace is single spaces (``isprintable`` is False for every
    whitespace character but the space); anything else takes the general path.

    >>> collapse_whitespace("  Calculation of prompt\\n  diphoton production\\n")
    'Calculation of prompt diphoton production'
    """
    flat = text.strip()
    if "\n" in flat:
        flat = flat.replace("\n  ", " ").replace("\n", " ")
    if "  " not in flat and (flat.isascii() and _no_ascii_space_but_blank(flat) or flat.isprintable()):
        return flat
    return " ".join(text.split())


def _no_ascii_space_but_blank(text: str) -> bool:
    """Whether ``text`` has none of the ASCII whitespace characters other than the space (tab, CR, FF, ...)."""
    return ("\t" not in text and "\r" not in text and "\x0b" not in text and "\x0c" not in text
            and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text and "\x1f" not in text)


def giant_line(source: str, line: int) -> ReadProblem:
    """The problem reported for a line over the length limit."""
    limit_mb = MAX_LINE_CHARS // 1_000_000
    return ReadProblem(source, line, f"line longer than {limit_mb} million characters; skipped")


@dataclass(frozen=True)
class Paragraph:
    """Consecutive non-blank lines (stripped), starting at 1-based line ``line``."""

    line: int
    lines: tuple[str, ...]


def iter_paragraphs(lines: Iterable[tuple[int, str | None]], source: str) -> Iterator[Paragraph | ReadProblem]:
    """Group lines into blank-line separated paragraphs; over-long lines become problems."""
    start = 0
    current: list[str] = []
    for number, text in lines:
        if text is None:
            yield giant_line(source, number)
            text = ""
        text = text.strip()
        if text:
            if not current:
                start = number
            current.append(text)
        elif current:
            yield Paragraph(start, tuple(current))
            current = []
    if current:
        yield Paragraph(start, tuple(current))
