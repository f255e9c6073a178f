"""The harvest loop: ask for a page, check it, write it atomically, then record it in the state.

The order is what makes resuming safe: a page file appears complete or not at
all (temp file + rename), and the state moves past a page only after its file
is in place, so an interruption anywhere costs at most one re-fetched page,
written again under the same name: no record is kept twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.atomic import atomic_open
from kg.fetch.errors import FetchError, RefusedError
from kg.fetch.http import HttpStatusError, PoliteClient
from kg.fetch.page import Cursor, Page, Source
from kg.fetch.state import (
    STATE_NAME,
    FetchState,
    harvest_lock,
    load_state,
    page_files,
    page_name,
    remove_harvest,
    remove_temp_files,
    save_state,
)


@dataclass(frozen=True)
class PageDone:
    """One page fetched and recorded (``path`` is None for a page without records, which is not written)."""

    number: int
    path: Path | None
    records: int
    state: FetchState


@dataclass(frozen=True)
class HarvestResult:
    """What a run did and where the harvest stands now."""

    outdir: Path
    state: FetchState
    pages: int
    records: int
    resumed: bool


def harvest(
    source: Source,
    outdir: Path,
    client: PoliteClient,
    *,
    max_records: int | None = None,
    restart: bool = False,
    now: float | None = None,
    on_page: Callable[[PageDone], None] | None = None,
) -> HarvestResult:
    """Fetch pages of ``source`` into ``outdir`` until the service has no more or ``max_records`` are on disk.

    Resumes the harvest already in ``outdir`` when it asked the same thing;
    ``restart`` first deletes that harvest's pages and state (no other file).

    Raises:
        FetchError: a request, response or state that stops the harvest. Pages
            already written and the state stay valid, so running again resumes.
    """
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"cannot use {outdir} as the output folder: {exc.strerror or exc}") from None
    with harvest_lock(outdir):
        return _harvest_locked(source, outdir, client, max_records, restart, time.time() if now is None else now, on_page)


def _harvest_locked(
    source: Source,
    outdir: Path,
    client: PoliteClient,
    max_records: int | None,
    restart: bool,
    now: float,
    on_page: Callable[[PageDone], None] | None,
) -> HarvestResult:
    if restart:
        remove_harvest(outdir)
    remove_temp_files(outdir)
    state = _open_state(source, outdir, now)
    resumed = state.pages > 0 or state.complete
    pages = records = 0
    while not state.complete and (max_records is None or state.records < max_records):
        limit = None if max_records is None else max_records - state.records
        url = source.page_url(state.params, state.cursor, limit)
        number = state.pages + 1
        try:
            page, body = _fetch_page(client, source, url, state.cursor, limit)
        except FetchError as exc:
            refused = isinstance(exc, RefusedError)
            kept = f"{plural(state.pages, 'page')}, {plural(state.records, 'record')} kept in {outdir}"
            again = "" if refused else ": run the same command to resume"
            raise (RefusedError if refused else FetchError)(f"page {number}: {exc} ({kept}{again})") from None
        path = None
        if page.records:
            path = outdir / page_name(source.prefix, number)
            with atomic_open(path, "wb") as handle:
                handle.write(body)
        state = replace(
            state,
            cursor=page.next_cursor,
            pages=state.pages + (1 if page.records else 0),
            records=state.records + page.records,
            total=page.total if page.total is not None else state.total,
            complete=page.last,
        )
        save_state(outdir, state)
        pages += 1 if page.records else 0
        records += page.records
        if on_page is not None:
            on_page(PageDone(number, path, page.records, state))
    return HarvestResult(outdir, state, pages, records, resumed)


def _open_state(source: Source, outdir: Path, now: float) -> FetchState:
    """The saved state when it is this harvest's, a fresh one when there is none; else a clear error."""
    state = load_state(outdir)
    if state is None:
        if page_files(outdir):
            raise FetchError(
                f"{outdir} already holds page files but no {STATE_NAME}; "
                "use --restart to replace them, or choose another -o folder"
            )
        return FetchState(source.kind, source.identity(), source.resolve(now), source.base_url, source.first_cursor())
    if state.kind != source.kind or state.identity != source.identity():
        raise FetchError(
            f"{outdir} holds another harvest ({describe(state.kind, state.identity)}), not this one "
            f"({describe(source.kind, source.identity())}); use --restart to replace it, or choose another -o folder"
        )
    return replace(state, base_url=source.base_url)


def plural(count: int, noun: str) -> str:
    """``1 page``, ``2 pages``, ``1,200 records``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def describe(kind: str, identity) -> str:
    """``arxiv-api query='cat:cs.CL' from='2024-10-01'``: a harvest's identity in one line."""
    shown = " ".join(f"{k}={v!r}" for k, v in identity if v and k != "verb")
    return f"{kind} {shown}".strip()


def _fetch_page(client: PoliteClient, source: Source, url: str, cursor: Cursor, limit: int | None) -> tuple[Page, bytes]:
    """The parsed page at ``cursor`` and its body; an error status the server will repeat is a refusal."""
    try:
        body = client.get(url)
    except HttpStatusError as exc:
        detail = source.error_detail(exc.body)
        message = f"{exc}: {detail}" if detail else str(exc)
        refused = exc.status < 500 and exc.status != 429
        raise (RefusedError if refused else FetchError)(message) from None
    try:
        return source.parse(body, cursor, limit), body
    except RefusedError as exc:
        raise RefusedError(f"{exc} ({url})") from None
    except FetchError as exc:
        raise FetchError(f"{exc} ({url})") from None
