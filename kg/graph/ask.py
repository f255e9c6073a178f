"""Plain questions -> library questions: "which papers use benchmark MMLU?" and friends.

A question is matched against a short list of patterns (:data:`PATTERNS`), each
naming the ``cypher/`` query it stands for and the entity types its name may
have. The store resolves the name forgivingly (:mod:`kg.graph.resolve`), then
runs that very query file with the resolved name as its ``$parameter``: the
``cypher/`` library is the one definition of every answer, on every backend.
The name is only ever a parameter value, never query text. This module only
picks the file, then orders and shapes its rows: one answer per paper, papers
that introduce or use the entity before those that only mention it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from kg.errors import KgError
from kg.graph.cypher_engine import QueryResult
from kg.graph.library import count_query, first_rows_query, load_query
from kg.graph.resolve import UnknownEntityError
from kg.graph.schema import ENTITY_LABELS
from kg.graph.store import LocalStore
from kg.types import ROLE_RANK

_USE_LABELS = ("Benchmark", "Method", "Model", "Task")
#: The query answering "which papers use X" for each label X may have.
_USE_QUERY = {
    "Benchmark": "papers_using_benchmark",
    "Method": "papers_using_method",
    "Model": "papers_using_model",
    "Task": "papers_addressing_task",
}
#: Queries that include a benchmark's editions, and the query asking about one node only (``--exact``).
EXACT_QUERY = {"papers_using_benchmark": "papers_using_benchmark_exact"}
_TYPE_WORDS = {"benchmark": "Benchmark", "dataset": "Benchmark", "method": "Method", "model": "Model", "task": "Task", "technique": "Method", "algorithm": "Method"}
_PLURALS = {"benchmark": "benchmarks", "dataset": "benchmarks", "method": "methods", "technique": "methods", "algorithm": "methods", "model": "models", "metric": "metrics", "task": "tasks"}

#: How many entities a "most used X" question lists unless it says ("top 5 models").
DEFAULT_LIMIT = 10
#: How many answers a question shows unless asked for more (``kg ask --limit N`` or ``--all``).
DEFAULT_ANSWERS = 100
#: Questions whose first answers the database engine can return alone, and the column one answer stands for.
_PAGED = {
    **{query: "paper_id" for query in (*_USE_QUERY.values(), *EXACT_QUERY.values(), "papers_proposing", "author_papers", "organization_papers")},
    "models_on_benchmark": "model",
    "methods_on_benchmark": "method",
}
#: Engines that sort by expressions, so they can return a question's first answers alone (grand-cypher cannot).
_SORTING_ENGINES = ("ladybug", "neo4j")

_Q = r"^\s*(?:which|what|list|show|find|give me)?\s*(?:the\s+)?"
_NAME = r"[\"'“‘]?(?P<name>.+?)[\"'”’]?\s*[?.!]*\s*$"
_KIND = r"(?P<kind>benchmark|dataset|method|technique|algorithm|model|metric|task)s?"

#: (pattern, query name or a dispatching form, labels the name may have). First match wins.
#: Forms: "uses" (by the name's label), "benchmarks_of" and "authors_of" (a paper, else the
#: papers that propose the named entity), "top" (a ranking, no name).
PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), query, labels)
    for pattern, query, labels in [
        (r"^\s*(?:what\s+(?:is|are)\s+|which\s+(?:is|are)\s+|show\s+(?:me\s+)?|list\s+|give\s+me\s+)?(?:the\s+)?(?:best|top|highest|leading|state[- ]of[- ]the[- ]art|sota)\s+(?:results?|scores?|models?|methods?|systems?|numbers?)\s+(?:reported\s+)?(?:on|for|in)\s+(?:the\s+)?(?:benchmark\s+|dataset\s+)?" + _NAME, "leaderboard", ("Benchmark",)),
        (r"^\s*(?:what\s+is\s+|show\s+(?:me\s+)?|give\s+me\s+)?(?:the\s+)?leaderboard\s+(?:of|for|on)\s+(?:the\s+)?(?:benchmark\s+|dataset\s+)?" + _NAME, "leaderboard", ("Benchmark",)),
        (r"^\s*(?:which|what)\s+(?:model|method|system)s?\s+(?:is|are|does|do|performs?|scores?)\s+(?:the\s+)?best\s+(?:on|in)\s+(?:the\s+)?(?:benchmark\s+|dataset\s+)?" + _NAME, "leaderboard", ("Benchmark",)),
        (r"^\s*(?:is|are)\s+" + r"[\"'“‘]?(?P<name>.+?)[\"'”’]?\s+(?:rising|growing|falling|declining|trending|fading)\s*(?:or\s+\w+)?\s*[?.!]*\s*$", "entity_trend", ENTITY_LABELS),
        (r"^\s*(?:(?:what\s+is\s+|show\s+(?:me\s+)?)?(?:the\s+)?trend\s+(?:of|for|in)|how\s+is)\s+[\"'“‘]?(?P<name>.+?)[\"'”’]?(?:\s+(?:doing|trending|going))?\s*[?.!]*\s*$", "entity_trend", ENTITY_LABELS),
        (r"^\s*(?:(?:which|what|list|show)\s+(?:are\s+)?(?:the\s+)?)?(?:(?:most|top)\s*(?P<limit>\d+)?\s+(?:used\s+|popular\s+|common\s+|frequent\s+|cited\s+)?|(?P<limit2>\d+)\s+most\s+(?:used\s+|popular\s+|common\s+)?)" + _KIND + r"\s*[?.!]*\s*$", "top", ()),
        (_Q + _KIND + r"\s+(?:are\s+|is\s+)?(?:used\s+)?(?:the\s+)?most(?:\s+(?:used|often|popular|common))?\s*[?.!]*\s*$", "top", ()),
        (_Q + r"models?\s+(?:are\s+|were\s+|is\s+|was\s+)?(?:evaluated|tested|used|run|benchmarked)\s+(?:on|with)\s+(?:the\s+)?(?:benchmark\s+|dataset\s+)?" + _NAME, "models_on_benchmark", ("Benchmark",)),
        (_Q + r"methods?\s+(?:are\s+|were\s+)?(?:evaluated|tested|used)\s+(?:on|with)\s+(?:the\s+)?(?:benchmark\s+|dataset\s+)?" + _NAME, "methods_on_benchmark", ("Benchmark",)),
        (_Q + r"(?:benchmarks?|datasets?)\s+(?:does|did|do)\s+(?:the\s+)?(?:paper\s+)?[\"'“‘]?(?P<name>.+?)[\"'”’]?\s+(?:evaluate|evaluated|test|tested|use|run|report|benchmark)(?:\s+(?:on|with|against))?\s*[?.!]*\s*$", "benchmarks_of", ("Paper", *ENTITY_LABELS)),
        (_Q + r"(?:benchmarks?|datasets?)\s+(?:of|in|used\s+(?:by|in))\s+(?:the\s+)?(?:paper\s+)?" + _NAME, "benchmarks_of", ("Paper", *ENTITY_LABELS)),
        (r"^\s*(?:who\s+(?:wrote|authored|are\s+the\s+authors\s+of|is\s+the\s+author\s+of)|(?:list\s+|show\s+|what\s+are\s+)?(?:the\s+)?authors?\s+of)\s+(?:the\s+)?(?:paper\s+)?" + _NAME, "authors_of", ("Paper", *ENTITY_LABELS)),
        (_Q + r"(?:papers?\s+)?(?:that\s+|which\s+)?(?:propose[sd]?|introduce[sd]?|proposing|introducing)\s+(?:the\s+)?(?:(?:benchmark|dataset|method|model|metric|task)\s+)?" + _NAME, "papers_proposing", ENTITY_LABELS),
        (r"^\s*who\s+(?:proposed|introduced|invented|created)\s+" + _NAME, "papers_proposing", ENTITY_LABELS),
        (r"^\s*(?:what|which)\s+papers\s+(?:does|did|has|have)\s+(?:the\s+)?(?:author\s+)?(?P<name>.+?)\s+(?:have|has|write|written|wrote|publish|published|authored)\s*[?.!]*\s*$", "author_papers", ("Author",)),
        (_Q + r"papers?\s+(?:(?:are\s+)?(?:written\s+|authored\s+)?by|from|of)\s+(?:the\s+)?(?:author\s+)?" + _NAME, "author_papers", ("Author",)),
        (r"^\s*what\s+(?:papers\s+)?(?:did|has)\s+(?P<name>.+?)\s+(?:write|written|publish|published)\s*[?.!]*\s*$", "author_papers", ("Author",)),
        (r"^\s*(?:author\s+)?(?P<name>.+?)['’]s?\s+papers\s*[?.!]*\s*$", "author_papers", ("Author",)),
        (r"^\s*what\s+(?:does|did)\s+(?:the\s+)?(?:paper\s+)?" + r"[\"'“‘]?(?P<name>.+?)[\"'”’]?\s+(?:use|evaluate on|propose)\s*[?.!]*\s*$", "paper_uses", ("Paper",)),
        (_Q + r"(?:papers?\s+)?(?:that\s+|which\s+)?(?:use[sd]?|using|evaluate[sd]?\s+on|evaluating\s+on|tested\s+on|address(?:es)?|addressing)\s+(?:the\s+)?(?P<kind>benchmark|dataset|method|model|task|technique|algorithm)?\s*" + _NAME, "uses", _USE_LABELS),
    ]
)


class Parsed(NamedTuple):
    """A question understood: the query (or form) it maps to, the name in it, the labels it may have, a limit.

    ``typed_name``: the name with the type word before it, which the question may have meant
    as part of the name ("evaluated on Benchmark 0": the benchmark "Benchmark 0", not "0").
    """

    query: str
    name: str
    labels: tuple[str, ...]
    limit: int | None = None
    typed_name: str | None = None


class PaperAnswer(NamedTuple):
    """A paper in an answer: what it does with the entity (``role``), the node it names, the evidence."""

    paper_id: str
    arxiv_id: str | None
    title: str
    role: str
    member: str
    evidence: str


class EntityCount(NamedTuple):
    """An entity in an answer with the number of papers behind it and one of their evidence sentences."""

    name: str
    type: str
    papers: int
    role: str
    evidence: str


class TrendPoint(NamedTuple):
    """Papers in one month of an entity's trend."""

    period: str
    papers: int


