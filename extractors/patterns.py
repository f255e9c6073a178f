"""Context patterns that find names the lexicon does not know, and type them from their context.

Rules (all over raw text, so offsets are exact):
- introductions: "we propose/introduce/present X", "called/dubbed/named X";
- apposition: "X, a (new) benchmark/framework/model" (the head noun gives the type);
- head noun after the name: "X benchmark", "X dataset", "X models", "X framework";
- lists in an evaluation context: "on A, B and C", "benchmarks such as A and B";
- the title prefix "X: a description" names what the paper introduces.
A candidate must look like a name (a capital inside a word, letters and digits mixed, or a
run of Capitalised words), so "a new benchmark" or "our approach" are never candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.filtering import is_generic
from kg.types import EntityType

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"


@lru_cache(maxsize=None)
def head_nouns() -> dict[str, EntityType]:
    """Head noun -> type, from ``patterns/head_nouns.tsv``."""
    out = {}
    for line in (PATTERN_DIR / "head_nouns.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            noun, type_name = line.split("\t")[:2]
            out[noun.strip()] = EntityType(type_name.strip())
    return out


@lru_cache(maxsize=None)
def cues() -> dict[str, str]:
    """Named regular-expression fragments from ``patterns/cues.tsv``."""
    out = {}
    for line in (PATTERN_DIR / "cues.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("\t")[:2]
            out[name.strip()] = value.strip()
    return out


#: Capitalised words that start sentences or headings but are not names.
COMMON_CAPITALISED = frozenset(
    "a an the we our in on of for to this that these those it its however moreover furthermore additionally "
    "finally first second third then thus therefore while when where with without by from as at specifically "
    "although despite unlike recent recently existing current previous prior large small new novel extensive "
    "experiments experimental results code data our through using based given each both all many most some such "
    "here there via and or but not no yes is are be can may also toward towards what how why which who one two "
    "three several various lastly overall notably importantly consequently instead rather beyond across after "
    "before during since until upon within into over under between among against because unless whether if once".split()
)

# A hyphen compound with at least one capital letter or digit+letter mix somewhere.
_COMP = r"(?:[\w^+]+(?:\.\d+)?-)*[\w^+]*(?:[A-Z]|\d[A-Za-z]|[A-Za-z]\d)[\w^+]*(?:\.\d+)?(?:-[\w^+]+(?:\.\d+)?)*"
_CONN = r"(?:of|for|with|via)"
PROPER = rf"{_COMP}(?:[ ](?:{_CONN}[ ])?{_COMP}){{0,5}}"
_PROPER_RE = re.compile(rf"(?<![\w-]){PROPER}(?![\w-])")
_COMP_RE = re.compile(_COMP)
_SEED_RE = re.compile(r"[A-Z0-9^][\w^+.-]*")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_^+.-")
_CONNECTORS = ("of ", "for ", "with ", "via ")


@lru_cache(maxsize=1 << 16)
def _is_compound(word: str) -> bool:
    """Whether ``word`` is one name-like compound (``_COMP``); the same words recur in every abstract."""
    return _COMP_RE.fullmatch(word) is not None


@lru_cache(maxsize=16)
def proper_phrases(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the runs of name-like words in ``text`` (what ``PROPER`` matches), found fast.

    The scan starts only at capitals and digits (a C-speed character search), widens each hit
    to its whole word, and joins words separated by one space or a connector ("of", "for").

    >>> t = "We use Jiminy Cricket and mini-SWE-agent, GPT-4o."
    >>> [t[s:e] for s, e in proper_phrases(t)]
    ['We', 'Jiminy Cricket', 'mini-SWE-agent', 'GPT-4o']
    """
    words: list[tuple[int, int]] = []
    last_end = -1
    for m in _SEED_RE.finditer(text):
        start, end = m.start(), m.end()
        if start < last_end:
            continue
        while start > 0 and text[start - 1] in _WORD_CHARS:
            start -= 1
        while end > start and text[end - 1] in ".-":
            end -= 1
        if start < last_end or not _is_compound(text[start:end]):
            last_end = max(last_end, m.end())
            continue
        words.append((start, end))
        last_end = m.end()
    phrases: list[list[int]] = []
    for start, end in words:
        if phrases:
            prev_end = phrases[-1][1]
            gap = text[prev_end:start]
            if (gap == " " or (gap[:1] == " " and gap[1:] in _CONNECTORS)) and len(phrases[-1]) < 8:
                phrases[-1][1] = end
                continue
        phrases.append([start, end])
    return tuple((s, e) for s, e in phrases)


