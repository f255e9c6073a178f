"""The field over time: papers per month, quarter or year for an entity, and the entities rising or falling.

Each trend comes from one ``cypher/`` query run on the store (``entity_trend`` for
named entities, ``dated_entities`` for a whole type) that returns dated papers;
this module only buckets them. A paper's date is its best date
(:func:`kg.dates.best_date`): a day, a month (from its arXiv ID) or a year. A date
too coarse for the bucket (a year when counting by month) and a paper with no
date are counted apart, never dropped silently.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.graph.store import LocalStore

#: Bucket sizes ``--by`` accepts.
PERIODS = ("month", "quarter", "year")

#: Buckets per comparison window when ``--window`` is not given: half a year, or one year.
DEFAULT_WINDOW = {"month": 6, "quarter": 2, "year": 1}


class TrendError(KgError):
    """A trend that cannot be computed as asked (an unknown period, an empty range)."""


def bucket(date: str | None, by: str) -> str | None:
    """The bucket of a ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` date, or None when the date is too coarse.

    >>> bucket("2024-05-17", "month"), bucket("2024-05", "quarter"), bucket("2024", "month"), bucket("2024", "year")
    ('2024-05', '2024-Q2', None, '2024')
    """
    if not date:
        return None
    if by == "year":
        return date[:4]
    if len(date) < 7:
        return None
    if by == "month":
        return date[:7]
    if by == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    raise TrendError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")


def shift_bucket(name: str, by: str, step: int = 1) -> str:
    """The bucket ``step`` buckets after ``name`` (before it when negative).

    >>> shift_bucket("2024-12", "month"), shift_bucket("2024-Q1", "quarter", -1), shift_bucket("2024", "year")
    ('2025-01', '2023-Q4', '2025')
    """
    year = int(name[:4])
    if by == "year":
        return f"{year + step:04d}"
    per_year, index = (4, int(name[6]) - 1) if by == "quarter" else (12, int(name[5:7]) - 1)
    year, index = divmod(year * per_year + index + step, per_year)
    return f"{year:04d}-Q{index + 1}" if by == "quarter" else f"{year:04d}-{index + 1:02d}"


def bucket_range(first: str, last: str, by: str) -> list[str]:
    """Every bucket from ``first`` to ``last`` inclusive (empty when ``first`` is after ``last``)."""
    buckets, current = [], first
    while current <= last:
        buckets.append(current)
        current = shift_bucket(current, by)
    return buckets


def windows(end: str, by: str, window: int) -> tuple[list[str], list[str]]:
    """The ``window`` buckets ending at ``end``, and the ``window`` buckets before them.

    >>> windows("2024-Q3", "quarter", 2)
    (['2024-Q2', '2024-Q3'], ['2023-Q4', '2024-Q1'])
    """
    span = bucket_range(shift_bucket(end, by, 1 - 2 * window), end, by)
    return span[window:], span[:window]


@dataclass(frozen=True)
class Series:
    """Papers per bucket for one entity, and the papers the buckets could not hold."""

    name: str
    type: str
    counts: dict[str, int]
    undated: int = 0  # papers with no date at all
    coarse: int = 0  # papers dated more coarsely than the bucket (a year, counting by month)

    @property
    def total(self) -> int:
        """Every paper linked to the entity, dated or not."""
        return sum(self.counts.values()) + self.undated + self.coarse


@dataclass(frozen=True)
class Mover:
    """An entity's papers in the recent window against the window before."""

    name: str
    recent: int
    previous: int

    @property
    def change(self) -> int:
        """Papers gained (negative: lost) from the previous window to the recent one."""
        return self.recent - self.previous


@dataclass(frozen=True)
class Movers:
    """The entities of one type that rose and fell most between two equal windows."""

    type: str
    by: str
    recent: tuple[str, str]  # first and last bucket of the recent window
    previous: tuple[str, str]
    rising: tuple[Mover, ...]
    falling: tuple[Mover, ...]
    undated: int = 0  # (entity, paper) links with no date, left out of both windows
    coarse: int = 0


@dataclass(frozen=True)
class DatedPaper:
    """A paper as a trend query returns it."""

    paper: str
    date: str | None


def count_papers(name: str, type_: str, papers: Iterable[DatedPaper], by: str, since: str | None = None, until: str | None = None) -> Series:
    """A :class:`Series` of ``papers`` (each paper once), keeping the buckets within ``since``/``until``."""
    counts: dict[str, int] = defaultdict(int)
    undated = coarse = 0
    low, high = bucket(since, by) if since else None, bucket(until, by) if until else None
    for paper in {p.paper: p for p in papers}.values():
        if not paper.date:
            undated += 1
            continue
        key = bucket(paper.date, by)
        if key is None:
            coarse += 1
        elif (low is None or key >= low) and (high is None or key <= high):
            counts[key] += 1
    return Series(name=name, type=type_, counts=dict(sorted(counts.items())), undated=undated, coarse=coarse)


def entity_series(store: LocalStore, names: Sequence[str], by: str = "month", since: str | None = None, until: str | None = None) -> list[Series]:
    """One series per name, each resolved forgivingly to an entity of any type."""
    from kg.graph.schema import ENTITY_LABELS

    series = []
    for name in names:
        resolved = store.resolve(name, ENTITY_LABELS)
        rows = store.question("entity_trend", {"name": resolved.name, "type": resolved.label}).records()
        papers = [DatedPaper(str(r["paper"]), r.get("date")) for r in rows]
        series.append(count_papers(resolved.name, resolved.label, papers, by, since, until))
    return series


def table_buckets(series: Sequence[Series], by: str, since: str | None = None, until: str | None = None) -> list[str]:
    """The contiguous buckets a table of ``series`` shows: from the first to the last with papers (or the range asked)."""
    present = sorted({key for s in series for key in s.counts})
    first = bucket(since, by) if since else (present[0] if present else None)
    last = bucket(until, by) if until else (present[-1] if present else None)
    if first is None or last is None:
        return []
    return bucket_range(first, last, by)


def movers(store: LocalStore, type_: str, by: str = "month", top: int = 20, window: int | None = None, until: str | None = None) -> Movers:
    """The ``top`` entities of ``type_`` rising and falling most: papers in the last ``window`` buckets vs the ``window`` before.

    The recent window ends at ``until``'s bucket, else at the latest bucket any paper of that type falls in.
    """
    window = window or DEFAULT_WINDOW[by]
    if window < 1:
        raise TrendError(f"--window must be at least 1, got {window}")
    result = store.question("dated_entities", {"type": type_})
    name_at, paper_at, date_at = (result.columns.index(c) for c in ("name", "paper", "date"))
    by_entity: dict[str, dict[str, str | None]] = defaultdict(dict)
    for row in result.rows:  # each (entity, paper) once, whatever relationships join them
        by_entity[row[name_at]][row[paper_at]] = row[date_at]
    undated = sum(1 for papers in by_entity.values() for date in papers.values() if not date)
    cached = functools.lru_cache(maxsize=None)(lambda date: bucket(date, by))  # 100k links share a few thousand dates
    keyed = {name: [cached(d) for d in papers.values() if d] for name, papers in by_entity.items()}
    coarse = sum(1 for keys in keyed.values() for key in keys if key is None)
    present = sorted({key for keys in keyed.values() for key in keys if key})
    if not present:
        raise TrendError(f"no dated papers link to any {type_.lower()}; trends need dates (published, or arXiv IDs)")
    end = bucket(until, by) if until else present[-1]
    recent, previous = windows(end, by, window)
    recent_set, previous_set = set(recent), set(previous)
    rows_out = []
    for name, keys in keyed.items():
        r = sum(1 for key in keys if key in recent_set)
        p = sum(1 for key in keys if key in previous_set)
        if r or p:
            rows_out.append(Mover(name, r, p))
    rising = sorted((m for m in rows_out if m.change > 0), key=lambda m: (-m.change, -m.recent, m.name))[:top]
    falling = sorted((m for m in rows_out if m.change < 0), key=lambda m: (m.change, -m.previous, m.name))[:top]
    return Movers(type=type_, by=by, recent=(recent[0], recent[-1]), previous=(previous[0], previous[-1]),
                  rising=tuple(rising), falling=tuple(falling), undated=undated, coarse=coarse)


@dataclass(frozen=True)
class Verdict:
    """Whether one entity is rising: its recent window against the one before."""

    series: Series
    recent: tuple[str, str]
    previous: tuple[str, str]
    recent_papers: int
    previous_papers: int
    direction: str = field(default="flat")  # "rising", "falling" or "flat"

    def sentence(self) -> str:
        """The answer in words, with the counts."""
        r, p = self.recent_papers, self.previous_papers
        where = f"{r} paper{'s' if r != 1 else ''} in {self.recent[0]}–{self.recent[1]} against {p} in {self.previous[0]}–{self.previous[1]}"
        return f"{self.series.name} is {self.direction}: {where}"


def latest_bucket(store: LocalStore, by: str) -> str | None:
    """The bucket of the corpus's latest dated paper (where "recent" ends), or None when nothing is dated."""
    dates = [row[0] for row in store.question("paper_dates", {}).rows]
    keys = [key for key in (bucket(d, by) for d in dates) if key]
    return max(keys) if keys else None


def verdict(series: Series, by: str = "month", window: int | None = None, end: str | None = None) -> Verdict:
    """Rising, falling or flat: the last ``window`` buckets up to ``end`` (else the series' last) against the ``window`` before."""
    window = window or DEFAULT_WINDOW[by]
    if not series.counts:
        raise TrendError(f"no dated papers link to {series.name}; trends need dates (published, or arXiv IDs)")
    keys = list(series.counts)
    recent, previous = windows(max(end or keys[-1], keys[-1]), by, window)
    r = sum(series.counts.get(k, 0) for k in recent)
    p = sum(series.counts.get(k, 0) for k in previous)
    direction = "rising" if r > p else "falling" if r < p else "flat"
    return Verdict(series, (recent[0], recent[-1]), (previous[0], previous[-1]), r, p, direction)


def plot(series: Sequence[Series], buckets: Sequence[str], path: str, title: str = "Papers over time") -> None:
    """Draw ``series`` over ``buckets`` as lines into a PNG or SVG file (matplotlib, no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    if not str(path).lower().endswith((".png", ".svg")):
        raise TrendError(f"--plot wants a .png or .svg file name, got {path}")
    figure, axes = pyplot.subplots(figsize=(9, 4.5), dpi=110)
    positions = range(len(buckets))
    for s in series:
        axes.plot(positions, [s.counts.get(b, 0) for b in buckets], marker="o", markersize=3, label=f"{s.name} ({s.type})")
    step = max(1, len(buckets) // 12)
    axes.set_xticks(list(positions)[::step], list(buckets)[::step], rotation=45, ha="right")
    axes.set_ylabel("papers")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
