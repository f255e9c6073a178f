"""Reported results: the numbers an abstract gives for a system on a named benchmark.

Follows ``RESULTS_GUIDELINE.md``: per sentence that holds a digit, keep the numbers that read as
scores or changes (a percent sign, a decimal, a metric beside them, "N points"), drop sizes,
counts, dates, ranges, costs and shares of data, then give each a benchmark named in the
sentence (in order for "respectively" lists, else the one it is measured "on"), a subject (a
baseline named right before a parenthesised number, the model or method the sentence credits,
or the paper's own system for "our method") and a metric written beside it. Pure functions over
the text and the paper's resolved entities; the cue words live in ``patterns/results_cues.tsv``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kg.normalize import normalize_name
from kg.types import Entity, EntityType, Result, ResultKind

CUE_FILE = Path(__file__).parent / "patterns" / "results_cues.tsv"

#: A number not glued to a name ("GPT-4", "Qwen2.5", "pass@1", "ViT-L/14"), with an optional sign.
_NUMBER = re.compile(r"(?<![\w.@/^-])([+\u2212]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w])")
_UNIT = re.compile(r"\s?(?:\\?%|percent(?:age)?(?:\s+points?)?\b)|\s?(?:points?|pts|pp)\b", re.IGNORECASE)
_SUBJECT_TYPES = (EntityType.MODEL, EntityType.METHOD)
_HEAD_NOUN = re.compile(r"\s+(?:model|method|approach|framework|system|agent|variant)s?\s*$", re.IGNORECASE)
_METRIC_GAP_BEFORE = re.compile(
    r"^\s*(?:'s\s+)?(?:score|rate|value|coefficient)?\s*(?:of|=|:|is|was|at|reaches|reached|achieves?|achieving|to)?\s*"
    r"(?:about|approximately|around|nearly|only|over|up to|at least|~|≈)?\s*$",
    re.IGNORECASE,
)
_METRIC_GAP_AFTER = re.compile(r"^\s*(?:[A-Za-z][\w-]*\s+){0,2}?(?:in\s+|of\s+|on\s+)?(?:the\s+)?$")
_LINK = re.compile(
    r"^\s*(?:(?:points?\s+)?(?:on|in)\s+[^,;()%]{1,40}?)?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)"
    r"(?:by\s+|over\s+|up to\s+|about\s+|to\s+)?[~≈]?$"
)
_PARENS = re.compile(r"\s*\([^()]*\)")
#: A "benchmark" followed by one of these is a system ("the E2E approach"), not an evaluation set.
_NOT_BENCHMARK_HEAD = re.compile(r"\s+(?:approach|method|model|framework|system|architecture|pipeline)s?\b", re.IGNORECASE)
_VERSION_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w-]*[a-z][\w-]* $")
_SHORT_DECIMAL = re.compile(r"\d\.\d")
_LAST_WORD = re.compile(r"([\w-]+)$")
_DIGIT = re.compile(r"\d")
_POSSESSIVE = re.compile("['\u2019]s\\s*")
_AVERAGE_LABEL = re.compile(r"\b(?:average|avg\.?|mean|overall)\s*:\s*$", re.IGNORECASE)
_SHOT = re.compile(r"\b(?:zero|one|few|\d+)-shot\b", re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\s+[~≈]?\d[\d.,]*\s*(?:\\?%|percent)?\s+to\s+\d", re.IGNORECASE)
_CHANGE_HEAD = re.compile(r"^\s*(?:to|rightarrow|→|->)\s+[~≈]?\d[\d.,]*\s*(?:\\?%|percent)?")
_CHANGE_TAIL = re.compile(r"\d[\d.,]*\s*(?:\\?%|percent)?\s*(?:to|rightarrow|→|->)\s*[~≈]?$")
_EXAMPLE = re.compile(r"\b(?:e\.g\.|such as|including|like|i\.e\.)", re.IGNORECASE)
_RANGE_FROM = re.compile(r"\brange\s+from\s*$|\bbetween\s*$", re.IGNORECASE)


@lru_cache(maxsize=None)
def result_cues() -> dict[str, re.Pattern]:
    """The named cue patterns of ``patterns/results_cues.tsv``, compiled case-insensitively."""
    out = {}
    for line in CUE_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("\t")[:2]
            out[name.strip()] = re.compile(value.strip(), re.IGNORECASE)
    return out


class Ref(NamedTuple):
    """A mention of a resolved entity inside one field: where it is and which entity it names."""

    start: int
    end: int
    entity: Entity


class Number(NamedTuple):
    """A number that may be a result: the digits' span, value, unit and whether it sits in parentheses."""

    start: int
    end: int  # end of the digits
    tail: int  # end of the unit (== end when there is none)
    value: float
    unit: str
    sign: str
    paren: int  # offset of the "(" that holds it, or -1


