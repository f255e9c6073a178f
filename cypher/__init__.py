"""The Cypher query library, shipped as package data: one question per ``.cypher`` file."""

from __future__ import annotations

from pathlib import Path

QUERY_DIR = Path(__file__).parent


def query_files() -> list[Path]:
    """All ``.cypher`` files of the library, sorted by name."""
    return sorted(QUERY_DIR.glob("*.cypher"))


def query_path(name: str) -> Path:
    """The path of the library query ``name`` (with or without ``.cypher``)."""
    stem = name[:-7] if name.endswith(".cypher") else name
    path = QUERY_DIR / f"{stem}.cypher"
    if not path.is_file():
        raise FileNotFoundError(f"no query named {stem!r} in {QUERY_DIR}")
    return path
