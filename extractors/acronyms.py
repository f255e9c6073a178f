"""Acronym definitions in both directions, after Schwartz & Hearst (2003).

"A Simple Algorithm for Identifying Abbreviation Definitions in Biomedical Text" (PSB 2003):
a short form in parentheses after its long form ("Dual-Weighted Reinforcement Learning
(DWRL)"), or the reverse ("FRAMES (Factuality, Retrieval, And reasoning MEasurement Set)").
The long form is the shortest run of preceding words whose characters contain the short
form's characters in order, the first one starting a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,200})\)")
_WORD = re.compile(r"\S+")
#: ``[;:()\[\]]|[.!?]\s|,\s(?:which|where|that|and we|while)\b``, led by the class of its first
#: characters so the engine skips ahead (a pattern led by alternatives is tried at every position).
_CLAUSE_BREAK = re.compile(r"[;:()\[\].!?,](?:(?<=[;:()\[\]])|(?<=[.!?])\s|(?<=,)\s(?:which|where|that|and we|while)\b)")
_SHORT_LEAD = re.compile(r"^(?:or|aka|a\.k\.a\.?,?|i\.e\.,?|e\.g\.,?|also|called|namely|hereafter|short)\s+")
_SHORT_SPLIT = re.compile(r"[;,]\s")
_SHORT_OK = re.compile(r"^[A-Za-z0-9][\w.^+&/-]*(?:\s[\w.^+-]+)?$")


@dataclass(frozen=True)
class AcronymDef:
    """A short form and the long form it abbreviates, with character spans in the same text."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int


def best_long_form(short: str, long: str) -> str | None:
    """The shortest suffix of ``long`` (whole words) that spells ``short``, or None.

    >>> best_long_form("DWRL", "we propose Dual-Weighted Reinforcement Learning")
    'Dual-Weighted Reinforcement Learning'
    >>> best_long_form("CoT", "scaling chain-of-thought") 
    'chain-of-thought'
    """
    if short.isascii() and long.isascii():
        return _best_long_form_ascii(short, long)
    return _best_long_form_chars(short, long)


