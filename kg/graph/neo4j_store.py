"""The Neo4j store: the same graph loaded with batched, parameterised ``UNWIND ... MERGE``.

Row building and query text are pure functions (tested without a server); the
:class:`Neo4jStore` only sends them through the official driver. Every write
MERGEs on ``(label, key)`` and ``(start, type, end)``, so a re-run after a
failure completes the load without duplicates. Labels and types in the query
text come from the schema enums only; every value travels as a parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.graph.cypher_engine import QueryResult
from kg.graph.library import library_dir, load_query
from kg.graph.nx_store import build_graph, edge_type, node_label
from kg.graph.schema import LABELS_ATTR, NODE_LABELS, RELATIONSHIP_TYPES
from kg.types import PaperExtraction

DEFAULT_BATCH_SIZE = 1000

#: Called after each batch with the number of rows it wrote.
Progress = Callable[[int], None]


class Neo4jStoreError(KgError):
    """Neo4j unreachable, credentials refused, connection lost mid-load, or a query failed."""


@dataclass(frozen=True)
class LoadResult:
    """How many nodes and relationships a load wrote (MERGEd) in how many batches."""

    nodes: int
    relationships: int
    batches: int


# ---------------------------------------------------------------- pure: rows and query text


def _props(data: Mapping[str, Any]) -> dict[str, Any]:
    """Properties Neo4j can store: no label set, no nulls, no empty lists (Neo4j can't type them)."""
    return {k: v for k, v in data.items() if k != LABELS_ATTR and v is not None and v != []}


def node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """``{label: [{"key", "props"}]}`` for every node, labels in schema order, keys sorted."""
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in NODE_LABELS}
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        rows[node_label(graph, node)].append({"key": data["key"], "props": _props(data)})
    return {label: r for label, r in rows.items() if r}


def relationship_rows(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """``{(type, start label, end label): [{"source", "target", "props"}]}`` for every edge."""
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for source, target, _key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        group = (edge_type(data), node_label(graph, source), node_label(graph, target))
        rows[group].append({"source": graph.nodes[source]["key"], "target": graph.nodes[target]["key"], "props": _props(data)})
    order = {t: i for i, t in enumerate(RELATIONSHIP_TYPES)}
    return dict(sorted(rows.items(), key=lambda item: (order.get(item[0][0], 99), item[0])))


def _checked(name: str, allowed: Sequence[str]) -> str:
    if name not in allowed:
        raise ValueError(f"{name!r} is not in the schema")
    return f"`{name}`"


def node_merge_query(label: str) -> str:
    """``UNWIND $rows ... MERGE`` for nodes of ``label`` (a schema label, never user text)."""
    return f"UNWIND $rows AS row MERGE (n:{_checked(label, NODE_LABELS)} {{key: row.key}}) SET n += row.props"


def relationship_merge_query(rel_type: str, start_label: str, end_label: str) -> str:
    """``UNWIND $rows ... MERGE`` for relationships of one type between two labels."""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{_checked(start_label, NODE_LABELS)} {{key: row.source}}) "
        f"MATCH (b:{_checked(end_label, NODE_LABELS)} {{key: row.target}}) "
        f"MERGE (a)-[r:{_checked(rel_type, RELATIONSHIP_TYPES)}]->(b) SET r += row.props"
    )


