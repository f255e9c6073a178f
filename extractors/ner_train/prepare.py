"""Convert the annotated corpora (SciERC, SciREX abstracts) into spaCy DocBin files.

Types are mapped to ours as ``../shared/data/README.md`` describes: SciREX
Dataset -> Benchmark; Method, Metric and Task keep their names; SciERC Material
becomes Benchmark only when it looks like a named dataset; Generic and
OtherScientificTerm are dropped (their tokens are "outside": not an entity).

Both corpora mark descriptive noun phrases ("sparse GPS data"); our guideline
wants names. With ``names_only=True`` a span is kept only when it looks like a
name (see :func:`looks_like_name`) or is an established short term that the
corpora annotate again and again with one type ("question answering",
"accuracy"); the other spans become "outside", so the model learns to find
names. A SciERC Material span that may or may not be a dataset ("English",
"Freebase") is marked *missing* instead: the model is neither taught it is an
entity nor that it is not.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from kg.types import EntityType

#: Labels the NER learns. The corpora have no Model type (named models are Method
#: there); Model comes from the silver data only.
LABELS: tuple[str, ...] = (
    EntityType.METHOD.value,
    EntityType.MODEL.value,
    EntityType.BENCHMARK.value,
    EntityType.METRIC.value,
    EntityType.TASK.value,
)

_DIRECT = {"Method": "Method", "Metric": "Metric", "Task": "Task", "Dataset": "Benchmark"}
_DATASET_HEADS = {
    "corpus", "corpora", "dataset", "datasets", "treebank", "bank", "benchmark", "benchmarks",
    "collection", "database", "challenge", "set", "data", "suite", "wordnet",
}
#: Head words that make a lowercase span a description rather than a term.
_GENERIC_HEADS = {
    "approach", "approaches", "method", "methods", "model", "models", "system", "systems",
    "algorithm", "algorithms", "framework", "technique", "techniques", "performance", "task",
    "tasks", "problem", "problems", "data", "learning", "training", "inference", "results",
    "quality", "features", "network", "networks", "time", "cost", "error",
    "representation", "representations", "module", "modules", "process", "analysis",
    "parser", "classifier", "classifiers", "encoder", "decoder", "generator", "grammar",
    "editor", "comparator", "feedback", "flow", "nonlinear", "language", "sentiment",
    "unsupervised", "computational", "complexity", "speed", "robustness", "annotation",
    "dependency", "recognition", "mean", "architecture", "mechanism", "measures", "loss",
}
_SENT_END = re.compile(r"(^|[.!?:;]\s+|\n\s*)$")

#: How often a lowercase span must be annotated with one type to count as a term.
TERM_MIN_COUNT = 3
TERM_MAX_WORDS = 3

SCIREX_HELD_OUT_EVERY = 3  # every third SciREX abstract (file order) is held out


@dataclass(frozen=True)
class Span:
    """A typed character span of one text; ``label`` None marks it as missing annotation."""

    start: int
    end: int
    label: str | None


def looks_like_name(text: str, at_sentence_start: bool) -> bool:
    """Whether a span reads as a proper name rather than a description.

    A name has a digit, an upper-case letter after its first character
    ("BERT", "ImageNet", "Tree Adjoining Grammars") or, away from the start of
    a sentence, an upper-case first letter ("Freebase").

    >>> looks_like_name("CIFAR-10", False), looks_like_name("sparse GPS data", False)
    (True, True)
    >>> looks_like_name("Dialogue strategies", True), looks_like_name("Reactor", False)
    (False, True)
    """
    if any(c.isdigit() for c in text):
        return True
    if any(c.isupper() for c in text[1:]):
        return True
    return bool(text[:1].isupper() and not at_sentence_start)


def is_named_dataset(text: str, at_sentence_start: bool) -> bool | None:
    """Whether a SciERC Material span names a dataset: True, False, or None when unsure.

    >>> is_named_dataset("Wallstreet Journal (WSJ) data", False)
    True
    >>> is_named_dataset("speech data", False)
    False
    >>> is_named_dataset("English", False) is None
    True
    """
    words = text.split()
    if any(c.isdigit() for c in text) or any(c.isupper() for w in words for c in w[1:]):
        return True
    capitalised = [w for w in words if w[:1].isupper()]
    if len(words) > 1 and (len(capitalised) > 1 or (capitalised and words[-1].lower() in _DATASET_HEADS)):
        return True
    if capitalised and (len(words) == 1 or at_sentence_start):
        return None  # a language, a resource, or a capitalised sentence start
    return False


def _at_sentence_start(text: str, start: int) -> bool:
    return bool(_SENT_END.search(text[:start]))


def count_terms(records: Iterable[dict]) -> Counter[tuple[str, str]]:
    """Count (lower-cased text, mapped type) over all mentions, to find established terms."""
    counts: Counter[tuple[str, str]] = Counter()
    for record in records:
        for ent in record["entities"]:
            label = _DIRECT.get(ent["type"])
            if label:
                counts[(ent["text"].lower(), label)] += 1
    return counts


def is_term(text: str, label: str, terms: Counter[tuple[str, str]]) -> bool:
    """Whether a lowercase span is an established short term of its type in the corpora."""
    words = text.lower().split()
    if not words or len(words) > TERM_MAX_WORDS or words[-1] in _GENERIC_HEADS:
        return False
    return terms[(text.lower(), label)] >= TERM_MIN_COUNT


def map_mention(
    ent: dict, text: str, names_only: bool, terms: Counter[tuple[str, str]] | None = None
) -> Span | None:
    """Map one corpus mention to a training span, or None when its tokens are "outside".

    Args:
        ent: the corpus mention (``text``, ``type``, ``start``, ``end``).
        text: the field the offsets point into.
        names_only: keep only name-like spans and established terms.
        terms: counts from :func:`count_terms` (needed when ``names_only``).
    """
    start, end, kind = ent["start"], ent["end"], ent["type"]
    surface = text[start:end]
    sent_start = _at_sentence_start(text, start)
    if kind == "Material":
        named = is_named_dataset(surface, sent_start)
        if named is None:
            return Span(start, end, None)
        return Span(start, end, "Benchmark") if named else None
    label = _DIRECT.get(kind)
    if label is None:
        return None
    if names_only and not looks_like_name(surface, sent_start):
        if not is_term(surface, label, terms or Counter()):
            return None
    return Span(start, end, label)


def _resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping (nested) spans, as SciERC prefers the longest."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def make_doc(nlp: Language, text: str, spans: list[Span]) -> Doc:
    """Tokenise ``text`` and set its entities.

    A span whose edges fall inside a token, or whose label is None, is marked
    missing over the tokens it touches (neither entity nor "outside").
    """
    doc = nlp.make_doc(text)
    ents, missing = [], []
    for span in _resolve_overlaps(spans):
        exact = doc.char_span(span.start, span.end, label=span.label or "")
        if exact is not None and span.label is not None:
            ents.append(exact)
            continue
        # no token boundary at an edge ("ToM)--and"), or unsure: no lesson for these tokens
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is not None and tokens.text.strip():
            missing.append(tokens)
    ents = _dedupe_tokens(ents + missing)
    doc.set_ents(
        [e for e in ents if e.label_], missing=[e for e in ents if not e.label_], default="outside"
    )
    return doc


def _dedupe_tokens(spans: list) -> list:
    """Drop spans whose widened tokens now overlap an earlier kept span."""
    kept, used = [], set()
    for span in spans:
        toks = set(range(span.start, span.end))
        if toks & used:
            continue
        used |= toks
        kept.append(span)
    return kept


def record_docs(
    nlp: Language, record: dict, names_only: bool, terms: Counter[tuple[str, str]] | None = None
) -> Iterator[Doc]:
    """One Doc per non-empty field (title, abstract) of a corpus record."""
    for field in ("title", "abstract"):
        text = record.get(field) or ""
        if not text.strip():
            continue
        spans = []
        for ent in record["entities"]:
            if ent.get("field", "abstract") != field:
                continue
            span = map_mention(ent, text, names_only, terms)
            if span is not None:
                spans.append(span)
        yield make_doc(nlp, text, spans)


def read_jsonl(path: Path) -> list[dict]:
    """Read a corpus JSONL file (one record per line)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def split_scirex(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split SciREX abstracts deterministically into (train, held-out): every third is held out."""
    train = [r for i, r in enumerate(records) if i % SCIREX_HELD_OUT_EVERY != SCIREX_HELD_OUT_EVERY - 1]
    held = [r for i, r in enumerate(records) if i % SCIREX_HELD_OUT_EVERY == SCIREX_HELD_OUT_EVERY - 1]
    return train, held


def corpus_splits(data: Path) -> dict[str, list[dict]]:
    """The named record lists: train (SciERC train + SciREX 2/3), dev (SciERC dev), and the
    two held-out test sets (SciERC test, SciREX 1/3). The evaluation gold is never read."""
    scirex_train, scirex_test = split_scirex(read_jsonl(data / "scirex" / "abstracts_dev.jsonl"))
    return {
        "train": read_jsonl(data / "scierc" / "train.jsonl") + scirex_train,
        "dev": read_jsonl(data / "scierc" / "dev.jsonl"),
        "scierc_test": read_jsonl(data / "scierc" / "test.jsonl"),
        "scirex_test": scirex_test,
    }


def write_docbins(
    nlp: Language, data: Path, out: Path, names_only: bool,
    extra_train: Iterable[Doc] = (), extra_dev: Iterable[Doc] = (),
) -> dict[str, Path]:
    """Write ``<split>.spacy`` for every split into ``out`` and return their paths.

    ``extra_train``/``extra_dev`` (silver docs) are appended to train/dev. Terms
    (for ``names_only``) are counted on the training split only.
    """
    out.mkdir(parents=True, exist_ok=True)
    splits = corpus_splits(data)
    terms = count_terms(splits["train"])
    paths = {}
    for name, records in splits.items():
        docs = [doc for record in records for doc in record_docs(nlp, record, names_only, terms)]
        docs.extend({"train": extra_train, "dev": extra_dev}.get(name, ()))
        paths[name] = out / f"{name}.spacy"
        DocBin(docs=docs).to_disk(paths[name])
    return paths
