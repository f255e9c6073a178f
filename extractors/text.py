"""Cheap text helpers shared by the extractors: sentence spans and evidence lookup.

Sentence boundaries come from one regular expression (end punctuation, space, then an
upper-case letter, digit or bracket) instead of a per-token spaCy component, which keeps the
rule path fast; evidence only needs the sentence around a mention.
"""

from __future__ import annotations

import bisect
import re

#: The blank run after end punctuation (group 1). The punctuation is consumed rather than
#: looked behind for, so the engine skips straight to it instead of trying every position.
_SENT_END = re.compile(r"[.!?](\s+)(?=[\"'(\[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Eq|Sec|approx|resp|No)\.)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (abbreviations like "e.g." do not end one).

    >>> sentence_spans("We use BERT. It works, e.g. There.")
    [(0, 12), (13, 34)]
    """
    spans = []
    start = 0
    for match in _SENT_END.finditer(text):
        blank = match.start(1)
        if _ABBREV.search(text[max(0, blank - 8) : blank]) and _ABBREV.search(text, 0, blank):
            continue
        spans.append((start, blank))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text.rstrip()) if text.rstrip() else len(text)))
    return [(s, e) for s, e in spans if e > s]


class Sentences:
    """Looks up the sentence that holds a character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [s for s, _ in self.spans]

    def index(self, offset: int) -> int:
        """Index of the sentence containing ``offset`` (the nearest one before it)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def span(self, offset: int) -> tuple[int, int]:
        if not self.spans:
            return (0, len(self.text))
        return self.spans[self.index(offset)]

    def sentence(self, offset: int) -> str:
        """The sentence containing ``offset``, stripped."""
        start, end = self.span(offset)
        return self.text[start:end].strip()