def field_refs(entities: Sequence[Entity], field: str) -> list[Ref]:
    """Every mention of ``entities`` in ``field``, in text order."""
    refs = [Ref(m.start, m.end, e) for e in entities for m in e.mentions if m.field == field]
    refs.sort(key=lambda r: (r.start, -r.end))
    return refs


def own_system(entities: Sequence[Entity]) -> Entity | None:
    """The paper's own named method or model (the first one it introduces), else a metric it introduces."""
    return next((e for e in entities if e.introduced and e.type in _SUBJECT_TYPES), None) or next(
        (e for e in entities if e.introduced and e.type is EntityType.METRIC), None
    )


def _can_be_subject(entity: Entity) -> bool:
    """Models and methods achieve results; so does a metric the paper proposes (its correlation with humans)."""
    return entity.type in _SUBJECT_TYPES or entity.type is EntityType.METRIC and entity.introduced


def find_results(text: str, field: str, entities: Sequence[Entity], sentences: Sequence[tuple[int, int]],
                 original: str | None = None) -> tuple[Result, ...]:
    """The results reported in one field (``text``) of a paper whose resolved entities are ``entities``.

    ``sentences`` are the field's sentence spans; ``original`` is the unaltered field (for evidence;
    same length as ``text``). Only sentences with a digit are looked at.

    >>> from kg.types import Mention
    >>> def ent(name, t, start, intro=False):
    ...     return Entity(name, t, name.lower(), (Mention(name, "abstract", start, start + len(name), t, "rule"),), intro)
    >>> text = "On MMLU, FooNet reaches 81.8% accuracy, outperforming GPT-4o (79.2%)."
    >>> ents = [ent("MMLU", EntityType.BENCHMARK, 3), ent("FooNet", EntityType.METHOD, 9, True),
    ...         ent("accuracy", EntityType.METRIC, 30), ent("GPT-4o", EntityType.MODEL, 54)]
    >>> [(r.subject, r.benchmark, r.metric, r.value, r.unit, r.kind.value) for r in find_results(text, "abstract", ents, [(0, len(text))])]
    [('FooNet', 'MMLU', 'accuracy', 81.8, '%', 'score'), ('GPT-4o', 'MMLU', None, 79.2, '%', 'score')]
    """
    original = text if original is None else original
    # Cheap gates first: most fields name no benchmark or hold no digit.
    if not any(e.type is EntityType.BENCHMARK for e in entities) or _DIGIT.search(text) is None:
        return ()
    refs = field_refs(entities, field)
    if not any(r.entity.type is EntityType.BENCHMARK for r in refs):
        return ()
    single = _single_benchmark(entities)
    own = own_system(entities)
    starts = [r.start for r in refs]
    out: list[Result] = []
    seen: set[tuple] = set()
    for s_start, s_end in sentences:
        if _DIGIT.search(text, s_start, s_end) is None:
            continue
        s_refs = [r for r in refs[bisect_left(starts, s_start) : bisect_left(starts, s_end)] if r.end <= s_end]
        for result in _sentence_results(text, field, s_start, s_end, s_refs, own, single, original):
            key = (result.subject, result.benchmark, result.value, result.kind)
            if key not in seen:
                seen.add(key)
                out.append(result)
    return tuple(out)