class PaperLink(NamedTuple):
    """One thing a paper proposes, uses or mentions, with its role and the evidence sentence."""

    relation: str
    type: str
    name: str
    role: str
    evidence: str


class ResultAnswer(NamedTuple):
    """A reported result in a leaderboard answer: its rank in its table, who reached it, the number, its paper and sentence."""

    rank: int
    subject: str | None
    value: float
    unit: str
    metric: str | None
    kind: str
    subset: str | None
    benchmark: str
    paper_id: str
    arxiv_id: str | None
    title: str
    role: str
    evidence: str


class AuthorAnswer(NamedTuple):
    """An author of a paper; the evidence is the paper's author list or the sentence introducing the entity."""

    author: str
    paper_id: str
    arxiv_id: str | None
    title: str
    role: str
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
    total: int | None = None  # how many answers there are in all, when ``answers`` holds only the first ones

    @property
    def count(self) -> int:
        """How many answers the question has, shown or not."""
        return len(self.answers) if self.total is None else self.total

    def to_json(self) -> dict[str, Any]:
        """The ``kg ask --json`` document (``summary`` only when the question has one; ``total`` counts every answer)."""
        doc = {
            "question": self.question,
            "query": f"cypher/{self.query}.cypher",
            "entity": {"name": self.entity_name, "type": self.entity_type},
            "total": self.count,
            "answers": [a._asdict() for a in self.answers],
        }
        if self.summary:
            doc["summary"] = self.summary
        return doc


