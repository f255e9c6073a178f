"""Reader for Hugging Face papers listings: page header, a date heading, title/abstract pairs.

The header lines of the page ("new", "Subscribe", "Daily Papers", ...) are
skipped wherever they appear, so concatenated pages read too. A date heading
without a year ("Apr 24") is kept as ``date_text`` of the papers under it.
After an abstract, a paragraph that is long, ends with a full stop or starts in
lower case continues the abstract; anything else starts the next paper. A title
line directly followed by a much longer line is a title and its abstract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.readers.ids import clean_text, join_paragraph, paper_id
from kg.readers.textio import Paragraph, TextFile, iter_lines, iter_paragraphs
from kg.types import Paper, ReadProblem

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
DATE_HEADING = re.compile(rf"^(?:{MONTHS})[a-z]*\.? \d{{1,2}}(?:, \d{{4}})?$")
#: A title is one line of at most this many characters.
MAX_TITLE_CHARS = 300


def is_header(text: str) -> bool:
    """Whether ``text`` is one of the page's boilerplate lines."""
    return text.casefold() in HEADER_LINES


def read(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield the papers of a Hugging Face listing, in file order."""
    date_text: str | None = None
    title: tuple[int, str] | None = None
    abstract: list[str] = []
    for item in iter_paragraphs(iter_lines(file), source):
        if isinstance(item, ReadProblem):
            yield item
            continue
        for para in _split(item):
            text = join_paragraph(list(para.lines))
            if is_header(text):
                continue
            if DATE_HEADING.match(text) and (title is None or abstract):
                if title is not None:
                    yield _paper(title, abstract, date_text, source)
                    title, abstract = None, []
                date_text = text
                continue
            if title is not None and (not abstract or not _starts_paper(para) and _continues(text)):
                abstract.append(text)
                continue
            if title is not None:
                yield _paper(title, abstract, date_text, source)
            if _starts_paper(para):  # title and abstract with no blank line between
                title, abstract = (para.line, clean_text(para.lines[0])), [join_paragraph(list(para.lines[1:]))]
            else:
                title, abstract = (para.line, text), []
    if title is not None:
        if abstract:
            yield _paper(title, abstract, date_text, source)
        else:
            yield ReadProblem(source, title[0], f"title without abstract at end of file: {title[1][:60]!r}")


def _split(para: Paragraph) -> list[Paragraph]:
    """Split header lines and a title line off a paragraph that has no blank line after them."""
    out: list[Paragraph] = []
    lines = list(para.lines)
    line = para.line
    while len(lines) > 1 and (is_header(lines[0]) or DATE_HEADING.match(lines[0])):
        out.append(Paragraph(line, (lines.pop(0),)))
        line += 1
    out.append(Paragraph(line, tuple(lines)))
    return out


def _starts_paper(para: Paragraph) -> bool:
    """Whether a multi-line paragraph is a title line directly followed by its abstract.

    The first line must look like a title and be much shorter than the next, so
    a hard-wrapped abstract paragraph (lines of similar length) is not split.
    """
    if len(para.lines) < 2:
        return False
    first, second = para.lines[0], para.lines[1]
    title_like = len(first) <= MAX_TITLE_CHARS and not first.endswith(".") and first[:1].isupper()
    return title_like and (len(second) > MAX_TITLE_CHARS or len(second) > 2 * len(first))


def _continues(text: str) -> bool:
    """Whether a paragraph after an abstract is more abstract rather than the next title."""
    return len(text) > MAX_TITLE_CHARS or text.endswith(".") or not text[:1].isupper() and not text[:1].isdigit()


def _paper(title: tuple[int, str], abstract: list[str], date_text: str | None, source: str) -> Paper:
    line, text = title
    title_text = clean_text(text)
    abstract_text = "\n\n".join(abstract)
    return Paper(
        id=paper_id(None, None, title_text, abstract_text),
        title=title_text,
        abstract=abstract_text,
        date_text=date_text,
        source=source,
        line=line,
    )