def _single_benchmark(entities: Sequence[Entity]) -> Entity | None:
    """The paper's one benchmark, when it names exactly one (a sentence may then omit it)."""
    benchmarks = [e for e in entities if e.type is EntityType.BENCHMARK]
    return benchmarks[0] if len(benchmarks) == 1 else None


def find_numbers(text: str, start: int, end: int, refs: Sequence[Ref]) -> list[Number]:
    """Numbers in ``text[start:end]`` that may be results: not inside a name, a size, count, range or share.

    >>> [n.value for n in find_numbers("7B model, 31,325 questions, 2.5x faster, 18-25% and 87.8% on X", 0, 62, [])]
    [87.8]
    """
    cues = result_cues()
    out = []
    for match in _NUMBER.finditer(text, start, end):
        d_start, d_end = match.start(2), match.end(2)
        if any(r.start < d_end and d_start < r.end for r in refs):
            continue  # part of a name: "MATH-500", "Llama3-8B", "Terminal-Bench v2.0"
        unit_match = _UNIT.match(text, d_end, end)
        tail = unit_match.end() if unit_match else d_end
        unit_text = unit_match.group().strip().lower() if unit_match else ""
        unit = "%" if unit_text.endswith("%") or unit_text.startswith("percent") else ""
        after = text[tail : min(end, tail + 40)]
        before = text[max(start, d_start - 60) : match.start()]
        digits = match.group(2)
        if not unit and cues["size_after"].match(after.lstrip() if not after[:1] == "-" else after):
            continue  # "7B", "2.5x", "12.8 billion", "32 tokens", "10-shot"
        if unit and cues["share_after"].match(after.lstrip()):
            continue  # "2% of the data", "83% of ChatGPT performance"
        if cues["bound_before"].search(before[-20:]):
            continue  # "less than 60%": a bound, not a score
        if cues["range_after"].match(text, tail, min(end, tail + 12)) and not (
            " to" in after[:6] and (_from_before(before) or _FROM_TO.search(text, start, match.start()))
        ):
            continue  # "18-25%", "15 to 60 percentage points"; "from 70.9% to 77.6% ... and 46.9% to 59.1%" are changes
        if cues["range_before"].search(before[-14:]) and not _chained(text, start, match.start(), before):
            continue  # second half of a range
        if not unit and "." not in digits and not unit_text and not _scored_integer(text, start, match.start(), tail, end, refs):
            continue  # bare integers are counts, years and sizes unless a metric or "points" sits beside them
        if unit_text and not unit and "." not in digits and int(digits.replace(",", "")) > 100:
            continue
        if not unit_text and _VERSION_BEFORE.search(text, max(start, d_start - 30), d_start) and (
            not any(r.end == d_start - 1 for r in refs) or _SHORT_DECIMAL.fullmatch(digits)
        ) and _adjacent_metric(text, d_start, tail, end, refs) is None:
            continue  # "Prague Dependency Treebank 2.0", "Python 3.8": a version, not a score ("StrategyQA 58.9" is one)
        paren = _open_paren(text, start, d_start)
        value = float(digits.replace(",", ""))
        out.append(Number(d_start, d_end, tail, value, unit, match.group(1), paren))
    return out


def _from_before(before: str) -> bool:
    """Whether a number starts a "from X to Y" change (not "a range from X to Y")."""
    return bool(re.search(r"\bfrom\s+[~≈]?\s*$", before, re.IGNORECASE)) and not _RANGE_FROM.search(before[: before.lower().rfind("from") + 4])


def _chained(text: str, start: int, at: int, before: str) -> bool:
    """Whether "… X to Y" continues a change the sentence began with "from A to B" (not a range)."""
    head = text[start:at]
    if not re.search(r"\bto\s*[~≈]?\s*$", before, re.IGNORECASE):
        return False
    cut = head.rfind(" to")
    first = re.search(r"(\d[\d.,]*)\s*(?:\\?%|percent)?\s*$", head[:cut])
    return bool(first) and (_from_before(head[: first.start()]) or bool(_FROM_TO.search(head[: first.start()])))


