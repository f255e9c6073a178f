"""Person-name heuristics for splitting "TitleFirst Author, Second Author et al." lines.

The org listing glues the title to the first author's name. Candidate split
points are where a lower-case letter, digit or closing punctuation is directly
followed by an upper-case letter ("ResourcesYizhong", "Tulu 2Hamish"), or an
upper-case run ends in a capitalised word ("RLHFJohn"). The leftmost candidate
whose remainder parses as a list of plausible person names wins: leftmost, so a
name with an inner capital ("McDonald") is not cut in two; the name check keeps
CamelCase title words ("MathVista", "OLMoE") out of the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Lower-case words that may sit inside a personal name ("Ludwig van Beethoven").
PARTICLES = frozenset("van von der den de del della di da dos du le la bin ibn al el ter ten zu y".split())
#: Prefixes after which a capital may follow inside one name word ("McDonald", "DeVito").
INNER_CAPITAL_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O'", "D'", "Fitz")
_CLOSERS = ")]}'\"’.!?"
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+(?:-[^\W\d_]\.)?$")
MAX_NAME_WORDS = 5


def _is_name_part(part: str) -> bool:
    """A capitalised word: upper-case first letter, then lower-case letters (or an inner-capital prefix)."""
    if not part or not part[0].isupper() or not part.isalpha() and not part.replace("'", "").isalpha():
        return False
    rest = part[1:]
    if rest == "" or rest.islower() or not any(c.isalpha() for c in rest):
        return True
    for prefix in INNER_CAPITAL_PREFIXES:
        tail = part[len(prefix) :]
        if part.startswith(prefix) and len(tail) > 1 and tail[0].isupper() and tail[1:].islower():
            return True
    return False


def _is_name_word(word: str) -> bool:
    if word in PARTICLES or _INITIALS.match(word):
        return True
    return all(_is_name_part(p) for p in word.split("-"))


def is_person_name(text: str) -> bool:
    """Whether ``text`` looks like one person's name: 1-5 words, capitalised, no title punctuation.

    >>> is_person_name("Xinyan Velocity Yu"), is_person_name("Devvrit"), is_person_name("Noah A. Smith")
    (True, True, True)
    >>> is_person_name("Comp: In search"), is_person_name("VistaPan Lu")
    (False, False)
    """
    words = text.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    if words[0] in PARTICLES and len(words) == 1 or words[-1] in PARTICLES:
        return False
    return all(_is_name_word(w) for w in words)


def strip_et_al(text: str) -> str:
    """``text`` without a trailing "et al." (and the comma before it)."""
    text = text.strip()
    for marker in ("et al.", "et al"):
        if text.endswith(marker):
            return text[: -len(marker)].rstrip().rstrip(",").rstrip()
    return text


def split_names(text: str) -> list[str] | None:
    """Split a comma-separated author list (optional trailing "et al."), or None if any item is not a name."""
    text = strip_et_al(text)
    names = [n.strip() for n in text.split(",")]
    if not names or not all(is_person_name(n) for n in names):
        return None
    return names


def _char_class(test) -> str:
    return "".join(re.escape(chr(c)) for c in range(0x2000) if test(chr(c)))


_UPPER = _char_class(str.isupper)
_BEFORE = _char_class(str.islower) + "0-9" + re.escape(_CLOSERS)
_BOUNDARY = re.compile(rf"(?<=[{_BEFORE}])(?=[{_UPPER}])|(?<=[{_UPPER}])(?=[{_UPPER}][{_char_class(str.islower)}])")


def boundaries(text: str) -> Iterator[int]:
    """Indices where a glued name may start (see the module docstring), left to right.

    >>> list(boundaries("Tulu 2Hamish"))
    [6]
    """
    for match in _BOUNDARY.finditer(text, 1):
        yield match.start()


def split_title_authors(text: str) -> tuple[str, list[str]]:
    """Split "TitleFirst Author, Second Author et al." into the title and the author names.

    Falls back to cutting at the first comma's glued word (or keeping the whole
    text as the title) when no split leaves a list of plausible names.

    >>> split_title_authors("MatFormer: Nested Transformer for Elastic InferenceDevvrit, Sneha Kudugunta et al.")
    ('MatFormer: Nested Transformer for Elastic Inference', ['Devvrit', 'Sneha Kudugunta'])
    """
    for index in boundaries(text):
        names = split_names(text[index:])
        if names is not None:
            return text[:index].strip(), names
    # Fallback: everything after the last comma-free run that parses is an author.
    head, sep, tail = text.partition(",")
    if sep:
        later = split_names(tail)
        if later is not None:
            return head.strip(), later
    return strip_et_al(text), []
