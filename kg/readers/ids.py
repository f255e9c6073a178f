"""Stable paper ids, arXiv ID validation and the keys used to spot duplicate papers."""

from __future__ import annotations

import hashlib
import re

from kg.normalize import normalize_name

# New style YYMM.NNNN(N) with month 01-12 (from 0704); old style archive(.SUBJ)/YYMMNNN.
_NEW_ID = re.compile(r"(?:arxiv:)?(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_OLD_ID = re.compile(r"(?:arxiv:)?([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3})(?:v\d+)?", re.IGNORECASE)
_ABS_URL = re.compile(r"^https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalize_arxiv_id(text: str | None) -> str | None:
    """The arXiv ID in ``text`` without version or prefix, or None if it is not a valid one.

    >>> normalize_arxiv_id("arXiv:2410.03617v2")
    '2410.03617'
    >>> normalize_arxiv_id("http://arxiv.org/abs/cs/0601001v1")
    'cs/0601001'
    >>> normalize_arxiv_id("2413.00001") is None
    True
    """
    if not text:
        return None
    text = _ABS_URL.sub("", text.strip())
    if text.endswith(".pdf"):
        text = text[:-4]
    match = _NEW_ID.fullmatch(text)
    if match:
        arxiv_id = match.group(1)
        yymm, number = arxiv_id.split(".")
        # four-digit numbers until 1412, five-digit from 1501 (arXiv identifier scheme)
        return arxiv_id if (len(number) == 5) == (yymm >= "1501") and yymm >= "0704" else None
    match = _OLD_ID.fullmatch(text)
    if match:
        archive, _, number = match.group(1).partition("/")
        return f"{archive.split('.')[0].lower()}/{number}"  # the subject class is not part of the ID
    return None


def clean_text(text: str) -> str:
    """Collapse all whitespace runs to one space and strip the ends (titles, names)."""
    return _SPACE.sub(" ", text).strip()


def join_paragraph(lines: list[str]) -> str:
    """Join the lines of one paragraph with single spaces (a line break inside is not a break).

    Spacing inside a line is kept as in the source.
    """
    return " ".join(line.strip() for line in lines if line.strip())


def title_key(title: str) -> str:
    """The normalised title used to match duplicate papers ('' when there is no title)."""
    return normalize_name(title)


#: Deletes every character that is not a letter or digit (below U+3000; faster than a regex on long text).
_DROP_NON_ALNUM = {c: None for c in range(0x3000) if not chr(c).isalnum()}


def abstract_fingerprint(abstract: str) -> str:
    """A hash of the abstract's case-folded letters and digits ('' when it has none).

    Equal for copies that differ only in spacing, case or punctuation.
    """
    norm = abstract.casefold().translate(_DROP_NON_ALNUM)
    return hashlib.sha1(norm.encode("utf-8")).hexdigest() if norm else ""


def derived_id(title: str, abstract: str = "") -> str:
    """The fallback id of a paper without own id or arXiv ID: ``t`` + sha1(normalised title)[:12].

    A paper with neither gets ``a`` + the abstract fingerprint instead. Stable across runs.

    >>> derived_id("Attention Is All You Need") == derived_id("attention is  all you need!")
    True
    """
    key = title_key(title)
    if key:
        return "t" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    fingerprint = abstract_fingerprint(abstract) or hashlib.sha1(abstract.strip().encode("utf-8")).hexdigest()
    return "a" + fingerprint[:12]


def paper_id(own_id: str | None, arxiv_id: str | None, title: str, abstract: str = "") -> str:
    """The record id rule: the input's own id, else the arXiv ID, else :func:`derived_id`."""
    if own_id:
        return own_id
    if arxiv_id:
        return arxiv_id
    return derived_id(title, abstract)