def _scored_integer(text: str, start: int, at: int, tail: int, end: int, refs: Sequence[Ref]) -> bool:
    """Whether a bare integer reads as a score: a metric right before or after it, or "scores 94"."""
    before = text[max(start, at - 30) : at]
    if re.search(r"\b(?:scores?|scoring|scored)\s+(?:of\s+)?(?:about\s+|around\s+)?$", before, re.IGNORECASE):
        return True
    return _adjacent_metric(text, at, tail, end, refs) is not None


def _open_paren(text: str, start: int, at: int) -> int:
    """Offset of the unclosed "(" before ``at`` in ``text[start:at]`` (the parenthesis holding a number), else -1."""
    depth = 0
    for i in range(at - 1, max(start, at - 80) - 1, -1):
        char = text[i]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _adjacent_metric(text: str, at: int, tail: int, end: int, refs: Sequence[Ref]) -> Entity | None:
    """A metric written right beside a number: "accuracy of 0.66", "Pearson's r = 0.73", "94.0 pass@1"."""
    best = None
    for ref in refs:
        if ref.entity.type is not EntityType.METRIC:
            continue
        if ref.end <= at and at - ref.end <= 30 and _METRIC_GAP_BEFORE.match(text[ref.end : at]):
            best = ref.entity  # the nearest one before wins (refs are in order)
        elif ref.start >= tail and ref.start - tail <= 30 and _METRIC_GAP_AFTER.match(text[tail : ref.start]):
            return best or ref.entity
    return best


def _groups(text: str, numbers: Sequence[Number]) -> list[list[Number]]:
    """Numbers outside parentheses joined by "," / "and" ("81.8%, 34.7% and 76.4%") form one list."""
    groups: list[list[Number]] = []
    for number in numbers:
        if number.paren >= 0:
            continue
        if groups and _LINK.match(_PARENS.sub("", text[groups[-1][-1].tail : number.start - len(number.sign)])):
            groups[-1].append(number)
        else:
            groups.append([number])
    return groups


