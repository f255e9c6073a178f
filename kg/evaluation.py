"""Score extracted entities against paper-level gold, exactly as the annotation guideline says.

Per paper and per type, an extracted entity matches a gold entity of the same type (or one of
its ``alt_types``) when the normalised text of the extracted entity equals the normalised gold
``name`` or any normalised alias. The *text* of an extracted entity is its canonical name or
any of its mention surface forms (so "DWRL" and "Dual-Weighted Reinforcement Learning" both
count for one entity). Each gold entity is matched at most once and each extracted entity at
most once, so a duplicate counts as a false positive. Optional gold entities neither reward nor
penalise: an extracted entity that only matches optional gold is ignored, an unmatched optional
gold entity is no miss. Counts are micro-averaged over papers, per type and overall; the overall
figure covers Benchmark, Model, Method and Metric, and Task is reported on its own.

Two gold shapes are read: the guideline's (``entities`` with ``name``/``aliases``) and SciREX's
mention-level one (``entities`` with ``start``/``end``/``field``), which is turned into
paper-level gold by grouping mentions by normalised text, with Dataset read as Benchmark and
Method and Model merged on both sides.

SciREX files also carry a paper-level ``salient`` list (the entities that take part in the
paper's reported results). The ``salient`` scheme scores against it: each salient entity is
required gold (its ``name`` and ``surface_forms`` are the aliases), and every other annotated
mention of the paper is optional gold of its type, so naming a real but non-salient entity
("ResNet" mentioned as a baseline) neither rewards nor penalises, while a name SciREX did not
annotate at all is a false positive. Since SciREX marks the longest span, a name that is a run
of words inside an annotated mention ("CNN" in "convolutional neural network (CNN)") counts as
annotated too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.normalize import normalize_name

#: Types whose counts make up the overall score.
OVERALL_TYPES: tuple[str, ...] = ("Benchmark", "Model", "Method", "Metric")
#: Every type reported (Task on its own).
ALL_TYPES: tuple[str, ...] = (*OVERALL_TYPES, "Task")
SCHEMES: tuple[str, ...] = ("guideline", "scirex", "salient")

_SCIREX_TYPES = {"Dataset": "Benchmark", "Method": "Method", "Model": "Method", "Metric": "Metric", "Task": "Task"}


class GoldFormatError(KgError):
    """A gold file that cannot be read, named by file and line."""


@dataclass(frozen=True)
class GoldEntity:
    """One paper-level gold entity: its type, accepted alternative types and normalised texts."""

    name: str
    type: str
    keys: frozenset[str]
    optional: bool = False
    alt_types: tuple[str, ...] = ()

    def accepts(self, entity_type: str) -> bool:
        """Whether an extracted entity of ``entity_type`` may match this gold entity."""
        return entity_type == self.type or entity_type in self.alt_types


@dataclass(frozen=True)
class GoldPaper:
    """The gold record of one paper: its text and its entities."""

    id: str
    title: str
    abstract: str
    entities: tuple[GoldEntity, ...]


@dataclass(frozen=True)
class Predicted:
    """An extracted entity reduced to what scoring needs: type and normalised texts."""

    type: str
    keys: frozenset[str]
    name: str = ""


@dataclass
class TypeCounts:
    """Counts for one type: matched and total predictions, matched and total required gold."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    def add(self, other: TypeCounts) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.n_pred,
            "correct": self.tp_pred,  # predictions that match a gold entity (precision = correct / predicted)
            "gold": self.n_gold,
            "found": self.tp_gold,  # gold entities some prediction matches (recall = found / gold)
        }


