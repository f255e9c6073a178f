"""Choose a reader from a file's first kilobytes (content, never the file name)."""

from __future__ import annotations

import json
import re

from kg.readers import hf_listing
from kg.readers.arxiv_listing import DATE_LINE, ID_LINE
from kg.readers.ids import normalize_arxiv_id
from kg.readers.org_listing import META_LINE

_XML_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!DOCTYPE|[\w:]*feed\b)", re.DOTALL)
_OAI_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:[\w]+:)?OAI-PMH\b", re.DOTALL)
#: Keys (raw, as ``"key":``) whose presence in a JSONL file's first line names its source.
_OPENALEX_KEYS = ('"abstract_inverted_index":', '"https://openalex.org/')
_S2_KEYS = ('"paperId":', '"corpusid":')
_SNAPSHOT_KEYS = ('"authors_parsed":', '"versions":')


def detect_format(sample: str) -> str | None:
    """The format name for a text sample, or None when no reader recognises it.

    >>> detect_format('{"title": "A", "abstract": "B"}')
    'jsonl'
    >>> detect_format("arXiv:2410.03617\\nCreated: 2024-10-04")
    'arxiv-listing'
    """
    text = sample.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        if _OAI_START.match(text):
            return "oai-pmh"
        return "atom" if _XML_START.match(text) else None
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        return _json_or_jsonl(text)
    lines = [line.strip() for line in text.splitlines()[:400]]
    nonblank = [line for line in lines if line]
    if any(DATE_LINE.match(line) for line in nonblank) or any(_arxiv_id_line(line) for line in nonblank):
        return "arxiv-listing"
    if any(META_LINE.match(line) for line in nonblank[:5]) and len(nonblank) >= 2:
        return "org-listing"
    if sum(hf_listing.is_header(line) for line in nonblank[:10]) >= 2:
        return "hf-listing"
    if nonblank and hf_listing.DATE_HEADING.match(nonblank[0]):
        return "hf-listing"
    return None


def _arxiv_id_line(line: str) -> bool:
    match = ID_LINE.match(line)
    return match is not None and normalize_arxiv_id(match.group(1)) is not None


def _json_or_jsonl(text: str) -> str:
    """A file starting with ``{`` is JSONL when its first line is a whole JSON value.

    A JSONL file is then told apart by its first line's keys: the arXiv snapshot
    (``id`` with ``authors_parsed`` or ``versions``), OpenAlex (``abstract_inverted_index``
    or an ``openalex.org`` id), Semantic Scholar (``paperId``, or ``corpusid``), else the
    tool's own ``jsonl``. Keys are looked for in the raw text so that a first line
    longer than the sample (OpenAlex works can be) is still recognised.
    """
    first, newline, _ = text.partition("\n")
    if not newline and not first.rstrip().endswith("}"):
        return _jsonl_kind(first)  # one huge or cut line: read it as JSON Lines, which reports it
    try:
        value = json.loads(first)
    except ValueError:
        return "json"  # a pretty-printed object spans lines
    except RecursionError:
        return "jsonl"
    if isinstance(value, dict) and isinstance(value.get("papers"), list):
        return "json"  # {"papers": [...]} on one line
    return _jsonl_kind(first)


def _jsonl_kind(first_line: str) -> str:
    head = first_line.replace('": ', '":')
    if any(key in head for key in _OPENALEX_KEYS):
        return "openalex"
    if any(key in head for key in _S2_KEYS):
        return "semantic-scholar"
    if '"id":' in head and any(key in head for key in _SNAPSHOT_KEYS):
        return "arxiv-snapshot"
    return "jsonl"
