"""The graph backends the parametrised tests run on: the database, networkx, and Neo4j when NEO4J_URI is set."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

from kg.graph.ladybug_store import LadybugStore, write_database
from kg.graph.store import NetworkxStore

#: Every backend name; "neo4j" runs only with a server.
BACKENDS = ("ladybug", "networkx", "neo4j")

NO_NEO4J = "no Neo4j server: set NEO4J_URI (and NEO4J_USER/NEO4J_PASSWORD), e.g. after `docker compose up -d`"


def open_backend(name: str, graph: nx.MultiDiGraph, folder: Path):
    """A store of kind ``name`` holding ``graph`` (Neo4j: the database is wiped and loaded)."""
    if name == "networkx":
        return NetworkxStore(graph)
    if name == "ladybug":
        path = folder / "graph.db"
        if not path.exists():
            write_database(graph, path)
        return LadybugStore.open(path)
    if not os.environ.get("NEO4J_URI"):
        pytest.skip(NO_NEO4J)
    from kg.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.from_uri(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    store.query("MATCH (n) DETACH DELETE n")
    store.load_graph(graph)
    return store
