"""Measure an NER pipeline on the held-out corpora: mention-level P/R/F1, speed and load time.

Usage::

    python -m extractors.ner_train.evaluate --data ../shared/data --model extractors/ner_model

Scores are strict (span and type must both match), per type and micro-averaged,
on SciERC test and the held-out third of the SciREX abstracts, against two golds:
``all`` (every mapped mention) and ``names`` (the names-only filter of ``prepare``).
Predictions inside spans whose gold is missing (ambiguous SciERC Material) are ignored.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy
from spacy.scorer import get_ner_prf
from spacy.tokens import Span
from spacy.training import Example

from extractors.ner_train.prepare import corpus_splits, count_terms, record_docs


def score(nlp, records: list[dict], names_only: bool, terms) -> dict:
    """Strict mention-level scores of ``nlp`` on ``records`` (spaCy's NER scorer).

    The corpora have no Model type (named models are Method there), so a
    predicted Model counts as Method.
    """
    golds = [gold for record in records for gold in record_docs(nlp, record, names_only, terms)]
    examples = []
    for pred, gold in zip(nlp.pipe([g.text for g in golds]), golds):
        pred.ents = [Span(pred, e.start, e.end, label="Method" if e.label_ == "Model" else e.label_)
                     for e in pred.ents]
        examples.append(Example(pred, gold))
    result = get_ner_prf(examples)
    per_type = {k: {m: round(v[m], 3) for m in "prf"} for k, v in (result["ents_per_type"] or {}).items()}
    return {"p": round(result["ents_p"], 3), "r": round(result["ents_r"], 3),
            "f": round(result["ents_f"], 3), "per_type": per_type}


def speed(nlp, texts: list[str], repeat: int = 3) -> float:
    """Abstracts per second of ``nlp.pipe`` over ``texts`` (best of ``repeat``)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main(argv: list[str] | None = None) -> int:
    """Print a JSON report of scores, load time and throughput."""
    parser = argparse.ArgumentParser(prog="python -m extractors.ner_train.evaluate")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", type=Path, default=Path("extractors/ner_model"))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    nlp = spacy.load(args.model)
    load_s = time.perf_counter() - start
    splits = corpus_splits(args.data)
    terms = count_terms(splits["train"])
    report = {"model": str(args.model), "load_seconds": round(load_s, 3)}
    for split in ("scierc_test", "scirex_test"):
        for gold in ("all", "names"):
            report[f"{split}/{gold}"] = score(nlp, splits[split], gold == "names", terms)
    texts = [r["abstract"] for r in splits["scierc_test"] + splits["scirex_test"]]
    report["abstracts_per_second"] = round(speed(nlp, texts), 1)
    report["words_per_abstract"] = round(sum(len(t.split()) for t in texts) / len(texts), 1)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
