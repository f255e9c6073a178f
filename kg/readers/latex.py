"""LaTeX in arXiv metadata (accents, escapes, braces) to Unicode text, with pylatexenc.

arXiv authors write names and titles in LaTeX (``M\\"uller``, ``\\c{C}a\\u{g}lar``,
``{BERT}``); :func:`latex_to_unicode` turns them into plain Unicode with pylatexenc's
``latex2text`` (math between ``$`` kept verbatim). pylatexenc takes about 0.3 ms a
call, so it only runs on text with a backslash or a brace outside ``$...$`` math, and
its answers are cached (author names repeat across papers); that is what keeps
reading millions of records fast.
"""

from __future__ import annotations

import functools

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexWalker, get_default_latex_context_db

from kg.readers.textio import collapse_whitespace


@functools.lru_cache(maxsize=1)
def _converter() -> tuple[LatexNodes2Text, object]:
    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False), get_default_latex_context_db()


def latex_to_unicode(text: str) -> str:
    """``text`` with LaTeX accents and escapes made Unicode; whitespace runs become one space.

    A bare ``%`` is kept (in LaTeX it would start a comment and drop the rest).
    Input pylatexenc cannot parse is returned with its whitespace collapsed.

    >>> latex_to_unicode('J\\\\"org M\\\\"uller and \\\\L{}ukasz')
    'Jörg Müller and Łukasz'
    >>> latex_to_unicode("50% of {BERT}")
    '50% of BERT'
    """
    if ("\\" not in text and "{" not in text) or not _has_latex_outside_math(text):
        return collapse_whitespace(text)
    return _convert(text)


@functools.lru_cache(maxsize=1 << 16)
def _convert(text: str) -> str:
    converter, context = _converter()
    try:
        nodes = LatexWalker(_escape_bare_percent(text), latex_context=context, tolerant_parsing=True).get_latex_nodes()[0]
        converted = converter.nodelist_to_text(nodes)
    except Exception:  # noqa: BLE001 - pylatexenc raises assorted errors on odd input; keep the text
        converted = text
    return " ".join(converted.split())


def _has_latex_outside_math(text: str) -> bool:
    """Whether a backslash or brace occurs outside ``$...$`` (math is kept verbatim, so it needs no conversion)."""
    if "$" not in text:
        return True
    outside = text.split("$")[::2]  # even pieces are outside math when the dollars pair up
    return text.count("$") % 2 == 1 or any("\\" in piece or "{" in piece for piece in outside)


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
