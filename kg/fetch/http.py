"""A polite HTTP client: one request at a time, spaced by a delay, honouring ``Retry-After``.

arXiv asks harvesters for at most one request every 3 seconds on one connection,
and answers ``503`` with ``Retry-After`` (seconds or an HTTP date) when busy.
The clock is injectable so tests check the waits without waiting.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kg import __version__
from kg.fetch.errors import FetchError

#: What arXiv's terms of use ask: no more than one request every 3 seconds.
MIN_DELAY = 3.0
#: Names the tool (and its version) to the server, as arXiv asks of harvesters.
USER_AGENT = f"ml-kg/{__version__} (kg fetch; metadata harvester; Python-urllib)"
#: Statuses worth asking again after a pause: rate limiting and transient server trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Clock(Protocol):
    """Time as the client sees it: a monotonic clock for spacing, wall time for HTTP dates."""

    def monotonic(self) -> float: ...

    def time(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class HttpStatusError(FetchError):
    """The server answered with an error status (after any retries); ``body`` is its answer."""

    def __init__(self, message: str, status: int, body: bytes) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Retry:
    """Why the client pauses before asking again (for a progress line)."""

    reason: str
    wait: float
    attempt: int
    retries: int


def is_loopback(url: str) -> bool:
    """True for ``localhost`` and 127.0.0.0/8 or ``::1`` URLs: a local test server, not a public service."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), None when absent or unreadable.

    >>> parse_retry_after("120", now=0.0)
    120.0
    >>> parse_retry_after("Thu, 01 Jan 1970 00:00:30 GMT", now=10.0)
    20.0
    """
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


class PoliteClient:
    """GET URLs one at a time, starting requests at least ``delay`` seconds apart.

    A ``429``/``5xx`` answer, a timeout or a broken connection is retried up to
    ``retries`` times, after the server's ``Retry-After`` when it gives one (else
    ``delay`` doubled per attempt); a ``Retry-After`` above ``max_wait`` gives up
    at once with a clear error rather than sleep for hours.
    """

    def __init__(
        self,
        delay: float = MIN_DELAY,
        *,
        min_delay: float = MIN_DELAY,
        retries: int = 3,
        timeout: float = 60.0,
        max_wait: float = 600.0,
        user_agent: str = USER_AGENT,
        clock: Clock | None = None,
        on_retry: Callable[[Retry], None] | None = None,
    ) -> None:
        if delay < min_delay:
            raise ValueError(f"delay {delay:g} s is below the {min_delay:g} s the service asks for")
        self.delay = delay
        self.retries = retries
        self.timeout = timeout
        self.max_wait = max_wait
        self.user_agent = user_agent
        self.clock = clock or SystemClock()
        self.on_retry = on_retry
        self._last_start: float | None = None

    def get(self, url: str) -> bytes:
        """The body of ``url``; raises :class:`FetchError` (or :class:`HttpStatusError`) once retries are spent."""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            try:
                return self._get_once(url)
            except urllib.error.HTTPError as exc:
                body = _read_quietly(exc)
                status = f"HTTP {exc.code} {exc.reason}".strip()
                if exc.code not in RETRY_STATUSES:
                    raise HttpStatusError(f"{status} from {url}", exc.code, body) from None
                asked = parse_retry_after(exc.headers.get("Retry-After"), self.clock.time())
                if asked is not None and asked > self.max_wait:
                    raise HttpStatusError(
                        f"{status} from {url}: the server asks to retry after {asked:.0f} s "
                        f"(more than --max-wait {self.max_wait:g} s); try again later",
                        exc.code, body,
                    ) from None
                if attempt == self.retries:
                    raise HttpStatusError(f"{status} from {url} (gave up after {attempt + 1} attempts)", exc.code, body) from None
                if asked is None:
                    self._pause(Retry(status, self._backoff(attempt), attempt + 1, self.retries))
                else:  # never sooner than the usual spacing, whatever the server says
                    self._pause(Retry(f"{status}, Retry-After {asked:g} s", max(asked, self.delay), attempt + 1, self.retries))
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                problem = _describe_network_error(exc)
                if attempt == self.retries:
                    raise FetchError(f"{problem} for {url} (gave up after {attempt + 1} attempts)") from None
                self._pause(Retry(problem, self._backoff(attempt), attempt + 1, self.retries))
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http/https only: see the CLI)
            return response.read()

    def _wait_turn(self) -> None:
        """Sleep until ``delay`` seconds have passed since the previous request started."""
        if self._last_start is not None:
            wait = self._last_start + self.delay - self.clock.monotonic()
            if wait > 0:
                self.clock.sleep(wait)
        self._last_start = self.clock.monotonic()

    def _pause(self, retry: Retry) -> None:
        if self.on_retry is not None:
            self.on_retry(retry)
        if retry.wait > 0:
            self.clock.sleep(retry.wait)

    def _backoff(self, attempt: int) -> float:
        return min(self.delay * 2 ** (attempt + 1), self.max_wait)


def _read_quietly(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except (OSError, http.client.HTTPException):
        return b""


def _describe_network_error(exc: BaseException) -> str:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(reason, http.client.IncompleteRead):
        return f"connection closed mid-answer ({len(reason.partial)} bytes received)"
    text = str(reason) or type(reason).__name__
    return f"network error: {text}"
