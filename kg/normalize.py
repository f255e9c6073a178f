"""Name normalisation shared by resolution, the scorer and the graph keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=1 << 17)
def normalize_name(text: str) -> str:
    """Lower-case ``text`` and drop spaces, hyphens and punctuation (the guideline's rule).

    Idempotent: ``normalize_name(normalize_name(x)) == normalize_name(x)``. Memoised: the same
    names, surface forms and authors recur across fields and papers.

    >>> normalize_name("Llama-3 8B")
    'llama38b'
    >>> normalize_name("Pearson's r")
    'pearsonsr'
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _DROP.sub("", folded)
