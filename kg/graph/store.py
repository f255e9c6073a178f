"""One store interface, three backends: the on-disk database, the in-memory networkx graph, Neo4j.

Every backend runs Cypher with ``$parameters`` and answers the library questions
(``cypher/<name>.cypher``). The two local ones (:class:`~kg.graph.ladybug_store.LadybugStore`,
:class:`NetworkxStore`) also resolve names, count, list papers and hand out the
graph as networkx; :func:`open_store` picks one by the file's content, and
:func:`write_graph` by the path's name. What a backend cannot do raises
(:class:`kg.graph.cypher_engine.QueryError`); nothing passes silently.
"""

from __future__ import annotations

import fcntl
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from kg.errors import GraphFileError
from kg.graph.cypher_engine import QueryResult, run_cypher
from kg.graph.library import load_query
from kg.graph.resolve import Candidate, Resolved, lookup_names, resolve_name
from kg.graph.schema import LABELS_ATTR
from kg.types import Paper, PaperExtraction

if TYPE_CHECKING:  # networkx costs a quarter of a second to import: only what needs it loads it
    import networkx as nx

#: The engines ``kg query --engine`` can name.
ENGINES = ("ladybug", "networkx")

#: Suffixes of the portable one-file graph (gzip'd JSON lines); any other path is a database.
GRAPH_FILE_SUFFIXES = (".json.gz", ".gz")

_GZIP_MAGIC = b"\x1f\x8b"


@runtime_checkable
class GraphStore(Protocol):
    """What every backend offers: Cypher and the library questions."""

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run Cypher; values only as ``$parameters``."""

    def question(self, name: str, params: Mapping[str, Any]) -> QueryResult:
        """Answer the library question ``cypher/<name>.cypher``."""


@runtime_checkable
class LocalStore(GraphStore, Protocol):
    """A graph on this machine: the database file or the networkx graph."""

    engine: str

    def resolve(self, name: str, labels: Sequence[str]) -> Resolved:
        """The node of one of ``labels`` that ``name`` means."""

    def stats(self) -> dict[str, Any]:
        """Counts by node label and relationship type."""

    def corpus_papers(self) -> list[Paper]:
        """The papers read from the inputs, in input order."""

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph in memory."""

    def close(self) -> None:
        """Release what the store holds open."""


class NetworkxStore:
    """The in-memory store: a networkx ``MultiDiGraph`` queried through grand-cypher (small graphs)."""

    engine = "networkx"

    def __init__(self, graph: nx.MultiDiGraph | None = None) -> None:
        from kg.graph.nx_store import new_graph

        self.graph = graph if graph is not None else new_graph()
        self._lookup: dict[str, dict[str, list[str]]] | None = None

    def load(self, extractions: Iterable[PaperExtraction]) -> int:
        """MERGE ``extractions``; returns the number of papers merged."""
        from kg.graph.nx_store import merge_into

        self._lookup = None
        return merge_into(self.graph, extractions)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run Cypher with grand-cypher (read-only subset: MATCH/WHERE/RETURN/ORDER BY/SKIP/LIMIT)."""
        return run_cypher(self.graph, cypher, params)

    def question(self, name: str, params: Mapping[str, Any]) -> QueryResult:
        """Run the library query ``cypher/<name>.cypher``."""
        return self.query(load_query(name).text, params)

    def _names(self) -> dict[str, dict[str, list[str]]]:
        if self._lookup is None:
            self._lookup = defaultdict(lambda: defaultdict(list))
            for node, data in self.graph.nodes(data=True):
                label = next(iter(data.get(LABELS_ATTR) or ("",)))
                for key in lookup_names(label, data):
                    self._lookup[label][key].append(node)
        return self._lookup

    def resolve(self, name: str, labels: Sequence[str]) -> Resolved:
        """The node of one of ``labels`` that ``name`` means (see :mod:`kg.graph.resolve`)."""
        nodes, index = self.graph.nodes, self._names()

        def candidates(key: str) -> list[Candidate]:
            return [
                Candidate(node, label, str(nodes[node].get("name") or nodes[node].get("key")), int(nodes[node].get("paper_count", 0)))
                for label in labels
                for node in index[label].get(key, ())
            ]

        def names() -> dict[str, str]:
            pool: dict[str, str] = {}
            for label in labels:
                for key, found in index[label].items():
                    pool.setdefault(key, str(nodes[found[0]].get("name") or key))
            return pool

        return resolve_name(name, labels, candidates, names)

    def stats(self) -> dict[str, Any]:
        """Counts by node label and relationship type."""
        from kg.graph.nx_store import graph_stats

        return graph_stats(self.graph)

    def corpus_papers(self) -> list[Paper]:
        """The papers read from the inputs, in input order."""
        from kg.graph.nx_store import corpus_papers

        return corpus_papers(self.graph)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph itself."""
        return self.graph

    def close(self) -> None:
        """Nothing to release."""


def is_graph_file(path: Path) -> bool:
    """True when ``path`` names the portable one-file graph (by suffix) rather than a database."""
    return path.name.endswith(GRAPH_FILE_SUFFIXES)


def open_store(path: Path | str, engine: str | None = None) -> LocalStore:
    """Open the graph at ``path``: a database read-only, or a graph file loaded into memory.

    ``engine="networkx"`` loads a database into memory too (grand-cypher then answers).
    Raises :class:`GraphFileError` (a :class:`kg.errors.KgError`) with one clear line.
    """
    from kg.graph.ladybug_store import LadybugStore

    path = Path(path)
    if not path.exists():
        raise GraphFileError(_missing_message(path))
    if is_graph_file(path) or _is_gzip(path):
        from kg.graph.nx_store import load_graph

        return NetworkxStore(load_graph(path))
    store = LadybugStore.open(path)
    if engine == "networkx":
        try:
            return NetworkxStore(store.to_networkx())
        finally:
            store.close()
    return store


def write_graph(graph: nx.MultiDiGraph, path: Path | str, *, consume: bool = False) -> None:
    """Write ``graph`` atomically: a database, or a graph file when ``path`` ends in ``.json.gz``.

    With ``consume``, the graph is emptied by the time this returns (a database write frees
    it piece by piece as it goes; see :func:`kg.graph.ladybug_store.write_database`).
    """
    from kg.graph.ladybug_store import write_database
    from kg.graph.nx_store import save_graph

    path = Path(path)
    if is_graph_file(path) or _is_gzip(path):
        try:
            save_graph(graph, path)
        finally:
            if consume:
                graph.clear()
    else:
        write_database(graph, path, consume=consume)


def load_networkx(path: Path | str) -> nx.MultiDiGraph:
    """The whole graph at ``path`` (database or graph file) in memory."""
    return open_store(path, engine="networkx").to_networkx()


def _is_gzip(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == _GZIP_MAGIC
    except (IsADirectoryError, FileNotFoundError, PermissionError):
        return False


def _missing_message(path: Path) -> str:
    """Why there is no graph at ``path``: a build is writing it, an old graph file sits beside it, or none was built."""
    if _build_running(path):
        return f"{path}: a kg build is writing this graph right now; try again when it finishes"
    old = path.with_name("kg-graph.json.gz")
    if path.name == "kg-graph.db" and old.exists():
        return f"{path}: no graph here, but {old} (an older graph file) is: convert it with `kg convert {old}`, or pass --graph {old}"
    return f"{path}: no graph here; run `kg build INPUT... --graph {path}` first"


def _build_running(path: Path) -> bool:
    """True when another process holds the build lock of ``path`` (``kg.build.graph_lock``)."""
    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
