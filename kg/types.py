"""Typed records passed between the stages: reading, extraction, resolution, graph.

Every stage takes and returns these frozen dataclasses; dicts appear only at the
edges (JSON files, Cypher parameters). Labels and relationship types are Enums
so a typo is an error, not a silent new kind of node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from kg.dates import best_date


class EntityType(str, Enum):
    """The kinds of named thing extraction finds in a title or abstract."""

    METHOD = "Method"
    MODEL = "Model"
    BENCHMARK = "Benchmark"
    METRIC = "Metric"
    TASK = "Task"


class NodeLabel(str, Enum):
    """Every node label of the property graph (one label per node)."""

    PAPER = "Paper"
    AUTHOR = "Author"
    ORGANIZATION = "Organization"
    METHOD = "Method"
    MODEL = "Model"
    BENCHMARK = "Benchmark"
    METRIC = "Metric"
    TASK = "Task"
    RESULT = "Result"  # a number a paper reports for one system on one benchmark (see Result below)


class Relation(str, Enum):
    """Every relationship type of the property graph."""

    PROPOSES = "PROPOSES"  # Paper -> Method|Model|Benchmark|Metric|Task it introduces
    USES_METHOD = "USES_METHOD"  # Paper -> Method
    USES_MODEL = "USES_MODEL"  # Paper -> Model
    EVALUATES_ON = "EVALUATES_ON"  # Paper -> Benchmark
    REPORTS = "REPORTS"  # Paper -> Metric
    ADDRESSES = "ADDRESSES"  # Paper -> Task
    MENTIONS_PAPER = "MENTIONS_PAPER"  # Paper -> Paper (arXiv ID in the text)
    VARIANT_OF = "VARIANT_OF"  # Model -> Model (checkpoint -> family)
    AUTHORED = "AUTHORED"  # Author -> Paper
    AFFILIATED_WITH = "AFFILIATED_WITH"  # Paper -> Organization
    REPORTS_RESULT = "REPORTS_RESULT"  # Paper -> Result it reports
    RESULT_ON = "RESULT_ON"  # Result -> Benchmark it was measured on
    RESULT_OF = "RESULT_OF"  # Result -> Model|Method that reached it (when named)
    RESULT_METRIC = "RESULT_METRIC"  # Result -> Metric it is measured in (when named)


class Role(str, Enum):
    """What a paper does with an entity it names (read off the evidence sentence, see ``extractors.roles``)."""

    INTRODUCES = "introduces"  # the paper's own method, model, benchmark, ...
    USES = "uses"  # evaluates on, trains on, compares with, builds its data from, studies
    MENTIONS = "mentions"  # background, an example, a contrast only


#: Answer order: what a paper introduces or uses comes before what it only mentions.
ROLE_RANK: dict[str, int] = {Role.INTRODUCES.value: 0, Role.USES.value: 1, Role.MENTIONS.value: 2}


#: The relationship a paper has with an entity of each type it uses (not proposes).
USE_RELATION: dict[EntityType, Relation] = {
    EntityType.METHOD: Relation.USES_METHOD,
    EntityType.MODEL: Relation.USES_MODEL,
    EntityType.BENCHMARK: Relation.EVALUATES_ON,
    EntityType.METRIC: Relation.REPORTS,
    EntityType.TASK: Relation.ADDRESSES,
}


@dataclass(frozen=True, init=False)
class Paper:
    """One paper as read from a listing, with provenance.

    ``id`` is stable across runs: the input's own id when it has one, else the
    arXiv ID, else a hash of the normalised title (see ``kg.readers``).
    ``published`` and ``updated`` are ISO ``YYYY-MM-DD`` strings or None, as the
    source said them; ``date_text`` keeps a date that has no full ISO form ("Mar 11",
    or a year alone) exactly as written.

    ``date``, ``date_precision`` and ``date_source`` are derived, never passed in:
    :func:`kg.dates.best_date` computes them from ``published``, else the arXiv ID's
    month, else a year in ``date_text``, whenever a record is made (so also when
    copies merge or a record is read back). ``date`` is ``YYYY-MM-DD``, ``YYYY-MM``
    or ``YYYY`` (``date_precision`` ``"day"``, ``"month"``, ``"year"``) and
    ``date_source`` names the field it came from (``"published"``, ``"arxiv_id"``,
    ``"date_text"``); all three are None when no field gives a date.

    >>> Paper(id="x", arxiv_id="2405.01234").date
    '2024-05'
    """

    id: str
    title: str = ""
    abstract: str = ""
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    published: str | None = None
    updated: str | None = None
    date_text: str | None = None
    date: str | None = field(init=False, default=None)
    date_precision: str | None = field(init=False, default=None)
    date_source: str | None = field(init=False, default=None)
    categories: tuple[str, ...] = ()
    comments: str | None = None
    doi: str | None = None  # without the https://doi.org/ prefix
    journal_ref: str | None = None
    venue: str | None = None  # journal or conference name (OpenAlex, Semantic Scholar)
    license: str | None = None  # licence URL as arXiv gives it
    has_code: bool | None = None
    score: float | None = None
    source: str = ""
    line: int = 0
    also_in: tuple[str, ...] = ()  # "file:line" of duplicate copies merged into this record

    def __init__(
        self,
        id: str,
        title: str = "",
        abstract: str = "",
        arxiv_id: str | None = None,
        authors: tuple[str, ...] = (),
        organizations: tuple[str, ...] = (),
        published: str | None = None,
        updated: str | None = None,
        date_text: str | None = None,
        categories: tuple[str, ...] = (),
        comments: str | None = None,
        doi: str | None = None,
        journal_ref: str | None = None,
        venue: str | None = None,
        license: str | None = None,
        has_code: bool | None = None,
        score: float | None = None,
        source: str = "",
        line: int = 0,
        also_in: tuple[str, ...] = (),
    ) -> None:
        """Set every field at once, the date fields derived: a frozen dataclass's own ``__init__`` costs 8× as much."""
        date, precision, date_source = best_date(published, arxiv_id, date_text)
        fields = self.__dict__  # one key at a time keeps the keys shared between instances (a copy would not)
        fields["id"] = id
        fields["title"] = title
        fields["abstract"] = abstract
        fields["arxiv_id"] = arxiv_id
        fields["authors"] = authors
        fields["organizations"] = organizations
        fields["published"] = published
        fields["updated"] = updated
        fields["date_text"] = date_text
        fields["date"] = date
        fields["date_precision"] = precision
        fields["date_source"] = date_source
        fields["categories"] = categories
        fields["comments"] = comments
        fields["doi"] = doi
        fields["journal_ref"] = journal_ref
        fields["venue"] = venue
        fields["license"] = license
        fields["has_code"] = has_code
        fields["score"] = score
        fields["source"] = source
        fields["line"] = line
        fields["also_in"] = also_in


