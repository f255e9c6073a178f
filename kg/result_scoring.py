"""Score extracted results against a results gold file, exactly as RESULTS_GUIDELINE.md says.

Per paper, an extracted result matches at most one gold result with the same ``kind``, a value
within 0.05 of the gold value, a benchmark whose normalised name equals the gold benchmark's
normalised name or an alias, and a subject that matches the same way (a gold subject of null
matches any subject). The extracted side's names are its entity's name and surface forms, as in
the entity scorer. Optional gold results neither count as misses nor as false positives.
Precision, recall and F1 are micro-averaged over papers; metric and unit agreement are reported
as the share of matched results whose metric (when the gold gives one) and unit also agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.evaluation import GoldFormatError, TypeCounts
from kg.normalize import normalize_name

VALUE_TOLERANCE = 0.05


@dataclass(frozen=True)
class GoldResult:
    """One gold result: normalised names of subject (None = any), benchmark and metric, and the number."""

    subject: frozenset[str] | None
    benchmark: frozenset[str]
    metric: frozenset[str] | None
    value: float
    unit: str
    kind: str
    optional: bool = False
    label: str = ""


@dataclass(frozen=True)
class GoldResultPaper:
    """The results gold of one paper: its text and its results."""

    id: str
    title: str
    abstract: str
    results: tuple[GoldResult, ...]


@dataclass(frozen=True)
class PredictedResult:
    """An extracted result reduced to what scoring needs (names as normalised keys)."""

    subject: frozenset[str]
    benchmark: frozenset[str]
    metric: frozenset[str]
    value: float
    unit: str
    kind: str
    label: str = ""


@dataclass
class ResultScore:
    """Scores of a whole results gold file: counts, metric/unit agreement, per-paper errors."""

    counts: TypeCounts
    matched: int = 0
    metric_checked: int = 0
    metric_agree: int = 0
    unit_agree: int = 0
    papers: int = 0
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # (paper, missed, spurious)

    @property
    def metric_agreement(self) -> float:
        return self.metric_agree / self.metric_checked if self.metric_checked else 0.0

    @property
    def unit_agreement(self) -> float:
        return self.unit_agree / self.matched if self.matched else 0.0

    def as_dict(self) -> dict:
        return {
            "scheme": "results",
            "papers": self.papers,
            "overall": self.counts.as_dict(),
            "metric_agreement": round(self.metric_agreement, 4),
            "unit_agreement": round(self.unit_agreement, 4),
            "matched": self.matched,
        }


def keys(texts: Iterable[str]) -> frozenset[str]:
    """Normalised forms of ``texts`` (the guideline's normalisation), empty ones dropped."""
    return frozenset(k for k in (normalize_name(t) for t in texts if t) if k)


def is_results_gold(record: Mapping) -> bool:
    """Whether a gold record is a results record (``results`` list, no ``entities``)."""
    return isinstance(record, Mapping) and isinstance(record.get("results"), list) and "entities" not in record


def _named(value: object) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError("a subject, benchmark or metric must be an object with 'name' and 'aliases'")
    return keys([value["name"], *(value.get("aliases") or [])])


def read_results_gold(path: Path | str) -> list[GoldResultPaper]:
    """Read a results gold JSONL file (RESULTS_GUIDELINE.md's record format).

    Raises:
        GoldFormatError: naming file and line, on a line that is not such a record.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldFormatError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
    papers = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("results"), list):
                raise ValueError("expected a JSON object with a 'results' list")
            results = tuple(
                GoldResult(
                    subject=_named(r.get("subject")),
                    benchmark=_named(r["benchmark"]) or frozenset(),
                    metric=_named(r.get("metric")),
                    value=float(r["value"]),
                    unit=r.get("unit") or "",
                    kind=r["kind"],
                    optional=bool(r.get("optional", False)),
                    label=f"{(r.get('subject') or {}).get('name')} / {r['benchmark']['name']} / {r['value']}{r.get('unit') or ''} {r['kind']}",
                )
                for r in record["results"]
            )
            papers.append(GoldResultPaper(str(record.get("id") or f"{path.name}:{lineno}"), record.get("title") or "",
                                          record.get("abstract") or "", results))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise GoldFormatError(f"{path}:{lineno}: not a results gold record ({msg})") from exc
    return papers


def _matches(gold: GoldResult, pred: PredictedResult) -> bool:
    return (
        gold.kind == pred.kind
        and abs(gold.value - pred.value) <= VALUE_TOLERANCE + 1e-9
        and bool(gold.benchmark & pred.benchmark)
        and (gold.subject is None or bool(gold.subject & pred.subject))
    )


def score_results(gold_papers: Sequence[GoldResultPaper], predictions: Mapping[str, Sequence[PredictedResult]]) -> ResultScore:
    """Match each paper's predictions one-to-one against its gold results (required gold first), micro-averaged.

    >>> g = GoldResult(None, frozenset({"mmlu"}), None, 81.8, "%", "score")
    >>> p = PredictedResult(frozenset({"foonet"}), frozenset({"mmlu"}), frozenset(), 81.8, "%", "score")
    >>> score_results([GoldResultPaper("a", "", "", (g,))], {"a": [p]}).counts.f1
    1.0
    """
    total = ResultScore(TypeCounts(), papers=len(gold_papers))
    for paper in gold_papers:
        gold = paper.results
        preds = list(predictions.get(paper.id, ()))
        candidates = [[i for i, g in enumerate(gold) if _matches(g, p)] for p in preds]
        taken: set[int] = set()
        spurious = []
        for j in sorted(range(len(preds)), key=lambda j: len(candidates[j])):
            free = [i for i in candidates[j] if i not in taken]
            required = [i for i in free if not gold[i].optional]
            if required:
                i = required[0]
                taken.add(i)
                total.counts.tp_pred += 1
                total.counts.n_pred += 1
                total.matched += 1
                if gold[i].metric is not None:
                    total.metric_checked += 1
                    total.metric_agree += bool(gold[i].metric & preds[j].metric)
                total.unit_agree += gold[i].unit == preds[j].unit
            elif free or any(gold[i].optional for i in candidates[j]):
                if free:
                    taken.add(free[0])
            else:
                total.counts.n_pred += 1
                spurious.append(preds[j].label)
        missed = []
        for i, g in enumerate(gold):
            if g.optional:
                continue
            total.counts.n_gold += 1
            if i in taken:
                total.counts.tp_gold += 1
            else:
                missed.append(g.label)
        if missed or spurious:
            total.errors.append((paper.id, missed, spurious))
    return total


def predicted_results(extraction) -> list[PredictedResult]:
    """The predictions of one ``PaperExtraction``: each result's names widened to its entity's surface forms."""
    forms: dict[str, list[str]] = {}
    for entity in extraction.entities:
        forms.setdefault(entity.name, []).extend([entity.name, *entity.aliases, *(m.text for m in entity.mentions)])

    def named(name: str | None) -> frozenset[str]:
        return keys(forms.get(name, [name])) if name else frozenset()

    return [
        PredictedResult(named(r.subject), named(r.benchmark), named(r.metric), r.value, r.unit, r.kind.value,
                        f"{r.subject} / {r.benchmark} / {r.value:g}{r.unit} {r.kind.value}")
        for r in extraction.results
    ]


def evaluate_results(gold_path: Path | str, extractor) -> ResultScore:
    """Run ``extractor`` (an ``extractors.pipeline.Extractor``) on a results gold file's papers and score it."""
    from kg.types import Paper  # noqa: PLC0415 - keep the scorer importable without spaCy

    papers = read_results_gold(gold_path)
    records = [Paper(id=p.id, title=p.title, abstract=p.abstract) for p in papers]
    predictions = {ex.paper.id: predicted_results(ex) for ex in extractor.extract_many(records)}
    return score_results(papers, predictions)


def format_results_table(result: ResultScore, title: str = "") -> str:
    """A plain-text table of precision, recall and F1, then metric and unit agreement."""
    c = result.counts
    lines = [title] if title else []
    lines.append(f"{'':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    lines.append(f"{'results':<10} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp_gold:5d} {c.n_pred:5d} {c.n_gold:5d}")
    lines.append(f"metric agrees on {result.metric_agree}/{result.metric_checked} matched results with a gold metric; "
                 f"unit on {result.unit_agree}/{result.matched}")
    return "\n".join(lines)
