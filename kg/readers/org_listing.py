"""Reader for organisation paper listings (the ``004`` example format), three lines a paper.

1. ``[score]CATEGORYMon D[, YYYY][Code]``, e.g. ``94.9LGMar 11Code`` or ``CLDec 20, 2022Code``;
2. the title glued to the authors, ``TitleFirst Author, Second Author et al. · org1, org2``
   (split by :func:`kg.readers.names.split_title_authors`);
3. the abstract (following lines up to the next line 1 continue it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from kg.readers.ids import clean_text, join_paragraph, paper_id
from kg.readers.names import split_title_authors
from kg.readers.textio import TextFile, giant_line, iter_lines
from kg.types import Paper, ReadProblem

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
META_LINE = re.compile(
    r"^(?P<score>\d{1,3}(?:\.\d+)?)?(?P<category>[A-Z]{1,5}?)"
    rf"(?P<date>(?P<month>{'|'.join(MONTHS)}) (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?)"
    r"(?P<code>Code)?$"
)
ORG_SEPARATOR = " · "


def read(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield the papers of an org listing, in file order."""
    meta: tuple[int, re.Match[str]] | None = None
    byline = ""
    paragraphs: list[list[str]] = []
    blank = False
    for number, text in iter_lines(file):
        if text is None:
            yield giant_line(source, number)
            continue
        text = text.strip()
        if not text:
            blank = True
            continue
        match = META_LINE.match(text)
        if match:
            if meta is not None:
                yield from _record(meta, byline, paragraphs, source)
            meta, byline, paragraphs, blank = (number, match), "", [], False
        elif meta is None:
            yield ReadProblem(source, number, "text before the first paper header line; skipped")
        elif not byline:
            byline = text
        else:
            if blank or not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(text)
        blank = False
    if meta is not None:
        yield from _record(meta, byline, paragraphs, source)


def _record(
    meta: tuple[int, re.Match[str]], byline: str, paragraphs: list[list[str]], source: str
) -> Iterator[Paper | ReadProblem]:
    line, match = meta
    if not byline:
        yield ReadProblem(source, line, "paper header line without a title line; skipped")
        return
    names_part, _, orgs_part = byline.partition(ORG_SEPARATOR)
    title, authors = split_title_authors(names_part.strip())
    title = clean_text(title)
    organizations = tuple(o for o in (clean_text(x) for x in orgs_part.split(",")) if o)
    abstract = "\n\n".join(join_paragraph(p) for p in paragraphs)
    published = None
    date_text = match.group("date")
    if match.group("year"):
        month = MONTHS.index(match.group("month")) + 1
        try:
            published = date(int(match.group("year")), month, int(match.group("day"))).isoformat()
            date_text = None
        except ValueError:
            yield ReadProblem(source, line, f"invalid date {match.group('date')!r}; kept as text")
    score = match.group("score")
    yield Paper(
        id=paper_id(None, None, title, abstract),
        title=title,
        abstract=abstract,
        authors=tuple(authors),
        organizations=organizations,
        published=published,
        date_text=date_text,
        categories=(match.group("category"),) if match.group("category") else (),
        has_code=match.group("code") is not None,
        score=float(score) if score else None,
        source=source,
        line=line,
    )
