"""Turn a paper's resolved entities, arXiv mentions and record fields into typed triples.

Each triple carries its evidence sentence, the extractor that found it and a confidence:
PROPOSES for what the paper introduces, USES_METHOD / USES_MODEL / EVALUATES_ON / REPORTS /
ADDRESSES otherwise, each with the paper's role (introduces, uses, mentions; see
``extractors.roles``) and the sentence that shows it; VARIANT_OF from a checkpoint or a
benchmark version to its family, MENTIONS_PAPER for arXiv IDs in the text, AUTHORED and
AFFILIATED_WITH from the record itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.roles import entity_role
from kg.keys import arxiv_node, author_node, entity_node, organization_node, paper_node
from kg.normalize import normalize_name
from kg.types import USE_RELATION, Entity, EntityType, Paper, Relation, Role, Triple

#: Entity types whose versions link to a family with VARIANT_OF.
FAMILY_TYPES = (EntityType.MODEL, EntityType.BENCHMARK)


def entity_triples(paper: Paper, entities: Sequence[Entity]) -> list[Triple]:
    """PROPOSES / USES_* / EVALUATES_ON / REPORTS / ADDRESSES (with their role) and VARIANT_OF triples.

    A paper introduces what it proposes (PROPOSES); the evidence is the sentence that shows
    the role, so a benchmark used in one sentence and named as an example in another is used.
    """
    subject = paper_node(paper)
    texts = {"title": paper.title or "", "abstract": paper.abstract or ""}
    out = []
    for entity in entities:
        first = entity.mentions[0] if entity.mentions else None
        role, evidence = entity_role(entity, texts)
        relation = Relation.PROPOSES if role is Role.INTRODUCES else USE_RELATION[entity.type]
        out.append(
            Triple(
                subject=subject,
                predicate=relation,
                object=entity_node(entity.type, entity.key),
                evidence=evidence.sentence if evidence else "",
                extractor=evidence.extractor if evidence else "",
                confidence=max((m.confidence for m in entity.mentions), default=1.0),
                role=role,
            )
        )
        if entity.type in FAMILY_TYPES and entity.family and normalize_name(entity.family) != entity.key:
            out.append(
                Triple(
                    subject=entity_node(entity.type, entity.key),
                    predicate=Relation.VARIANT_OF,
                    object=entity_node(entity.type, normalize_name(entity.family)),
                    evidence=first.sentence if first else "",
                    extractor="model_shape" if entity.type is EntityType.MODEL else "family_shape",
                    confidence=0.9,
                )
            )
    return out


def arxiv_triples(paper: Paper, mentioned: Sequence[tuple[str, str]]) -> list[Triple]:
    """MENTIONS_PAPER triples for ``(arxiv_id, sentence)`` pairs, skipping the paper itself."""
    subject = paper_node(paper)
    seen = set()
    out = []
    for arxiv_id, sentence in mentioned:
        if arxiv_id == paper.arxiv_id or arxiv_id in seen:
            continue
        seen.add(arxiv_id)
        out.append(Triple(subject, Relation.MENTIONS_PAPER, arxiv_node(arxiv_id), sentence, "arxiv_ids", 1.0))
    return out


def record_triples(paper: Paper) -> list[Triple]:
    """AUTHORED (Author -> Paper) and AFFILIATED_WITH (Paper -> Organization) from the record."""
    node = paper_node(paper)
    out = []
    for author in dict.fromkeys(a for a in paper.authors if normalize_name(a)):
        out.append(Triple(author_node(author), Relation.AUTHORED, node, "", "record", 1.0))
    for org in dict.fromkeys(o for o in paper.organizations if normalize_name(o)):
        out.append(Triple(node, Relation.AFFILIATED_WITH, organization_node(org), "", "record", 1.0))
    return out
