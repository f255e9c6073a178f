"""Synthetic extractions for benchmarks and durability tests: a corpus of any size, reproducible.

Entity popularity follows Zipf's law (weight 1/rank): the most popular of 2,000
benchmarks is in about a fifth of all papers, like MMLU or ImageNet in their
fields, with a long tail; the popular ones are the expensive questions.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from kg.keys import author_node, entity_node, paper_node
from kg.types import USE_RELATION, Entity, EntityType, Paper, PaperExtraction, Relation, Triple

#: Distinct entities per type in the synthetic vocabulary.
VOCABULARY = {EntityType.BENCHMARK: 2000, EntityType.METHOD: 3000, EntityType.MODEL: 3000, EntityType.METRIC: 200, EntityType.TASK: 500}


def _zipf_weights(size: int) -> list[float]:
    """Cumulative weights of ranks 0..size-1 under Zipf's law (weight 1/(rank+1))."""
    total, cumulative = 0.0, []
    for rank in range(size):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    return cumulative


def synthetic_extractions(papers: int, seed: int = 0, authors: int = 50_000) -> Iterator[PaperExtraction]:
    """``papers`` extractions with ~3 authors, ~8 entity links and evidence each."""
    rng = random.Random(seed)
    weights = {etype: _zipf_weights(size) for etype, size in VOCABULARY.items()}
    for i in range(papers):
        arxiv_id = f"{2000 + i // 100000:04d}.{i % 100000:05d}"
        names = tuple(f"Author {rng.randrange(authors)}" for _ in range(rng.randint(1, 5)))
        month = i * 84 // papers  # papers spread evenly over 2019-01 .. 2025-12, so trends have seven years of data
        published = f"{2019 + month // 12:04d}-{month % 12 + 1:02d}-{1 + i % 28:02d}"
        paper = Paper(id=arxiv_id, arxiv_id=arxiv_id, title=f"Synthetic paper {i}", abstract=f"Abstract of paper {i}.", authors=names,
                      published=published, source="synthetic", line=i + 1)
        pnode = paper_node(paper)
        entities, triples = [], []
        for etype, size in VOCABULARY.items():
            for _ in range(rng.randint(1, 2) if etype != EntityType.METRIC else rng.randint(0, 1)):
                name = f"{etype.value} {rng.choices(range(size), cum_weights=weights[etype])[0]}"
                key = name.lower().replace(" ", "")
                if any(e.key == key and e.type == etype for e in entities):
                    continue
                entities.append(Entity(name=name, type=etype, key=key))
                triples.append(Triple(pnode, USE_RELATION[etype], entity_node(etype, key), f"We use {name} in paper {i}.", "synthetic", 1.0))
        if rng.random() < 0.1:
            name = f"New Method {i}"
            key = name.lower().replace(" ", "")
            entities.append(Entity(name=name, type=EntityType.METHOD, key=key, introduced=True))
            triples.append(Triple(pnode, Relation.PROPOSES, entity_node(EntityType.METHOD, key), f"We propose {name}.", "synthetic", 0.9))
        for author in dict.fromkeys(names):
            triples.append(Triple(author_node(author), Relation.AUTHORED, pnode, "", "record", 1.0))
        yield PaperExtraction(paper=paper, entities=tuple(entities), triples=tuple(triples))
