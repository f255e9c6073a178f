"""Benchmark families by name shape: "AlpacaEval 2.0" and "AIME24" are editions of "AlpacaEval" and "AIME".

A benchmark name that ends in a version ("2", "2.0", "v2"), a year ("2024") or, after an
all-capitals name, a two-digit year ("AIME24", "WMT14") names one edition of the benchmark
the rest of the name names; a "Length-Controlled"/"LC" prefix names a setting of it. Nothing
else is a family: "MMLU-Pro" and "MMLU-Redux" derive from MMLU but are benchmarks of their
own, "RAG-RewardBench" is not RewardBench, "MATH-500" and "GSM8K" end in sizes, not versions.
The lexicon's ``family`` (general knowledge, ``lexicons/benchmarks.jsonl``) wins over the shape.
"""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^(?:length[- ]controlled|LC)[- ]+", re.IGNORECASE)
_SUFFIXES = (
    re.compile(r"^(?P<base>.+?)[ -]?v\d+(?:\.\d+)*$"),  # "LongBench v2", "NYUD-v2", "VQAv2"
    re.compile(r"^(?P<base>.+?)[ -]?\d+\.\d+$"),  # "AlpacaEval 2.0", "OntoNotes5.0", "UD1.4"
    re.compile(r"^(?P<base>.+?)[ -']?(?:19|20)\d\d$"),  # "AIME 2024", "IWSLT-2017"
    re.compile(r"^(?P<base>.+?[A-Za-z])[ -][1-9]$"),  # "RewardBench 2", "AlpacaEval-2"
    re.compile(r"^(?P<base>[A-Z][a-z]+[A-Z]\w*[a-z]|[A-Z]{3,})[1-9]$"),  # "HelpSteer2", "CTB5"
    re.compile(r"^(?P<base>[A-Z]{3,})[ ']?\d\d$"),  # "AIME24", "AIME '24", "WMT14"
)


def benchmark_family(name: str) -> str | None:
    """The benchmark ``name`` is an edition of, by its shape; None when it names no edition.

    >>> [benchmark_family(n) for n in ("AlpacaEval 2.0", "AIME24", "AIME 2024", "RewardBench 2", "Length-Controlled AlpacaEval 2.0")]
    ['AlpacaEval', 'AIME', 'AIME', 'RewardBench', 'AlpacaEval']
    >>> [benchmark_family(n) for n in ("MMLU-Pro", "RAG-RewardBench", "MATH-500", "GSM8K", "CIFAR-100", "MMLU")]
    [None, None, None, None, None, None]
    """
    text = name.strip()
    stripped = _PREFIX.sub("", text)
    for pattern in _SUFFIXES:
        match = pattern.match(stripped)
        if match:
            base = match.group("base").rstrip(" -'")
            if sum(c.isalpha() for c in base) >= 2 and base.lower() != text.lower():
                return base
    if stripped != text and sum(c.isalpha() for c in stripped) >= 2:
        return stripped
    return None
