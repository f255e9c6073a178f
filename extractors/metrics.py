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


# A number right after the metric, past a few linking words: "success rate of 62%", "latency (ms) drops
# from 80 to 5", "coverage at 95%", "ECE = 0.03".
_NUMBER_AFTER = re.compile(
    r"\s*(?:\([^()]{1,12}\)\s*)?,?\s*(?:(?:of|by|=|:|to|from|at|is|was|are|were|reaches|reached|drops?|dropped|rises?|rose|"
    r"falls?|fell|improves?|improved|increases?|increased|decreases?|decreased|goes|went|up|over|nearly|about|around|"
    r"approximately|roughly|more|less|than|least|most|only|just|above|below|under|exceeding|exceeds|within)\s*){0,4}"
    r"[~≈<>≤≥]?\s*[+\-−]?\$?\d"
)
# A number with a unit, or a comparison, right before: "95% coverage", "3x higher throughput", "lower latency".
_NUMBER_BEFORE = re.compile(
    r"\d(?:\s*%|\s*(?:x|×)|-?fold| points?| pp| percentage points?)\s+(?:(?:relative|absolute|higher|lower|better|worse|"
    r"reduced|improved|increased|faster|average|mean|overall|end-to-end|attack|task|inference)\s+){0,2}$"
)
_COMPARED_BEFORE = re.compile(
    r"(?<![\w-])(?:higher|lower|better|worse|improved|reduced|increased|decreased|best|highest|lowest|superior|"
    r"competitive|comparable|state-of-the-art|near-perfect)\s+(?:(?:average|overall|mean|end-to-end|inference|task|attack)\s+)?$",
    re.IGNORECASE,
)
# A verb of measuring or changing a quantity, at most three words before: "improves the success rate",
# "reducing end-to-end latency", "we measure throughput", "in terms of latency".
_VERB_BEFORE = re.compile(
    r"(?:(?<![\w-])(?:improv|increas|boost|reduc|lower|decreas|cut|minimi[sz]|maximi[sz]|achiev|attain|report|measur|"
    r"evaluat|compar|rais|doubl|halv|deliver|yield|obtain|optimi[sz]|sacrific|preserv|maintain|exceed|surpass)[a-z]*"
    r"|in terms of|measured (?:by|in|as|with)|metrics? (?:such as|like|including|of)|metrics?:)\s+"
    r"(?:(?:the|its|their|our|an?|average|overall|mean|end-to-end|inference|significantly|substantially|both|higher|lower|"
    r"better|attack|task)\s+){0,3}$",
    re.IGNORECASE,
)


def reported_metric(text: str, start: int, end: int) -> bool:
    """Whether the metric name at ``text[start:end]`` is used to report a result, not as a plain word.

    Names like "latency", "coverage" or "success rate" are metrics only where something is measured
    with them: a number after or before, a comparison, or a verb of measuring or changing.

    >>> t = "It reduces latency by 40% and reaches a success rate of 62%, for latency-critical uses."
    >>> [reported_metric(t, i, i + len(w)) for w, i in (("latency", 11), ("success rate", 40), ("latency", 65))]
    [True, True, False]
    >>> t = "We study the coverage of benchmarks."
    >>> reported_metric(t, 13, 21)
    False
    """
    if text[end : end + 1] == "-":
        return False  # "latency-critical": a modifier, not the measure
    if _NUMBER_AFTER.match(text, end, min(len(text), end + 60)):
        return True
    before = text[max(0, start - 60) : start]
    return bool(_NUMBER_BEFORE.search(before) or _COMPARED_BEFORE.search(before) or _VERB_BEFORE.search(before))