def _sentence_results(text: str, field: str, s_start: int, s_end: int, refs: list[Ref], own: Entity | None,
                      single: Entity | None, original: str) -> list[Result]:
    cues = result_cues()
    sentence = text[s_start:s_end]
    can_fall_back = single is not None and single.introduced
    if not can_fall_back and not any(r.entity.type is EntityType.BENCHMARK for r in refs):
        return []  # no benchmark to attach anything to: skip the number rules
    numbers = find_numbers(text, s_start, s_end, refs)
    if not numbers:
        return []
    benches = [
        r for r in refs
        if r.entity.type is EntityType.BENCHMARK and not _training_data(text, s_start, r.start)
        and not _NOT_BENCHMARK_HEAD.match(text, r.end) and not _NOT_BENCHMARK_HEAD.search(text, r.start, r.end)
    ]
    fallback = False
    if not benches:
        # A sentence may leave out the benchmark the paper introduces ("achieving 0.40 accuracy").
        if not can_fall_back or cues["result_plural"].search(sentence) or not cues["performance_word"].search(sentence):
            return []
        fallback = True
    distinct = _distinct(benches)
    groups = _groups(text, numbers)
    # A parenthesised number right after a listed one ("81.8% (+5.9%)") shares its benchmark and subject.
    anchor: dict[int, Number] = {}
    last_main: Number | None = None
    for number in numbers:
        if number.paren < 0:
            last_main = number
        elif last_main is not None and last_main.tail <= number.paren and not _ref_before(text, refs, number.paren):
            anchor[number.start] = last_main
    zipped_bench: dict[int, Entity] = {}
    zipped_subject: dict[int, Entity] = {}
    ambiguous: set[int] = set()
    if "respectively" in sentence.lower():
        for group in groups:
            if len(group) > 1 and len(group) == len(distinct):
                zipped_bench.update({n.start: b for n, b in zip(group, distinct)})
            elif len(group) > 1:
                subjects = _distinct([r for r in refs if _can_be_subject(r.entity) and r.end <= group[0].start])
                if len(distinct) == 1 and len(subjects) == len(group):
                    zipped_subject.update({n.start: s for n, s in zip(group, subjects)})
                else:  # "96.6% and 94.1% respectively" with one of the two benchmarks unrecognised
                    ambiguous.update(n.start for n in group)
        paren_only = [n for n in numbers if n.paren >= 0 and n.start not in anchor]
        if not groups and len(paren_only) == len(distinct) > 1:
            zipped_bench.update({n.start: b for n, b in zip(paren_only, distinct)})
    group_of = {n.start: g for g in groups for n in g}
    out = []
    for number in numbers:
        if _cost(text, s_start, number) or _aggregate(text, s_start, number, len(distinct), cues) or _possessed(text, number, benches):
            continue
        if number.paren >= 0 and number.start not in anchor:
            owner = _paren_owner(text, number.paren, refs)
            if owner is False:
                continue  # "NORB-small (2.2% error)": the number of a name we do not know
            if owner is not None and owner.entity.type is EntityType.BENCHMARK:
                zipped_bench[number.start] = owner.entity  # "MNIST (0.37% error)"
        base = anchor.get(number.start, number)
        if base.start in ambiguous:
            continue
        group = group_of.get(base.start, [base])
        if fallback:
            benchmark = single
        elif base.start in zipped_bench:
            benchmark = zipped_bench[base.start]
        elif len(distinct) == 1:
            benchmark = distinct[0] if _measured_on(text, group, benches) else None
        else:
            benchmark = _nearest_benchmark(text, s_start, s_end, [base], benches)
        if benchmark is None:
            continue
        subject = zipped_subject.get(base.start) or _subject(text, s_start, number, base, refs, own)
        metric = _adjacent_metric(text, group[0].start, group[-1].tail, s_end, refs) if number is base else _adjacent_metric(text, number.start, number.tail, s_end, refs)
        kind = _kind(text, s_start, s_end, number if number is not base else group)
        confidence = 0.6 if fallback else (0.9 if metric is not None or number.paren >= 0 else 0.8)
        out.append(Result(
            subject=subject.name if subject is not None else None,
            benchmark=benchmark.name,
            metric=metric.name if metric is not None else None,
            value=number.value,
            unit=number.unit,
            kind=kind,
            subset=_subset(text, s_start, s_end, refs, benchmark),
            evidence=original[s_start:s_end].strip(),
            field=field,
            start=number.start,
            end=number.end,
            confidence=confidence,
            extractor="results:" + ("fallback" if fallback else "sentence"),
        ))
    return out


def _measured_on(text: str, group: Sequence[Number], benches: Sequence[Ref]) -> bool:
    """Whether a sentence's one benchmark covers a number: named before it, or after it in the same clause.

    "+8.9% on SR (...); and +7.6% on ImageCoDe": the first number is not ImageCoDe's. A benchmark
    named with a possessive right before the number ("ArenaHard's 0.91") is the thing measured, not the set.
    """
    first, last = group[0], group[-1]
    for ref in benches:
        if ref.end <= first.start:
            if _POSSESSIVE.fullmatch(text, ref.end, first.start):
                return False
            return True
        if ref.start >= last.tail and ";" not in _PARENS.sub("", text[last.tail : ref.start]):
            return True
    return False


def _possessed(text: str, number: Number, benches: Sequence[Ref]) -> bool:
    """Whether the number compares benchmarks rather than systems.

    "ArenaHard's 0.91" (a benchmark's own correlation) or "20 points lower on RewardBench 2
    compared to the first RewardBench" (a benchmark set against another).
    """
    cue = result_cues()["benchmark_compare"]
    for ref in benches:
        if ref.end <= number.start and _POSSESSIVE.fullmatch(text, ref.end, number.start):
            return True
        if number.tail < ref.start <= number.tail + 90 and cue.search(text[number.tail : ref.start]):
            return True
    return False


