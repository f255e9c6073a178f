"""One store interface, two backends: the embedded networkx graph and Neo4j.

Both load extractions, run Cypher with parameters, and answer the library
questions (``cypher/<name>.cypher``). What a backend cannot do raises
(:class:`kg.graph.cypher_engine.QueryError` for Cypher grand-cypher does not
support, e.g. writes or ``WITH``); nothing passes silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from kg.graph.cypher_engine import QueryResult, run_cypher
from kg.graph.library import load_query
from kg.graph.nx_store import merge_into, new_graph
from kg.types import PaperExtraction


@runtime_checkable
class GraphStore(Protocol):
    """What every backend offers."""

    def load(self, extractions: Iterable[PaperExtraction]) -> Any:
        """MERGE the extractions into the store (idempotent)."""

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run read-only Cypher; values only as ``$parameters``."""

    def question(self, name: str, params: Mapping[str, Any]) -> QueryResult:
        """Answer the library question ``cypher/<name>.cypher``."""


class NetworkxStore:
    """The embedded store: a networkx ``MultiDiGraph`` queried through grand-cypher."""

    def __init__(self, graph: nx.MultiDiGraph | None = None) -> None:
        self.graph = graph if graph is not None else new_graph()

    def load(self, extractions: Iterable[PaperExtraction]) -> int:
        """MERGE ``extractions``; returns the number of papers merged."""
        return merge_into(self.graph, extractions)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run Cypher with grand-cypher (read-only subset: MATCH/WHERE/RETURN/ORDER BY/SKIP/LIMIT)."""
        return run_cypher(self.graph, cypher, params)

    def question(self, name: str, params: Mapping[str, Any]) -> QueryResult:
        """Run the library query ``cypher/<name>.cypher``."""
        return self.query(load_query(name).text, params)
