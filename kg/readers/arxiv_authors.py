"""arXiv author lists: parsed ``[last, first, suffix]`` triples, or the one-string form.

The arXiv metadata snapshot and the OAI-PMH ``arXiv`` format give each author's
parts; ``arXivRaw`` and the snapshot's ``authors`` field give one string
("Ana Lima, Bo Chen and Carla Schmidt", sometimes with "(1) University ..."
affiliations in parentheses). Both end as Unicode names, LaTeX accents converted.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.readers.latex import latex_to_unicode


def name_from_parts(last: str, first: str = "", suffix: str = "") -> str:
    """``"First Last Suffix"`` from arXiv's parsed parts, LaTeX made Unicode.

    >>> name_from_parts('M\\\\"uller', "Jörg", "Jr")
    'Jörg Müller Jr'
    """
    name = " ".join(part for part in (first, last, suffix) if part)
    return latex_to_unicode(name)


def names_from_parsed(parsed: Sequence[Sequence[str]]) -> tuple[str, ...] | None:
    """Names from ``authors_parsed`` (``[[last, first, suffix], ...]``), or None when its shape is wrong.

    Written for speed (it runs for every record of the snapshot): plain names skip pylatexenc.

    >>> names_from_parsed([["Yuan", "C. -P.", ""], ['M\\\\"uller', "J.", "Jr"], ["Plato", ""]])
    ('C. -P. Yuan', 'J. Müller Jr', 'Plato')
    """
    names = []
    try:
        for parts in parsed:
            name = " ".join(parts[1::-1]).strip()  # [last, first, ...] -> "first last"; join checks they are strings
            if len(parts) > 2 and parts[2]:
                name = f"{name} {parts[2]}"
            if "\\" in name or "{" in name or "  " in name:
                name = latex_to_unicode(name)
            if name:
                names.append(name)
    except (TypeError, KeyError):
        return None
    return tuple(names)


def split_author_string(text: str) -> tuple[str, ...]:
    """Names from one author string: split on commas and " and ", parenthesised affiliations dropped.

    >>> split_author_string("Ana Lima, Bo Chen and Carla Schmidt")
    ('Ana Lima', 'Bo Chen', 'Carla Schmidt')
    >>> split_author_string('J. M\\\\"uller (1), K. Ito ((1) MIT), and L. Wu')
    ('J. Müller', 'K. Ito', 'L. Wu')
    """
    text = _drop_parentheses(text) if "(" in text else text
    names = []
    for part in text.replace("\n", " ").split(","):
        for piece in part.split(" and "):
            piece = piece.strip()
            if piece.startswith("and "):
                piece = piece[4:]
            name = latex_to_unicode(piece)
            if name:
                names.append(name)
    return tuple(names)


def _drop_parentheses(text: str) -> str:
    """``text`` without parenthesised groups (nested ones too); an unclosed group runs to the end."""
    out, depth = [], 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)