def batched(rows: Sequence[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Consecutive batches of at most ``size`` rows."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


def load_plan(graph: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every ``(query, rows)`` write of a load, in order: all nodes first, then relationships."""
    plan = []
    for label, rows in node_rows(graph).items():
        plan.extend((node_merge_query(label), batch) for batch in batched(rows, batch_size))
    for (rel, start, end), rows in relationship_rows(graph).items():
        plan.extend((relationship_merge_query(rel, start, end), batch) for batch in batched(rows, batch_size))
    return plan


def schema_statements(path: Path | None = None) -> list[str]:
    """The statements of ``cypher/schema.cypher`` (comments dropped, split on ``;``)."""
    text = (path or library_dir() / "schema.cypher").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def describe_error(exc: Exception, uri: str, user: str, done: int = 0, total: int = 0) -> str:
    """One line saying what went wrong talking to Neo4j and what to do."""
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable, SessionExpired

    if isinstance(exc, AuthError):
        return f"Neo4j at {uri} refused user {user!r}: wrong user or password (use --user/--password or NEO4J_USER/NEO4J_PASSWORD)"
    if isinstance(exc, ServiceUnavailable | SessionExpired | ConnectionError | OSError):
        if done:
            return (
                f"lost the connection to Neo4j at {uri} after {done} of {total} batches ({_first_line(exc)}); "
                "run the same kg load again: it MERGEs, so it completes the load without duplicates"
            )
        return f"cannot reach Neo4j at {uri} ({_first_line(exc)}); is the server running? (docker compose up -d)"
    if isinstance(exc, ConfigurationError | ValueError):
        return f"invalid Neo4j URI {uri!r}: {_first_line(exc)} (expected e.g. bolt://localhost:7687 or neo4j://host:7687)"
    if isinstance(exc, Neo4jError):
        return f"Neo4j error: {getattr(exc, 'code', '') or ''} {_first_line(exc)}".strip()
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException, limit: int = 240) -> str:
    """The exception's text on one line (the driver's messages span several)."""
    text = " ".join(str(exc).split()) or " ".join(str(getattr(exc, "message", "") or "").split())
    text = text or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships become property dicts."""
    from neo4j.graph import Node, Relationship

    if isinstance(value, Node | Relationship):
        return dict(value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------- the store


class Neo4jStore:
    """A Neo4j database holding the graph. Takes a ready driver; :meth:`from_uri` connects."""

    engine = "neo4j"

    def __init__(self, driver: Any, database: str | None = None, uri: str = "", user: str = "") -> None:
        self.driver = driver
        self.database = database
        self.uri = uri
        self.user = user

    @classmethod
    def from_uri(cls, uri: str, user: str, password: str, database: str | None = None) -> Neo4jStore:
        """A store on a new driver for ``uri`` (connection is made lazily, checked by :meth:`verify`)."""
        from neo4j import GraphDatabase

        try:
            driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10.0, max_transaction_retry_time=15.0)
        except Exception as exc:  # the driver raises ValueError/ConfigurationError for a bad URI
            raise Neo4jStoreError(describe_error(exc, uri, user)) from None
        return cls(driver, database, uri=uri, user=user)

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, exc: Exception, done: int = 0, total: int = 0) -> Neo4jStoreError:
        return Neo4jStoreError(describe_error(exc, self.uri, self.user, done, total))

    def verify(self) -> None:
        """Check the server is reachable and accepts the credentials (one clear error if not)."""
        try:
            self.driver.verify_connectivity()
            self.driver.verify_authentication()
        except Exception as exc:
            raise self._fail(exc) from None

    def create_schema(self) -> int:
        """Create the constraints and indexes of ``cypher/schema.cypher``; returns how many statements ran."""
        statements = schema_statements()
        try:
            with self.driver.session(database=self.database) as session:
                for statement in statements:
                    session.run(statement).consume()
        except Exception as exc:
            raise self._fail(exc) from None
        return len(statements)

    def load_graph(self, graph: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None) -> LoadResult:
        """MERGE every node and relationship of ``graph``: schema first, then one transaction per batch."""
        self.verify()
        self.create_schema()
        plan = load_plan(graph, batch_size)
        done = 0
        try:
            with self.driver.session(database=self.database) as session:
                for query, rows in plan:
                    session.execute_write(lambda tx, q=query, r=rows: tx.run(q, rows=r).consume())
                    done += 1
                    if progress is not None:
                        progress(len(rows))
        except Exception as exc:
            raise self._fail(exc, done, len(plan)) from None
        return LoadResult(nodes=graph.number_of_nodes(), relationships=graph.number_of_edges(), batches=len(plan))

    def load(self, extractions: Iterable[PaperExtraction]) -> LoadResult:
        """MERGE ``extractions`` (through the same node/edge layout as the embedded store)."""
        return self.load_graph(build_graph(extractions))

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run read Cypher with parameters; rows as plain values."""
        try:
            with self.driver.session(database=self.database) as session:
                result = session.run(cypher, dict(params or {}))
                columns = tuple(result.keys())
                rows = tuple(tuple(_plain(v) for v in record.values()) for record in result)
        except Exception as exc:
            raise self._fail(exc) from None
        return QueryResult(columns=columns, rows=rows)

    def question(self, name: str, params: Mapping[str, Any]) -> QueryResult:
        """Run the library query ``cypher/<name>.cypher``."""
        return self.query(load_query(name).text, params)
