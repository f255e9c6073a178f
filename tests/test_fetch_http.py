"""The polite HTTP client of ``kg fetch``: spacing, Retry-After, bounded retries, timeouts, User-Agent.

Waits are measured on an injected clock (its sleeps advance it), never on the wall clock.
"""

from __future__ import annotations

import pytest

from kg.fetch.errors import FetchError
from kg.fetch.http import MIN_DELAY, HttpStatusError, PoliteClient, is_loopback, parse_retry_after

from fetch_server import FakeClock, Reply, ScriptedServer


def _client(clock, **kwargs) -> PoliteClient:
    return PoliteClient(kwargs.pop("delay", MIN_DELAY), clock=clock, timeout=kwargs.pop("timeout", 10), **kwargs)


def test_http_requests_start_at_least_delay_apart():
    clock = FakeClock()
    with ScriptedServer([Reply(b"a"), Reply(b"b"), Reply(b"c")], clock=clock) as server:
        client = _client(clock)
        assert client.get(server.url) == b"a"
        assert client.get(server.url) == b"b"
        clock.now += 1.25  # the caller spent 1.25 s on the page: only the rest of the 3 s is waited
        assert client.get(server.url) == b"c"
    starts = [r.at for r in server.requests]
    assert starts[0] == 0.0  # the first request is not delayed
    assert [b - a for a, b in zip(starts, starts[1:])] == [pytest.approx(3.0), pytest.approx(3.0)]
    assert clock.sleeps == [pytest.approx(3.0), pytest.approx(1.75)]


@pytest.mark.parametrize("kind", ["seconds", "http-date"])
def test_http_503_retry_after_is_honoured(kind):
    clock = FakeClock()
    retry_after = "17" if kind == "seconds" else clock.http_date(20)
    replies = [Reply(b"busy", 503, (("Retry-After", retry_after),)), Reply(b"page")]
    with ScriptedServer(replies, clock=clock) as server:
        seen = []
        assert _client(clock, on_retry=seen.append).get(server.url) == b"page"
    first, second = (r.at for r in server.requests)
    assert second - first >= (17 if kind == "seconds" else 20) - 1e-6
    assert len(seen) == 1 and "503" in seen[0].reason and seen[0].attempt == 1


def test_http_retry_after_never_shortens_the_delay():
    clock = FakeClock()
    with ScriptedServer([Reply(b"", 503, (("Retry-After", "0"),)), Reply(b"page")], clock=clock) as server:
        assert _client(clock).get(server.url) == b"page"
    first, second = (r.at for r in server.requests)
    assert second - first >= MIN_DELAY - 1e-6


def test_http_retries_are_bounded_and_the_error_says_why():
    clock = FakeClock()
    with ScriptedServer([Reply(b"", 503)] * 3, clock=clock) as server:
        with pytest.raises(HttpStatusError, match=r"HTTP 503 .* \(gave up after 3 attempts\)") as caught:
            _client(clock, retries=2).get(server.url)
    assert len(server.requests) == 3 and caught.value.status == 503
    assert all(s >= MIN_DELAY for s in clock.sleeps)  # backoff without Retry-After is at least the delay


def test_http_retry_after_beyond_max_wait_gives_up_at_once():
    clock = FakeClock()
    with ScriptedServer([Reply(b"", 503, (("Retry-After", "3600"),))], clock=clock) as server:
        with pytest.raises(FetchError, match="retry after 3600 s"):
            _client(clock, max_wait=600).get(server.url)
    assert len(server.requests) == 1 and clock.sleeps == []


def test_http_client_error_is_not_retried():
    clock = FakeClock()
    with ScriptedServer([Reply(b"nope", 404)], clock=clock) as server:
        with pytest.raises(HttpStatusError, match="HTTP 404") as caught:
            _client(clock).get(server.url)
    assert len(server.requests) == 1 and caught.value.body == b"nope"


def test_http_timeout_is_one_clear_error():
    with ScriptedServer([Reply(b"late", pause=1.0)]) as server:
        with pytest.raises(FetchError, match=r"timed out for http://127\.0\.0\.1:\d+/api/query \(gave up after 1 attempts\)"):
            PoliteClient(0.0, min_delay=0.0, retries=0, timeout=0.2).get(server.url)


def test_http_cut_answer_is_retried():
    clock = FakeClock()
    with ScriptedServer([Reply(b"<feed>half", cut=True), Reply(b"whole")], clock=clock) as server:
        assert _client(clock).get(server.url) == b"whole"
    assert len(server.requests) == 2


def test_http_user_agent_names_the_tool():
    with ScriptedServer([Reply(b"ok")]) as server:
        PoliteClient(0.0, min_delay=0.0).get(server.url)
    assert server.requests[0].user_agent.startswith("ml-kg/") and "kg fetch" in server.requests[0].user_agent


def test_http_delay_below_the_floor_is_refused():
    with pytest.raises(ValueError, match="below the 3 s"):
        PoliteClient(0.5)


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8080/api/query", True),
        ("http://localhost/oai", True),
        ("http://[::1]:9/x", True),
        ("http://export.arxiv.org/api/query", False),
        ("https://oaipmh.arxiv.org/oai", False),
        ("http://10.0.0.1/oai", False),
    ],
)
def test_http_only_loopback_counts_as_local(url, local):
    assert is_loopback(url) is local


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5.0), ("Thu, 01 Jan 1970 00:01:40 GMT", 90.0), ("Thu, 01 Jan 1970 00:00:01 GMT", 0.0), ("soon", None), ("", None)],
)
def test_http_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=10.0) == expected