EXAMPLES = (
    "which papers use benchmark MMLU?",
    "which papers propose FLAMe?",
    "which models are evaluated on RewardBench?",
    "which benchmarks does FLAMe evaluate on?",
    "papers by Yizhong Wang",
    "who wrote Self-Instruct?",
    "what does paper 2407.10817 use?",
    "most used benchmarks",
    "what is the best result on GSM8K?",
)


#: A type word right before a question's name, which may belong to the name ("Benchmark 0").
_TYPE_WORD_BEFORE = re.compile(r"(?<![\w-])(?:benchmark|dataset|method|model|task|technique|algorithm|metric)\s+$", re.IGNORECASE)


def parse_question(question: str) -> Parsed:
    """The :class:`Parsed` form of a plain question; :class:`QuestionNotUnderstood` if none fits."""
    for pattern, query, labels in PATTERNS:
        match = pattern.match(question)
        if not match:
            continue
        groups = match.groupdict()
        kind = (groups.get("kind") or "").lower()
        if query == "top":
            limit = groups.get("limit") or groups.get("limit2")
            return Parsed(f"top_{_PLURALS[kind]}", _PLURALS[kind], (), int(limit) if limit else DEFAULT_LIMIT)
        name = (groups.get("name") or "").strip()
        if not name:
            continue
        if kind:
            labels = (_TYPE_WORDS[kind],)
            query = _USE_QUERY[labels[0]]
        typed = _TYPE_WORD_BEFORE.search(question, 0, match.start("name"))
        typed_name = question[typed.start() : match.start("name")] + name if typed else None
        return Parsed(query, name, labels, typed_name=typed_name)
    raise QuestionNotUnderstood(f"cannot understand {question!r}; try e.g. " + "; ".join(f'"{e}"' for e in EXAMPLES))