@dataclass
class Errors:
    """What went wrong in one paper: misses and false positives as (type, name)."""

    paper_id: str
    missed: list[tuple[str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Score:
    """Scores of a whole gold file: per type, overall, and per-paper errors."""

    per_type: dict[str, TypeCounts]
    errors: list[Errors]
    scheme: str = "guideline"
    papers: int = 0
    salient: Score | None = None  # the same predictions scored against SciREX's salient entities

    @property
    def overall(self) -> TypeCounts:
        total = TypeCounts()
        for name in OVERALL_TYPES:
            if name in self.per_type:
                total.add(self.per_type[name])
        return total

    def as_dict(self) -> dict:
        out = {
            "scheme": self.scheme,
            "papers": self.papers,
            "overall": self.overall.as_dict(),
            "per_type": {name: counts.as_dict() for name, counts in self.per_type.items()},
        }
        if self.salient is not None:
            out["salient"] = self.salient.as_dict()
        return out


def _keys(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in (normalize_name(t) for t in texts) if k)


def detect_scheme(record: Mapping) -> str:
    """``"scirex"`` when the record's entities are mention-level spans, else ``"guideline"``."""
    entities = record.get("entities") or []
    if entities and isinstance(entities[0], Mapping) and "start" in entities[0] and "name" not in entities[0]:
        return "scirex"
    return "guideline"


def _guideline_entities(record: Mapping) -> tuple[GoldEntity, ...]:
    out = []
    for ent in record.get("entities") or []:
        name = ent["name"]
        out.append(
            GoldEntity(
                name=name,
                type=ent["type"],
                keys=_keys([name, *ent.get("aliases", [])]),
                optional=bool(ent.get("optional", False)),
                alt_types=tuple(ent.get("alt_types") or ()),
            )
        )
    return tuple(out)


def _scirex_entities(record: Mapping) -> tuple[GoldEntity, ...]:
    groups: dict[tuple[str, str], str] = {}
    for ent in record.get("entities") or []:
        etype = _SCIREX_TYPES.get(ent["type"])
        key = normalize_name(ent["text"])
        if etype and key:
            groups.setdefault((etype, key), ent["text"])
    return tuple(GoldEntity(name=text, type=etype, keys=frozenset([key])) for (etype, key), text in groups.items())


def _salient_entities(record: Mapping) -> tuple[GoldEntity, ...]:
    """Salient entities as required gold (merged when named by the same mentions); other mentions optional gold.

    A mention group whose text is a form of a salient entity of the same type is left out, so a
    second prediction of one salient entity still counts as a duplicate.
    """
    required: list[GoldEntity] = []
    merged: list[tuple[str, frozenset[str]]] = []  # (type, surface-form keys) of each entry of ``required``
    for ent in record.get("salient") or []:
        etype = _SCIREX_TYPES.get(ent["type"])
        if not etype:
            continue
        forms = _keys(ent.get("surface_forms", ()))
        # Salient entities the abstract names only by the same mentions ("CIFAR" for both CIFAR-10 and
        # CIFAR-100, "Atari 2600 game environments" for 49 games) are one entity as far as it can tell.
        same = next((i for i, (t, f) in enumerate(merged) if t == etype and f == forms and forms), None)
        if same is None:
            merged.append((etype, forms))
            required.append(GoldEntity(name=ent["name"], type=etype, keys=_keys([ent["name"]]) | forms))
        else:
            g = required[same]
            required[same] = GoldEntity(name=f"{g.name} / {ent['name']}", type=etype, keys=g.keys | _keys([ent["name"]]))
    optional = []
    for ent in record.get("entities") or []:
        etype = _SCIREX_TYPES.get(ent["type"])
        key = normalize_name(ent["text"])
        if not etype or not key or any(s.type == etype and key in s.keys for s in required):
            continue
        optional.append(GoldEntity(name=ent["text"], type=etype, keys=_phrase_keys(ent["text"]), optional=True))
    return (*required, *optional)


_WORDS = re.compile(r"[^\s()\[\],;/]+")


def _phrase_keys(text: str) -> frozenset[str]:
    """Normalised keys of a mention and of every run of its words ("CNN" in "convolutional neural network (CNN)").

    SciREX marks the longest span, so a name inside an annotated mention is annotated too.
    """
    words = _WORDS.findall(text)
    return _keys(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 12) + 1))


