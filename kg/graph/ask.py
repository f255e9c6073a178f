"""Plain questions -> library questions: "which papers use benchmark MMLU?" and friends.

A question is matched against a short list of patterns (:data:`PATTERNS`), each
naming the ``cypher/`` query it stands for and the entity types its name may
have. The store resolves the name forgivingly (:mod:`kg.graph.resolve`), then
runs that very query file with the resolved name as its ``$parameter``: the
``cypher/`` library is the one definition of every answer, on every backend.
The name is only ever a parameter value, never query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from kg.errors import KgError
from kg.graph.cypher_engine import QueryResult
from kg.graph.schema import ENTITY_LABELS
from kg.graph.store import LocalStore

_USE_LABELS = ("Benchmark", "Method", "Model", "Task")
#: The query answering "which papers use X" for each label X may have.
_USE_QUERY = {
    "Benchmark": "papers_using_benchmark",
    "Method": "papers_using_method",
    "Model": "papers_using_model",
    "Task": "papers_addressing_task",
}
_TYPE_WORDS = {"benchmark": "Benchmark", "dataset": "Benchmark", "method": "Method", "model": "Model", "task": "Task", "technique": "Method", "algorithm": "Method"}

_Q = r"^\s*(?:which|what|list|show|find|give me)?\s*(?:the\s+)?"
_NAME = r"[\"'“‘]?(?P<name>.+?)[\"'”’]?\s*[?.!]*\s*$"

#: (pattern, query name or "uses", labels the name may have). First match wins.
PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), query, labels)
    for pattern, query, labels in [
        (r"^\s*(?:is|are)\s+" + r"[\"'“‘]?(?P<name>.+?)[\"'”’]?\s+(?:rising|growing|falling|declining|trending|fading)\s*(?:or\s+\w+)?\s*[?.!]*\s*$", "entity_trend", ENTITY_LABELS),
        (r"^\s*(?:(?:what\s+is\s+|show\s+(?:me\s+)?)?(?:the\s+)?trend\s+(?:of|for|in)|how\s+is)\s+[\"'“‘]?(?P<name>.+?)[\"'”’]?(?:\s+(?:doing|trending|going))?\s*[?.!]*\s*$", "entity_trend", ENTITY_LABELS),
        (_Q + r"models?\s+(?:are\s+|were\s+|is\s+|was\s+)?(?:evaluated|tested|used|run|benchmarked)\s+(?:on|with)\s+(?:the\s+)?(?:benchmark\s+|dataset\s+)?" + _NAME, "models_on_benchmark", ("Benchmark",)),
        (_Q + r"methods?\s+(?:are\s+|were\s+)?(?:evaluated|tested|used)\s+(?:on|with)\s+(?:the\s+)?(?:benchmark\s+|dataset\s+)?" + _NAME, "methods_on_benchmark", ("Benchmark",)),
        (_Q + r"(?:papers?\s+)?(?:that\s+|which\s+)?(?:propose[sd]?|introduce[sd]?|proposing|introducing)\s+(?:the\s+)?(?:(?:benchmark|dataset|method|model|metric|task)\s+)?" + _NAME, "papers_proposing", ENTITY_LABELS),
        (r"^\s*who\s+(?:proposed|introduced|invented|created)\s+" + _NAME, "papers_proposing", ENTITY_LABELS),
        (_Q + r"papers?\s+(?:(?:are\s+)?(?:written\s+|authored\s+)?by|from|of)\s+(?:the\s+)?(?:author\s+)?" + _NAME, "author_papers", ("Author",)),
        (r"^\s*what\s+(?:papers\s+)?(?:did|has)\s+(?P<name>.+?)\s+(?:write|written|publish|published)\s*[?.!]*\s*$", "author_papers", ("Author",)),
        (r"^\s*what\s+(?:does|did)\s+(?:the\s+)?(?:paper\s+)?" + r"[\"'“‘]?(?P<name>.+?)[\"'”’]?\s+(?:use|evaluate on|propose)\s*[?.!]*\s*$", "paper_uses", ("Paper",)),
        (_Q + r"(?:papers?\s+)?(?:that\s+|which\s+)?(?:use[sd]?|using|evaluate[sd]?\s+on|evaluating\s+on|tested\s+on|address(?:es)?|addressing)\s+(?:the\s+)?(?P<kind>benchmark|dataset|method|model|task|technique|algorithm)?\s*" + _NAME, "uses", _USE_LABELS),
    ]
)


class PaperAnswer(NamedTuple):
    """A paper in an answer, with the evidence sentence for it (may be empty)."""

    paper_id: str
    arxiv_id: str | None
    title: str
    evidence: str


class EntityCount(NamedTuple):
    """An entity in an answer with the number of papers behind it."""

    name: str
    type: str
    papers: int


class TrendPoint(NamedTuple):
    """Papers in one month of an entity's trend."""

    period: str
    papers: int