_SPACE_OR_HYPHEN = re.compile(r"[\s-]+")
_FIRST_WORD = re.compile(r"\S+")
_LAST_WORD = re.compile(r"(?:^| )(\S+)$")
_LOWER_WORD = re.compile(r"[a-z][a-z-]*")
_TITLE_PREFIX = re.compile(r"\s*([^:]{1,40}):\s+\S")
_NEW_WORD = re.compile(r"\b(?:new|novel|first|simple|unified|general|our)\b")
_PROPER_ITEM = re.compile(PROPER)
_NOT_A_NAME = re.compile(r"^(?:\d[\d.,]*[A-Za-z]{1,2}(?:-[a-z]+)?|[A-Z]\d?|\d+(?:st|nd|rd|th))$")


@dataclass(frozen=True)
class Candidate:
    """A name found by a context rule: span, type (None = decide later), rule, introduced."""

    start: int
    end: int
    type: EntityType | None
    rule: str
    introduced: bool = False
    confidence: float = 0.7
    head_end: int | None = None  # end of "<name> framework" when a head noun follows the name
    group: int | None = None  # list items: where their list starts, shared by the items of one list


@lru_cache(maxsize=1 << 16)
def looks_like_name(text: str) -> bool:
    """Whether ``text`` is spelled like a name rather than a plain word or description.

    >>> looks_like_name("ThinkEdit"), looks_like_name("GSM8K"), looks_like_name("Jiminy Cricket")
    (True, True, True)
    >>> looks_like_name("However"), looks_like_name("benchmark")
    (False, False)
    """
    words = text.split()
    if not words:
        return False
    if len(words) == 1:
        word = words[0]
        if _NOT_A_NAME.match(word):
            return False
        if word.lower() in COMMON_CAPITALISED:
            return False
        if any(c.isupper() for c in word[1:]) or (any(c.isdigit() for c in word) and any(c.isalpha() for c in word)):
            return True
        return "-" in word and word[0].isupper() or "^" in word
    if _NOT_A_NAME.match(words[0]):
        return False
    content = [w for w in words if w not in ("of", "for", "with", "via")]
    return all(w[0].isupper() or w[0].isdigit() or any(c.isupper() for c in w) for w in content) and not all(
        w.lower() in COMMON_CAPITALISED for w in content
    )


@lru_cache(maxsize=1 << 16)
def strongly_named(text: str) -> bool:
    """Whether some word of ``text`` has a capital inside it or mixes letters and digits ("GSM8K", "ChEF").

    Title Case alone proves nothing in a title, where every word is capitalised.

    >>> strongly_named("Long-Text Capability"), strongly_named("Uni-Perceiver v2"), strongly_named("ToMi")
    (False, True, True)
    """
    for word in _SPACE_OR_HYPHEN.split(text):
        if _NOT_A_NAME.match(word):
            continue
        if any(c.isupper() for c in word[1:]) or (any(c.isdigit() for c in word) and any(c.isalpha() for c in word)) or "^" in word:
            return True
    return False


_PLAIN_WORD = re.compile(r"[A-Z][a-z]{3,}")
#: Endings of plain English nouns, adjectives and verb forms ("Position", "Scaling", "Transformers").
_WORD_ENDING = re.compile(r"(?:tion|sion|ing|ment|ness|ity|ism|ance|ence|ics|ed|ly|able|ible|ive|ous|ful|less|ize|ise|ate|ogy|[^su]s|ss)$")


def title_word(name: str) -> bool:
    """Whether a title's prefix is one coined Capitalised word ("Mirostat: A Neural Text Decoding Algorithm").

    Not a common word of English writing by its ending ("Position: ...", "Scaling: ...", "Transformers: ...");
    the pipeline keeps it only when the abstract writes it again with its capital.
    """
    return (
        _PLAIN_WORD.fullmatch(name) is not None
        and name.lower() not in COMMON_CAPITALISED
        and _WORD_ENDING.search(name) is None
    )


def trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop common capitalised words at either end and trailing dots of a name span."""
    while True:
        piece = text[start:end]
        first = _FIRST_WORD.match(piece)
        if first and first.group().lower() in COMMON_CAPITALISED and " " in piece:
            start += first.end() + 1
            continue
        last = _LAST_WORD.search(piece)
        if last and last.group(1).lower() in COMMON_CAPITALISED | {"of", "for", "with", "via"} and " " in piece:
            end = start + last.start(1) - 1
            continue
        break
    while end > start and text[end - 1] in ".,":
        end -= 1
    return start, end


_CONNECTOR_TAIL = re.compile(r" (?:of|for|with|via) (\S+)$")
_LOWER_NEXT = re.compile(r" [a-z]")


def _drop_generic_tail(text: str, start: int, end: int) -> int:
    """The end of a name without a connector and a generic word that a plain noun continues.

    "LLMEval^2 for LLM evaluators" names "LLMEval^2"; "Reinforcement Learning for Language
    Models (RL4LMs)" keeps its tail.
    """
    name = text[start:end]
    if " of " not in name and " for " not in name and " with " not in name and " via " not in name:
        return end
    tail = _CONNECTOR_TAIL.search(text, start, end)
    if tail and is_generic(tail.group(1)) and _LOWER_NEXT.match(text, end):
        return tail.start()
    return end


def _name_at(text: str, pos: int, lenient: bool = False) -> tuple[int, int] | None:
    """The name starting exactly at ``pos``; ``lenient`` also accepts one Capitalised word ("Themis")."""
    match = _PROPER_RE.match(text, pos)
    if not match:
        return None
    start, end = trim_name(text, match.start(), match.end())
    if end <= start:
        return None
    name = text[start:end]
    if " " in name:
        end = _drop_generic_tail(text, start, end)
        name = text[start:end]
    if looks_like_name(name):
        return start, end
    if lenient and " " not in name and name[:1].isupper() and name[1:].islower() and name.lower() not in COMMON_CAPITALISED:
        return start, end
    return None


_NO_SKIP = frozenset("of on in for with to from by at over across against than via using into between about".split())
_LOWER_TERM = re.compile(r"([a-z][a-z-]+(?: [a-z][a-z-]+){0,2})(?=[.,;:)])")
_RESULT_VERB = re.compile(
    r" (?:(?:also|further|consistently|significantly|substantially|clearly|even|still)\s+)?"
    r"(?:achieves|achieved|outperforms|outperformed|surpasses|surpassed|attains|attained|reaches|obtains|sets|establishes|"
    r"exceeds|beats|yields|delivers|improves|boosts|matches|rivals)\b"
)
#: The first four letters of every ``_RESULT_VERB`` match after its blank: a cheap test before the pattern.
_RESULT_VERB_STARTS = frozenset(
    "achi outp surp atta reac obta sets esta exce beat yiel deli impr boos matc riva also furt cons sign subs clea even stil".split()
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|on|in|for|with|to|from|by|over|than|into|via|using|and|or|the|a|an)\s+$", re.I)


def _initials_of(short: str, before: str) -> bool:
    """Whether the capitals of ``short`` are, in order, initials of the words before it: an acronym's long form.

    "generative preference models (GPMs)" is one; "a margin focused loss (Margin-MSE)" is not.
    """
    capitals = [c.lower() for c in short if c.isupper()]
    initials = [w[0].lower() for w in re.findall(r"[A-Za-z][\w]*", before)[-8:]]
    i = 0
    for letter in initials:
        if i < len(capitals) and letter == capitals[i]:
            i += 1
    return bool(capitals) and i == len(capitals)


def _subject_at(text: str, start: int, end: int) -> bool:
    """Whether the phrase at ``start`` can be a sentence's subject: not the object of a preposition or a list item."""
    return _PREPOSITION_BEFORE.search(text, max(0, start - 12), start) is None


_CALL_THIS = re.compile(r"(?:it|them|this|these|that|our|the resulting)\s+(?:(?:new|novel|proposed|overall|whole|full|simple)\s+)?(?:[a-z]+\s+)?")
_EXAMPLE_LEAD = re.compile(r"(?:e\.g\.|such as|including|like)\s")
#: The head noun of the thing exemplified, last or before a short "for X" ("MTL methods for RS (e.g.").
_EXAMPLE_HEAD = re.compile(r"([A-Za-z]+)(?:\s+(?:for|in|of)\s+\S+(?:\s+\S+)?)?[\s,(]*$")
_ITEM_END = re.compile(r"\s*(?:[,;.)]|and\b|or\b|$)")
_LAST_LOWER = re.compile(r"([a-z]+)\s+$")
_LICENCE = re.compile(r"(?:CC|GPL|LGPL|MIT|Apache|BSD)\b")
_A_DESC = re.compile(r",?\s+(?:a|an)\s")
_TERM_AND_SHORT = re.compile(r"[a-z][a-z-]+(?: [a-z][a-z-]+){0,3} \(([A-Za-z][\w-]{1,11})\)")
_COORD_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
_WORD_AHEAD = re.compile(r"[\w-]+\s+")
_HEAD_COMMA = re.compile(r"[\w-]+,\s+")
_DESCRIBED_SKIP = 9


