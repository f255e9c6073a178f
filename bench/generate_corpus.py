"""Write N realistic ML abstracts as JSONL (the tool's ``jsonl`` input format), deterministic by seed.

Abstracts are assembled from the sentence shapes of the example corpus
(``bench/sentence_shapes.txt``), filled with names from the extractor lexicons
(``extractors/lexicons/*.jsonl``) and with newly invented methods, models and
benchmarks that later papers reuse, so the graph grows shared entities the way
a real corpus does. Same ``--seed`` and ``-n``, same bytes.

Usage:
    .venv/bin/python bench/generate_corpus.py -n 10000 --seed 1 -o /tmp/kg-bench/corpus-10k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHAPES = Path(__file__).resolve().parent / "sentence_shapes.txt"
LEXICONS = REPO / "extractors" / "lexicons"

TYPES = ("Method", "Model", "Benchmark", "Metric", "Task")

#: Used when a lexicon file has no names of a type (e.g. before the lexicons exist).
FALLBACK_NAMES: dict[str, list[str]] = {
    "Method": ["RLHF", "DPO", "PPO", "GRPO", "chain-of-thought", "LoRA", "instruction tuning",
               "in-context learning", "retrieval-augmented generation", "Mixture-of-Experts",
               "Task Arithmetic", "reinforcement learning", "Monte-Carlo Tree Search", "Self-Ask"],
    "Model": ["GPT-4", "GPT-4o", "Llama3", "Llama2-13B-Chat", "Qwen2.5", "PaLM 2", "Claude-3",
              "BERT", "CLIP", "T5", "ChatGPT", "OLMoE-1B-7B", "Mistral-7B", "Gemini"],
    "Benchmark": ["MMLU", "GSM8K", "BIG-bench", "RewardBench", "HellaSwag", "ImageNet", "SQuAD",
                  "HumanEval", "MATH", "TruthfulQA", "Super-NaturalInstructions", "MT-Bench"],
    "Metric": ["accuracy", "F1", "exact match", "BLEU", "ROUGE", "perplexity", "win rate",
               "pass@1", "latency", "Spearman correlation"],
    "Task": ["question answering", "summarization", "text-to-SQL", "machine translation",
             "passage ranking", "code generation", "mathematical reasoning", "sequence tagging"],
}

_ADJECTIVES = ("Contrastive", "Sparse", "Hierarchical", "Adaptive", "Dual-Weighted", "Self-Refining",
               "Latent", "Modular", "Recursive", "Curriculum", "Token-Level", "Multi-Scale",
               "Retrieval-Guided", "Uncertainty-Aware", "Structured", "Progressive", "Federated",
               "Causal", "Spectral", "Dynamic", "Grounded", "Implicit", "Iterative", "Robust")
_NOUNS = ("Preference Optimization", "Reward Modeling", "Routing", "Distillation", "Decoding",
          "Policy Learning", "Attention", "Instruction Tuning", "Memory Networks", "Planning",
          "Reasoning", "Representation Learning", "Data Selection", "Model Merging", "Alignment",
          "Tree Search", "Prompting", "Self-Training", "Verification", "Quantization")
_SYLLABLES = ("ka", "zo", "ri", "mel", "tra", "vin", "qu", "lor", "sen", "dax", "pho", "ny",
              "bru", "tek", "sol", "mar", "vex", "ori", "lum", "gal", "fen", "cor", "ix", "ulo")
_SUFFIXES = ("Bench", "QA", "Eval", "Arena", "Set", "Instruct", "Vista", "Math", "Code", "Edit")
_FIRST = ("Yizhong", "Sewon", "Pan", "Gabriel", "Niklas", "Luca", "Joel", "Hamish", "Aarohi", "Kyle",
          "Zeqiu", "Samir", "Weijia", "Swaroop", "Mitchell", "Pradeep", "Dirk", "Alex", "Bailey",
          "Hritik", "Tony", "Marco", "Seungone", "Bill", "Yushi", "Mike", "Prithviraj", "Abhinav",
          "Chen", "Maria", "Ana", "Wei", "Fatima", "Oluwaseun", "Priya", "Jonas", "Ines", "Kenji")
_LAST = ("Wang", "Min", "Lu", "Ilharco", "Muennighoff", "Soldaini", "Jang", "Ivison", "Srivastava",
         "Lo", "Wu", "Gadre", "Shi", "Mishra", "Wortsman", "Dasigi", "Groeneveld", "Fang", "Kuehl",
         "Bansal", "Xia", "Ribeiro", "Kim", "Lin", "Hu", "Lewis", "Ammanabrolu", "Rastogi", "Garcia",
         "Okafor", "Schmidt", "Tanaka", "Haddad", "Kowalski", "Nguyen", "Rossi", "Iyer", "Berg")
_CATEGORIES = ("cs.CL", "cs.LG", "cs.CV", "cs.AI", "stat.ML", "cs.IR")
_SLOT = re.compile(r"\{([A-Z_]+)\}")


def load_shapes(path: Path = SHAPES) -> list[tuple[str, bool, list[str]]]:
    """The ``(role, optional, shapes)`` groups of the shapes file, in file order."""
    groups: list[tuple[str, bool, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            role = line[1:-1]
            groups.append((role.rstrip("?"), role.endswith("?"), []))
        else:
            groups[-1][2].append(line)
    return groups


def load_lexicon_names(directory: Path = LEXICONS) -> dict[str, list[str]]:
    """Names per entity type from every ``*.jsonl`` lexicon in ``directory`` (sorted, deduplicated).

    Takes each entry's name and its first alias (a surface variant), tolerating the
    common field spellings (``name``/``canonical``/``text``, ``type``/``label``); a
    type with no names falls back to ``FALLBACK_NAMES``.
    """
    found: dict[str, set[str]] = {t: set() for t in TYPES}
    for path in sorted(directory.glob("*.jsonl")) if directory.is_dir() else []:
        default_type = next((t for t in TYPES if t.lower() in path.stem.lower()), None)
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            kind = record.get("type") or record.get("label") or record.get("entity_type") or default_type
            name = record.get("name") or record.get("canonical") or record.get("text")
            if isinstance(kind, str) and kind.capitalize() in found and isinstance(name, str) and name:
                found[kind.capitalize()].add(name)
                aliases = record.get("aliases")
                if isinstance(aliases, list) and aliases:
                    first = aliases[0]  # one surface variant per entry, so canonical names still dominate
                    if isinstance(first, str) and first:
                        found[kind.capitalize()].add(first)
    return {t: sorted(names) if names else list(FALLBACK_NAMES[t]) for t, names in found.items()}


def introduced_type(proposal: str) -> str:
    """The type of what a proposal sentence introduces, as the sentence itself signals it."""
    if "benchmark" in proposal or "dataset" in proposal:
        return "Benchmark"
    if "language model" in proposal:
        return "Model"
    return "Method"


class CorpusGenerator:
    """Deterministic abstract factory: one ``random.Random(seed)`` drives every choice."""

    def __init__(self, seed: int, names: dict[str, list[str]], shapes: list[tuple[str, bool, list[str]]]):
        self.rng = random.Random(seed)
        self.names = names
        self.shapes = shapes
        self.invented: dict[str, list[str]] = {"Method": [], "Model": [], "Benchmark": []}
        self.arxiv_ids: list[str] = []

    def papers(self, count: int) -> Iterator[dict]:
        """``count`` paper records, each a dict in the JSONL input format."""
        for index in range(count):
            yield self.paper(index)

    def paper(self, index: int) -> dict:
        """The record of paper number ``index``."""
        rng = self.rng
        year, month = 2019 + index % 7, 1 + (index // 7) % 12
        arxiv_id = f"{year % 100:02d}{month:02d}.{10000 + index // 84:05d}"
        chosen = {
            role: rng.choice(shapes)
            for role, optional, shapes in self.shapes
            if not (optional and rng.random() < 0.5)
        }
        new_type = introduced_type(chosen.get("proposal", ""))
        new, new_long = self.invent(new_type)
        fill = lambda text: self.fill(text, new, new_long)  # noqa: E731
        sentences = [fill(shape) for role, shape in chosen.items() if role != "title"]
        self.invented[new_type].append(new)
        self.arxiv_ids.append(arxiv_id)
        return {
            "id": f"bench-{index:07d}",
            "title": fill(chosen["title"]),
            "abstract": " ".join(sentences),
            "authors": [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(1, 8))],
            "arxiv_id": arxiv_id,
            "published": f"{year}-{month:02d}-{1 + index % 28:02d}",
            "categories": sorted(set(rng.sample(_CATEGORIES, rng.randint(1, 2)))),
        }

    def invent(self, kind: str) -> tuple[str, str]:
        """A new ``(short name, long name)`` of ``kind`` (``paper`` remembers it for later papers)."""
        rng = self.rng
        words = [rng.choice(_ADJECTIVES), rng.choice(_ADJECTIVES), rng.choice(_NOUNS)]
        long_name = " ".join(dict.fromkeys(words))
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if kind == "Model":
            short = f"{stem}-{rng.choice((1, 3, 7, 8, 13, 34, 70))}B"
        elif kind == "Benchmark":
            short = f"{stem}{rng.choice(_SUFFIXES)}"
        elif rng.random() < 0.5:
            short = "".join(part[0] for word in long_name.split() for part in word.split("-")).upper()
        else:
            short = f"{stem}{rng.choice(('RL', 'Opt', 'Net', 'Former', 'Search'))}"
        return short, long_name

    def name(self, kind: str) -> str:
        """A known name of ``kind``: mostly from the lexicon, sometimes one an earlier paper invented."""
        pool = self.invented.get(kind)
        if pool and self.rng.random() < 0.3:
            return self.rng.choice(pool)
        return self.rng.choice(self.names[kind])

    def fill(self, shape: str, new: str, new_long: str) -> str:
        """``shape`` with every slot replaced."""
        rng = self.rng

        def slot(match: re.Match[str]) -> str:
            key = match.group(1)
            if key == "NEW":
                return new
            if key == "NEW_LONG":
                return new_long
            if key == "NUM":
                return str(rng.choice((3, 6, 12, 16, 28, 76, 204, 1616)))
            if key == "PCT":
                return f"{rng.uniform(0.1, 45):.1f}%"
            if key == "ARXIV":
                return f"arXiv:{rng.choice(self.arxiv_ids)}" if self.arxiv_ids else "prior work"
            return self.name(key.capitalize())

        return _SLOT.sub(slot, shape)


def write_corpus(out, count: int, seed: int, lexicons: Path = LEXICONS) -> int:
    """Write ``count`` JSONL records to the text stream ``out``; returns the number of words."""
    generator = CorpusGenerator(seed, load_lexicon_names(lexicons), load_shapes())
    words = 0
    for record in generator.papers(count):
        words += len(record["title"].split()) + len(record["abstract"].split())
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def main(argv: list[str] | None = None) -> None:
    """Command line: ``generate_corpus.py -n N [--seed S] [-o FILE]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=1000, help="number of abstracts (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("-o", "--out", type=Path, help="output file (default: stdout)")
    parser.add_argument("--lexicons", type=Path, default=LEXICONS, help="folder of *.jsonl lexicons")
    args = parser.parse_args(argv)
    if args.out is None:
        write_corpus(sys.stdout, args.count, args.seed, args.lexicons)
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        words = write_corpus(out, args.count, args.seed, args.lexicons)
    tmp.replace(args.out)
    print(f"wrote {args.count} abstracts ({words} words) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
