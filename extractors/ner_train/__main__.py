"""Reproduce the shipped NER model: convert the corpora, train with ``config.cfg``, copy the best model.

Usage::

    python -m extractors.ner_train --data ../shared/data --out extractors/ner_model

The seed is fixed in ``config.cfg``; training runs on CPU, and two runs give
byte-identical models. ``--all-spans`` trains on every mapped span instead of
names only, ``--silver`` adds the rule extractors' mentions over ``examples/``
(both for comparison; the shipped model uses neither).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import spacy
import srsly
from spacy.cli.train import train
from thinc.api import Config

from extractors.ner_train.prepare import write_docbins
from extractors.ner_train.silver import silver_splits

CONFIG = Path(__file__).resolve().parent / "config.cfg"


def build(data: Path, out: Path, names_only: bool = True, work: Path | None = None,
          overrides: dict | None = None, examples: Path | None = None,
          exclude: tuple[Path, ...] = ()) -> Path:
    """Convert ``data`` (and silver docs from ``examples``) to DocBins, train, copy the best to ``out``."""
    if not (data / "scierc" / "train.jsonl").is_file():
        raise SystemExit(f"error: {data} has no scierc/train.jsonl (expected ../shared/data)")
    with tempfile.TemporaryDirectory(prefix="ner_train_") as tmp:
        work = work or Path(tmp)
        nlp = spacy.blank("en")
        extra_train, extra_dev = [], []
        if examples is not None:
            gold = [p for p in exclude if p.is_file()]
            extra_train, extra_dev = silver_splits(nlp, examples.glob("*.txt"), gold)
            print(f"silver: {len(extra_train)} train + {len(extra_dev)} dev docs from {examples}, "
                  f"excluding papers of {[str(p) for p in gold]}")
        paths = write_docbins(nlp, data, work / "corpus", names_only, extra_train, extra_dev)
        settings = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"])}
        settings.update(overrides or {})
        train(CONFIG, work / "training", use_gpu=-1, overrides=settings)
        best = work / "training" / "model-best"
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    finalize_model(out)
    return out


def finalize_model(model: Path) -> None:
    """Name the saved pipeline and forget the temporary corpus paths, so rebuilds are identical."""
    config = Config().from_disk(model / "config.cfg", interpolate=False)
    for key in ("train", "dev"):
        config["paths"][key] = None
    config.to_disk(model / "config.cfg", interpolate=False)
    meta = srsly.read_json(model / "meta.json")
    meta.update(
        name="ml_kg_ner",
        description="NER for ML abstracts (Method, Benchmark, Metric, Task), names only; "
        "trained by `python -m extractors.ner_train` from SciERC train and 2/3 of the SciREX abstracts.",
        sources=[
            {"name": "SciERC", "url": "http://nlp.cs.washington.edu/sciIE/",
             "author": "Luan et al. 2018 (arXiv:1808.09602)"},
            {"name": "SciREX", "url": "https://github.com/allenai/SciREX", "license": "Apache-2.0",
             "author": "Jain et al. 2020 (arXiv:2005.00512)"},
        ],
    )
    srsly.write_json(model / "meta.json", meta)
    sentencizer = model / "sentencizer.json"
    if sentencizer.is_file():  # its punctuation is saved from a set: sort it for stable bytes
        cfg = srsly.read_json(sentencizer)
        cfg["punct_chars"] = sorted(cfg.get("punct_chars") or [])
        srsly.write_json(sentencizer, cfg)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m extractors.ner_train", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="folder with scierc/ and scirex/")
    parser.add_argument("--out", type=Path, default=Path("extractors/ner_model"), help="where to write the model")
    parser.add_argument("--all-spans", action="store_true", help="train on all mapped spans, not names only")
    parser.add_argument("--work", type=Path, default=None, help="keep DocBins and checkpoints here")
    parser.add_argument("--examples", type=Path, default=Path("examples"),
                        help="listings to label with the rules as silver data")
    parser.add_argument("--silver", action="store_true",
                        help="also train on the rule extractors' mentions over --examples (off by default: "
                        "it did not help, and it ties the model to the current rules)")
    parser.add_argument("--exclude", type=Path, action="append", default=None,
                        help="gold JSONL whose papers never become silver data "
                        "(default: DATA/../eval/seed_dev.jsonl and tests/fixtures/gold/*.jsonl)")
    args = parser.parse_args(argv)
    exclude = args.exclude or [args.data.parent / "eval" / "seed_dev.jsonl",
                               *sorted(Path("tests/fixtures/gold").glob("*.jsonl"))]
    build(args.data, args.out, names_only=not args.all_spans, work=args.work,
          examples=args.examples if args.silver else None, exclude=tuple(exclude))
    print(f"model written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
