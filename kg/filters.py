"""Which papers to keep: ``--category`` and ``--since``/``--until``, as one small value.

:class:`PaperFilter` is applied to the paper stream in one place
(:func:`kg.readers.iter_papers`, and :func:`kg.readers.extractions.iter_extractions`
for ``kg build --extracted``), before duplicates merge. Readers of big files may also
call :meth:`PaperFilter.accepts_categories` on a record's raw category string to
skip it before building a :class:`~kg.types.Paper` (the arXiv snapshot does).

Example:
    >>> keep = PaperFilter.parse("cs.,stat.ML", since="2024-01-01")
    >>> keep.accepts_categories(["math.CO", "cs.CL"]), keep.accepts_categories(["stat.ME"])
    (True, False)
    >>> keep.accepts_date("2024-01"), keep.accepts_date("2023-12"), keep.accepts_date(None)
    (True, False, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.dates import period_bounds
from kg.errors import KgError
from kg.types import Paper


class FilterError(KgError):
    """A ``--category``/``--since``/``--until`` value that cannot be used."""


@dataclass(frozen=True)
class PaperFilter:
    """Keep papers with any of ``categories`` whose ``date`` overlaps ``since``..``until`` (inclusive).

    A category entry ending in ``.`` ("cs.") or without a dot ("cs", "math") matches
    every category of that archive; others match exactly; case is ignored. A paper
    whose date is a month or a year is in range when that month or year overlaps it.
    A paper without categories never passes a category filter, and one without a
    date never passes a date filter. The empty filter keeps everything.
    """

    categories: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    @classmethod
    def parse(cls, categories: str | None = None, since: str | None = None, until: str | None = None) -> PaperFilter:
        """The filter the command-line options describe (``"cs.LG,cs.CL"``, ``YYYY-MM-DD``).

        Raises:
            FilterError: a date that is not ``YYYY-MM-DD``, or ``since`` after ``until``.
        """
        names = tuple(dict.fromkeys(c.strip().lower() for c in (categories or "").split(",") if c.strip()))
        since, until = _day(since, "--since"), _day(until, "--until")
        if since and until and since > until:
            raise FilterError(f"--since {since} is after --until {until}")
        return cls(names, since, until)

    def __bool__(self) -> bool:
        return bool(self.categories or self.since or self.until)

    def __post_init__(self) -> None:
        exact = {c for c in self.categories if "." in c.rstrip(".")}
        prefixes = tuple(c if c.endswith(".") else c + "." for c in self.categories if c not in exact)
        object.__setattr__(self, "_exact", frozenset(exact | {p.rstrip(".") for p in prefixes}))
        object.__setattr__(self, "_prefixes", prefixes)

    def accepts(self, paper: Paper) -> bool:
        """Whether ``paper`` passes both the category and the date filter."""
        return (not self.categories or self.accepts_categories(paper.categories)) and (
            not (self.since or self.until) or self.accepts_date(paper.date)
        )

    def accepts_categories(self, categories: Iterable[str]) -> bool:
        """Whether any of ``categories`` (e.g. ``"cs.CL cs.LG".split()``) is one asked for; True without a category filter."""
        if not self.categories:
            return True
        exact, prefixes = self._exact, self._prefixes
        for category in categories:
            category = category.lower()
            if category in exact or category.startswith(prefixes):
                return True
        return False

    def accepts_date(self, value: str | None) -> bool:
        """Whether a ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` date overlaps the range; True without a date filter."""
        if not (self.since or self.until):
            return True
        if not value:
            return False
        first, last = period_bounds(value)
        return (self.since is None or last >= self.since) and (self.until is None or first <= self.until)

    def describe(self) -> str:
        """The filter in words, for summaries (``category cs.*, since 2024-01-01``)."""
        parts = []
        if self.categories:
            parts.append("category " + "/".join(c + "*" if c.endswith(".") else c for c in self.categories))
        if self.since:
            parts.append(f"since {self.since}")
        if self.until:
            parts.append(f"until {self.until}")
        return ", ".join(parts)


#: The filter that keeps every paper.
KEEP_ALL = PaperFilter()


def _day(text: str | None, option: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise FilterError(f"{option} must be a YYYY-MM-DD date, got {text!r}") from None
