"""LaTeX in arXiv metadata (accents, escapes, braces) to Unicode text, with pylatexenc.

arXiv authors write names and titles in LaTeX (``M\\"uller``, ``\\c{C}a\\u{g}lar``,
``{BERT}``); :func:`latex_to_unicode` turns them into plain Unicode with pylatexenc's
``latex2text`` (math between ``$`` kept verbatim). Text without a backslash or a brace
is returned as it is without calling pylatexenc, which is what keeps reading millions
of records fast.
"""

from __future__ import annotations

import functools

from pylatexenc.latex2text import LatexNodes2Text


@functools.lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False)


def latex_to_unicode(text: str) -> str:
    """``text`` with LaTeX accents and escapes made Unicode; whitespace runs become one space.

    A bare ``%`` is kept (in LaTeX it would start a comment and drop the rest).
    Input pylatexenc cannot parse is returned with its whitespace collapsed.

    >>> latex_to_unicode('J\\\\"org M\\\\"uller and \\\\L{}ukasz')
    'Jörg Müller and Łukasz'
    >>> latex_to_unicode("50% of {BERT}")
    '50% of BERT'
    """
    if "\\" not in text and "{" not in text:
        return " ".join(text.split())
    protected = _escape_bare_percent(text)
    try:
        converted = _converter().latex_to_text(protected)
    except Exception:  # noqa: BLE001 - pylatexenc raises assorted errors on odd input; keep the text
        converted = text
    return " ".join(converted.split())


def _escape_bare_percent(text: str) -> str:
    """``%`` not already escaped becomes ``\\%`` so LaTeX does not read it as a comment."""
    if "%" not in text:
        return text
    out, backslashes = [], 0
    for char in text:
        if char == "%" and backslashes % 2 == 0:
            out.append("\\")
        out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)