class PaperLink(NamedTuple):
    """One thing a paper proposes or uses, with the evidence sentence."""

    relation: str
    type: str
    name: str
    evidence: str


#: The label of the entities each counting query returns (its rows name no type).
_COUNTED_LABEL = {"models_on_benchmark": "Model", "methods_on_benchmark": "Method"}


class QuestionNotUnderstood(KgError):
    """A question none of the patterns understands."""


@dataclass(frozen=True)
class Answer:
    """An answered question: the query it maps to, the resolved entity, the rows."""

    question: str
    query: str
    entity_name: str
    entity_type: str
    answers: tuple[Any, ...]
    summary: str = ""  # a one-line verdict, for questions that have one ("is X rising?")

    def to_json(self) -> dict[str, Any]:
        """The ``kg ask --json`` document (``summary`` only when the question has one)."""
        doc = {
            "question": self.question,
            "query": f"cypher/{self.query}.cypher",
            "entity": {"name": self.entity_name, "type": self.entity_type},
            "answers": [a._asdict() for a in self.answers],
        }
        if self.summary:
            doc["summary"] = self.summary
        return doc


EXAMPLES = (
    "which papers use benchmark MMLU?",
    "which papers propose FLAMe?",
    "which models are evaluated on RewardBench?",
    "papers by Nathan Lambert",
    "what does paper 2407.10817 use?",
)


def parse_question(question: str) -> tuple[str, str, tuple[str, ...]]:
    """``(query, name, labels)`` for a plain question; :class:`QuestionNotUnderstood` if none fits."""
    for pattern, query, labels in PATTERNS:
        match = pattern.match(question)
        if match and match.group("name").strip():
            kind = match.groupdict().get("kind")
            if kind:
                labels = (_TYPE_WORDS[kind.lower()],)
                query = _USE_QUERY[labels[0]]
            return query, match.group("name").strip(), labels
    raise QuestionNotUnderstood(f"cannot understand {question!r}; try e.g. " + "; ".join(f'"{e}"' for e in EXAMPLES))


def ask(store: LocalStore, question: str) -> Answer:
    """Answer ``question`` from ``store``, resolving its entity name forgivingly."""
    query, name, labels = parse_question(question)
    resolved = store.resolve(name, labels)
    if query == "uses":
        query = _USE_QUERY[resolved.label]
    if query == "entity_trend":
        return _trend_answer(store, question, resolved.name, resolved.label)
    params = {"paper": resolved.key} if resolved.label == "Paper" else {"name": resolved.name}
    rows = answer_rows(query, store.question(query, params))
    return Answer(question=question, query=query, entity_name=resolved.name, entity_type=resolved.label, answers=rows)


def answer_rows(query: str, result: QueryResult) -> tuple[Any, ...]:
    """The rows of a library query as typed answers (papers, counted entities or a paper's links)."""
    records = result.records()
    if query in ("paper_uses", "benchmarks_of_paper"):
        return tuple(
            PaperLink(r.get("relation", "EVALUATES_ON"), r.get("type", "Benchmark"), str(r.get("name") or r.get("benchmark")), r.get("evidence") or "")
            for r in records
        )
    if query in _COUNTED_LABEL:
        column = _COUNTED_LABEL[query].lower()
        return tuple(EntityCount(str(r[column]), _COUNTED_LABEL[query], int(r["papers"])) for r in records)
    if query == "cooccurring_entities":
        return tuple(EntityCount(str(r["name"]), str(r["type"]), int(r["papers"])) for r in records)
    return tuple(PaperAnswer(str(r["paper_id"]), r.get("arxiv_id"), str(r.get("title") or ""), r.get("evidence") or "") for r in records)


def _trend_answer(store: LocalStore, question: str, name: str, label: str) -> Answer:
    """Papers per month for one entity, and whether it is rising (the last six months against the six before)."""
    from kg.trends import DatedPaper, count_papers, latest_bucket, table_buckets, verdict

    rows = store.question("entity_trend", {"name": name, "type": label}).records()
    series = count_papers(name, label, [DatedPaper(str(r["paper"]), r.get("date")) for r in rows], "month")
    found = verdict(series, "month", end=latest_bucket(store, "month"))
    points = tuple(TrendPoint(b, series.counts.get(b, 0)) for b in table_buckets([series], "month"))
    apart = series.undated + series.coarse
    summary = found.sentence() + (f" ({apart} of its {series.total} papers have no month and are not counted)" if apart else "")
    return Answer(question=question, query="entity_trend", entity_name=name, entity_type=label, answers=points, summary=summary)
