"""The Cypher query library: the ``.cypher`` files shipped in the ``cypher`` package.

Each file holds one parameterised question; its leading ``//`` comment lines say
what it answers and which ``$parameters`` it takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import KgError
from kg.graph.cypher_engine import parameter_names


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
