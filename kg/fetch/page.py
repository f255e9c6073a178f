"""What every harvested service has in common: a parsed page and the source protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from kg.fetch.errors import FetchError

#: Where the next request starts: a record offset (arXiv API) or a resumption token (OAI-PMH, None at first).
Cursor = int | str | None
#: Request parameters fixed for a whole harvest, as ``(name, value)`` pairs in URL order.
Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Page:
    """One parsed response: how many records it holds and where the next page starts (None: the end)."""

    records: int
    next_cursor: Cursor
    total: int | None = None

    @property
    def last(self) -> bool:
        return self.next_cursor is None


class Source(Protocol):
    """One harvestable service: how to ask for a page and how to read the answer."""

    #: Stored in the state file; a state of another kind is never resumed.
    kind: str
    #: Page files are named ``<prefix>-000001.xml``.
    prefix: str
    base_url: str

    def identity(self) -> Params:
        """The options that choose which records come back, as the user gave them (resume checks these)."""

    def resolve(self, now: float) -> Params:
        """The parameters of every request of this harvest, fixed at its start (e.g. an open date bound)."""

    def first_cursor(self) -> Cursor:
        """Where a fresh harvest starts."""

    def page_url(self, params: Params, cursor: Cursor, limit: int | None) -> str:
        """The URL of the page at ``cursor``, asking for at most ``limit`` records when the service allows."""

    def parse(self, body: bytes, cursor: Cursor, limit: int | None) -> Page:
        """Read a response body; raises :class:`FetchError` when it is not a valid page."""

    def error_detail(self, body: bytes) -> str | None:
        """The service's own explanation inside an error response's body, if any."""


def parse_xml(body: bytes, what: str):
    """The root element of ``body``, parsed safely (no entity expansion, no external references)."""
    try:
        return fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FetchError(f"refused unsafe XML in the {what} ({type(exc).__name__})") from None
    except ParseError as exc:
        raise FetchError(f"malformed XML in the {what}: {exc}") from None
