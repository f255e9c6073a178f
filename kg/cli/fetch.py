"""``kg fetch``: harvest arXiv (search API or OAI-PMH) into page files for ``kg build``."""

from __future__ import annotations

import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import click

from kg.cli.options import quiet_option
from kg.fetch import (
    MIN_DELAY,
    STATE_NAME,
    ArxivApiSource,
    FetchError,
    HarvestResult,
    OaiPmhSource,
    PageDone,
    PoliteClient,
    Retry,
    harvest,
    is_loopback,
)
from kg.fetch import arxiv_api, oai_pmh
from kg.fetch.harvester import plural
from kg.fetch.page import Source

#: Exit code after Ctrl-C (the shell's convention); the harvest resumes on the next run.
INTERRUPTED_EXIT = 130


def _harvest_options(func: Callable) -> Callable:
    """Options every service shares: output folder, etiquette, resuming."""
    options = [
        click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
                     help="Folder for the page files and the resume state (created if missing)."),
        click.option("--max", "max_records", type=click.IntRange(min=1), default=None,
                     help="Stop once this many records are in the folder, earlier runs included (the API stops exactly; an OAI-PMH page is the size the server chooses)."),
        click.option("--base-url", default=None, help="Service URL (default: arXiv's own)."),
        click.option("--delay", type=click.FloatRange(min=0), default=MIN_DELAY, show_default=True,
                     help=f"Seconds between request starts; arXiv asks for at least {MIN_DELAY:g} (lower only for a local server)."),
        click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
                     help="Retries of a request after 503/429/5xx, a timeout or a dropped connection."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
                     help="Seconds to wait for an answer."),
        click.option("--max-wait", type=click.FloatRange(min=0), default=600.0, show_default=True,
                     help="Give up (resumable) when the server's Retry-After asks for longer than this."),
        click.option("--restart", is_flag=True, help="Delete this folder's earlier harvest (its page files and state) and start over."),
        quiet_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group("fetch")
def fetch_group() -> None:
    """Harvest arXiv metadata into page files that `kg build` reads.

    Keeps arXiv's etiquette (one request every 3 s, Retry-After honoured, a
    User-Agent naming the tool), writes each page atomically, and resumes an
    interrupted harvest when the same command is run again.

    Example: kg fetch api "cat:cs.CL" --from 2024-10-01 --until 2024-10-31 -o harvest/ && kg build harvest/
    """


@fetch_group.command("api")
@click.argument("query")
@click.option("--from", "date_from", default=None, help="Submitted on or after (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC).")
@click.option("--until", "date_until", default=None, help="Submitted on or before (YYYY-MM-DD: the whole day).")
@click.option("--page-size", type=click.IntRange(1, arxiv_api.MAX_PAGE_SIZE), default=200, show_default=True,
              help="Records per request.")
@_harvest_options
def api_command(query, date_from, date_until, page_size, **options) -> None:
    """Harvest an arXiv API search (export.arxiv.org/api/query), oldest submission first.

    QUERY uses the API's syntax (cat:cs.CL, ti:transformer AND cat:cs.LG, au:bengio).

    Example: kg fetch api "cat:cs.CL" --from 2024-10-01 --until 2024-10-31 --max 1000 -o harvest/
    """
    base_url = options.pop("base_url") or arxiv_api.DEFAULT_BASE_URL
    _run(lambda: ArxivApiSource(query, date_from, date_until, page_size, base_url), **options)


@fetch_group.command("oai")
@click.option("--set", "set_spec", default=None, help="arXiv set, e.g. cs, math, physics:hep-th (default: all of arXiv).")
@click.option("--from", "date_from", default=None, help="Records whose datestamp is on or after YYYY-MM-DD.")
@click.option("--until", "date_until", default=None, help="Records whose datestamp is on or before YYYY-MM-DD.")
@click.option("--metadata-prefix", type=click.Choice(oai_pmh.METADATA_PREFIXES), default="arXiv", show_default=True,
              help="Metadata format.")
@_harvest_options
def oai_command(set_spec, date_from, date_until, metadata_prefix, **options) -> None:
    """Harvest arXiv's OAI-PMH interface (ListRecords), following resumption tokens.

    Datestamps are when a record's metadata last changed, not submission dates.

    Example: kg fetch oai --set cs --from 2024-10-01 --until 2024-10-07 -o harvest-oai/
    """
    base_url = options.pop("base_url") or oai_pmh.DEFAULT_BASE_URL
    _run(lambda: OaiPmhSource(set_spec, date_from, date_until, metadata_prefix, base_url), **options)


def _run(make_source: Callable[[], Source], *, outdir: Path, max_records, delay, retries, timeout, max_wait, restart, quiet) -> None:
    """Build the source and client from the options, harvest, and report; every failure is one line."""
    try:
        source = make_source()
    except FetchError as exc:
        raise click.UsageError(str(exc)) from None
    client = _client(source.base_url, delay, retries, timeout, max_wait, quiet)
    try:
        result = harvest(source, outdir, client, max_records=max_records, restart=restart,
                         on_page=None if quiet else _report_page)
    except FetchError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo(f"interrupted; finished pages are kept in {outdir}: run the same command to resume", err=True)
        sys.exit(INTERRUPTED_EXIT)
    if not quiet:
        click.echo(_summary(result, max_records), err=True)


def _client(base_url: str, delay: float, retries: int, timeout: float, max_wait: float, quiet: bool) -> PoliteClient:
    scheme = urllib.parse.urlsplit(base_url).scheme
    if scheme not in ("http", "https"):
        raise click.UsageError(f"--base-url must be an http or https URL, not {base_url!r}")
    # A local server (the tests') may be asked faster; a public service never faster than arXiv asks.
    min_delay = 0.0 if is_loopback(base_url) else MIN_DELAY
    if delay < min_delay:
        raise click.UsageError(f"--delay {delay:g} is below the {MIN_DELAY:g} s between requests that arXiv asks for")
    on_retry = None if quiet else _report_retry
    return PoliteClient(delay, min_delay=min_delay, retries=retries, timeout=timeout, max_wait=max_wait, on_retry=on_retry)


def _report_page(done: PageDone) -> None:
    state = done.state
    total = f" of {state.total:,}" if state.total is not None else ""
    where = f" -> {done.path}" if done.path else " (no records)"
    click.echo(f"page {done.number}: {plural(done.records, 'record')}{where} [{state.records:,}{total} so far]", err=True)


def _report_retry(retry: Retry) -> None:
    click.echo(f"{retry.reason}: waiting {retry.wait:g} s before retry {retry.attempt}/{retry.retries}", err=True)


def _summary(result: HarvestResult, max_records: int | None) -> str:
    state = result.state
    run = f"fetched {plural(result.pages, 'page')}, {plural(result.records, 'record')} this run"
    if result.resumed:
        run += f" (resumed; the folder holds {plural(state.pages, 'page')}, {plural(state.records, 'record')})"
    if state.complete:
        status = "harvest complete"
    elif max_records is not None and state.records >= max_records:
        status = f"stopped at --max {max_records:,}; raise --max and run again to fetch more"
    else:
        status = "harvest incomplete: run the same command to resume"
    if state.records == 0:
        return f"{run}; {status}: no records matched, nothing to build"
    return f"{run} -> {result.outdir}/ ({status}; state in {STATE_NAME})\nnext: kg build {result.outdir}"


commands = [fetch_group]