def _best_long_form_chars(short: str, long: str) -> str | None:
    """``best_long_form`` a character at a time (any text: "İ".lower() is two characters)."""
    s_idx = len(short) - 1
    l_idx = len(long) - 1
    while s_idx >= 0:
        char = short[s_idx].lower()
        if not char.isalnum():
            s_idx -= 1
            continue
        while (l_idx >= 0 and long[l_idx].lower() != char) or (
            s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum()
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = max(long.rfind(" ", 0, l_idx + 1), long.rfind("\n", 0, l_idx + 1)) + 1
    return long[start:]


def _best_long_form_ascii(short: str, long: str) -> str | None:
    """``best_long_form`` for ASCII text, where lower-casing keeps every character in place,
    so each letter of the short form is looked for with one ``rfind``."""
    low = long.lower()
    l_idx = len(long) - 1
    for s_idx in range(len(short) - 1, -1, -1):
        char = short[s_idx].lower()
        if not char.isalnum():
            continue
        l_idx = low.rfind(char, 0, l_idx + 1)
        # The first letter must start a word.
        while s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum():
            l_idx = low.rfind(char, 0, l_idx)
        if l_idx < 0:
            return None
        l_idx -= 1
    start = max(long.rfind(" ", 0, l_idx + 1), long.rfind("\n", 0, l_idx + 1)) + 1
    return long[start:]


def is_short_form(text: str) -> bool:
    """Whether ``text`` can be an acronym: one or two words, <= 12 chars, a capital letter.

    >>> is_short_form("DWRL"), is_short_form("GPMs"), is_short_form("e.g., ten")
    (True, True, False)
    """
    if not 2 <= len(text) <= 12 or not _SHORT_OK.match(text):
        return False
    if not any(c.isupper() for c in text) or not text[0].isalnum():
        return False
    return sum(c.isalpha() for c in text) >= 2


_LEAD_WORDS = frozenset("propose proposed proposes introduce introduced introduces present presented presents a an the we our novel new called named termed dubbed namely use using".split())


def _drop_lead_words(short: str, long: str) -> str | None:
    """Drop leading verbs and articles a long form swallowed when the short form is spelt oddly.

    "propose an ImPlicit Self-ImprovemenT" for "PIT" becomes "ImPlicit Self-ImprovemenT".
    """
    words = long.split(" ")
    if words[0].lower() not in _LEAD_WORDS:
        return long
    while len(words) > 1 and words[0].lower() in _LEAD_WORDS:
        words = words[1:]
    rest = " ".join(words)
    letters = [c.lower() for c in short if c.isalnum()]
    pos = 0
    for c in rest.lower():  # the short form's letters must still appear in order
        if pos < len(letters) and c == letters[pos]:
            pos += 1
    return rest if pos == len(letters) else None


def _valid_pair(short: str, long: str) -> bool:
    words = long.split()
    if len(long) <= len(short) or not words:
        return False
    if len(words) > min(len(short) + 5, len(short) * 2):
        return False
    if long.lower().startswith(short.lower() + " "):
        return False
    return short[0].lower() == long[0].lower() or short[0].isdigit() or long.split()[0][:1].isupper()


_LAST_WORD = re.compile(r"(\S+)\s*$")


def _last_word(text: str, end: int) -> re.Match | None:
    """``re.search(r"(\\S+)\\s*$", text[:end])``, found by stepping back over the blanks and the word.

    A search tries every start and is quadratic in the word lengths; the anchored match at the
    word's first character gives the same spans.
    """
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return _LAST_WORD.match(text, start, end) if start < stop else None


def find_acronyms(text: str) -> list[AcronymDef]:
    """Every acronym definition in ``text``, in order (both directions).

    >>> [(d.short, d.long) for d in find_acronyms("we propose Dual-Weighted Reinforcement Learning (DWRL), a")]
    [('DWRL', 'Dual-Weighted Reinforcement Learning')]
    >>> [(d.short, d.long) for d in find_acronyms("FRAMES (Factuality, Retrieval, And reasoning MEasurement Set)")]
    [('FRAMES', 'Factuality, Retrieval, And reasoning MEasurement Set')]
    """
    out: list[AcronymDef] = []
    for paren in _PAREN.finditer(text):
        inner = paren.group(1).strip()
        inner_start = paren.start(1) + (len(paren.group(1)) - len(paren.group(1).lstrip()))
        before = text[max(0, paren.start() - 300) : paren.start()]
        cut = 0
        for brk in _CLAUSE_BREAK.finditer(before):
            cut = brk.end()
        window = before[cut:].rstrip()
        window_start = paren.start() - len(before) + cut
        # The short form inside may be followed by "; ..." or ", ..." - keep its first part.
        short = _SHORT_SPLIT.split(inner)[0].strip()
        lead = _SHORT_LEAD.match(short)
        if lead:
            short = short[lead.end() :]
            inner_start += lead.end()
        if is_short_form(short) and window:
            words = list(_WORD.finditer(window))
            limit = min(len(short) + 5, len(short) * 2)
            sub_start = words[-limit].start() if len(words) > limit else 0
            candidate = window[sub_start:]
            long = best_long_form(short, candidate)
            if long:
                long = _drop_lead_words(short, long)
            if long and _valid_pair(short, long):
                long = long.strip(" ,\"'“”")
                long_start = window_start + window.rfind(long)
                out.append(AcronymDef(short, inner_start, inner_start + len(short), long, long_start, long_start + len(long)))
                continue
        # Reverse direction: SHORT (long form).
        if len(inner.split()) >= 2:
            prev = _last_word(text, paren.start())
            if prev:
                short = prev.group(1).strip(",;:\"'“”")
                if is_short_form(short) and " " not in short:
                    long = best_long_form(short, inner)
                    if long == inner and _valid_pair(short, long):
                        s_start = prev.start(1) + prev.group(1).find(short)
                        out.append(AcronymDef(short, s_start, s_start + len(short), inner, inner_start, inner_start + len(inner)))
    return out