def _aggregate(text: str, s_start: int, number: Number, n_benchmarks: int, cues: dict) -> bool:
    """Averages over several sets, numbers about other benchmarks, and hedged bounds ("30% or greater")."""
    if cues["bound_after"].match(text, number.end, number.tail + 30):
        return True
    before = text[s_start : number.start - len(number.sign)]
    if _AVERAGE_LABEL.search(before):
        return True  # "(MATH500: 73.6%, average: 35.9%)"
    clause = re.split(r"[,;(]|\band\b", before)[-2:] if "from" in before[-20:] or " to " in before[-6:] else re.split(r"[,;(]|\band\b", before)[-1:]
    clause_text = " ".join(clause) + text[number.tail : number.tail + 70]
    if cues["other_sets"].search(clause_text):
        return True
    return bool(cues["average_word"].search(clause_text)) and bool(cues["result_plural"].search(clause_text))


def _distinct(refs: Sequence[Ref]) -> list[Entity]:
    """The entities of ``refs`` in order of first mention, each once."""
    seen: dict[int, Entity] = {}
    for ref in refs:
        seen.setdefault(id(ref.entity), ref.entity)
    return list(seen.values())


def _training_data(text: str, s_start: int, at: int) -> bool:
    """Whether a benchmark mention is data a model was trained on ("fine-tuning X with MM-RLHF")."""
    return bool(result_cues()["training_before"].search(text[max(s_start, at - 60) : at]))


def _cost(text: str, s_start: int, number: Number) -> bool:
    """Whether the number measures cost or speed ("2.26x speedup (9.4% improvement)", "40% less memory")."""
    begin = number.paren if number.paren >= 0 else number.start
    window = text[max(s_start, begin - 30) : number.tail + 35]
    return bool(result_cues()["cost_words"].search(window))


def _nearest_benchmark(text: str, s_start: int, s_end: int, group: Sequence[Number], benches: Sequence[Ref]) -> Entity | None:
    """The benchmark a number is measured on when a sentence names several.

    First the nearest one after it introduced by "on"/"in"/... in the same clause ("77.6% on
    SWE-Bench Verified"), else the nearest one just before it ("StrategyQA 58.9", "MATH500: 73.6%").
    """
    last = group[-1]
    for ref in benches:
        if ref.start >= last.tail:
            gap = _PARENS.sub("", _CHANGE_HEAD.sub("", text[last.tail : ref.start]))  # "70.9% to 77.6% (+6.7%) on X"
            if len(gap) <= 90 and ";" not in gap and re.search(r"\b(?:on|in|at|for|across|over)\b", gap) and not re.search(r"\d", gap):
                # "6% in retrieval tasks, e.g., COCO": the number is the task's, the benchmark an example
                return None if _EXAMPLE.search(gap) else ref.entity
            break
    first = group[0]
    for ref in reversed(benches):
        if ref.end <= first.start:
            gap = _CHANGE_TAIL.sub("", text[ref.end : first.start])  # "StrategyQA 58.9 rightarrow 61.7"
            if len(gap) <= 30 and not re.search(r"[;.()\d]", gap):
                return ref.entity
            break
    return None


