"""Leaderboards: the results papers report on a benchmark, ranked, one table per comparable kind of number.

The rows come from one library query, ``cypher/leaderboard.cypher`` (the results on a
benchmark and on its editions); this module only groups and ranks them, so ``kg
leaderboard``, ``kg ask "best result on X?"`` and the benchmark pages agree. Numbers are
ranked together only when they are comparable: one table per (edition, metric, unit,
kind, subset), so accuracy is never ranked against F1, a percentage against a fraction,
a score against a delta, or RewardBench against RewardBench 2. A result whose text names
no metric takes the metric of the results in its sentence on the same benchmark in the
same unit, when they name exactly one ("X (with an accuracy of 87.8%) ... outperforming
GPT-4o (84.7%)"). Scores rank higher-is-better unless the metric is listed in
``lower_is_better.tsv`` (error rates, perplexity, latency, ...); deltas are written
without sign, so they rank by size.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.normalize import normalize_name
from kg.types import ResultKind

#: The library query every leaderboard is read from.
QUERY = "leaderboard"

#: Metrics ranked lower-is-better (data file beside this module).
LOWER_IS_BETTER_FILE = Path(__file__).with_name("lower_is_better.tsv")


@dataclass(frozen=True)
class LeaderboardRow:
    """One reported result in a table: its rank (ties share one), who reached it, the number, its paper and sentence."""

    rank: int
    subject: str | None
    value: float
    unit: str
    metric: str | None
    kind: str
    subset: str | None
    paper_id: str
    arxiv_id: str | None
    title: str
    evidence: str

    def to_json(self) -> dict[str, Any]:
        """The row as ``kg leaderboard --json`` prints it."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class LeaderboardTable:
    """Results that can be ranked together: one edition, metric, unit, kind and subset."""

    benchmark: str
    metric: str | None
    unit: str
    kind: str
    subset: str | None
    lower_is_better: bool
    rows: tuple[LeaderboardRow, ...]

    def to_json(self) -> dict[str, Any]:
        """The table as ``kg leaderboard --json`` prints it."""
        doc = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "rows"}
        doc["rows"] = [row.to_json() for row in self.rows]
        return doc

    def heading(self) -> str:
        """One line naming what the table ranks, e.g. "RewardBench · accuracy (%) · score · higher is better"."""
        metric = self.metric or "metric not named"
        unit = f" ({self.unit})" if self.unit else ""
        subset = f" · {self.subset}" if self.subset else ""
        order = "by size" if self.kind == ResultKind.DELTA.value else ("lower is better" if self.lower_is_better else "higher is better")
        return f"{self.benchmark}{subset} · {metric}{unit} · {self.kind} · {order}"


@dataclass(frozen=True)
class Leaderboard:
    """The ranked tables of one benchmark (its own results first, then its editions')."""

    benchmark: str
    tables: tuple[LeaderboardTable, ...]

    @property
    def results(self) -> int:
        """How many results the tables hold."""
        return sum(len(t.rows) for t in self.tables)

    def to_json(self) -> dict[str, Any]:
        """``{benchmark, query, tables: [{benchmark, metric, unit, kind, subset, lower_is_better, rows: [...]}]}``."""
        return {"benchmark": self.benchmark, "query": f"cypher/{QUERY}.cypher", "tables": [t.to_json() for t in self.tables]}


@lru_cache(maxsize=1)
def lower_is_better_metrics() -> tuple[tuple[str, ...], ...]:
    """The word sequences of ``lower_is_better.tsv``."""
    lines = LOWER_IS_BETTER_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(tuple(_words(line)) for line in lines if line.strip() and not line.startswith("#"))


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return re.findall(r"[a-z0-9]+", "".join(c for c in folded if not unicodedata.combining(c)))


