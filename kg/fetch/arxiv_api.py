"""The arXiv API (``export.arxiv.org/api/query``): search queries paged by ``start``/``max_results``.

Pages are sorted by submission date, oldest first, so the records before a
saved ``start`` stay put while new submissions arrive at the end: resuming at
that offset neither skips nor repeats a record.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timezone

from kg.fetch.errors import FetchError, RefusedError
from kg.fetch.page import Cursor, Page, Params, parse_xml

DEFAULT_BASE_URL = "http://export.arxiv.org/api/query"
#: The API's limit per request.
MAX_PAGE_SIZE = 2000
ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2}))?$")


def submitted_bound(text: str, end: bool) -> str:
    """``YYYY-MM-DD[THH:MM]`` as the API's ``YYYYMMDDHHMM`` (a bare end date means its last minute).

    >>> submitted_bound("2024-10-01", end=False), submitted_bound("2024-10-31", end=True)
    ('202410010000', '202410312359')
    """
    match = _DATE.match(text.strip())
    if not match:
        raise FetchError(f"date {text!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    year, month, day, hour, minute = match.groups()
    try:
        datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        raise FetchError(f"date {text!r} does not exist") from None
    if hour is None:
        hour, minute = ("23", "59") if end else ("00", "00")
    return f"{year}{month}{day}{hour}{minute}"


@dataclass(frozen=True)
class ArxivApiSource:
    """A search query (``cat:cs.CL``), optionally bounded by submission date, paged ``page_size`` at a time."""

    query: str
    date_from: str | None = None
    date_until: str | None = None
    page_size: int = 200
    base_url: str = DEFAULT_BASE_URL
    kind: str = "arxiv-api"
    prefix: str = "arxiv-api"

    def __post_init__(self) -> None:
        if not self.query.strip():
            raise FetchError("the search query is empty (e.g. cat:cs.CL)")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise FetchError(f"page size must be 1 to {MAX_PAGE_SIZE} (the API's limit per request)")
        for text, end in ((self.date_from, False), (self.date_until, True)):
            if text is not None:
                submitted_bound(text, end)

    def identity(self) -> Params:
        return (("query", self.query), ("from", self.date_from or ""), ("until", self.date_until or ""))

    def resolve(self, now: float) -> Params:
        """``search_query`` with the date bounds ANDed in; an open end is fixed to the start time of the harvest."""
        search = self.query.strip()
        if self.date_from or self.date_until:
            low = submitted_bound(self.date_from, end=False) if self.date_from else "199101010000"
            high = (
                submitted_bound(self.date_until, end=True)
                if self.date_until
                else datetime.fromtimestamp(now, timezone.utc).strftime("%Y%m%d%H%M")
            )
            search = f"({search}) AND submittedDate:[{low} TO {high}]"
        return (("search_query", search), ("sortBy", "submittedDate"), ("sortOrder", "ascending"))

    def first_cursor(self) -> Cursor:
        return 0

    def page_url(self, params: Params, cursor: Cursor, limit: int | None) -> str:
        size = self.page_size if limit is None else min(self.page_size, limit)
        query = (*params, ("start", str(cursor)), ("max_results", str(size)))
        return f"{self.base_url}?{urllib.parse.urlencode(query)}"

    def parse(self, body: bytes, cursor: Cursor, limit: int | None) -> Page:
        """Count the entries; the page is the last when it is short or empty, or reaches ``totalResults``."""
        asked = self.page_size if limit is None else min(self.page_size, limit)
        root = parse_xml(body, "arXiv API response")
        if root.tag != f"{ATOM}feed":
            raise FetchError(f"not an arXiv API response: root element {root.tag!r} is not an Atom feed")
        entries = root.findall(f"{ATOM}entry")
        problem = _api_error(entries)
        if problem:
            raise RefusedError(f"arXiv API error: {problem}")
        total = _int(root.findtext(f"{OPENSEARCH}totalResults"))
        start = int(cursor or 0)
        after = start + len(entries)
        last = len(entries) < asked or (total is not None and after >= total)
        return Page(len(entries), None if last else after, total)

    def error_detail(self, body: bytes) -> str | None:
        try:
            root = parse_xml(body, "error response")
        except FetchError:
            return None
        return _api_error(root.findall(f"{ATOM}entry"))


def _api_error(entries) -> str | None:
    """The API reports a bad query as a single entry whose id is under ``/api/errors``."""
    for entry in entries:
        if "/api/errors" in (entry.findtext(f"{ATOM}id") or ""):
            return " ".join((entry.findtext(f"{ATOM}summary") or "unknown error").split())
    return None


def _int(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None
