"""The on-disk embedded graph database: LadybugDB (the maintained fork of Kuzu), Cypher in process.

``kg build`` merges extractions into a networkx graph (MERGE semantics, acronym
linking) and :func:`write_database` bulk-copies it into a new database file
beside the target, then renames it over the old one: a crash leaves the old
database untouched, a reader sees the old graph or the new one. Every other
command opens the file read-only (:meth:`LadybugStore.open`, about 0.1 s) and
asks Cypher of it, so nothing is loaded into memory that a question does not need.

Schema: one node table per label keyed by ``key`` and one relationship table per
type (several FROM/TO pairs for ``PROPOSES``), property types from
:mod:`kg.graph.schema` and the :class:`kg.types.Paper` fields, plus two derived
properties per node: ``degree`` (relationships in the whole graph, for page
budgets) and ``lookup`` (the normalised names a question may use for it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
import tempfile
import typing
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any

from kg.atomic import fsync_dir
from kg.errors import GraphFileError, KgError
from kg.gc_pause import gc_paused
from kg.graph.cypher_engine import QueryError, QueryResult, blank_literals
from kg.graph.schema import (
    AGENT_PROPERTIES,
    RESULT_PROPERTIES,
    ENTITY_LABELS,
    ENTITY_PROPERTIES,
    LABELS_ATTR,
    NODE_LABELS,
    RELATIONSHIP_ENDPOINTS,
    RELATIONSHIP_TYPES,
)
from kg.graph.resolve import Candidate, Resolved, lookup_names, resolve_name
from kg.types import NodeLabel, Paper

if TYPE_CHECKING:  # networkx is imported only where a graph is built or read in memory
    import networkx as nx

#: Derived node properties written to the database only (not part of the networkx graph).
DERIVED_PROPERTIES: tuple[str, ...] = ("degree", "lookup")

#: Buffer pool of the writer: bounded, so a build's memory is the graph's, not a share of the machine's RAM.
WRITE_BUFFER_BYTES = 1024**3

#: Buffer pool of a read-only session: questions touch little; keeps a reader's memory small.
READ_BUFFER_BYTES = 2 * 1024**3

_PAPER = NodeLabel.PAPER.value

#: Cypher column type for each Python annotation of a :class:`kg.types.Paper` field.
_ANNOTATION_TYPES = {
    "str": "STRING",
    "str | None": "STRING",
    "int": "INT64",
    "int | None": "INT64",
    "float | None": "DOUBLE",
    "float": "DOUBLE",
    "bool | None": "BOOLEAN",
    "bool": "BOOLEAN",
    "tuple[str, ...]": "STRING[]",
}


class DatabaseError(KgError):
    """The database file is missing, unreadable, or not a graph database we wrote."""


@functools.cache
def _paper_columns() -> dict[str, str]:
    columns = {"key": "STRING", "name": "STRING"}
    hints = typing.get_type_hints(Paper)
    for field in dataclasses.fields(Paper):
        annotation = str(field.type)
        kind = _ANNOTATION_TYPES.get(annotation)
        if kind is None:  # a new field with an unusual annotation: fall back on its resolved type
            hint = hints[field.name]
            kind = "STRING[]" if typing.get_origin(hint) is tuple else "STRING"
        columns[field.name] = kind
    columns.update(in_corpus="BOOLEAN", paper_count="INT64")
    return columns


def declared_columns(label: str) -> dict[str, str]:
    """The columns every database has for ``label``: name -> Cypher type (``key`` first)."""
    if label == _PAPER:
        columns = dict(_paper_columns())
    elif label in ENTITY_LABELS:
        columns = {name: "STRING" for name in ENTITY_PROPERTIES}
        columns.update(aliases="STRING[]", introduced_by="STRING[]", paper_count="INT64")
    elif label == NodeLabel.RESULT.value:
        columns = {name: "STRING" for name in RESULT_PROPERTIES}
        columns.update(value="DOUBLE", confidence="DOUBLE", start="INT64", end="INT64")
    else:
        columns = {name: "STRING" for name in AGENT_PROPERTIES}
        columns["paper_count"] = "INT64"
    columns.update(degree="INT64", lookup="STRING[]")
    return columns


#: Cypher type of each relationship property.
RELATIONSHIP_COLUMNS: dict[str, str] = {"evidence": "STRING", "extractor": "STRING", "confidence": "DOUBLE", "role": "STRING"}


def _infer_type(values: Sequence[Any]) -> str:
    """The column type for an undeclared property, from the values the graph holds."""
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {bool}:
        return "BOOLEAN"
    if kinds and kinds <= {int}:
        return "INT64"
    if kinds and kinds <= {int, float}:
        return "DOUBLE"
    if kinds and kinds <= {list, tuple}:
        return "STRING[]"
    return "STRING"


# ---------------------------------------------------------------- writing


#: The Python type a column's values already have when no conversion is needed.
_PLAIN_TYPES = {"STRING": str, "INT64": int, "DOUBLE": float, "BOOLEAN": bool}


def _coerce(value: Any, kind: str) -> Any:
    """``value`` as the column type wants it; None stays None."""
    if value is None or type(value) is _PLAIN_TYPES.get(kind):
        return value
    if kind == "STRING[]":
        items = value if isinstance(value, list | tuple | set) else [value]
        return [str(v) for v in items]
    if kind == "STRING":
        return value if isinstance(value, str) else str(value)
    if kind == "INT64":
        return int(value)
    if kind == "DOUBLE":
        return float(value)
    if kind == "BOOLEAN":
        return bool(value)
    raise ValueError(kind)


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {
        "STRING": pa.string(),
        "INT64": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "STRING[]": pa.list_(pa.string()),
    }[kind]


def _quote(name: str) -> str:
    """A property or table name for DDL (backticks; names come from our schema or the graph's keys)."""
    if "`" in name:
        raise DatabaseError(f"property name {name!r} cannot be stored")
    return f"`{name}`"


def node_columns(graph: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """The columns of each node table: the declared ones plus any other property the graph holds."""
    extra: dict[str, dict[str, list[Any]]] = {label: defaultdict(list) for label in NODE_LABELS}
    declared = {label: declared_columns(label) for label in NODE_LABELS}
    for _, data in graph.nodes(data=True):
        label = _single_label(data)
        for name, value in data.items():
            if name != LABELS_ATTR and name not in declared[label]:
                extra[label][name].append(value)
    columns = {}
    for label in NODE_LABELS:
        columns[label] = declared[label]
        for name, values in sorted(extra[label].items()):
            columns[label][name] = _infer_type(values)
    return columns


def _single_label(data: Mapping[str, Any]) -> str:
    labels = data.get(LABELS_ATTR) or ()
    if len(labels) != 1 or next(iter(labels)) not in NODE_LABELS:
        raise DatabaseError(f"node with labels {sorted(labels)!r} does not fit the schema")
    return next(iter(labels))


def schema_statements(columns: Mapping[str, Mapping[str, str]]) -> list[str]:
    """``CREATE NODE TABLE`` / ``CREATE REL TABLE`` statements for the whole schema."""
    statements = []
    for label in NODE_LABELS:
        cols = ", ".join(f"{_quote(name)} {kind}" for name, kind in columns[label].items())
        statements.append(f"CREATE NODE TABLE {label}({cols}, PRIMARY KEY (key))")
    rel_cols = ", ".join(f"{_quote(name)} {kind}" for name, kind in RELATIONSHIP_COLUMNS.items())
    for rel in RELATIONSHIP_TYPES:
        starts, ends = RELATIONSHIP_ENDPOINTS[rel]
        pairs = ", ".join(f"FROM {s} TO {e}" for s in starts for e in ends)
        statements.append(f"CREATE REL TABLE {rel}({pairs}, {rel_cols})")
    return statements


def write_database(graph: nx.MultiDiGraph, path: Path | str, *, consume: bool = False) -> None:
    """Write ``graph`` as a new database at ``path``, atomically (temp file, then rename).

    With ``consume``, the graph is taken apart while it is written and left empty: each
    edge's attribute dicts are freed once its values are spilled (column-wise, as Arrow
    record batches in anonymous temporary files beside ``path``), each label's node dicts
    once its table is built, so the database's own memory during the ``COPY`` statements
    comes on top of what remains of the graph instead of the whole of it (``kg build``).
    The database written is the same either way. Raises :class:`DatabaseError` for a graph
    that does not fit the schema.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # the database wants to create its file itself
    try:
        with gc_paused():  # the columns are lists and Arrow arrays: no cycles, but full scans of the graph per burst
            _write_tables(graph, tmp, consume)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    finally:
        if consume:
            graph.clear()


def _write_tables(graph: nx.MultiDiGraph, path: Path, consume: bool = False) -> None:
    """Create the schema in a new database at ``path`` and COPY every node and relationship table into it.

    Every table is first spilled, as Arrow record batches, to an anonymous temporary file beside
    ``path``: the relationships, then each label's nodes. With ``consume`` the graph goes piece
    by piece as it is spilled, and is gone (its memory handed back, see :func:`_release_memory`)
    before the database is even opened, so the memory the database's ``COPY`` takes (several
    times the size of the table it copies) comes on top of little more than the process itself.
    Then each table is read back and copied in, one at a time.
    """
    import ladybug

    columns = node_columns(graph)
    with contextlib.ExitStack() as stack:
        degrees = _degrees(graph)
        relationships = _spill_relationships(graph, path.parent, stack, consume)
        nodes = _spill_nodes(graph, path.parent, stack, columns, degrees, consume)
        del degrees
        if consume:
            graph.clear()
            _release_memory()
        database = ladybug.Database(str(path), buffer_pool_size=WRITE_BUFFER_BYTES)
        try:
            with contextlib.closing(ladybug.Connection(database)) as connection:
                for statement in schema_statements(columns):
                    connection.execute(statement)
            for label, spill in nodes:
                _copy(database, f"COPY {label} FROM $rows", spill.table())
                spill.close()
            for (rel, start, end), spill in relationships:
                _copy(database, f"COPY {rel} FROM $rows (from='{start}', to='{end}')", spill.table())
                spill.close()
            with contextlib.closing(ladybug.Connection(database)) as connection:
                connection.execute("CHECKPOINT")
        finally:
            database.close()


def preload() -> None:
    """Import the writer's modules now (see :func:`kg.build.preload_writer`)."""
    import ladybug  # noqa: F401
    import pyarrow  # noqa: F401
    import pyarrow.compute  # noqa: F401
    import pyarrow.ipc  # noqa: F401


def _release_memory() -> None:
    """Hand the memory of a freed graph back to the system, as far as the allocators let us.

    A full collection (nothing to find: the graph is acyclic, but it clears the interpreter's
    free lists) and, with glibc, ``malloc_trim``, which returns the free pages in the middle of
    the heap: the long strings and big dict tables of millions of nodes and edges lived there.
    """
    import ctypes
    import gc

    from kg.normalize import normalize_name

    normalize_name.cache_clear()  # the lookup column's names: they would outlive the graph among its memory
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _copy(database: Any, statement: str, table: Any) -> None:
    """Run one ``COPY ... FROM $rows`` on a connection of its own.

    A connection keeps each statement it prepared, with its bound Arrow table, until it is
    closed: one connection for every COPY would hold the whole graph's Arrow copy to the end.
    """
    import ladybug

    with contextlib.closing(ladybug.Connection(database)) as connection:
        connection.execute(statement, {"rows": table})


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Nodes per Arrow record batch when a node table is spilled.
SPILL_NODE_ROWS = 16384


def _spill_nodes(
    graph: nx.MultiDiGraph,
    folder: Path,
    stack: contextlib.ExitStack,
    columns: Mapping[str, Mapping[str, str]],
    degrees: dict[str, int],
    consume: bool = False,
) -> list[tuple[str, _Spill]]:
    """Spill every node table, each label's nodes in id order, in batches of :data:`SPILL_NODE_ROWS`.

    With ``consume``, each batch's nodes leave the graph (and ``degrees``) once it is written.
    """
    members: dict[str, list[str]] = {label: [] for label in NODE_LABELS}
    for node in sorted(graph._node):
        members[node.partition(":")[0]].append(node)
    spills = []
    for label in NODE_LABELS:
        nodes = members.pop(label)
        if not nodes:
            continue
        spill = stack.enter_context(contextlib.closing(_Spill(folder)))
        for first in range(0, len(nodes), SPILL_NODE_ROWS):
            batch = nodes[first:first + SPILL_NODE_ROWS]
            spill.write(_node_table(graph, label, batch, columns[label], degrees))
            if consume:
                for node in batch:
                    del graph._node[node]
                    del degrees[node]
        spills.append((label, spill))
        del nodes
    return spills


def _degrees(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Each node's number of relationships in the whole graph (``graph.degree``, without its views)."""
    succ, pred = graph._succ, graph._pred
    return {node: sum(map(len, succ[node].values())) + sum(map(len, pred[node].values())) for node in graph._node}


def _node_table(graph: nx.MultiDiGraph, label: str, nodes: list[str], columns: Mapping[str, str], degrees: Mapping[str, int]) -> Any:
    """The Arrow table of ``nodes`` (all of ``label``): their properties plus key, degree and lookup.

    Built column by column straight from the nodes' attribute dicts, with no per-node row dict.
    """
    import pyarrow as pa

    datas = [graph._node[node] for node in nodes]
    keys = [node.partition(":")[2] for node in nodes]
    arrays = {}
    for name, kind in columns.items():
        if name == "key":
            values = keys
        elif name == "degree":
            values = [degrees[node] for node in nodes]
        elif name == "lookup":
            values = [lookup_names(label, data if data.get("key") == key else {**data, "key": key}) for data, key in zip(datas, keys)]
        else:
            values = _column(datas, name, kind)
        arrays[name] = pa.array(values, type=_arrow_type(kind))
        del values
    return pa.table(arrays)


def _column(datas: Sequence[Mapping[str, Any]], name: str, kind: str) -> list[Any]:
    """Property ``name`` of each attribute dict, as column type ``kind`` wants it (None where missing)."""
    return _coerced([data.get(name) for data in datas], kind)


def _coerced(values: list[Any], kind: str) -> list[Any]:
    """``values`` as column type ``kind`` wants them (the list itself when nothing needs converting)."""
    expected = _PLAIN_TYPES.get(kind)
    if all(value is None or type(value) is expected for value in values):
        return values
    return [value if value is None or type(value) is expected else _coerce(value, kind) for value in values]


#: Rows of one relationship group held as Python lists before they go to its spill file as one Arrow record batch.
SPILL_BATCH_ROWS = 8192

#: A relationship group: (type, start label, end label).
_Group = tuple[str, str, str]


class _Spill:
    """One table as Arrow record batches in an anonymous temporary file (a killed build leaves nothing behind)."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".kg-spill-")
        self._writer: Any = None

    def write(self, batch: Any) -> None:
        """Append ``batch`` (a record batch or table; all of one spill have the same schema)."""
        import pyarrow as pa

        if self._writer is None:
            self._writer = pa.ipc.new_stream(self._file, batch.schema)
        self._writer.write(batch)

    def table(self) -> Any:
        """Every row written, as one Arrow table of one chunk (in the order written).

        One chunk, as the table built in one piece before spilling was: the database gets the
        same input as it always did (it copies the chunks of a table in parallel).
        """
        import pyarrow as pa

        self._writer.close()
        self._file.seek(0)
        with pa.ipc.open_stream(self._file) as reader:
            table = reader.read_all()
        return table.combine_chunks()

    def close(self) -> None:
        """Drop the file."""
        self._file.close()


class _RelationshipSpill(_Spill):
    """The rows of one relationship group, gathered column by column and spilled every :data:`SPILL_BATCH_ROWS`.

    Rows are held as Python lists (node ids and the edges' property values, by reference)
    until a batch is full, then written out as an Arrow record batch.
    """

    def __init__(self, group: _Group, folder: Path) -> None:
        super().__init__(folder)
        self.group = group
        self.sources: list[str] = []
        self.targets: list[str] = []
        self.values: dict[str, list[Any]] = {name: [] for name in RELATIONSHIP_COLUMNS}

    def add(self, source: str, target: str, data: Mapping[str, Any]) -> None:
        """One relationship: its end node ids and attribute dict."""
        self.sources.append(source)
        self.targets.append(target)
        for name, values in self.values.items():
            values.append(data.get(name))
        if len(self.sources) >= SPILL_BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the rows gathered so far as one record batch."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not self.sources:
            return
        rel, start, end = self.group
        arrays = [  # the keys: node ids without their "<Label>:" prefix, cut by Arrow
            pc.utf8_slice_codeunits(pa.array(self.sources, pa.string()), len(start) + 1),
            pc.utf8_slice_codeunits(pa.array(self.targets, pa.string()), len(end) + 1),
        ]
        for name, kind in RELATIONSHIP_COLUMNS.items():
            arrays.append(pa.array(_coerced(self.values[name], kind), type=_arrow_type(kind)))
        self.write(pa.record_batch(arrays, names=["from", "to", *RELATIONSHIP_COLUMNS]))
        self.sources, self.targets = [], []
        self.values = {name: [] for name in RELATIONSHIP_COLUMNS}

    def table(self) -> Any:
        """Every row added, as one Arrow table (in the order they were added)."""
        self.flush()
        return super().table()


def _spill_relationships(graph: nx.MultiDiGraph, folder: Path, stack: contextlib.ExitStack, consume: bool = False) -> list[tuple[_Group, _RelationshipSpill]]:
    """Spill every relationship, grouped by (type, start label, end label), sorted by group.

    Within a group the rows keep the graph's order (by source, then target, then type). With
    ``consume``, each source's edges leave the graph as soon as they are spilled (the
    predecessor dicts first, which hold the same edges), so their attribute dicts are freed.
    """
    label_of = {node: intern(node.partition(":")[0]) for node in graph._node}
    spills: dict[_Group, _RelationshipSpill] = {}
    succ = graph._succ
    if consume:
        for node in graph._pred:
            graph._pred[node] = _NO_EDGES
    for source, targets in succ.items():
        start = label_of[source]
        for target, keyed in targets.items():
            end = label_of[target]
            for rel, data in keyed.items():
                spill = spills.get((rel, start, end))
                if spill is None:
                    starts, ends = RELATIONSHIP_ENDPOINTS.get(rel, ((), ()))
                    if start not in starts or end not in ends:
                        raise DatabaseError(f"relationship {source} -[{rel}]-> {target} does not fit the schema")
                    spill = spills[(rel, start, end)] = stack.enter_context(contextlib.closing(_RelationshipSpill((rel, start, end), folder)))
                spill.add(source, target, data)
        if consume:
            succ[source] = _NO_EDGES
    del label_of
    for spill in spills.values():  # the last rows too: nothing of the edges stays referenced
        spill.flush()
    return sorted(spills.items())


#: What a consumed node's successor and predecessor dicts become (never mutated: the graph is cleared after).
_NO_EDGES: dict[str, Any] = {}


# ---------------------------------------------------------------- reading

#: ``type(r)`` (Neo4j, grand-cypher) is ``label(r)`` in LadybugDB.
_TYPE_CALL = re.compile(r"(?<![\w.$`])type\s*\(", re.IGNORECASE)


def dialect(query: str) -> str:
    """``query`` in LadybugDB's dialect: ``type(r)`` becomes ``label(r)`` (outside strings and comments).

    >>> dialect("RETURN type(r) AS t, 'type(x)' AS s")
    "RETURN label(r) AS t, 'type(x)' AS s"
    """
    blank = blank_literals(query)
    out, last = [], 0
    for match in _TYPE_CALL.finditer(blank):
        out.append(query[last:match.start()])
        out.append("label(")
        last = match.end()
    out.append(query[last:])
    return "".join(out)


class LadybugStore:
    """A graph database file opened for questions (read-only unless ``writable``)."""

    engine = "ladybug"

    def __init__(self, database: Any, path: Path) -> None:
        import ladybug

        self.path = path
        self._database = database
        self._connection = ladybug.Connection(database)
        #: The tables this database has: one written by an older version may lack newer labels or types.
        self.tables: frozenset[str] = frozenset(str(row[1]) for row in self.query("CALL show_tables() RETURN *").rows)

    @classmethod
    def open(cls, path: Path | str, writable: bool = False) -> LadybugStore:
        """Open the database at ``path``; :class:`DatabaseError` with one clear line if it is not one."""
        import ladybug

        path = Path(path)
        if not path.exists():
            raise GraphFileError(f"{path}: no graph here; run `kg build INPUT... --graph {path}` first")
        if path.is_dir():
            raise DatabaseError(f"{path}: is a folder, not a graph database")
        try:
            if writable:
                database = ladybug.Database(str(path))
            else:
                database = ladybug.Database(str(path), read_only=True, buffer_pool_size=READ_BUFFER_BYTES)
        except RuntimeError as exc:
            raise DatabaseError(f"{path}: not a readable kg graph database ({_first_line(exc)})") from None
        store = cls(database, path)
        if not {"Paper", *ENTITY_LABELS} <= store.tables:
            store.close()
            raise DatabaseError(f"{path}: a LadybugDB database, but not a kg graph (tables {sorted(store.tables)})")
        return store

    def close(self) -> None:
        """Release the database file."""
        with contextlib.suppress(Exception):
            self._connection.close()
        with contextlib.suppress(Exception):
            self._database.close()

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run Cypher natively, values only as ``$parameters``; :class:`QueryError` with the engine's first line."""
        text = dialect(cypher).strip().rstrip(";").strip()
        if not text:
            raise QueryError("empty query")
        try:
            result = self._connection.execute(text, dict(params or {}))
        except RuntimeError as exc:
            missing = self.missing_table(exc)
            older = (
                f" (this database was written by an older kg, whose graph had no {missing} table; "
                "build it again with `kg build` to add one)" if missing else ""
            )
            raise QueryError(f"Cypher error: {_first_line(exc)}{older}") from None
        if isinstance(result, list):  # several statements: the last one's rows
            result = result[-1]
        columns = tuple(result.get_column_names())
        plain = (str, int, float, bool, type(None))
        rows = tuple(
            tuple(row) if all(type(v) in plain for v in row) else tuple(_plain(v) for v in row)  # nodes, lists: cleaned
            for row in result.get_all()
        )
        return QueryResult(columns=columns, rows=rows)

    def question(self, name: str, params: Mapping[str, Any]) -> QueryResult:
        """Answer the library question ``cypher/<name>.cypher``.

        On a database written before the schema had a label or relationship type the question
        reads (Result, before results were extracted), the answer is empty, as it is in fact.
        """
        from kg.graph.cypher_engine import return_items
        from kg.graph.library import load_query

        text = load_query(name).text
        try:
            return self.query(text, params)
        except QueryError:
            if not self._lacks_schema_tables(text):
                raise
            return QueryResult(columns=tuple(name for _, name in return_items(text)), rows=())

    def missing_table(self, error: BaseException) -> str | None:
        """The schema table (label or relationship type) an engine error says this database lacks, or None."""
        match = _NO_TABLE.search(str(error))
        tables = getattr(self, "tables", frozenset())  # (unset while the store opens)
        if match and match.group(1) in (*NODE_LABELS, *RELATIONSHIP_TYPES) and match.group(1) not in tables:
            return match.group(1)
        return None

    def _lacks_schema_tables(self, query: str) -> bool:
        """Whether ``query`` names a label or relationship type of the schema that this database has no table for."""
        words = set(re.findall(r"[A-Za-z_]\w*", blank_literals(query)))
        return any(table in words and table not in self.tables for table in (*NODE_LABELS, *RELATIONSHIP_TYPES))

    def iter_rows(self, cypher: str, params: Mapping[str, Any] | None = None) -> Iterator[list[Any]]:
        """The rows of a query one at a time (for large answers: every paper, the whole graph)."""
        try:
            result = self._connection.execute(dialect(cypher), dict(params or {}))
        except RuntimeError as exc:
            raise QueryError(f"Cypher error: {_first_line(exc)}") from None
        while result.has_next():
            yield result.get_next()

    # ------------------------------------------------------------ the graph as networkx

    def columns(self, label: str) -> list[str]:
        """The property names of the node or relationship table ``label`` (none when the database lacks it)."""
        if label not in self.tables:
            return []
        return [row[1] for row in self.query(f"CALL table_info('{label}') RETURN *").rows]

    def nodes(self, label: str, keys: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(node id, properties)`` of the ``label`` nodes (all, or those with ``keys``), derived ones dropped."""
        names = [c for c in self.columns(label) if c not in DERIVED_PROPERTIES]
        if not names:
            return
        fields = ", ".join(f"n.{_quote(c)}" for c in names)
        where = " WHERE n.key IN $keys" if keys is not None else ""
        params = {"keys": list(keys)} if keys is not None else {}
        for row in self.iter_rows(f"MATCH (n:{_checked(label)}){where} RETURN {fields} ORDER BY n.key", params):
            data = {name: value for name, value in zip(names, row) if not _empty(value)}
            yield f"{label}:{row[0]}", data

    def relationships(self, keys_by_label: Mapping[str, Sequence[str]] | None = None) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """``(source id, target id, type, properties)`` of every relationship, or of those from the given nodes."""
        for rel in RELATIONSHIP_TYPES:
            if rel not in self.tables:
                continue
            present = [c for c in RELATIONSHIP_COLUMNS if c in self.columns(rel)]
            fields = "".join(f", r.{_quote(c)}" for c in present)
            starts, ends = RELATIONSHIP_ENDPOINTS[rel]
            for start in starts:
                if keys_by_label is not None and not keys_by_label.get(start):
                    continue
                where = " WHERE a.key IN $keys" if keys_by_label is not None else ""
                params = {"keys": list(keys_by_label[start])} if keys_by_label is not None else {}
                query = f"MATCH (a:{start})-[r:{rel}]->(b) {where} RETURN a.key, label(b), b.key{fields}"
                for row in self.iter_rows(query, params):
                    props = {name: value for name, value in zip(present, row[3:]) if value is not None}
                    yield f"{start}:{row[0]}", f"{row[1]}:{row[2]}", rel, props

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph in memory, as ``kg build`` merged it (for exports, Neo4j loads, ``--add``)."""
        from kg.graph.nx_store import new_graph

        graph = new_graph()
        for label in NODE_LABELS:
            labels = {label}
            for node, data in self.nodes(label):
                graph.add_node(node, **{LABELS_ATTR: labels}, **data)
        for source, target, rel, props in self.relationships():
            graph.add_edge(source, target, key=rel, **{LABELS_ATTR: {rel}}, **props)
        return graph

    # ------------------------------------------------------------ names

    def resolve(self, name: str, labels: Sequence[str]) -> Resolved:
        """The node of one of ``labels`` that ``name`` means (see :mod:`kg.graph.resolve`)."""

        def candidates(key: str) -> Iterator[Candidate]:
            for label in labels:
                query = f"MATCH (n:{_checked(label)}) WHERE list_contains(n.lookup, $key) RETURN n.key, n.name, n.paper_count"
                for node_key, display, count in self.query(query, {"key": key}).rows:
                    yield Candidate(f"{label}:{node_key}", label, str(display or node_key), int(count or 0))

        def names() -> dict[str, str]:
            pool: dict[str, str] = {}
            for label in labels:
                for display, lookup in self.iter_rows(f"MATCH (n:{_checked(label)}) RETURN n.name, n.lookup"):
                    for key in lookup or ():
                        pool.setdefault(key, str(display or key))
            return pool

        return resolve_name(name, labels, candidates, names)

    # ------------------------------------------------------------ summaries

    def stats(self) -> dict[str, Any]:
        """Counts by node label and relationship type (every schema label, zeros included)."""
        nodes = {label: self._count(f"MATCH (n:{label}) RETURN count(*)") if label in self.tables else 0 for label in NODE_LABELS}
        rels = {rel: self._count(f"MATCH ()-[r:{rel}]->() RETURN count(*)") if rel in self.tables else 0 for rel in RELATIONSHIP_TYPES}
        return {
            "papers_in_corpus": self._count("MATCH (p:Paper) WHERE p.in_corpus RETURN count(*)"),
            "nodes": nodes,
            "relationships": rels,
            "total_nodes": sum(nodes.values()),
            "total_relationships": sum(rels.values()),
        }

    def _count(self, query: str) -> int:
        return int(self.query(query).rows[0][0])

    def corpus_papers(self) -> list[Paper]:
        """Every paper read from the inputs, in input order."""
        from kg.graph.nx_store import paper_from_node

        papers = []
        fields = [f.name for f in dataclasses.fields(Paper) if f.name in self.columns(_PAPER)]
        select = ", ".join(f"p.{_quote(f)}" for f in ["key", *fields])
        for row in self.iter_rows(f"MATCH (p:Paper) WHERE p.in_corpus RETURN {select}"):
            data = {name: value for name, value in zip(["key", *fields], row) if value is not None}
            papers.append(paper_from_node(data))
        return sorted(papers, key=lambda p: (p.source, p.line, p.id))


def _checked(label: str) -> str:
    if label not in NODE_LABELS:
        raise QueryError(f"unknown label {label!r}")
    return label


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _plain(value: Any) -> Any:
    """Nodes and relationships come back as dicts; drop the engine's internal ids from them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("_id", "_src", "_dst") and v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


#: The engine's words for a table the query names and the database lacks.
_NO_TABLE = re.compile(r"Table (\w+) does not exist")


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
