"""The harvest loop as a library: etiquette over a whole harvest, and what a resume asks for."""

from __future__ import annotations

import doctest
from datetime import datetime, timezone

import pytest

import kg.fetch.arxiv_api
import kg.fetch.http
from kg.fetch import ArxivApiSource, FetchError, OaiPmhSource, PoliteClient, harvest
from kg.fetch.arxiv_api import submitted_bound
from kg.fetch.state import load_state

from fetch_server import RECORDS, FakeClock, Reply, ScriptedServer, atom_feed, oai_records


def test_harvest_keeps_three_seconds_between_requests_and_honours_retry_after(tmp_path):
    clock = FakeClock()
    replies = [
        Reply(atom_feed(RECORDS[0:2], 0, 5)),
        Reply(b"", 503, (("Retry-After", "30"),)),
        Reply(atom_feed(RECORDS[2:4], 2, 5)),
        Reply(atom_feed(RECORDS[4:5], 4, 5)),
    ]
    with ScriptedServer(replies, clock=clock) as server:
        source = ArxivApiSource("cat:cs.CL", page_size=2, base_url=server.url)
        result = harvest(source, tmp_path, PoliteClient(clock=clock))
    assert (result.pages, result.records, result.state.complete) == (3, 5, True)
    starts = [r.at for r in server.requests]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert all(gap >= 3.0 - 1e-9 for gap in gaps), gaps
    assert gaps[1] >= 30 - 1e-9  # the request after the 503 waited for Retry-After


def test_harvest_open_date_bound_is_fixed_at_the_start_and_kept_on_resume(tmp_path):
    day_one = datetime(2024, 11, 2, 9, 30, tzinfo=timezone.utc).timestamp()
    with ScriptedServer([Reply(atom_feed(RECORDS[0:2], 0, 5)), Reply(b"", 500)]) as server:
        source = ArxivApiSource("cat:cs.CL", date_from="2024-10-01", page_size=2, base_url=server.url)
        with pytest.raises(FetchError, match="HTTP 500"):
            harvest(source, tmp_path, PoliteClient(0.0, min_delay=0.0, retries=0), now=day_one)
    assert load_state(tmp_path).pages == 1
    # resumed a day later (another server port too): same query, same upper bound as when the harvest started
    with ScriptedServer([Reply(atom_feed(RECORDS[2:4], 2, 5)), Reply(atom_feed(RECORDS[4:5], 4, 5))]) as server:
        later = ArxivApiSource("cat:cs.CL", date_from="2024-10-01", page_size=2, base_url=server.url)
        result = harvest(later, tmp_path, PoliteClient(0.0, min_delay=0.0), now=day_one + 86400)
    expected = "(cat:cs.CL) AND submittedDate:[202410010000 TO 202411020930]"
    assert [(r.params["search_query"], r.params["start"]) for r in server.requests] == [(expected, "2"), (expected, "4")]
    assert (result.state.records, result.state.complete, result.resumed) == (5, True, True)


def test_harvest_oai_max_stops_after_the_page_that_reaches_it(tmp_path):
    replies = [Reply(oai_records(RECORDS[0:2], "t1", 0, 5)), Reply(oai_records(RECORDS[2:4], "t2", 2, 5))]
    with ScriptedServer(replies, path="/oai") as server:
        source = OaiPmhSource("cs", "2024-10-01", base_url=server.url)
        result = harvest(source, tmp_path, PoliteClient(0.0, min_delay=0.0), max_records=3)
    assert len(server.requests) == 2 and (result.records, result.state.complete, result.state.cursor) == (4, False, "t2")


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [("2024-10-01", False, "202410010000"), ("2024-10-31", True, "202410312359"), ("2024-10-31T08:15", True, "202410310815"), ("20241001", False, "202410010000")],
)
def test_harvest_submitted_date_bounds(text, end, expected):
    assert submitted_bound(text, end) == expected


@pytest.mark.parametrize("module", [kg.fetch.http, kg.fetch.arxiv_api], ids=lambda m: m.__name__)
def test_fetch_docstring_examples_hold(module):
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