#: Paper fields a record is made from (the derived date fields are not among them).
PAPER_INPUT_FIELDS: tuple[str, ...] = tuple(f for f in Paper.__dataclass_fields__ if Paper.__dataclass_fields__[f].init)


@dataclass(frozen=True)
class Mention:
    """A span of a paper's title or abstract that names an entity.

    ``text == paper.<field>[start:end]`` always holds. ``extractor`` names the rule,
    lexicon or model that found it; ``sentence`` is the evidence sentence.
    """

    text: str
    field: str  # "title" or "abstract"
    start: int
    end: int
    type: EntityType
    extractor: str
    confidence: float = 1.0
    introduced: bool = False
    sentence: str = ""


@dataclass(frozen=True)
class Entity:
    """One resolved thing within a paper: a canonical name, its key and its mentions.

    ``key`` is the corpus-wide identity (normalised canonical name); two papers
    naming the same benchmark give entities with equal ``(type, key)``.
    """

    name: str
    type: EntityType
    key: str
    mentions: tuple[Mention, ...] = ()
    introduced: bool = False
    aliases: tuple[str, ...] = ()
    family: str | None = None  # a Model checkpoint's or a Benchmark version's family (canonical name)


@dataclass(frozen=True)
class Triple:
    """A typed statement with its evidence, ready to load into a graph.

    ``subject``/``object`` are node ids of the form ``"<Label>:<key>"``
    (see ``kg.types.node_id``). ``role`` says what a paper does with the entity
    (paper -> entity triples only; None elsewhere).
    """

    subject: str
    predicate: Relation
    object: str
    evidence: str = ""
    extractor: str = ""
    confidence: float = 1.0
    role: Role | None = None


class ResultKind(str, Enum):
    """Whether a reported number is the score a system reached or a change relative to something."""

    SCORE = "score"
    DELTA = "delta"


@dataclass(frozen=True)
class Result:
    """A number an abstract reports for one system on one named benchmark (RESULTS_GUIDELINE.md).

    ``subject``, ``benchmark`` and ``metric`` are names of entities of the same paper (a Model
    or Method, a Benchmark, a Metric); ``subject`` is None when the paper's own system has no
    name, ``metric`` when the text gives none. ``value`` is the number as written without sign
    or unit; ``unit`` is "%" or "". ``paper.<field>[start:end]`` is the number's text and
    ``evidence`` its sentence.
    """

    subject: str | None
    benchmark: str
    metric: str | None
    value: float
    unit: str
    kind: ResultKind
    subset: str | None = None
    evidence: str = ""
    field: str = "abstract"
    start: int = 0
    end: int = 0
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True)
class PaperExtraction:
    """Everything extraction produced for one paper."""

    paper: Paper
    entities: tuple[Entity, ...] = ()
    triples: tuple[Triple, ...] = ()
    mentioned_arxiv_ids: tuple[str, ...] = ()
    results: tuple[Result, ...] = ()


class Skipped(str, Enum):
    """A record a reader read but deliberately did not turn into a paper (counted, not reported one by one)."""

    FILTERED = "filtered"  # did not pass --category/--since/--until
    DELETED = "deleted"  # an OAI-PMH record whose header says status="deleted"


@dataclass(frozen=True)
class ReadProblem:
    """A record or file that could not be read, named by file and line."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


def node_id(label: NodeLabel | EntityType | str, key: str) -> str:
    """The graph node id for a label and key, e.g. ``node_id("Benchmark", "mmlu")``.

    >>> node_id(NodeLabel.PAPER, "2410.03617")
    'Paper:2410.03617'
    """
    value = label.value if isinstance(label, Enum) else label
    return f"{value}:{key}"
