"""The ``kg extract`` JSON line of one paper (and the way back to scorer predictions)."""

from __future__ import annotations

from kg.types import PaperExtraction


def extraction_to_dict(extraction: PaperExtraction) -> dict:
    """The JSON-ready record of one paper's extraction (the ``kg extract`` contract).

    Keys: ``id``, ``arxiv_id``, ``title``, ``entities`` (name, type, key, mentions with
    text/field/start/end, introduced, aliases, family, extractors), ``triples`` (subject,
    predicate, object, evidence, extractor, confidence) and ``mentioned_arxiv_ids``.
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
            }
            for t in extraction.triples
        ],
        "mentioned_arxiv_ids": list(extraction.mentioned_arxiv_ids),
    }
