"""Reader for Semantic Scholar papers: Graph API JSON lines, or the bulk ``papers`` dataset.

Graph API objects (``api.semanticscholar.org/graph/v1/paper/...``) have ``paperId,
externalIds {ArXiv, DOI, ...}, title, abstract, authors [{name}], publicationDate,
year, venue``; a line may also be a search page ``{"data": [papers]}``. The bulk
datasets write the same fields in lower case (``corpusid``, ``externalids``,
``publicationdate``) and keep abstracts in a separate dataset, so those papers
come with their titles only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.dates import iso_day
from kg.readers.ids import normalize_arxiv_id, paper_id
from kg.readers.jsonl import iter_json_values
from kg.readers.textio import TextFile
from kg.types import Paper, ReadProblem


class RecordError(ValueError):
    """A line that is not a usable Semantic Scholar paper; the message is for the user."""


def read(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield a paper per line (each paper of a ``{"data": [...]}`` page line)."""
    for item in iter_json_values(file, source):
        if isinstance(item, ReadProblem):
            yield item
            continue
        number, value = item
        records = value.get("data") if isinstance(value, dict) and isinstance(value.get("data"), list) else [value]
        for record in records:
            try:
                yield record_to_paper(record, source, number)
            except RecordError as exc:
                yield ReadProblem(source, number, str(exc))


def record_to_paper(record: Any, source: str = "", line: int = 0) -> Paper:
    """One Semantic Scholar paper object as a :class:`Paper` (camelCase or lower-case keys).

    Raises:
        RecordError: not an object, no title and no abstract, or a malformed field.
    """
    if not isinstance(record, dict):
        raise RecordError(f"expected a paper object, got {type(record).__name__}")
    get = lambda key: record.get(key, record.get(key.lower()))  # noqa: E731
    title = " ".join(_text(get("title"), "title").split())
    abstract = " ".join(_text(get("abstract"), "abstract").split())
    if not title and not abstract:
        raise RecordError("paper has neither title nor abstract")
    external = get("externalIds") or {}
    if not isinstance(external, dict):
        raise RecordError('"externalIds" must be an object')
    arxiv_raw = external.get("ArXiv") or external.get("arxiv")
    arxiv_id = normalize_arxiv_id(str(arxiv_raw)) if arxiv_raw else None
    own = get("paperId") or get("corpusId")
    authors = get("authors") or []
    if not isinstance(authors, list):
        raise RecordError('"authors" must be a list of {"name": ...} objects')
    names = tuple(
        " ".join(a["name"].split()) for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()
    )
    year = get("year")
    doi = external.get("DOI") or external.get("doi")
    venue = get("venue")
    return Paper(
        id=paper_id(None if arxiv_id else (str(own) if own else None), arxiv_id, title, abstract),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        authors=names,
        published=iso_day(get("publicationDate")),
        date_text=str(year) if isinstance(year, int) and not isinstance(year, bool) else None,
        doi=str(doi) if doi else None,
        venue=" ".join(venue.split()) or None if isinstance(venue, str) else None,
        source=source,
        line=line,
    )


def _text(value: Any, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f'"{key}" must be a string, got {type(value).__name__}')
    return value
