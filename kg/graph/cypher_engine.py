"""Cypher on the networkx graph through grand-cypher, with safe ``$parameter`` binding.

grand-cypher has no parameters. Values reach it only through
:func:`cypher_literal`, which turns a Python value into a Cypher literal that
grand-cypher's grammar reads back as exactly that value (property-tested), and
:func:`bind_parameters`, which replaces ``$name`` tokens outside string
literals and comments. A value therefore can never become query text: quotes,
braces and keywords inside it stay inside one string literal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


from kg.errors import KgError


class QueryError(KgError):
    """A Cypher query that cannot run: syntax error, unsupported feature, missing parameter."""


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query, as column names and one tuple per row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


# Characters escaped as \uXXXX inside a literal: controls, line/paragraph separators, surrogates.
_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]')
_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _SHORT.get(char) or f"\\u{ord(char):04x}"


def cypher_literal(value: Any) -> str:
    """A Cypher literal for ``value`` (str, int, float, bool, None or a list of these).

    >>> cypher_literal('say "hi" {x}')
    '"say \\\\"hi\\\\" {x}"'
    >>> cypher_literal([1, "a"])
    '[1, "a"]'
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(f"parameter value {value!r} cannot be written as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return '"' + _ESCAPE.sub(_escape_char, value) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise QueryError(f"parameter value of type {type(value).__name__} is not supported")


# One token of interest: a string literal, a comment, a backtick name, or a $parameter.
_TOKENS = re.compile(
    r"""
    (?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<name>`[^`]*`)
  | \$(?P<param>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE | re.DOTALL,
)


def parameter_names(query: str) -> list[str]:
    """The ``$parameters`` a query uses, in order of first use (not those inside strings)."""
    names: list[str] = []
    for match in _TOKENS.finditer(query):
        name = match.group("param")
        if name and name not in names:
            names.append(name)
    return names


def bind_parameters(query: str, params: Mapping[str, Any]) -> str:
    """``query`` with each ``$name`` outside strings and comments replaced by its literal.

    Raises :class:`QueryError` naming a parameter the query uses but ``params`` lacks.
    """
    missing = [name for name in parameter_names(query) if name not in params]
    if missing:
        raise QueryError(f"missing parameter(s): {', '.join('$' + m for m in missing)} (give --param NAME=VALUE)")

    def replace(match: re.Match[str]) -> str:
        name = match.group("param")
        return cypher_literal(params[name]) if name else match.group(0)

    return _TOKENS.sub(replace, query)


def blank_literals(query: str) -> str:
    """``query`` with every string literal, comment and backtick name replaced by spaces (same length).

    What is left is only the query's own words, for checks that must not look inside values.
    """
    return _TOKENS.sub(lambda m: m.group(0) if m.group("param") else " " * len(m.group(0)), query)


#: Clauses that change a database: refused by ``kg query`` unless ``--write`` is given.
WRITE_CLAUSES = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "COPY", "INSTALL", "LOAD", "ATTACH", "IMPORT", "EXPORT", "CHECKPOINT")
_WRITE = re.compile(r"(?<![\w.$])(" + "|".join(WRITE_CLAUSES) + r")(?![\w])", re.IGNORECASE)


def write_clauses(query: str) -> list[str]:
    """The clauses of ``query`` that write (upper-cased, in order), outside strings and comments.

    >>> write_clauses("MATCH (n) SET n.x = 'CREATE' RETURN n.set")
    ['SET']
    """
    return [m.group(1).upper() for m in _WRITE.finditer(blank_literals(query))]


def strip_comments(query: str) -> str:
    """``query`` without ``//`` and ``/* */`` comments (strings left intact)."""
    return _TOKENS.sub(lambda m: " " if m.group("comment") else m.group(0), query)


def return_items(query: str) -> list[tuple[str, str]]:
    """``(expression, name)`` of each item of the query's last RETURN clause, in order (name: its alias, else the expression)."""
    blank = _TOKENS.sub(lambda m: "_" * len(m.group(0)) if m.group("string") else m.group(0), query)
    starts = [m.end() for m in re.finditer(r"\bRETURN\b(\s+DISTINCT\b)?", blank, re.IGNORECASE)]
    if not starts:
        return []
    end = re.search(r"\b(ORDER\s+BY|SKIP|LIMIT)\b", blank[starts[-1]:], re.IGNORECASE)
    clause = query[starts[-1]: starts[-1] + end.start() if end else None]
    items, depth, item = [], 0, ""
    for char in clause + ",":
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            alias = re.search(r"\s+AS\s+(\w+)\s*$", item, re.IGNORECASE)
            expression = item[: alias.start()] if alias else item
            items.append((expression.strip(), alias.group(1) if alias else "".join(item.split())))
            item = ""
        else:
            item += char
    return items


def _return_order(query: str, keys: list[str]) -> list[str]:
    """Result keys in the order the RETURN clause names them (grand-cypher's dict may differ)."""
    names = [name for _, name in return_items(query)]
    if not names:
        return keys
    squeezed = {"".join(k.split()): k for k in keys}
    ordered = [squeezed[n] for n in names if n in squeezed]
    return ordered + [k for k in keys if k not in ordered]


def run_cypher(graph: nx.MultiDiGraph, query: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run ``query`` with ``params`` on ``graph``; a :class:`QueryError` with one clear line otherwise."""
    from grandcypher import GrandCypher
    from lark.exceptions import LarkError, UnexpectedInput

    text = bind_parameters(strip_comments(query), params or {}).strip().rstrip(";")
    if not text:
        raise QueryError("empty query")
    try:
        result = GrandCypher(graph).run(text)
    except UnexpectedInput as exc:
        pos = getattr(exc, "pos_in_stream", None)
        rest = text[pos:].split() if isinstance(pos, int) and pos >= 0 else []
        where = f"at line {exc.line}, column {exc.column}, unexpected {rest[0][:30]!r}" if rest else "unexpected end of query"
        raise QueryError(
            f"Cypher syntax error: {where} "
            "(the embedded engine, grand-cypher, supports MATCH/WHERE/RETURN/ORDER BY/SKIP/LIMIT; use Neo4j for the rest)"
        ) from None
    except LarkError as exc:
        raise QueryError(f"Cypher error: {_first_line(exc)}") from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, NotImplementedError) as exc:
        raise QueryError(f"the embedded engine could not run this query: {type(exc).__name__}: {_first_line(exc)}") from None
    columns = _return_order(text, list(result))
    rows = tuple(zip(*(result[c] for c in columns), strict=True)) if columns else ()
    return QueryResult(columns=tuple(columns), rows=tuple(tuple(_plain(v) for v in row) for row in rows))


def _plain(value: Any) -> Any:
    """Sets (grand-cypher label sets) become sorted lists so results print and serialise."""
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
