"""Silver training docs: the rule extractors' mentions on recent ML abstracts (the example corpus).

SciERC and SciREX are older abstracts annotated with another guideline; the
rules (lexicons, patterns, acronym definitions, model shapes) know today's
vocabulary and our guideline ("LLMs" is no model). Running them (without NER)
over ``examples/`` and training on their mentions teaches the NER that style.
Papers whose abstract is in an excluded gold file are skipped, so the
evaluation gold never becomes training data, not even as rule output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractors.ner_train.prepare import Span, make_doc


def gold_texts(paths: Iterable[Path]) -> set[str]:
    """Normalised abstracts of gold files, to exclude those papers from silver data."""
    texts = set()
    for path in paths:
        with Path(path).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    texts.add(_key(json.loads(line).get("abstract", "")))
    return texts


def _key(text: str) -> str:
    return " ".join(text.split())[:300]


#: Every fifth silver paper goes to the dev set, so model selection also sees recent abstracts.
DEV_EVERY = 5


def silver_splits(
    nlp: Language, examples: Iterable[Path], exclude: Iterable[Path] = ()
) -> tuple[list[Doc], list[Doc]]:
    """Silver (train, dev) docs: every :data:`DEV_EVERY`-th paper's docs go to dev."""
    train: list[Doc] = []
    dev: list[Doc] = []
    for index, docs in enumerate(silver_docs(nlp, examples, exclude)):
        (dev if index % DEV_EVERY == DEV_EVERY - 1 else train).extend(docs)
    return train, dev


def silver_docs(nlp: Language, examples: Iterable[Path], exclude: Iterable[Path] = ()) -> Iterator[list[Doc]]:
    """Per example paper, one Doc per non-empty title/abstract, labelled by the rule path."""
    from extractors.pipeline import Extractor  # noqa: PLC0415 - rules are only needed here
    from kg.readers import read_inputs  # noqa: PLC0415

    skip = gold_texts(exclude)
    extractor = Extractor(use_ner=False)
    papers = [p for p in read_inputs(sorted(examples)).papers if _key(p.abstract) not in skip]
    for extraction in extractor.extract_many(papers):
        spans: dict[str, list[Span]] = {"title": [], "abstract": []}
        for entity in extraction.entities:
            for mention in entity.mentions:
                if mention.field in spans:
                    spans[mention.field].append(Span(mention.start, mention.end, mention.type.value))
        yield [
            make_doc(nlp, getattr(extraction.paper, field), field_spans)
            for field, field_spans in spans.items()
            if getattr(extraction.paper, field).strip()
        ]
