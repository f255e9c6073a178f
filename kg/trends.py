"""The field over time: papers per month, quarter or year for an entity, and the entities rising or falling.

A named entity's trend comes from one ``cypher/`` query run on the store
(``entity_trend``) that returns its dated papers; this module buckets them. The
risers and fallers of a whole type are counted by the engine: one
``entity_papers_between`` query per window returns a row per entity, and
``undated_entity_links`` counts the links the windows leave out (reading every
link of the type, as it did before, meant 1.5M rows at 1M papers). A paper's date is its best date (:func:`kg.dates.best_date`): a day, a
month (from its arXiv ID) or a year. A date too coarse for the bucket (a year
when counting by month) and a paper with no date are counted apart, never
dropped silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.graph.cypher_engine import QueryResult
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


#: The date precision too coarse for each bucket size (what ``bucket`` gives None for), as the library queries take it.
COARSE = {"month": "year", "quarter": "year", "year": ""}

#: Sorts before and after every date: the bounds of "any date".
_EARLIEST, _LATEST = "0", "~"


def bucket_start(name: str, by: str) -> str:
    """Where bucket ``name``'s dates start when dates compare as strings (a quarter starts at its first month).

    >>> bucket_start("2024-Q3", "quarter"), bucket_start("2024-05", "month"), bucket_start("2024", "year")
    ('2024-07', '2024-05', '2024')
    """
    if by == "quarter":
        return f"{name[:4]}-{(int(name[6]) - 1) * 3 + 1:02d}"
    return name


def _window_counts(store: LocalStore, type_: str, by: str, first: str, last: str) -> dict[str, tuple[int, str]]:
    """``{name: (papers, latest date)}`` for the entities of ``type_`` with papers in the buckets ``first``..``last``.

    One ``entity_papers_between`` query: a ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` date sorts
    within ``[start of first, start of the bucket after last)`` exactly when its bucket is in the
    range, once dates too coarse for the bucket (a year, by month) are left out.
    """
    params = {"type": type_, "from": bucket_start(first, by), "to": bucket_start(shift_bucket(last, by), by), "coarse": COARSE[by]}
    return _counts(store.question("entity_papers_between", params))


def _counts(result: QueryResult) -> dict[str, tuple[int, str]]:
    name_at, papers_at, latest_at = (result.columns.index(c) for c in ("name", "papers", "latest"))
    return {row[name_at]: (int(row[papers_at]), row[latest_at]) for row in result.rows}


def _latest_of_type(store: LocalStore, type_: str, by: str) -> str | None:
    """The latest bucket holding a paper of any entity of ``type_``, or None when none is dated finely enough.

    Asks first for the corpus's latest bucket (``paper_dates``, a few thousand rows), then whether the
    type has papers there; only when it has none does it read the type's dates over all time. (Only
    papers of the corpus link to entities and have dates: a paper known only as a cited arXiv ID
    has neither, so no linked paper is later than the corpus's latest.)
    """
    corpus = latest_bucket(store, by)
    if corpus is None:
        return None
    found = _window_counts(store, type_, by, corpus, corpus)
    if not found:  # nothing of this type in the corpus's last bucket: its own latest, from every dated link
        params = {"type": type_, "from": _EARLIEST, "to": _LATEST, "coarse": COARSE[by]}
        found = _counts(store.question("entity_papers_between", params))
    latest = max((date for _, date in found.values() if date), default=None)
    return bucket(latest, by) if latest else None


def left_out(store: LocalStore, type_: str, by: str) -> tuple[int, int]:
    """``(undated, coarse)``: the links of ``type_`` to papers with no date, and to papers dated too coarsely for ``by``."""
    result = store.question("undated_entity_links", {"type": type_, "coarse": COARSE[by]})
    precision_at, links_at = (result.columns.index(c) for c in ("precision", "links"))
    undated = sum(int(row[links_at]) for row in result.rows if not row[precision_at])
    coarse = sum(int(row[links_at]) for row in result.rows if row[precision_at])
    return undated, coarse


def movers(store: LocalStore, type_: str, by: str = "month", top: int = 20, window: int | None = None, until: str | None = None) -> Movers:
    """The ``top`` entities of ``type_`` rising and falling most: papers in the last ``window`` buckets vs the ``window`` before.

    The recent window ends at ``until``'s bucket, else at the latest bucket any paper of that type falls in.
    The engine counts: one ``entity_papers_between`` query per window (a row per entity, not per
    link), and ``undated_entity_links`` for the links left out. A paper links to an entity at most
    once (the merge's rule), so each count is of papers.
    """
    if by not in COARSE:
        raise TrendError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")
    window = window or DEFAULT_WINDOW[by]
    if window < 1:
        raise TrendError(f"--window must be at least 1, got {window}")
    undated_message = f"no dated papers link to any {type_.lower()}; trends need dates (published, or arXiv IDs)"
    end = bucket(until, by) if until else _latest_of_type(store, type_, by)
    if end is None:
        raise TrendError(undated_message)
    recent, previous = windows(end, by, window)
    recent_counts = _window_counts(store, type_, by, recent[0], recent[-1])
    previous_counts = _window_counts(store, type_, by, previous[0], previous[-1])
    if until and not recent_counts and not previous_counts and _latest_of_type(store, type_, by) is None:
        raise TrendError(undated_message)  # as without --until: the type has no paper dated finely enough at all
    undated, coarse = left_out(store, type_, by)
    rows_out = [
        Mover(name, recent_counts.get(name, (0, ""))[0], previous_counts.get(name, (0, ""))[0])
        for name in recent_counts.keys() | previous_counts.keys()
    ]
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