def _count_words(text: str, word: str) -> int:
    """How often ``word`` occurs in ``text`` as a whole word (at most 2 counted)."""
    count, pos = 0, text.find(word)
    while pos >= 0 and count < 2:
        end = pos + len(word)
        if (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            count += 1
        pos = text.find(word, end)
    return count


def _names_from(text: str, pos: int, max_skip: int = 4, described: bool = False) -> list[tuple[int, int]]:
    """Names at ``pos`` or up to ``max_skip`` plain words later, plus names coordinated with it.

    "we propose two techniques ConvexDA and RewardFusion" gives both names. With ``described``
    (after an introducing verb) a longer description counts when its head noun comes right
    before the name, bare or with a comma: "we construct the largest and most diverse English
    evaluation benchmark LLMEval^2", "we introduce an open-source modular library, RL4LMs".
    """
    found: list[tuple[int, int]] = []
    head = False  # the word just skipped is a head noun ("benchmark", "library")
    previous = ""
    for skipped in range((_DESCRIBED_SKIP if described else max_skip) + 1):
        span = _name_at(text, pos, lenient=True) if skipped <= max_skip or head else None
        if span and (skipped <= max_skip or strongly_named(text[span[0] : span[1]]) or _count_words(text, text[span[0] : span[1]]) >= 2):
            found.append(span)
            break
        word = _WORD_AHEAD.match(text, pos) or (_HEAD_COMMA.match(text, pos) if described else None)
        if not word or word.group().strip().lower() in _NO_SKIP:
            return []  # "we present results on MMLU": MMLU is not what the paper introduces
        low = word.group().strip().lower()
        if low.endswith(","):
            if low[:-1] not in head_nouns() and f"{previous} {low[:-1]}" not in head_nouns():
                return []  # "we propose a method, which ..."; "a new evaluation setup, X" counts
            span = _name_at(text, word.end(), lenient=True)
            if span and strongly_named(text[span[0] : span[1]]):
                found.append(span)
            break
        head = low in head_nouns()
        previous = low
        pos = word.end()
    while found:
        coord = _COORD_NEXT.match(text, found[-1][1])
        if not coord:
            break
        span = _name_at(text, coord.end(), lenient=True)
        if not span:
            break
        found.append(span)
    return found


def _type_of_head(words: str, first: bool = False) -> EntityType | None:
    """Type of the head noun in a short description: the last one, or the first when ``first``."""
    nouns = head_nouns()
    lowered = words.lower().strip()
    tokens = _LOWER_WORD.findall(lowered)
    if first:
        for i in range(len(tokens)):
            for size in (2, 1):
                phrase = " ".join(tokens[i : i + size])
                if phrase in nouns:
                    return nouns[phrase]
        return None
    for size in (2, 1):
        for i in range(len(tokens) - size + 1):
            phrase = " ".join(tokens[i : i + size])
            if phrase in nouns:
                return nouns[phrase]
    return None


_INTRO_SUBJECT = "[Ww]e|[Tt]his (?:paper|work)|[Hh]ere,? we"


def _compile(fast: bool = True) -> dict[str, re.Pattern]:
    """The context rules. ``fast=False`` gives the readable forms the fast ones must equal.

    Python's engine skips ahead only when a pattern starts with a literal or a character class;
    one that starts with ``\\b`` is tried at every position. The fast intro and naming rules start
    with the class of their first letters (``word_start``), which halves a scan's cost; the
    naming rule is scanned so. The intro and list rules are not scanned at all: ``rule_matches``
    finds their lead words with ``str.find`` and matches them only there.
    """
    c = cues()
    heads = "|".join(sorted((re.escape(h) for h in head_nouns()), key=len, reverse=True))
    intro_rest = (
        rf"\s+(?:have\s+)?(?:(?:{c['intro_adverb']})\s+)?(?:{c['intro_verb']})(?:s|d|ed)?\s+"
        rf"(?P<desc>(?:(?:a|an|the|our)\s+)?(?:[\w-]+\s+){{0,4}}?)(?=\S)"
    )
    naming_rest = r"\s+(?:as\s+)?[\"“']?(?=\S)"
    items = rf"\s+(?P<items>(?:the\s+)?{PROPER}(?:\s*,\s*(?:the\s+)?{PROPER})*(?:\s*,?\s*(?:and|or|&)\s+(?:the\s+)?{PROPER})?)"
    pitems = rf"(?P<pitems>{PROPER}(?:\s*,\s*{PROPER})+(?:\s*,?\s*(?:and|or|&)\s+{PROPER})?)\)"
    intro, naming = ((fast and word_start(a)) or rf"\b(?:{a})" for a in (_INTRO_SUBJECT, c["naming_verb"]))
    return {
        "intro": re.compile(intro + intro_rest),
        "naming": re.compile(naming + naming_rest),
        # Matched right after a proper phrase (see find_candidates).
        "apposition": re.compile(r",?\s+(?:--\s+|—\s*)?(?:a|an|the|our)\s+(?P<desc>(?:[\w-]+\s+){0,6}[\w-]+)"),
        "copula": re.compile(r"\s+is\s+(?:a|an)\s+(?:new\s+|novel\s+)?(?P<desc>(?:[\w-]+\s+){0,4}[\w-]+)"),
        "head": re.compile(rf"\s+(?P<head>{heads})\b", re.IGNORECASE),
        "list": re.compile(rf"\b(?:{c['list_lead']})" + items + r"|\(" + pitems),
    }


def word_start(alternatives: str) -> str | None:
    r"""``\b(?:ALTERNATIVES)`` led by the class of the first letters, so the engine can skip ahead.

    The first letter is consumed by the class, the word boundary becomes a look-behind over it
    and the character before, and each alternative checks its own first letter by look-behind:
    the same matches at the same places. None unless every alternative starts with a letter or
    a class of letters like "[Ww]".

    >>> word_start("on|such as|[Ww]e")
    '[osWw](?<!\\w.)(?:(?<=o)n|(?<=s)uch as|(?<=[Ww])e)'
    """
    firsts: list[str] = []
    branches = []
    for alternative in _top_level_alternatives(alternatives):
        class_end = alternative.find("]") + 1 if alternative.startswith("[") else 0
        first = alternative[1 : class_end - 1] if class_end else alternative[:1]
        if not first or not first.isalpha():
            return None
        firsts.extend(ch for ch in first if ch not in firsts)
        look = f"[{first}]" if class_end else first
        branches.append(f"(?<={look}){alternative[class_end or 1 :]}")
    return f"[{''.join(firsts)}]" + r"(?<!\w.)(?:" + "|".join(branches) + ")"


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at the "|" that are outside groups and classes."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@lru_cache(maxsize=None)
def _rules() -> dict[str, re.Pattern]:
    return _compile()


def literal_prefix(alternative: str) -> str:
    r"""The plain text every match of one regex alternative starts with ("" when it starts otherwise).

    >>> literal_prefix(r"e\.g\.,?"), literal_prefix("such as"), literal_prefix("[Ww]e")
    ('e.g.', 'such as', '')
    """
    out: list[str] = []
    i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "\\" and i + 1 < len(alternative) and not alternative[i + 1].isalnum():
            out.append(alternative[i + 1])
            i += 2
            continue
        if ch in "?*{":
            out = out[:-1]  # the character before is optional
            break
        if ch in "\\[(|^$.+)":
            break
        out.append(ch)
        i += 1
    return "".join(out)


def lead_texts(alternatives: str) -> tuple[tuple[str, bool], ...] | None:
    r"""What every match of ``\b(?:ALTERNATIVES)`` starts with: each alternative's plain-text start
    (a leading class of letters gives one per letter), with whether it is the whole alternative.

    None when some alternative has no plain-text start (a user's cue file may hold any regex).

    >>> lead_texts(r"on|e\.g\.,?|[Tt]his (?:paper|work)")
    (('on', True), ('e.g.', False), ('This ', False), ('this ', False))
    """
    leads = []
    for alternative in _top_level_alternatives(alternatives):
        firsts, rest = [""], alternative
        if alternative.startswith("["):
            close = alternative.find("]")
            firsts, rest = sorted(alternative[1:close]), alternative[close + 1 :]
            if close < 2 or not all(ch.isalpha() for ch in firsts):
                return None
        prefix = literal_prefix(rest)
        if not (prefix or firsts[0]):
            return None
        leads.extend((first + prefix, prefix == rest) for first in firsts)
    return tuple(dict.fromkeys(leads))


@lru_cache(maxsize=None)
def _rule_leads(name: str) -> tuple[tuple[str, bool], ...] | None:
    """The lead texts of the intro and list rules; the list rule also starts at "("."""
    if name == "intro":
        return lead_texts(_INTRO_SUBJECT)
    leads = lead_texts(cues()["list_lead"])
    return None if leads is None else (*leads, ("(", False))


def rule_matches(name: str, text: str) -> list[re.Match]:
    r"""``list(_rules()[name].finditer(text))`` for the intro and list rules, tried only where they can start.

    Both begin with ``\b(?:we|this|...)`` or ``\b(?:on|including|...)``, which the engine tries
    at every position; ``str.find`` of the lead words is far quicker, and matching at each found
    place, left to right and past the previous match, gives the same matches. Places the rule
    cannot match at are skipped: a word character before, or no blank after a whole lead word
    (both rules want ``\s+`` there).
    """
    rule = _rules()[name]
    leads = _rule_leads(name)
    if leads is None:
        return list(rule.finditer(text))
    found: list[int] = []
    for word, whole in leads:
        bounded = word[:1].isalnum()  # the rule's \b: no word character may come before
        pos = text.find(word)
        while pos >= 0:
            after = pos + len(word)
            if not (bounded and pos and (text[pos - 1].isalnum() or text[pos - 1] == "_")) and not (
                whole and not text[after : after + 1].isspace()
            ):
                found.append(pos)
            pos = text.find(word, pos + 1)
    found.sort()
    matches = []
    done = 0
    for pos in found:
        if pos < done:
            continue
        match = rule.match(text, pos)
        if match:
            matches.append(match)
            done = match.end()
    return matches


@lru_cache(maxsize=None)
def _naming_words() -> tuple[str, ...] | None:
    """The naming verbs when the cue is a plain word list: the naming rule needs one of them in the text."""
    verbs = cues()["naming_verb"]
    return tuple(verbs.split("|")) if re.fullmatch(r"[A-Za-z]+(?:\|[A-Za-z]+)*", verbs) else None


@lru_cache(maxsize=None)
def _eval_cue() -> re.Pattern:
    return re.compile(rf"(?:{cues()['eval_cue']})", re.IGNORECASE)


@lru_cache(maxsize=None)
def _eval_cue_words() -> tuple[str, ...] | None:
    """The evaluation cue as lower-case text to look for ("gains?" looks for "gain"); None unless plain words."""
    words = []
    for alternative in _top_level_alternatives(cues()["eval_cue"]):
        word = alternative[:-2] if alternative.endswith("s?") else alternative
        if not re.fullmatch(r"[a-z][a-z -]*", word):
            return None
        words.append(word)
    return tuple(words)


def has_eval_cue(sentence: str) -> bool:
    """Whether ``sentence`` holds an evaluation cue ("benchmark", "outperform", ...), in any case.

    For ASCII text, lower-casing and looking for each word is the case-blind pattern's search.
    """
    words = _eval_cue_words()
    if words is not None and sentence.isascii():
        low = sentence.lower()
        return any(word in low for word in words)
    return _eval_cue().search(sentence) is not None


_TRAIN_VERB = re.compile(r"\b(?:pre-?)?train(?:s|ed)?\s", re.IGNORECASE)
_TRAINED = re.compile(r"\b(?:(?:pre-?|post-?)?trained|fine-?tuned|instruction-tuned|distilled)\b", re.IGNORECASE)
# "our model, X", "our new 7B model X", "the resulting model, X": the name the paper gives its model.
_OUR_MODEL = re.compile(  # led by a class of first letters (word_start), so the engine can skip ahead
    word_start("[Oo]ur|[Tt]he resulting") + r"\s+(?:(?:new|proposed|final|resulting|best|own|open|largest|flagship)\s+)?"
    r"(?:[\w.-]+\s+){0,2}?(?:model|models|LLM|LLMs|checkpoint|checkpoints),?\s+(?:(?:called|named|dubbed)\s+)?(?=\S)"
)
# A container noun before "of": "a suite of models" is described by "models", not by "suite".
_CONTAINER_OF = re.compile(r"\b(?:suite|collection|set|family|series|range|class)\s+of\s+")


def _container_of(desc: str) -> str:
    """A description of models without its container noun ("suite of models" -> "models"); others unchanged."""
    match = _CONTAINER_OF.search(desc)
    if match and _type_of_head(desc[match.end() :], first=True) is EntityType.MODEL:
        return desc[match.end() :]
    return desc


_COORD_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or|&)\s+)(?:the\s+)?$")
_HEAD_RULE_NOUNS = frozenset(
    "benchmark benchmarks dataset datasets corpus corpora suite leaderboard model models framework frameworks "
    "method algorithm architecture approach technique objective loss metric score".split()
)
_HEAD_RULE_PREFIXES = tuple(sorted(_HEAD_RULE_NOUNS))