def has_salient(path: Path | str) -> bool:
    """Whether a gold file's first record carries a SciREX ``salient`` list."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        record = json.loads(first) if first else None
    except (OSError, UnicodeDecodeError, ValueError):
        return False  # read_gold reports an unreadable or malformed file
    return isinstance(record, dict) and isinstance(record.get("salient"), list)


def read_gold(path: Path | str, scheme: str | None = None) -> tuple[list[GoldPaper], str]:
    """Read a gold JSONL file; returns the papers and the scheme used (detected when None).

    Raises:
        GoldFormatError: on a line that is not a JSON object with an ``id`` and ``entities``.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldFormatError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
    papers: list[GoldPaper] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or "entities" not in record:
                raise ValueError("expected a JSON object with 'entities'")
            if scheme is None:
                scheme = detect_scheme(record)
            if scheme == "salient":
                entities = _salient_entities(record)
            else:
                entities = _scirex_entities(record) if scheme == "scirex" else _guideline_entities(record)
            papers.append(
                GoldPaper(
                    id=str(record.get("id") or f"{path.name}:{lineno}"),
                    title=record.get("title") or "",
                    abstract=record.get("abstract") or "",
                    entities=entities,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise GoldFormatError(f"{path}:{lineno}: not a gold record ({msg})") from exc
    return papers, scheme or "guideline"


def score_paper(gold: Sequence[GoldEntity], predicted: Sequence[Predicted], paper_id: str = "") -> tuple[dict[str, TypeCounts], Errors]:
    """Match one paper's predictions against its gold entities (greedy, one-to-one).

    Predictions with fewer candidate gold entities are matched first, and required gold is
    preferred over optional gold, so the matching is maximal for the small sets of one paper.
    """
    counts = {name: TypeCounts() for name in ALL_TYPES}
    errors = Errors(paper_id)
    candidates = [[i for i, g in enumerate(gold) if g.accepts(p.type) and g.keys & p.keys] for p in predicted]
    order = sorted(range(len(predicted)), key=lambda j: len(candidates[j]))
    taken: set[int] = set()
    for j in order:
        pred = predicted[j]
        counts.setdefault(pred.type, TypeCounts())
        free = [i for i in candidates[j] if i not in taken]
        required = [i for i in free if not gold[i].optional]
        if required:
            taken.add(required[0])
            counts[pred.type].tp_pred += 1
            counts[pred.type].n_pred += 1
        elif free or any(gold[i].optional for i in candidates[j]):
            if free:
                taken.add(free[0])
        else:
            counts[pred.type].n_pred += 1
            errors.spurious.append((pred.type, pred.name or min(pred.keys, default="")))
    for i, g in enumerate(gold):
        if g.optional:
            continue
        counts.setdefault(g.type, TypeCounts())
        counts[g.type].n_gold += 1
        if i in taken:
            counts[g.type].tp_gold += 1
        else:
            errors.missed.append((g.type, g.name))
    return counts, errors


def score(gold_papers: Sequence[GoldPaper], predictions: Mapping[str, Sequence[Predicted]], scheme: str = "guideline") -> Score:
    """Score predictions (keyed by paper id) against gold papers, micro-averaged.

    With the SciREX schemes a predicted Model is scored as Method (the corpus has no Model type).
    """
    per_type = {name: TypeCounts() for name in ALL_TYPES}
    all_errors = []
    for paper in gold_papers:
        preds = list(predictions.get(paper.id, ()))
        if scheme in ("scirex", "salient"):
            preds = [Predicted("Method", p.keys, p.name) if p.type == "Model" else p for p in preds]
        counts, errors = score_paper(paper.entities, preds, paper.id)
        for name, c in counts.items():
            per_type.setdefault(name, TypeCounts()).add(c)
        all_errors.append(errors)
    return Score(per_type=per_type, errors=all_errors, scheme=scheme, papers=len(gold_papers))


def predicted_from_dict(entity: Mapping) -> Predicted:
    """A prediction from one entity of a ``kg extract`` line (name plus mention texts)."""
    texts = [entity["name"], *(m["text"] for m in entity.get("mentions", ()))]
    return Predicted(type=entity["type"], keys=_keys(texts), name=entity["name"])


def format_table(result: Score, title: str = "") -> str:
    """A plain-text table of precision, recall and F1 per type and overall."""
    lines = []
    if title:
        lines.append(title)
    lines.append(f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'right':>5} {'gold':>5} {'found':>5}")
    rows = [
        (name, result.per_type[name])
        for name in OVERALL_TYPES
        if name in result.per_type and (result.per_type[name].n_gold or result.per_type[name].n_pred)
    ]
    rows.append(("overall", result.overall))
    if "Task" in result.per_type:
        rows.append(("Task", result.per_type["Task"]))
    for name, c in rows:
        lines.append(f"{name:<10} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.n_pred:5d} {c.tp_pred:5d} {c.n_gold:5d} {c.tp_gold:5d}")
    return "\n".join(lines)


def predicted_from_entity(entity) -> Predicted:
    """A prediction from a resolved ``kg.types.Entity`` (name plus mention texts)."""
    texts = [entity.name, *(m.text for m in entity.mentions)]
    return Predicted(type=entity.type.value, keys=_keys(texts), name=entity.name)


def evaluate_extractor(gold_path: Path | str, extractor, scheme: str | None = None) -> Score:
    """Run ``extractor`` (an ``extractors.pipeline.Extractor``) on a gold file's papers and score it.

    With the scheme detected, a SciREX file that has ``salient`` lists is scored both ways from
    one extraction: all mentions, with the salient score in ``Score.salient``.
    """
    from kg.types import Paper  # noqa: PLC0415 - keep the scorer importable without spaCy

    detect = scheme in (None, "auto")
    papers, used = read_gold(gold_path, None if detect else scheme)
    records = [Paper(id=p.id, title=p.title, abstract=p.abstract) for p in papers]
    predictions = {
        ex.paper.id: [predicted_from_entity(e) for e in ex.entities] for ex in extractor.extract_many(records)
    }
    result = score(papers, predictions, used)
    if detect and used == "scirex" and has_salient(gold_path):
        salient_papers, _ = read_gold(gold_path, "salient")
        result.salient = score(salient_papers, predictions, "salient")
    return result
