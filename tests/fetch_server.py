"""A scripted arXiv stand-in for the ``kg fetch`` tests: a local HTTP server and responses in arXiv's shapes.

The server listens on 127.0.0.1 only (a random port), answers the scripted
replies in order, records every request, and stops itself after a bounded
number of requests or when the test ends. The page builders write the XML
that export.arxiv.org/api/query and arXiv's OAI-PMH interface serve.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, HTTPServer
from xml.sax.saxutils import escape

#: Requests beyond the script get this many more answers (errors) before the server stops itself.
EXTRA_REQUESTS = 3
#: The server stops itself after this long without the test ending it.
MAX_LIFETIME_S = 60.0


@dataclass(frozen=True)
class Reply:
    """One scripted answer; ``pause`` delays it (for timeouts), ``cut`` announces more bytes than it sends."""

    body: bytes = b""
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    pause: float = 0.0
    cut: bool = False


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it; ``at`` is the test clock's reading when one was given."""

    path: str
    params: dict[str, str]
    user_agent: str
    at: float | None


@dataclass
class ScriptedServer:
    """Serve ``replies`` in order on 127.0.0.1; unexpected requests get HTTP 500 and are recorded too."""

    replies: list[Reply]
    clock: object | None = None
    path: str = "/api/query"
    requests: list[Seen] = field(default_factory=list)

    def __enter__(self) -> ScriptedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                split = urllib.parse.urlsplit(self.path)
                at = server.clock.monotonic() if server.clock is not None else None
                params = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
                index = len(server.requests)
                server.requests.append(Seen(split.path, params, self.headers.get("User-Agent", ""), at))
                reply = server.replies[index] if index < len(server.replies) else Reply(b"unexpected request", 500)
                if reply.pause:
                    time.sleep(reply.pause)
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(reply.body) + (100 if reply.cut else 0)))
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                return None

        self._http = HTTPServer(("127.0.0.1", 0), Handler)
        self._http.timeout = 0.05
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        deadline = time.monotonic() + MAX_LIFETIME_S
        limit = len(self.replies) + EXTRA_REQUESTS
        while not self._stop.is_set() and len(self.requests) < limit and time.monotonic() < deadline:
            self._http.handle_request()
        self._http.server_close()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}{self.path}"


@dataclass(frozen=True)
class Record:
    """The fields of one arXiv paper that both response shapes carry."""

    arxiv_id: str
    title: str
    abstract: str
    authors: tuple[tuple[str, str], ...]  # (forenames, keyname)
    categories: tuple[str, ...]
    created: str


RECORDS = tuple(
    Record(
        f"2410.{1000 + n:05d}",
        title,
        f"We present {title.split(':')[0]}, evaluated on MMLU and GSM8K. Abstract of record {n}.",
        (("Ada", f"Lovelace{n}"), ("Alan", "Turing")),
        ("cs.CL", "cs.LG"),
        f"2024-10-{n + 1:02d}",
    )
    for n, title in enumerate([
        "RetroNet: Retrieval for Long Contexts",
        "Sparse Mixtures of Tiny Experts",
        "On the Calibration of Reward Models",
        "Tokenizer-Free Translation at Scale",
        "A Benchmark for Multilingual Reasoning",
    ])
)


def atom_feed(records: tuple[Record, ...] | list[Record], start: int, total: int, query: str = "cat:cs.CL") -> bytes:
    """An export.arxiv.org/api/query answer holding ``records``, as the API pages it."""
    entries = "".join(_atom_entry(r) for r in records)
    q = escape(query)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3D{urllib.parse.quote(query)}%26start%3D{start}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query={q}&amp;id_list=&amp;start={start}&amp;max_results={len(records)}</title>
  <id>http://arxiv.org/api/6hZkqJpN0rRpUb5RS3vYgCfrkn4</id>
  <updated>2024-11-02T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(records)}</opensearch:itemsPerPage>
{entries}</feed>
""".encode()


def _atom_entry(r: Record) -> str:
    authors = "".join(f"    <author>\n      <name>{escape(f'{first} {last}')}</name>\n    </author>\n" for first, last in r.authors)
    categories = "".join(f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>\n' for c in r.categories)
    return f"""  <entry>
    <id>http://arxiv.org/abs/{r.arxiv_id}v1</id>
    <updated>{r.created}T17:00:00Z</updated>
    <published>{r.created}T17:00:00Z</published>
    <title>{escape(r.title)}</title>
    <summary>  {escape(r.abstract)}
</summary>
{authors}    <link href="http://arxiv.org/abs/{r.arxiv_id}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{r.arxiv_id}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{r.categories[0]}" scheme="http://arxiv.org/schemas/atom"/>
{categories}  </entry>
"""


def atom_error(message: str) -> bytes:
    """The API's answer to a bad query (served with HTTP 400): one entry under /api/errors."""
    anchor = message.replace(" ", "_")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=&amp;id_list=&amp;start=0&amp;max_results=10</title>
  <id>http://arxiv.org/api/cdo8CDpCPg2OTQzzXXo3ngHXFdE</id>
  <updated>2024-11-02T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/api/errors#{anchor}</id>
    <title>Error</title>
    <summary>{escape(message)}</summary>
    <updated>2024-11-02T00:00:00-04:00</updated>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
""".encode()


def _oai(body: str, request: str = 'verb="ListRecords" metadataPrefix="arXiv" set="cs"') -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2024-11-02T10:00:00Z</responseDate>
<request {request}>https://oaipmh.arxiv.org/oai</request>
{body}</OAI-PMH>
""".encode()


def oai_records(records: tuple[Record, ...] | list[Record], token: str, cursor: int, size: int) -> bytes:
    """A ListRecords page in the ``arXiv`` metadata format; an empty ``token`` marks the last page."""
    items = "".join(_oai_record(r) for r in records)
    return _oai(
        f'<ListRecords>\n{items}<resumptionToken cursor="{cursor}" completeListSize="{size}">{escape(token)}</resumptionToken>\n</ListRecords>\n'
    )


def _oai_record(r: Record) -> str:
    authors = "".join(f"<author><keyname>{escape(last)}</keyname><forenames>{escape(first)}</forenames></author>" for first, last in r.authors)
    return f"""<record>
<header>
 <identifier>oai:arXiv.org:{r.arxiv_id}</identifier>
 <datestamp>{r.created}</datestamp>
 <setSpec>cs</setSpec>
</header>
<metadata>
 <arXiv xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd">
 <id>{r.arxiv_id}</id><created>{r.created}</created><authors>{authors}</authors><title>{escape(r.title)}</title><categories>{" ".join(r.categories)}</categories><license>http://creativecommons.org/licenses/by/4.0/</license><abstract>  {escape(r.abstract)}
</abstract></arXiv>
</metadata>
</record>
"""


def oai_error(code: str, message: str) -> bytes:
    """An OAI-PMH error answer (served with HTTP 200, as the protocol says)."""
    return _oai(f'<error code="{code}">{escape(message)}</error>\n')


class FakeClock:
    """A clock whose sleeps only move its hands: waits are asserted, never spent."""

    def __init__(self, wall_start: float = 1_730_000_000.0) -> None:
        self.now = 0.0
        self.wall_start = wall_start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.wall_start + self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def http_date(self, seconds_from_now: float) -> str:
        return formatdate(self.time() + seconds_from_now, usegmt=True)
