"""The ``kg extract`` JSON line of one paper, and the way back to a :class:`PaperExtraction`.

The line carries the whole paper record under ``"paper"``, so extraction shards written
on many machines load into one graph (``kg build --extracted``) without extracting again.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kg.types import Entity, EntityType, Mention, Paper, PaperExtraction, Relation, Result, ResultKind, Role, Triple

#: Paper fields that hold lists of strings (tuples in the record).
_LIST_FIELDS = frozenset(f.name for f in dataclasses.fields(Paper) if f.type == "tuple[str, ...]")


def extraction_to_dict(extraction: PaperExtraction) -> dict:
    """The JSON-ready record of one paper's extraction (the ``kg extract`` contract).

    Keys: ``id``, ``arxiv_id``, ``title``, ``entities`` (name, type, key, mentions with
    text/field/start/end, introduced, aliases, family, extractors), ``triples`` (subject,
    predicate, object, evidence, extractor, confidence), ``mentioned_arxiv_ids`` and ``results``
    (see :func:`result_to_dict`).
    """
    paper = extraction.paper
    return {
        "id": paper.id,
        "arxiv_id": paper.arxiv_id,
        "title": paper.title,
        "entities": [
            {
                "name": e.name,
                "type": e.type.value,
                "key": e.key,
                "introduced": e.introduced,
                "aliases": list(e.aliases),
                "family": e.family,
                "extractors": sorted({m.extractor for m in e.mentions}),
                "confidence": round(max((m.confidence for m in e.mentions), default=1.0), 3),
                "mentions": [{"text": m.text, "field": m.field, "start": m.start, "end": m.end} for m in e.mentions],
            }
            for e in extraction.entities
        ],
        "triples": [
            {
                "subject": t.subject,
                "predicate": t.predicate.value,
                "object": t.object,
                "evidence": t.evidence,
                "extractor": t.extractor,
                "confidence": round(t.confidence, 3),
                **({"role": t.role.value} if t.role else {}),
            }
            for t in extraction.triples
        ],
        "mentioned_arxiv_ids": list(extraction.mentioned_arxiv_ids),
        "results": [result_to_dict(r) for r in extraction.results],
        "paper": paper_to_dict(paper),
    }


def result_to_dict(result: Result) -> dict[str, Any]:
    """One reported result as JSON: subject, benchmark, metric (entity names of the same line or null),
    value, unit, kind, subset, evidence, field, start, end (``paper[field][start:end]`` is the number),
    confidence and extractor."""
    return {
        "subject": result.subject,
        "benchmark": result.benchmark,
        "metric": result.metric,
        "value": result.value,
        "unit": result.unit,
        "kind": result.kind.value,
        "subset": result.subset,
        "evidence": result.evidence,
        "field": result.field,
        "start": result.start,
        "end": result.end,
        "confidence": round(result.confidence, 3),
        "extractor": result.extractor,
    }


def result_from_dict(record: dict[str, Any]) -> Result:
    """The :class:`Result` a ``results`` entry describes (inverse of :func:`result_to_dict`)."""
    return Result(
        subject=record.get("subject"), benchmark=record["benchmark"], metric=record.get("metric"),
        value=float(record["value"]), unit=record.get("unit") or "", kind=ResultKind(record["kind"]),
        subset=record.get("subset"), evidence=record.get("evidence") or "", field=record.get("field") or "abstract",
        start=int(record.get("start", 0)), end=int(record.get("end", 0)),
        confidence=float(record.get("confidence", 1.0)), extractor=record.get("extractor") or "",
    )


def paper_to_dict(paper: Paper) -> dict[str, Any]:
    """Every field of ``paper`` (tuples as lists), provenance included."""
    return {f.name: list(v) if isinstance(v := getattr(paper, f.name), tuple) else v for f in dataclasses.fields(Paper)}


def extraction_from_dict(record: Any) -> PaperExtraction:
    """The :class:`PaperExtraction` a ``kg extract`` line describes (inverse of :func:`extraction_to_dict`).

    Mentions come back with their entity's type, first extractor and confidence, and no
    sentence (the line keeps evidence on the triples only). Raises ``ValueError`` with a
    message for the user when the line is not such a record.
    """
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    paper_record = record.get("paper")
    if not isinstance(paper_record, dict):
        raise ValueError('no "paper" object: write the shards with this version of kg extract')
    try:
        paper = _paper_from_dict(paper_record)
        entities = tuple(_entity_from_dict(e) for e in record.get("entities") or ())
        triples = tuple(_triple_from_dict(t) for t in record.get("triples") or ())
        mentioned = tuple(str(a) for a in record.get("mentioned_arxiv_ids") or ())
        results = tuple(result_from_dict(r) for r in record.get("results") or ())
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed extraction record ({exc!r})") from None
    return PaperExtraction(paper=paper, entities=entities, triples=triples, mentioned_arxiv_ids=mentioned, results=results)


#: The JSON kind each Paper field's annotation asks for.
_JSON_KINDS: dict[str, type | tuple[type, ...]] = {
    "str": str, "str | None": str, "int": int, "bool | None": bool, "float | None": (int, float), "tuple[str, ...]": list,
}
#: Only the fields a Paper is made from: ``date``, ``date_precision`` and ``date_source`` are
#: derived again from them (see :func:`kg.dates.best_date`), so stored values are ignored.
_FIELD_KINDS = {f.name: _JSON_KINDS[f.type] for f in dataclasses.fields(Paper) if f.init}


def _paper_from_dict(record: dict[str, Any]) -> Paper:
    values: dict[str, Any] = {}
    for name, value in record.items():
        kind = _FIELD_KINDS.get(name)
        if kind is None or value is None:
            continue  # unknown keys are ignored, as the readers do
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise ValueError(f'"paper.{name}" has the wrong type ({type(value).__name__})')
        if name in _LIST_FIELDS:
            if not all(isinstance(v, str) for v in value):
                raise ValueError(f'"paper.{name}" must be a list of strings')
            value = tuple(value)
        values[name] = value
    if not values.get("id"):
        raise ValueError('the "paper" object has no "id"')
    return Paper(**values)


def _entity_from_dict(record: dict[str, Any]) -> Entity:
    entity_type = EntityType(record["type"])
    extractor = (record.get("extractors") or [""])[0]
    confidence = float(record.get("confidence", 1.0))
    mentions = tuple(
        Mention(text=m["text"], field=m["field"], start=int(m["start"]), end=int(m["end"]), type=entity_type,
                extractor=extractor, confidence=confidence, introduced=bool(record.get("introduced")))
        for m in record.get("mentions") or ()
    )
    return Entity(
        name=record["name"], type=entity_type, key=record["key"], mentions=mentions,
        introduced=bool(record.get("introduced")), aliases=tuple(record.get("aliases") or ()), family=record.get("family"),
    )


def _triple_from_dict(record: dict[str, Any]) -> Triple:
    return Triple(
        subject=record["subject"], predicate=Relation(record["predicate"]), object=record["object"],
        evidence=record.get("evidence") or "", extractor=record.get("extractor") or "",
        confidence=float(record.get("confidence", 1.0)), role=Role(record["role"]) if record.get("role") else None,
    )
