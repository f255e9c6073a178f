"""Reader for arXiv OAI-PMH ``ListRecords`` responses (``export.arxiv.org/oai2``).

Three metadata formats: ``arXiv`` (authors as keyname/forenames/suffix, ``created``
and ``updated`` dates), ``arXivRaw`` (authors as one string, a ``version`` element
with an RFC 2822 ``date`` per version) and ``oai_dc`` (Dublin Core: ``creator``
"Last, First", ``date`` per version, the abstract as the first ``description``).
A record whose header says ``status="deleted"`` becomes :attr:`Skipped.DELETED`;
an OAI-PMH ``<error>`` becomes a problem. Parsed as a safe stream (see
:mod:`kg.readers.xmlstream`): one ``<record>`` in memory at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from xml.etree.ElementTree import Element

from kg.dates import iso_day, rfc2822_day
from kg.readers.arxiv_authors import name_from_parts, split_author_string
from kg.readers.ids import normalize_arxiv_id, paper_id
from kg.readers.latex import latex_to_unicode
from kg.readers.textio import TextFile
from kg.readers.xmlstream import SubtreeCollector, stream_xml
from kg.types import Paper, ReadProblem, Skipped

OAI = "{http://www.openarchives.org/OAI/2.0/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"
ARXIV_RAW = "{http://arxiv.org/OAI/arXivRaw/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}"
DC = "{http://purl.org/dc/elements/1.1/}"
#: Errors that only say the answer is empty.
_EMPTY_ANSWER = {"noRecordsMatch"}


def read(file: TextFile, source: str) -> Iterator[Paper | ReadProblem | Skipped]:
    """Yield a paper per live record of an OAI-PMH response, in document order."""
    collector = SubtreeCollector({f"{OAI}record", f"{OAI}error"})
    failed = False
    for item in stream_xml(file, source, collector):
        if isinstance(item, ReadProblem):
            failed = True
            yield item
            continue
        line, element = item
        if element.tag == f"{OAI}error":
            code = element.get("code", "")
            if code not in _EMPTY_ANSWER:
                yield ReadProblem(source, line, f"OAI-PMH error {code}: {_text(element)}")
            continue
        yield _record(element, source, line)
    if not failed and collector.root != f"{OAI}OAI-PMH":
        yield ReadProblem(source, 1, f"not an OAI-PMH response (root element {collector.root!r})")


def _record(record: Element, source: str, line: int) -> Paper | ReadProblem | Skipped:
    header = record.find(f"{OAI}header")
    if header is not None and header.get("status") == "deleted":
        return Skipped.DELETED
    metadata = record.find(f"{OAI}metadata")
    payload = next(iter(metadata), None) if metadata is not None else None
    if payload is None:
        return ReadProblem(source, line, "record has no metadata; skipped")
    parse = _FORMATS.get(payload.tag)
    if parse is None:
        return ReadProblem(source, line, f"unsupported metadata format {payload.tag!r} (use arXiv, arXivRaw or oai_dc)")
    fields = parse(payload)
    identifier = _text(header.find(f"{OAI}identifier")) if header is not None else ""
    arxiv_id = normalize_arxiv_id(fields.pop("id", "")) or normalize_arxiv_id(identifier.rpartition(":")[2])
    title, abstract = fields.get("title", ""), fields.get("abstract", "")
    if not title and not abstract:
        return ReadProblem(source, line, "record has neither title nor abstract; skipped")
    return Paper(id=paper_id(None, arxiv_id, title, abstract), arxiv_id=arxiv_id, source=source, line=line, **fields)


def _arxiv(meta: Element) -> dict:
    """The ``arXiv`` format: parsed author names with affiliations, ISO created/updated dates."""
    authors, organizations = [], []
    for author in meta.iterfind(f"{ARXIV}authors/{ARXIV}author"):
        name = name_from_parts(
            _text(author.find(f"{ARXIV}keyname")), _text(author.find(f"{ARXIV}forenames")), _text(author.find(f"{ARXIV}suffix"))
        )
        if name:
            authors.append(name)
        for affiliation in author.iterfind(f"{ARXIV}affiliation"):
            org = _text(affiliation)
            if org and org not in organizations:
                organizations.append(org)
    return _common(meta, ARXIV) | {
        "authors": tuple(authors),
        "organizations": tuple(organizations),
        "published": iso_day(_text(meta.find(f"{ARXIV}created"))),
        "updated": iso_day(_text(meta.find(f"{ARXIV}updated"))),
    }


def _arxiv_raw(meta: Element) -> dict:
    """The ``arXivRaw`` format: one author string, a ``version`` element per version."""
    days = [rfc2822_day(_text(v.find(f"{ARXIV_RAW}date"))) for v in meta.iterfind(f"{ARXIV_RAW}version")]
    return _common(meta, ARXIV_RAW) | {
        "authors": split_author_string(_text(meta.find(f"{ARXIV_RAW}authors"))),
        "published": days[0] if days else None,
        "updated": days[-1] if days else None,
    }


def _common(meta: Element, ns: str) -> dict:
    """Fields the ``arXiv`` and ``arXivRaw`` formats share (same element names)."""
    get = lambda name: _text(meta.find(f"{ns}{name}"))  # noqa: E731
    return {
        "id": get("id"),
        "title": latex_to_unicode(get("title")),
        "abstract": get("abstract"),
        "categories": tuple(get("categories").split()),
        "comments": get("comments") or None,
        "journal_ref": get("journal-ref") or None,
        "doi": get("doi") or None,
        "license": get("license") or None,
    }


def _oai_dc(meta: Element) -> dict:
    """Dublin Core: creators "Last, First", dates per version, identifiers (abs URL, ``doi:``, journal ref)."""
    values = lambda name: [t for t in (_text(e) for e in meta.iterfind(f"{DC}{name}")) if t]  # noqa: E731
    descriptions = values("description")
    comments = [d.removeprefix("Comment:").strip() for d in descriptions if d.startswith("Comment:")]
    abstracts = [d for d in descriptions if not d.startswith("Comment:")]
    days = [day for day in (iso_day(d) for d in values("date")) if day]
    arxiv_id, doi, journal = "", None, None
    for identifier in values("identifier"):
        if identifier.lower().startswith("doi:"):
            doi = identifier[4:].strip()
        elif normalize_arxiv_id(identifier):
            arxiv_id = arxiv_id or identifier
        elif not identifier.startswith("http"):
            journal = journal or identifier
    return {
        "id": arxiv_id,
        "title": latex_to_unicode(" ".join(values("title"))),
        "abstract": abstracts[0] if abstracts else "",
        "authors": tuple(_dc_name(c) for c in values("creator")),
        "published": days[0] if days else None,
        "updated": days[-1] if days else None,
        "comments": "; ".join(comments) or None,
        "doi": doi,
        "journal_ref": journal,
    }


def _dc_name(creator: str) -> str:
    """``"Balázs, C."`` -> ``"C. Balázs"`` (Dublin Core writes the family name first)."""
    last, comma, first = creator.partition(",")
    return name_from_parts(last.strip(), first.strip()) if comma else latex_to_unicode(creator)


def _text(element: Element | None) -> str:
    """The element's whole text (children included), whitespace runs collapsed; '' for None."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


_FORMATS: dict[str, Callable[[Element], dict]] = {
    f"{ARXIV}arXiv": _arxiv,
    f"{ARXIV_RAW}arXivRaw": _arxiv_raw,
    f"{OAI_DC}dc": _oai_dc,
}
