"""Reader for OpenAlex works (``openalex.org``): the snapshot's JSON Lines, or saved API pages.

Each line is a work object, or an API page ``{"meta": ..., "results": [works]}``.
OpenAlex ships abstracts as an ``abstract_inverted_index`` (word -> positions),
rebuilt here with :func:`abstract_from_inverted_index`; authors and institutions come
from ``authorships``; the arXiv ID from a ``10.48550/arxiv.*`` DOI or an arxiv.org
URL among the work's ``ids`` and locations. A work without an abstract is kept
with its title.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.dates import iso_day
from kg.readers.ids import normalize_arxiv_id, paper_id
from kg.readers.jsonl import iter_json_values
from kg.readers.textio import TextFile
from kg.types import Paper, ReadProblem

_ARXIV_DOI = "10.48550/arxiv."
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "doi:")


class RecordError(ValueError):
    """A line that is not a usable OpenAlex work; the message is for the user."""


def read(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield a paper per work, line by line (each work of an API page line)."""
    for item in iter_json_values(file, source):
        if isinstance(item, ReadProblem):
            yield item
            continue
        number, value = item
        works = value.get("results") if isinstance(value, dict) and "results" in value else [value]
        if not isinstance(works, list):
            yield ReadProblem(source, number, '"results" must be a list of works')
            continue
        for work in works:
            try:
                yield work_to_paper(work, source, number)
            except RecordError as exc:
                yield ReadProblem(source, number, str(exc))


def abstract_from_inverted_index(index: dict[str, list[int]]) -> str:
    """The abstract text: each word put at each of its positions, joined by single spaces.

    >>> abstract_from_inverted_index({"the": [0, 3], "cat": [1], "saw": [2], "dog": [4]})
    'the cat saw the dog'
    """
    placed: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions:
            placed[position] = word
    return " ".join(placed[p] for p in sorted(placed))


def work_to_paper(work: Any, source: str = "", line: int = 0) -> Paper:
    """One OpenAlex work object as a :class:`Paper`.

    Raises:
        RecordError: not an object, no title and no abstract, or a malformed field.
    """
    if not isinstance(work, dict):
        raise RecordError(f"expected a work object, got {type(work).__name__}")
    title = " ".join(str(work.get("title") or work.get("display_name") or "").split())
    inverted = work.get("abstract_inverted_index")
    if inverted is not None and not _is_inverted_index(inverted):
        raise RecordError('"abstract_inverted_index" must map words to lists of positions')
    abstract = abstract_from_inverted_index(inverted) if inverted else ""
    if not title and not abstract:
        raise RecordError("work has neither title nor abstract")
    authors, organizations = _authorships(work.get("authorships"))
    doi = _doi(work.get("doi"))
    arxiv_id = _arxiv_id(work, doi)
    own = str(work.get("id") or "").rpartition("/")[2] or None  # https://openalex.org/W123 -> W123
    year = work.get("publication_year")
    return Paper(
        id=paper_id(None if arxiv_id else own, arxiv_id, title, abstract),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        authors=authors,
        organizations=organizations,
        published=iso_day(work.get("publication_date")),
        date_text=str(year) if isinstance(year, int) and not isinstance(year, bool) else None,
        doi=doi,
        venue=_venue(work),
        source=source,
        line=line,
    )


def _is_inverted_index(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(p, list) and all(isinstance(i, int) for i in p) for p in value.values()
    )


def _authorships(authorships: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Author display names and their institutions' names (each once, in order)."""
    authors: list[str] = []
    organizations: dict[str, None] = {}
    for authorship in authorships if isinstance(authorships, list) else ():
        if not isinstance(authorship, dict):
            continue
        author = authorship.get("author")
        name = author.get("display_name") if isinstance(author, dict) else None
        if isinstance(name, str) and name.strip():
            authors.append(" ".join(name.split()))
        for institution in authorship.get("institutions") or ():
            org = institution.get("display_name") if isinstance(institution, dict) else None
            if isinstance(org, str) and org.strip():
                organizations[" ".join(org.split())] = None
    return tuple(authors), tuple(organizations)


def _doi(value: Any) -> str | None:
    """The DOI without its ``https://doi.org/`` prefix."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    for prefix in _DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :]
    return value


def _arxiv_id(work: dict[str, Any], doi: str | None) -> str | None:
    """The arXiv ID from an arXiv DOI (``10.48550/arXiv.2405.01234``) or an arxiv.org URL of the work."""
    if doi and doi.lower().startswith(_ARXIV_DOI):
        return normalize_arxiv_id(doi[len(_ARXIV_DOI) :])
    for url in _urls(work):
        if "arxiv.org/" in url.lower():
            found = normalize_arxiv_id(url)
            if found:
                return found
        elif url.lower().removeprefix("https://doi.org/").startswith(_ARXIV_DOI):
            found = normalize_arxiv_id(url[url.lower().index(_ARXIV_DOI) + len(_ARXIV_DOI) :])
            if found:
                return found
    return None


def _urls(work: dict[str, Any]) -> Iterator[str]:
    ids = work.get("ids")
    if isinstance(ids, dict):
        yield from (v for v in ids.values() if isinstance(v, str))
    locations = [work.get("primary_location"), work.get("best_oa_location"), *(work.get("locations") or ())]
    for location in locations:
        if isinstance(location, dict):
            for key in ("landing_page_url", "pdf_url"):
                if isinstance(location.get(key), str):
                    yield location[key]


def _venue(work: dict[str, Any]) -> str | None:
    location = work.get("primary_location")
    venue = location.get("source") if isinstance(location, dict) else None
    name = venue.get("display_name") if isinstance(venue, dict) else None
    return " ".join(name.split()) if isinstance(name, str) and name.strip() else None
