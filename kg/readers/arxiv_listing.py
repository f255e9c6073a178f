"""Reader for arXiv-style listings: abstract, optional title/authors and comments, ID, dates.

A record is a run of paragraphs closed by an ``arXiv:ID`` line and an optional
``Created: YYYY-MM-DD [Updated: YYYY-MM-DD]`` line. Inside a record an optional
head paragraph (a short title line, then the comma-separated author line) comes
first, then the abstract; short paragraphs after the abstract are the comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.readers.ids import clean_text, join_paragraph, normalize_arxiv_id, paper_id
from kg.readers.textio import Paragraph, TextFile, iter_lines, iter_paragraphs
from kg.types import Paper, ReadProblem

ID_LINE = re.compile(r"^arXiv:\s*(\S+)$", re.IGNORECASE)
DATE_LINE = re.compile(r"^Created:\s*(\d{4}-\d{2}-\d{2})(?:\s+Updated:\s*(\d{4}-\d{2}-\d{2}))?$")
#: A paragraph after the abstract longer than this continues the abstract rather than being a comment.
MAX_COMMENT_CHARS = 400
#: A first line longer than this is abstract text, not a title.
MAX_TITLE_CHARS = 300


def read(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield the papers of an arXiv listing, in file order."""
    pending: list[Paragraph] = []
    arxiv: tuple[int, str] | None = None
    for item in iter_paragraphs(iter_lines(file), source):
        if isinstance(item, ReadProblem):
            yield item
            continue
        body: list[str] = []
        for offset, text in enumerate(item.lines):
            id_match = ID_LINE.match(text)
            date_match = DATE_LINE.match(text)
            if id_match is None and date_match is None:
                body.append(text)
                continue
            if body:
                pending.append(Paragraph(item.line + offset - len(body), tuple(body)))
                body = []
            if id_match:
                if arxiv is not None:
                    yield from _record(pending, arxiv, (), source)
                    pending = []
                arxiv = (item.line + offset, id_match.group(1))
            else:
                dates = tuple(d for d in date_match.groups() if d)
                yield from _record(pending, arxiv, dates, source, item.line + offset)
                pending, arxiv = [], None
        if body:
            if arxiv is not None:  # a record with an ID but no Created line ends here
                yield from _record(pending, arxiv, (), source)
                pending, arxiv = [], None
            pending.append(Paragraph(item.line + len(item.lines) - len(body), tuple(body)))
    if pending or arxiv is not None:
        yield from _record(pending, arxiv, (), source)


def _record(
    paragraphs: list[Paragraph],
    arxiv: tuple[int, str] | None,
    dates: tuple[str, ...],
    source: str,
    end_line: int = 0,
) -> Iterator[Paper | ReadProblem]:
    first_line = paragraphs[0].line if paragraphs else (arxiv[0] if arxiv else end_line)
    if not paragraphs:
        yield ReadProblem(source, first_line, "arXiv record without title or abstract; skipped")
        return
    arxiv_id = None
    if arxiv is not None:
        arxiv_id = normalize_arxiv_id(arxiv[1])
        if arxiv_id is None:
            yield ReadProblem(source, arxiv[0], f"invalid arXiv ID {arxiv[1]!r}; record kept without it")
    start = 1 if _is_head(paragraphs) else 0
    head = list(paragraphs[0].lines) if start else []
    if start == len(paragraphs):
        start = 0
    abstract_parts = [join_paragraph(list(paragraphs[start].lines))]
    comments: list[str] = []
    for para in paragraphs[start + 1 :]:
        text = join_paragraph(list(para.lines))
        if len(text) > MAX_COMMENT_CHARS and not comments:
            abstract_parts.append(text)
        else:
            comments.append(text)
    title = clean_text(head[0]) if head else ""
    if not abstract_parts[0] and not title:
        yield ReadProblem(source, first_line, "arXiv record without title or abstract; skipped")
        return
    authors = tuple(a for a in (clean_text(x) for x in " ".join(head[1:]).split(",")) if a)
    abstract = "\n\n".join(abstract_parts)
    yield Paper(
        id=paper_id(None, arxiv_id, title, abstract),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        authors=authors,
        published=dates[0] if dates else None,
        updated=dates[1] if len(dates) > 1 else None,
        comments="; ".join(comments) or None,
        source=source,
        line=first_line,
    )


def _is_head(paragraphs: list[Paragraph]) -> bool:
    """Whether the first paragraph is a title (+ author) line rather than the abstract."""
    if len(paragraphs) < 2:
        return False
    first, second = paragraphs[0], paragraphs[1]
    if len(first.lines[0]) > MAX_TITLE_CHARS:
        return False
    if len(first.lines) >= 2:
        return True
    return len(first.lines[0]) < sum(len(t) for t in second.lines) and not first.lines[0].endswith(".")
