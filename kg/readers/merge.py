"""Merge duplicate papers: same arXiv ID, else same normalised title, else same abstract.

Pure functions over :class:`Paper` records; the merged record keeps every field
either copy has, and ``also_in`` lists where the other copies were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.readers.ids import abstract_fingerprint, derived_id, title_key
from kg.types import Paper


def merge_papers(papers: Iterable[Paper]) -> list[Paper]:
    """Merge duplicates in ``papers``, keeping the order of first appearance.

    Scalars: the first non-empty value wins. ``authors``: the longest list wins
    (listings often cut it with "et al."). ``organizations`` and ``categories``:
    union in order of appearance. Two copies with different arXiv IDs never merge.
    The derived ``date`` follows from the merged fields (see :func:`kg.dates.best_date`).
    Linear in the number of papers: copies are grouped first, then folded once.
    """
    groups: list[list[Paper]] = []
    grouper = DuplicateGroups()
    for paper in papers:
        slot = grouper.add(paper)
        if slot == len(groups):
            groups.append([])
        groups[slot].append(paper)
    return [merge_copies(group) for group in groups]


class DuplicateGroups:
    """Numbers papers by duplicate group (0, 1, ... in order of first appearance) as they arrive.

    Holds only keys and one arXiv ID per group, so a first pass over a large input is cheap.
    """

    def __init__(self) -> None:
        self._arxiv_of: list[str | None] = []
        self._index: dict[tuple[str, str], int] = {}

    def add(self, paper: Paper) -> int:
        """The group ``paper`` belongs to; a new group gets the next number."""
        keys = _keys(paper)
        slot = _find(paper, keys, self._arxiv_of, self._index)
        if slot is None:
            slot = len(self._arxiv_of)
            self._arxiv_of.append(None)
        self._arxiv_of[slot] = self._arxiv_of[slot] or paper.arxiv_id
        for key in keys:
            self._index.setdefault(key, slot)
        return slot


def _keys(paper: Paper) -> list[tuple[str, str]]:
    keys = []
    if paper.arxiv_id:
        keys.append(("arxiv", paper.arxiv_id))
    title = title_key(paper.title)
    if title:
        keys.append(("title", title))
    fingerprint = abstract_fingerprint(paper.abstract)
    if fingerprint:
        keys.append(("abstract", fingerprint))
    return keys


def _find(
    paper: Paper, keys: list[tuple[str, str]], arxiv_of: list[str | None], index: dict[tuple[str, str], int]
) -> int | None:
    for key in keys:
        slot = index.get(key)
        if slot is None:
            continue
        other = arxiv_of[slot]
        if paper.arxiv_id and other and other != paper.arxiv_id:
            continue
        return slot
    return None


def merge_copies(copies: list[Paper]) -> Paper:
    """One record from copies of the same paper, in input order (see :func:`merge_papers`)."""
    first = copies[0]
    if len(copies) == 1:
        return first
    arxiv_id = _first(c.arxiv_id for c in copies)
    paper_id = first.id
    if arxiv_id and (first.id == first.arxiv_id or first.id == derived_id(first.title, first.abstract)):
        paper_id = arxiv_id  # a derived id upgrades to the arXiv ID
    also_in = list(first.also_in)
    for copy in copies[1:]:
        also_in.append(f"{copy.source}:{copy.line}")
        also_in.extend(copy.also_in)
    return replace(
        first,
        id=paper_id,
        title=_first(c.title for c in copies) or "",
        abstract=_first(c.abstract for c in copies) or "",
        arxiv_id=arxiv_id,
        authors=max((c.authors for c in copies), key=len),
        organizations=_union(c.organizations for c in copies),
        published=_first(c.published for c in copies),
        updated=_first(c.updated for c in copies),
        date_text=_first(c.date_text for c in copies),
        categories=_union(c.categories for c in copies),
        comments=_first(c.comments for c in copies),
        doi=_first(c.doi for c in copies),
        journal_ref=_first(c.journal_ref for c in copies),
        venue=_first(c.venue for c in copies),
        license=_first(c.license for c in copies),
        has_code=next((c.has_code for c in copies if c.has_code is not None), None),
        score=next((c.score for c in copies if c.score is not None), None),
        also_in=tuple(also_in),
    )


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _union(tuples: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for t in tuples for v in t))