def _rstrip_end(text: str, end: int) -> int:
    """``len(text[:end].rstrip())`` without copying the prefix."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _paren_owner(text: str, paren: int, refs: Sequence[Ref]) -> Ref | None | bool:
    """What a parenthesised number belongs to: the entity named right before "(", None when the
    text before it is a plain phrase, False when it is a name that no entity covers."""
    head_end = _rstrip_end(text, paren)
    for ref in refs:
        if ref.end == head_end:
            return ref
    word = _LAST_WORD.search(text, max(0, head_end - 40), head_end)
    return False if word and re.search(r"[A-Z0-9]", word.group(1)[1:] or "") else None


def _ref_before(text: str, refs: Sequence[Ref], paren: int) -> Ref | None:
    """A model or method named right before the "(" at ``paren`` ("GPT-4o (84.7%)", "our X model (...)")."""
    head_end = _rstrip_end(text, paren)
    window = max(0, head_end - 40)
    head_noun = _HEAD_NOUN.search(text, window, head_end)
    if head_noun:
        head_end = _rstrip_end(text, head_noun.start())
    for ref in refs:
        if _can_be_subject(ref.entity) and ref.end == head_end:
            return ref
    return None


def _subject(text: str, s_start: int, number: Number, base: Number, refs: Sequence[Ref], own: Entity | None) -> Entity | None:
    """Who achieved the number: a baseline named before its parentheses, the credited system, or our own."""
    cues = result_cues()
    if number.paren >= 0:
        named = _ref_before(text, refs, number.paren)
        if named is not None:
            return named.entity
    at = base.start
    before_refs = [r for r in refs if _can_be_subject(r.entity) and r.end <= at]
    if re.search(r"\bfrom\s+[~≈]?\s*$", text[max(s_start, at - 12) : at], re.IGNORECASE):
        models = [r for r in before_refs if r.entity.type is EntityType.MODEL]
        if models:
            return models[-1].entity  # "boosts GPT-4's performance from 50%": the base model's own score
    after = _CHANGE_HEAD.sub("", text[number.tail : number.tail + 60])
    named_for = re.match(r"\s*(?:for|with|by)\s+(?:the\s+)?", after)
    if named_for:
        at_name = number.tail + (len(text[number.tail : number.tail + 60]) - len(after)) + named_for.end()
        ref = next((r for r in refs if r.start == at_name and _can_be_subject(r.entity)), None)
        if ref is not None:
            return ref.entity  # "from 55.3% to 80.5% for CaffeNet"
    subjects = [r for r in before_refs if not cues["object_before"].search(text[max(s_start, r.start - 40) : r.start])]
    own_cue = cues["own_system"].search(text, s_start, at)
    if own_cue is not None:
        # "our model s1-32B", "Our model -- FactEdit --": the name right after "our ..." is ours
        named_after = next((r for r in subjects if own_cue.end() <= r.start and not re.search(r"\w", text[own_cue.end() : r.start])), None)
        return named_after.entity if named_after is not None else own
    chosen = next((r for r in subjects if cues["subject_verb"].match(text, r.end, at)), None) or (subjects[0] if subjects else None)
    if chosen is None:
        return None
    if chosen.entity.type is EntityType.MODEL and own is not None and own is not chosen.entity and _names(text, s_start, at, own):
        return own  # "RISE ... preference learning on Qwen2-7B yielding 3.0%": the method, not its base model
    return chosen.entity


def _names(text: str, start: int, end: int, entity: Entity) -> bool:
    """Whether ``text[start:end]`` names ``entity`` by its name or any alias (as a whole word)."""
    return any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text[start:end]) for name in {entity.name, *entity.aliases})


def _kind(text: str, s_start: int, s_end: int, target: Number | Sequence[Number]) -> ResultKind:
    """"delta" for a change ("by 3.8%", "+5.9%", "7.9 EM gains", "a 22% relative improvement"), else "score"."""
    cues = result_cues()
    group = [target] if isinstance(target, Number) else list(target)
    if any(n.sign for n in group):
        return ResultKind.DELTA
    first, last = group[0], group[-1]
    before = text[max(s_start, first.start - 45) : first.start - len(first.sign)]
    if cues["score_before"].search(before):
        return ResultKind.SCORE
    if cues["delta_before"].search(before):
        return ResultKind.DELTA
    after = text[last.tail : min(s_end, last.tail + 45)]
    if cues["delta_after"].match(after):
        return ResultKind.DELTA
    return ResultKind.SCORE


def _subset(text: str, s_start: int, s_end: int, refs: Sequence[Ref], benchmark: Entity) -> str | None:
    """Words narrowing the set or setting: a short parenthesis after the benchmark, or "zero-shot"."""
    for ref in refs:
        if ref.entity is benchmark:
            paren = re.match(r"\s*\(([^()%]{2,30})\)", text[ref.end : s_end])
            if paren and normalize_name(paren.group(1)) not in {normalize_name(a) for a in (benchmark.name, *benchmark.aliases)}:
                return paren.group(1).strip()
    shot = _SHOT.search(text, s_start, s_end)
    return shot.group() if shot else None
