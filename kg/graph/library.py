"""The Cypher query library: the ``.cypher`` files shipped in the ``cypher`` package.

Each file holds one parameterised question; its leading ``//`` comment lines say
what it answers and which ``$parameters`` it takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import KgError
from kg.graph.cypher_engine import blank_literals, parameter_names, return_items
from kg.types import ROLE_RANK


@dataclass(frozen=True)
class LibraryQuery:
    """One query file: its name (file stem), text, header description and parameters."""

    name: str
    text: str
    description: str
    parameters: tuple[str, ...]


def library_dir() -> Path:
    """The folder of the installed ``cypher`` package."""
    return Path(str(resources.files("cypher")))


def library_queries() -> list[LibraryQuery]:
    """Every question query of the library (``schema.cypher`` excluded), by name."""
    return [load_query(p.stem) for p in sorted(library_dir().glob("*.cypher")) if p.stem != "schema"]


def load_query(name: str) -> LibraryQuery:
    """The library query ``name`` (a file stem like ``"papers_using_benchmark"``)."""
    path = library_dir() / f"{name}.cypher"
    if not path.is_file():
        raise KgError(f"no query named {name!r} in {library_dir()}")
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        header.append(line[2:].strip())
    description = " ".join(h for h in header if not h.lower().startswith("parameters"))
    return LibraryQuery(name=name, text=text, description=description, parameters=tuple(parameter_names(text)))


# ------------------------------------------------------------ the first rows of an answer
#
# `kg ask` shows the first answers of a large question (the papers using the most popular
# benchmark are 18% of the corpus). An engine that sorts by expressions (LadybugDB, Neo4j)
# gets the library file with its ORDER BY led by the role and a LIMIT, which keeps the file's
# own order within a role: the rows `kg.graph.ask` would have put first after reading them all.


def _role_rank_expression(column: str) -> str:
    """Cypher ranking ``column`` as :data:`kg.types.ROLE_RANK` does (no role counts as uses, unknown ones last)."""
    cases = " ".join(f'WHEN {column} = "{role}" THEN {rank}' for role, rank in ROLE_RANK.items())
    return f"CASE WHEN {column} IS NULL THEN {ROLE_RANK['uses']} {cases} ELSE {len(ROLE_RANK)} END"


def _clause_start(text: str, clause: str) -> int | None:
    """Where the query's last ``clause`` (e.g. ``ORDER BY``) starts, outside strings and comments."""
    matches = list(re.finditer(rf"\b{clause}\b", blank_literals(text), re.IGNORECASE))
    return matches[-1].start() if matches else None


def _returns_role(text: str) -> bool:
    return "role" in {name for _, name in return_items(text)}


def first_rows_query(text: str, first: int) -> str:
    """Library query ``text`` returning only its first ``first`` rows, those with the strongest role first.

    A query with its own LIMIT (the top-N questions) is returned unchanged.
    """
    text = text.strip().rstrip(";")
    if _clause_start(text, "LIMIT") is not None:
        return text
    order = _clause_start(text, r"ORDER\s+BY")
    if _returns_role(text):
        rank = _role_rank_expression("role")
        if order is None:
            text += f"\nORDER BY {rank}"
        else:
            keys = re.match(r"ORDER\s+BY\s+", text[order:], re.IGNORECASE)
            text = f"{text[:order]}ORDER BY {rank}, {text[order + keys.end():]}"
    return f"{text}\nLIMIT {int(first)}"


def count_query(text: str, column: str) -> str:
    """Library query ``text`` counting the distinct values of its returned ``column`` instead of returning rows."""
    expressions = {name: expression for expression, name in return_items(text)}
    if column not in expressions:
        raise KgError(f"the query returns no column {column!r}")
    returns = [m.start() for m in re.finditer(r"\bRETURN\b", blank_literals(text), re.IGNORECASE)]
    return f"{text[: returns[-1]]}RETURN COUNT(DISTINCT {expressions[column]}) AS total"
