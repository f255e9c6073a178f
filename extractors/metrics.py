"""Metric names by shape: "<measure>@k" cut-off metrics (pass@1, Recall@10, nDCG@10, Hits@1).

Word metrics ("accuracy", "BLEU", "exact match") come from the lexicon; this catches the
open family of cut-off variants, which no lexicon can list in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AT_K = re.compile(
    r"(?<![\w@])(?:pass|Pass|PASS|hits|Hits|HITS|recall|Recall|R|P|precision|Precision|nDCG|NDCG|ndcg|MRR|MAP|mAP|AP|"
    r"acc|Acc|top|Top|HR|hr|success|Success|SR|cons|maj|Maj|best|avg|F1)@(?:\d+|k|K|n|N)(?![\w@])"
)


@dataclass(frozen=True)
class MetricName:
    """A metric found by shape, with its character span."""

    text: str
    start: int
    end: int


def find_metric_names(text: str) -> list[MetricName]:
    """Every cut-off metric ("pass@1", "Recall@10") in ``text``.

    >>> [m.text for m in find_metric_names("94.0 pass@1 accuracy, nDCG@10 and Recall@100; email a@b")]
    ['pass@1', 'nDCG@10', 'Recall@100']
    """
    if "@" not in text:
        return []
    return [MetricName(m.group(), m.start(), m.end()) for m in _AT_K.finditer(text)]
