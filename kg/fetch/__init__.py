"""Harvest arXiv (the search API and OAI-PMH) into page files that ``kg build`` reads.

One module per job: ``http`` (a polite client: spacing, ``Retry-After``,
retries), ``arxiv_api`` and ``oai_pmh`` (how to ask each service for a page and
read its answer), ``state`` (the resume file), ``harvester`` (the loop).
"""

from __future__ import annotations

from kg.fetch.arxiv_api import ArxivApiSource
from kg.fetch.errors import FetchError, RefusedError
from kg.fetch.harvester import HarvestResult, PageDone, harvest
from kg.fetch.http import MIN_DELAY, PoliteClient, Retry, is_loopback
from kg.fetch.oai_pmh import OaiPmhSource
from kg.fetch.state import STATE_NAME

__all__ = [
    "MIN_DELAY",
    "STATE_NAME",
    "ArxivApiSource",
    "FetchError",
    "RefusedError",
    "HarvestResult",
    "OaiPmhSource",
    "PageDone",
    "PoliteClient",
    "Retry",
    "harvest",
    "is_loopback",
]
