"""Drop names that are generic classes rather than named things ("LLMs", "language models").

The stoplist is a data file (``lexicons/generic_terms.txt``), compared after normalisation,
so "LLMs", "LLM" and "large-language models" all go. A lexicon entry always wins: users can
make a listed term an entity by adding it to their own lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kg.normalize import normalize_name

GENERIC_TERMS_PATH = Path(__file__).resolve().parent / "lexicons" / "generic_terms.txt"
_GENERIC_WORDS = frozenset(
    "large small language model models neural network networks deep multimodal vision audio visual pretrained "
    "pre-trained foundation generative reward policy agent agents system systems the a an our new novel based "
    "open source open-source llm llms lm lms ai".split()
)


_SIZE = re.compile(r"^\d+(?:\.\d+)?[bmk]?$")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9.]+")


@lru_cache(maxsize=None)
def generic_keys(path: Path = GENERIC_TERMS_PATH) -> frozenset[str]:
    """Normalised generic terms (and their singular forms) from the stoplist file."""
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key = normalize_name(line)
            keys.add(key)
            if key.endswith("s"):
                keys.add(key[:-1])
    return frozenset(keys)


@lru_cache(maxsize=65536)
def is_generic(name: str) -> bool:
    """Whether ``name`` is a generic term or made only of generic words.

    >>> is_generic("LLMs"), is_generic("large language models"), is_generic("ToMi")
    (True, True, False)
    """
    key = normalize_name(name)
    if not key or key.isdigit() or len(key) < 2:
        return True
    if key in generic_keys() or (key.endswith("s") and key[:-1] in generic_keys()):
        return True
    words = [w for w in _ALNUM_RUN.findall(name.lower()) if not _SIZE.match(w)]
    return bool(words) and all(w in _GENERIC_WORDS for w in words)