def lower_is_better(metric: str | None) -> bool:
    """Whether a smaller value of ``metric`` is better (a listed name occurs in it as whole words).

    >>> lower_is_better("word error rate"), lower_is_better("Fréchet Inception Distance"), lower_is_better("accuracy")
    (True, True, False)
    """
    words = _words(metric or "")
    return any(words[i:i + len(entry)] == list(entry) for entry in lower_is_better_metrics() for i in range(len(words)))


def infer_metrics(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``records`` with a missing metric filled from the results of the same sentence, paper, edition, unit and kind.

    Filled only when those results name exactly one metric; otherwise it stays None.
    """
    named: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    for r in records:
        if r.get("metric"):
            named[_sentence_key(r)].add(str(r["metric"]))
    filled = []
    for r in records:
        row = dict(r)
        if not row.get("metric") and len(found := named.get(_sentence_key(row), ())) == 1:
            row["metric"] = next(iter(found))
        filled.append(row)
    return filled


def _sentence_key(r: Mapping[str, Any]) -> tuple[Any, ...]:
    return (r.get("paper_id"), r.get("evidence"), r.get("benchmark"), r.get("unit") or "", r.get("kind"))


def rank_tables(
    benchmark: str, records: Iterable[Mapping[str, Any]], metric: str | None = None, kind: str | None = None
) -> tuple[LeaderboardTable, ...]:
    """The leaderboard tables of ``records`` (rows of ``cypher/leaderboard.cypher``), ranked.

    ``metric`` keeps the tables of that metric (compared after :func:`kg.normalize.normalize_name`),
    ``kind`` those of ``"score"`` or ``"delta"``. Tables come: ``benchmark``'s own before its
    editions', a named metric before none, scores before deltas, more rows first.
    """
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in infer_metrics(list(records)):
        if metric is not None and normalize_name(str(r.get("metric") or "")) != normalize_name(metric):
            continue
        if kind is not None and r.get("kind") != kind:
            continue
        groups[(str(r["benchmark"]), r.get("metric"), r.get("unit") or "", str(r["kind"]), r.get("subset"))].append(r)
    tables = [_table(key, rows) for key, rows in groups.items()]
    own = normalize_name(benchmark)
    return tuple(sorted(tables, key=lambda t: (
        normalize_name(t.benchmark) != own, t.benchmark, t.metric is None, t.kind != ResultKind.SCORE.value,
        -len(t.rows), t.metric or "", t.unit, t.subset or "",
    )))


def _table(key: tuple[Any, ...], records: list[dict[str, Any]]) -> LeaderboardTable:
    benchmark, metric, unit, kind, subset = key
    lower = kind == ResultKind.SCORE.value and lower_is_better(metric)
    sign = 1 if lower else -1
    ordered = sorted(records, key=lambda r: (sign * float(r["value"]), str(r.get("subject") or ""), str(r["paper_id"]), str(r.get("result") or "")))
    rows, rank, previous = [], 0, None
    for position, r in enumerate(ordered, start=1):
        value = float(r["value"])
        if value != previous:
            rank, previous = position, value
        rows.append(LeaderboardRow(
            rank=rank, subject=r.get("subject"), value=value, unit=unit, metric=metric, kind=kind, subset=subset,
            paper_id=str(r["paper_id"]), arxiv_id=r.get("arxiv_id"), title=str(r.get("title") or ""), evidence=str(r.get("evidence") or ""),
        ))
    return LeaderboardTable(benchmark, metric, unit, kind, subset, lower, tuple(rows))


def leaderboard(store: Any, name: str, metric: str | None = None, kind: str | None = None) -> Leaderboard:
    """The leaderboard of the benchmark ``name`` means (resolved forgivingly, as ``kg ask`` does).

    ``store`` is a local store (:class:`kg.graph.store.LocalStore`); raises
    :class:`kg.graph.resolve.UnknownEntityError` (a ``KgError``) when no benchmark has that name.
    """
    resolved = store.resolve(name, ["Benchmark"])
    records = store.question(QUERY, {"name": resolved.name}).records()
    return Leaderboard(resolved.name, rank_tables(resolved.name, records, metric=metric, kind=kind))