def ask(store: LocalStore, question: str, exact: bool = False, limit: int | None = DEFAULT_ANSWERS) -> Answer:
    """Answer ``question`` from ``store``, resolving its entity name forgivingly.

    ``exact`` asks about the named node only, not the editions of a benchmark family;
    ``limit`` keeps the first answers (introducing and using papers come first), None keeps all.
    """
    parsed = parse_question(question)
    query, name, labels = parsed.query, parsed.name, parsed.labels
    if query.startswith("top_"):
        rows = answer_rows(query, store.question(query, {"limit": parsed.limit}))
        label = query[4:-1].capitalize()
        return Answer(question=question, query=query, entity_name=f"most used {name}", entity_type=label, answers=rows)
    resolved = _resolve_either(store, name, parsed.typed_name, labels)
    if query == "uses":
        query = _USE_QUERY[resolved.label]
    elif query == "entity_trend":
        return _trend_answer(store, question, resolved.name, resolved.label)
    elif query == "leaderboard":
        return _leaderboard_answer(store, question, resolved.name)
    elif query == "benchmarks_of":
        query = "benchmarks_of_paper" if resolved.label == "Paper" else "benchmarks_of_entity"
    elif query == "authors_of":
        query = "paper_authors" if resolved.label == "Paper" else "entity_authors"
    if exact:
        query = EXACT_QUERY.get(query, query)
    params = {"paper": resolved.key} if resolved.label == "Paper" else {"name": resolved.name}
    rows, total = first_answers(store, query, params, limit)
    return Answer(question=question, query=query, entity_name=resolved.name, entity_type=resolved.label, answers=rows, total=total)


def first_answers(store: LocalStore, query: str, params: dict[str, Any], limit: int | None) -> tuple[tuple[Any, ...], int]:
    """The first ``limit`` answers of a library question (all when None) and how many there are in all.

    On the database the engine sorts and cuts, so a question about an entity in a fifth of a
    million papers reads only the rows it shows, plus one count; elsewhere all rows are read.
    """
    if limit is None or store.engine not in _SORTING_ENGINES or query not in _PAGED:
        answers = answer_rows(query, store.question(query, params))
        return (answers if limit is None else answers[:limit]), len(answers)
    text = load_query(query).text
    wanted = 2 * limit + 1
    while True:
        result = store.query(first_rows_query(text, wanted), params)
        answers = answer_rows(query, result)
        if len(result.rows) < wanted:  # every row came back
            return answers[:limit], len(answers)
        if len(answers) > limit:
            break
        wanted *= 4  # several rows per answer (editions, roles): read further
    total = store.query(count_query(text, _PAGED[query]), params).rows[0][0]
    return answers[:limit], int(total)


def _resolve_either(store: LocalStore, name: str, typed_name: str | None, labels: tuple[str, ...]):
    """The entity ``name`` means, or the one ``typed_name`` means when the question capitalised its type word.

    "Benchmark 0" and "Method X" name entities; "benchmark MMLU" names MMLU. The other
    reading is tried when the first names nothing.
    """
    readings = [name] if typed_name is None else [typed_name, name] if typed_name[:1].isupper() else [name, typed_name]
    first_error = None
    for reading in readings:
        try:
            return _resolve(store, reading, labels)
        except UnknownEntityError as error:
            first_error = first_error or error
    raise first_error


def _resolve(store: LocalStore, name: str, labels: tuple[str, ...]):
    """A paper when the question may name one and does, else an entity of the other labels."""
    if labels and labels[0] == "Paper" and len(labels) > 1:
        try:
            return store.resolve(name, ["Paper"])
        except UnknownEntityError:
            return store.resolve(name, labels[1:])
    return store.resolve(name, labels)