def _head_rule_noun_at(text: str, pos: int) -> bool:
    """Whether, past the blanks at ``pos``, ``text`` starts with a noun of ``_HEAD_RULE_NOUNS`` (any case).

    A cheap test before the long head-noun pattern, which only counts when its head is one of them.
    """
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return text[pos : pos + 20].lower().startswith(_HEAD_RULE_PREFIXES)


def find_candidates(text: str, field: str = "abstract") -> list[Candidate]:
    """Every name found by a context rule in ``text`` (one field), with a type when the context gives one.

    >>> t = "We introduce Self-Instruct, a framework for tuning. Results on BoolQ and Jiminy Cricket benchmark."
    >>> [(t[c.start:c.end], c.type and c.type.value, c.rule) for c in find_candidates(t)]  # doctest: +NORMALIZE_WHITESPACE
    [('Self-Instruct', None, 'intro'), ('Self-Instruct', 'Method', 'apposition'), ('BoolQ', 'Benchmark', 'head'),
     ('Jiminy Cricket', 'Benchmark', 'head'), ('BoolQ', None, 'list'), ('Jiminy Cricket', None, 'list')]
    """
    rules = _rules()
    out: list[Candidate] = []
    if field == "title":
        prefix = _TITLE_PREFIX.match(text)
        if prefix:
            start, end = trim_name(text, prefix.start(1), prefix.end(1))
            name = text[start:end]
            if (looks_like_name(name) and len(name.split()) <= 3) or title_word(name):
                out.append(Candidate(start, end, None, "title", True, 0.8))
    intro_starts: list[int] = []
    if "we" in text or "We" in text or "this" in text.lower():
        for m in rule_matches("intro", text):
            intro_starts.append(m.start())
            trains = _TRAIN_VERB.search(text, m.start(), m.start("desc")) is not None
            for span in _names_from(text, m.start("desc"), described=True):
                desc = text[m.start("desc") : span[0]]
                head_type = _type_of_head(desc)
                if head_type is None and trains:
                    head_type = EntityType.MODEL  # "we train X": what is trained is a model
                out.append(Candidate(*span, head_type, "intro", True, 0.8))
    if ("our " in text or "Our " in text or "resulting " in text) and ("model" in text or "LLM" in text or "checkpoint" in text):
        for m in _OUR_MODEL.finditer(text):
            for span in _names_from(text, m.end(), max_skip=0):  # "Our best models, X and Y"
                out.append(Candidate(*span, EntityType.MODEL, "our_model", True, 0.8))
    naming_words = _naming_words()
    for m in rules["naming"].finditer(text) if naming_words is None or any(w in text for w in naming_words) else ():
        before = text[max(0, m.start() - 60) : m.start()]
        spans = _names_from(text, m.end(), max_skip=0)
        if not spans and m.group().rstrip(" \"“'").endswith("call"):
            this = _CALL_THIS.match(text, m.end())  # "we call this approach X", "we call it X"
            if this:
                spans = _names_from(text, this.end(), max_skip=0)
        described = before.rstrip(", ")  # "a new RL framework, termed X": the words before the comma
        described = described[described.rfind(". ") + 1 :].split(",")[-1]
        described_type = _type_of_head(described)
        if not spans and (before.endswith(", ") or _LAST_LOWER.search(before) and _LAST_LOWER.search(before).group(1) in head_nouns()):
            # "special tokens, called reflection tokens.", "an evaluation protocol called verbalizer
            # manipulation." - a short lower-case term right after the verb.
            low = _LOWER_TERM.match(text, m.end())
            if low:
                spans = [(low.start(1), low.end(1))]
            else:
                # "a framework, called prefer-to-classify (P2C)": the bracketed short name.
                short = _TERM_AND_SHORT.match(text, m.end())
                if short and looks_like_name(short.group(1)):
                    spans = [(short.start(1), short.end(1))]
        for span in spans:
            out.append(Candidate(*span, described_type, "naming", True, 0.8))
    introduced = {text[c.start : c.end] for c in out if c.rule in ("intro", "our_model")}  # "We present Orion, a model"
    appositions = []
    heads = []
    subjects: list[Candidate] = []
    phrases: list[tuple[int, int]] = []
    for p_start, p_end in proper_phrases(text):
        phrases.append((p_start, p_end))
        after = p_end
        follow = text[after : after + 1]
        app = rules["apposition"].match(text, after) if follow == "," or text.startswith((" --", " —"), after) else None
        if app is None and text.startswith(" (", after):
            # "Simplified Digestive Cancer (SimpleDC), a parallel corpus": past the acronym in brackets.
            close = text.find(")", after + 2, after + 64)
            same_start = text[after + 2 : after + 3].lower() == text[p_start : p_start + 1].lower()  # an acronym of it
            if close > 0 and same_start and "(" not in text[after + 2 : close] and text.startswith(",", close + 1):
                app = rules["apposition"].match(text, close + 1)
        if app is None and text.startswith((" is a", " is an"), after):
            app = rules["copula"].match(text, after)  # "X is a language model trained on ..."
        if app:
            start, end = trim_name(text, p_start, p_end)
            head_type = _type_of_head(_container_of(app.group("desc")), first=True)
            if head_type is None and _TRAINED.search(app.group("desc")):
                head_type = EntityType.MODEL  # "X, a decoder-only transformer pretrained on code"
            if end > start and head_type and (looks_like_name(text[start:end]) or text[start:end] in introduced):
                new = _NEW_WORD.search(app.group("desc")) is not None
                appositions.append(Candidate(start, end, head_type, "apposition", new, 0.85))
            elif end > start and head_type is None and _A_DESC.match(app.group()) and strongly_named(text[start:end]):
                # "BagCurri, a carefully designed training curriculum": a coined name, kind unsaid.
                new = _NEW_WORD.search(app.group("desc")) is not None
                appositions.append(Candidate(start, end, None, "apposition", new, 0.7))
        elif follow == ")" and text[p_start - 1 : p_start] == "(" and strongly_named(text[p_start:p_end]):
            # "a margin focused loss (Margin-MSE)": a coined name in brackets after its kind.
            noun = _LAST_LOWER.search(text, max(0, p_start - 40), p_start - 1)
            name = text[p_start:p_end]
            if noun and noun.group(1) in head_nouns() and not _initials_of(name, text[max(0, p_start - 80) : p_start - 1]) and not _LICENCE.match(name):
                # introduced when "we propose ..." leads its sentence
                kind = head_nouns()[noun.group(1)]  # a collection in brackets is more often evaluated on than made
                intro = kind is not EntityType.BENCHMARK and any(i < p_start and ". " not in text[i:p_start] for i in intro_starts)
                heads.append(Candidate(p_start, p_end, kind, "bracket", intro, 0.7))
        elif follow == " " and _head_rule_noun_at(text, after + 1):
            head = rules["head"].match(text, after)
            if head and head.group("head").lower() in _HEAD_RULE_NOUNS:
                head_type = head_nouns()[head.group("head").lower()]
                # "the BigBench and MMLU benchmarks": every coordinated name takes the head.
                k = len(phrases) - 1
                while k > 0 and _COORD_GAP.match(text, phrases[k - 1][1], phrases[k][0]):
                    k -= 1
                for p_start, p_end in phrases[k:]:
                    start, end = trim_name(text, p_start, p_end)
                    if end > start and looks_like_name(text[start:end]):
                        head_end = head.end() if p_end == after and end == p_end else None
                        heads.append(Candidate(start, end, head_type, "head", False, 0.75, head_end))
        elif follow == " " and text[after + 1 : after + 5] in _RESULT_VERB_STARTS and _RESULT_VERB.match(text, after) and _subject_at(text, p_start, p_end):
            # "ZetaNet achieves state-of-the-art results": a coined name as the subject of a result.
            start, end = trim_name(text, p_start, p_end)
            if end > start and strongly_named(text[start:end]):
                subjects.append(Candidate(start, end, None, "subject", False, 0.65))
        elif follow == "," and text.startswith(", we ", after):
            start, end = trim_name(text, p_start, p_end)  # "Using ZetaSim, we generate ..."
            if end > start and text.endswith(("Using ", "using "), 0, start) and strongly_named(text[start:end]):
                subjects.append(Candidate(start, end, None, "subject", False, 0.65))
    out.extend(appositions)
    out.extend(heads)
    out.extend(subjects)
    for m in rule_matches("list", text):
        sent_start = max(text.rfind(". ", 0, m.start()), 0)
        sent_end = text.find(". ", m.end())
        sentence = text[sent_start : sent_end if sent_end > 0 else len(text)]
        example_type = None
        if not has_eval_cue(sentence):
            # "Recent MTL methods for RS (e.g. MMoE, PLE)": examples of a named kind of thing.
            if not _EXAMPLE_LEAD.match(text, m.start()):
                continue
            head = _EXAMPLE_HEAD.search(text, max(sent_start, m.start() - 48), m.start())
            example_type = head_nouns().get(head.group(1).lower()) if head else None
            if example_type is None or example_type is EntityType.TASK:
                continue
        group = "items" if m.group("items") else "pitems"
        items = m.group(group)
        base = m.start(group)
        for item in _PROPER_ITEM.finditer(items):
            start, end = trim_name(text, base + item.start(), base + item.end())
            if example_type is not None:
                last = text.endswith(("and ", "or "), 0, start)  # "... and OmegaFormer rely on"
                if end > start and strongly_named(text[start:end]) and (last or _ITEM_END.match(text, end)):
                    out.append(Candidate(start, end, example_type, "example_list", False, 0.6))
            elif end > start and looks_like_name(text[start:end]):
                out.append(Candidate(start, end, None, "list", False, 0.6, group=m.start()))
    if field == "title":
        out = [c for c in out if c.rule == "title" or strongly_named(text[c.start : c.end])]
    return out
