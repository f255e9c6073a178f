"""arXiv's OAI-PMH interface: ``ListRecords`` of a set and datestamp range, followed by resumption tokens.

Per OAI-PMH 2.0, the first request names the metadata format, set and dates;
each later one carries only the ``resumptionToken`` of the page before, and an
empty token marks the last page. ``noRecordsMatch`` is an empty result, not a failure.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from kg.fetch.errors import FetchError, RefusedError
from kg.fetch.page import Cursor, Page, Params, parse_xml

#: The base URL that arXiv's OAI-PMH help page (info.arxiv.org/help/oa) gives.
DEFAULT_BASE_URL = "https://oaipmh.arxiv.org/oai"
#: The metadata formats arXiv serves for every record.
METADATA_PREFIXES = ("arXiv", "arXivRaw", "oai_dc")
OAI = "{http://www.openarchives.org/OAI/2.0/}"
_DATESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")
_HINTS = {
    "badResumptionToken": "the saved resumption token is no longer accepted (tokens expire); start again with --restart",
    "badArgument": "check --set, --from, --until and --metadata-prefix",
    "cannotDisseminateFormat": f"arXiv serves {', '.join(METADATA_PREFIXES)}",
}


@dataclass(frozen=True)
class OaiPmhSource:
    """``ListRecords`` in one metadata format, optionally limited to a set and a datestamp range."""

    set_spec: str | None = None
    date_from: str | None = None
    date_until: str | None = None
    metadata_prefix: str = "arXiv"
    base_url: str = DEFAULT_BASE_URL
    kind: str = "oai-pmh"
    prefix: str = "oai"

    def __post_init__(self) -> None:
        for name, text in (("--from", self.date_from), ("--until", self.date_until)):
            if text is not None and not _DATESTAMP.match(text):
                raise FetchError(f"{name} {text!r} is not an OAI-PMH datestamp (YYYY-MM-DD)")

    def identity(self) -> Params:
        return self.resolve(0.0)

    def resolve(self, now: float) -> Params:
        params = [("verb", "ListRecords"), ("metadataPrefix", self.metadata_prefix)]
        for name, value in (("set", self.set_spec), ("from", self.date_from), ("until", self.date_until)):
            if value:
                params.append((name, value))
        return tuple(params)

    def first_cursor(self) -> Cursor:
        return None

    def page_url(self, params: Params, cursor: Cursor, limit: int | None) -> str:
        query = params if cursor is None else (("verb", "ListRecords"), ("resumptionToken", str(cursor)))
        return f"{self.base_url}?{urllib.parse.urlencode(query)}"

    def parse(self, body: bytes, cursor: Cursor, limit: int | None) -> Page:
        """Count the records and read the resumption token; ``noRecordsMatch`` is an empty last page."""
        root = parse_xml(body, "OAI-PMH response")
        if root.tag != f"{OAI}OAI-PMH":
            raise FetchError(f"not an OAI-PMH response: root element {root.tag!r}")
        errors = root.findall(f"{OAI}error")
        if any(e.get("code") == "noRecordsMatch" for e in errors):
            return Page(0, None, 0)
        if errors:
            raise RefusedError(_describe(errors[0]))
        listing = root.find(f"{OAI}ListRecords")
        if listing is None:
            raise FetchError("OAI-PMH response has neither ListRecords nor an error")
        records = len(listing.findall(f"{OAI}record"))
        token = listing.find(f"{OAI}resumptionToken")
        next_token = (token.text or "").strip() if token is not None else ""
        total = _int(token.get("completeListSize")) if token is not None else None
        return Page(records, next_token or None, total)

    def error_detail(self, body: bytes) -> str | None:
        try:
            root = parse_xml(body, "error response")
        except FetchError:
            return None
        error = root.find(f"{OAI}error")
        return _describe(error) if error is not None else None


def _describe(error) -> str:
    code = error.get("code") or "unknown"
    text = " ".join((error.text or "").split())
    hint = _HINTS.get(code)
    return f"OAI-PMH error {code}: {text or 'no message'}" + (f" ({hint})" if hint else "")


def _int(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None