def answer_rows(query: str, result: QueryResult) -> tuple[Any, ...]:
    """The rows of a library query as typed answers, each with its role and evidence.

    Paper answers come one per paper (its strongest role), introducing and using papers
    before mention-only ones.
    """
    records = result.records()
    if query == "paper_uses":
        return _by_role(PaperLink(r["relation"], r["type"], str(r["name"]), r.get("role") or "", r.get("evidence") or "") for r in records)
    if query in ("benchmarks_of_paper", "benchmarks_of_entity"):
        best = _strongest((str(r["benchmark"]), r) for r in records)
        return _by_role(PaperLink("EVALUATES_ON" if r.get("role") != "introduces" else "PROPOSES", "Benchmark", name, r.get("role") or "", r.get("evidence") or "") for name, r in best)
    if query in _COUNTED_LABEL:
        column = _COUNTED_LABEL[query].lower()
        return tuple(EntityCount(str(r[column]), _COUNTED_LABEL[query], int(r["papers"]), "uses", r.get("evidence") or "") for r in records)
    if query.startswith("top_"):
        label = query[4:-1].capitalize()
        return tuple(EntityCount(str(r["name"]), label, int(r["papers"]), "uses", r.get("evidence") or "") for r in records)
    if query == "cooccurring_entities":
        return tuple(EntityCount(str(r["name"]), str(r["type"]), int(r["papers"]), "cooccurs", "") for r in records)
    if query in ("paper_authors", "entity_authors"):
        return _authors(records)
    if query in ("author_papers", "organization_papers"):
        return tuple(
            PaperAnswer(str(r["paper_id"]), r.get("arxiv_id"), str(r.get("title") or ""), "author" if query == "author_papers" else "affiliation", "", _authors_line(r.get("authors")))
            for r in records
        )
    best = _strongest((str(r["paper_id"]), r) for r in records)
    member_column = next((c for c in ("benchmark", "method", "model", "task", "name") if c in result.columns), None)
    return _by_role(
        PaperAnswer(paper_id, r.get("arxiv_id"), str(r.get("title") or ""), r.get("role") or "uses", str(r.get(member_column) or "") if member_column else "", r.get("evidence") or "")
        for paper_id, r in best
    )


def _strongest(keyed) -> list[tuple[str, dict[str, Any]]]:
    """One row per key: the one with the strongest role (first seen among equals), in first-seen order."""
    best: dict[str, dict[str, Any]] = {}
    for key, row in keyed:
        if key not in best or _rank(row.get("role")) < _rank(best[key].get("role")):
            best[key] = row
    return list(best.items())


def _rank(role: str | None) -> int:
    return ROLE_RANK.get(role or "uses", len(ROLE_RANK))


def _by_role(answers) -> tuple[Any, ...]:
    """Answers with introducing ones first, then using, then mention-only (stable otherwise)."""
    return tuple(sorted(answers, key=lambda a: _rank(a.role)))


def _authors_line(authors: Any) -> str:
    names = [str(a) for a in authors or ()]
    return "Authors: " + ", ".join(names) if names else ""


def _authors(records: list[dict[str, Any]]) -> tuple[AuthorAnswer, ...]:
    """Authors in the order each paper lists them, each paper's evidence kept."""
    def position(r: dict[str, Any]) -> int:
        listed = [str(a) for a in r.get("authors") or ()]
        return listed.index(r["author"]) if r["author"] in listed else len(listed)

    ordered = sorted(records, key=lambda r: (str(r["paper_id"]), position(r)))
    return tuple(
        AuthorAnswer(str(r["author"]), str(r["paper_id"]), r.get("arxiv_id"), str(r.get("title") or ""), "author", r.get("evidence") or _authors_line(r.get("authors")))
        for r in ordered
    )


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


def _leaderboard_answer(store: LocalStore, question: str, name: str) -> Answer:
    """The benchmark's leaderboard (:mod:`kg.leaderboard`), every table's rows in table order."""
    from kg.leaderboard import QUERY, rank_tables

    tables = rank_tables(name, store.question(QUERY, {"name": name}).records())
    answers = tuple(
        ResultAnswer(r.rank, r.subject, r.value, r.unit, r.metric, r.kind, r.subset, t.benchmark, r.paper_id, r.arxiv_id, r.title, "reports", r.evidence)
        for t in tables
        for r in t.rows
    )
    return Answer(question=question, query=QUERY, entity_name=name, entity_type="Benchmark", answers=answers)
