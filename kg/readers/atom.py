"""Reader for arXiv API responses (Atom XML from ``export.arxiv.org/api/query``).

Parsed as a stream with ``defusedxml`` (see :mod:`kg.readers.xmlstream`): entity
declarations (XML bombs) and external references are refused, each entry becomes a
paper as soon as it ends.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from defusedxml.ElementTree import DefusedXMLParser

from kg.readers.ids import clean_text, normalize_arxiv_id, paper_id
from kg.readers.textio import TextFile
from kg.readers.xmlstream import current_line, stream_xml
from kg.types import Paper, ReadProblem

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_TEXT_FIELDS = {
    f"{ATOM}id": "id",
    f"{ATOM}title": "title",
    f"{ATOM}summary": "summary",
    f"{ATOM}published": "published",
    f"{ATOM}updated": "updated",
    f"{ARXIV}comment": "comment",
    f"{ARXIV}journal_ref": "journal_ref",
}


class _EntryCollector:
    """An ElementTree parser target that turns each ``<entry>`` into a dict with its line."""

    def __init__(self) -> None:
        self.parser: DefusedXMLParser | None = None
        self.done: deque[dict[str, Any]] = deque()
        self.root: str | None = None
        self.entry: dict[str, Any] | None = None
        self.field: str | None = None
        self.buffer: list[str] = []
        self.author: dict[str, Any] | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.root is None:
            self.root = tag
        if tag == f"{ATOM}entry":
            self.entry = {"line": current_line(self), "authors": [], "categories": []}
        elif self.entry is None:
            return
        elif tag == f"{ATOM}author":
            self.author = {"name": "", "affiliations": []}
        elif tag in (f"{ATOM}category", f"{ARXIV}primary_category") and attrib.get("term"):
            self.entry["categories"].append(attrib["term"])
        elif tag in _TEXT_FIELDS or tag in (f"{ATOM}name", f"{ARXIV}affiliation"):
            self.field, self.buffer = tag, []

    def data(self, text: str) -> None:
        if self.field is not None:
            self.buffer.append(text)

    def end(self, tag: str) -> None:
        if self.entry is None:
            return
        if tag == self.field:
            text = "".join(self.buffer)
            if tag == f"{ATOM}name" and self.author is not None:
                self.author["name"] = clean_text(text)
            elif tag == f"{ARXIV}affiliation" and self.author is not None:
                self.author["affiliations"].append(clean_text(text))
            elif tag in _TEXT_FIELDS and self.author is None:
                self.entry[_TEXT_FIELDS[tag]] = text
            self.field, self.buffer = None, []
        elif tag == f"{ATOM}author" and self.author is not None:
            self.entry["authors"].append(self.author)
            self.author = None
        elif tag == f"{ATOM}entry":
            self.done.append(self.entry)
            self.entry = None

    def close(self) -> None:
        return None


def read(file: TextFile, source: str) -> Iterator[Paper | ReadProblem]:
    """Yield the papers of an arXiv API Atom feed, in document order."""
    collector = _EntryCollector()
    failed = False
    for item in stream_xml(file, source, collector):
        failed = isinstance(item, ReadProblem)
        yield item if failed else _to_paper(item, source)
    if not failed and collector.root != f"{ATOM}feed":
        yield ReadProblem(source, 1, f"not an Atom feed (root element {collector.root!r})")


def _to_paper(entry: dict[str, Any], source: str) -> Paper | ReadProblem:
    line = entry["line"]
    raw_id = clean_text(entry.get("id", ""))
    title = clean_text(entry.get("title", ""))
    abstract = clean_text(entry.get("summary", ""))
    if "/api/errors" in raw_id:
        return ReadProblem(source, line, f"arXiv API error: {abstract or title}")
    if not title and not abstract:
        return ReadProblem(source, line, "entry has neither title nor summary; skipped")
    arxiv_id = normalize_arxiv_id(raw_id)
    organizations: list[str] = []
    for author in entry["authors"]:
        organizations.extend(a for a in author["affiliations"] if a and a not in organizations)
    comment = clean_text(entry.get("comment", ""))
    journal = clean_text(entry.get("journal_ref", ""))
    if journal:
        comment = f"{comment}; journal ref: {journal}" if comment else f"journal ref: {journal}"
    return Paper(
        id=paper_id(None, arxiv_id, title, abstract),
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        authors=tuple(a["name"] for a in entry["authors"] if a["name"]),
        organizations=tuple(organizations),
        published=_day(entry.get("published")),
        updated=_day(entry.get("updated")),
        categories=tuple(dict.fromkeys(entry["categories"])),
        comments=comment or None,
        source=source,
        line=line,
    )


def _day(text: str | None) -> str | None:
    """``2024-10-04T17:03:16Z`` -> ``2024-10-04``."""
    text = (text or "").strip()
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else None
