"""The database as a page source: Cypher fetches only the nodes and relationships a page draws.

Every answer matches :class:`kg.pages.source.GraphSource` on the same graph.
Ranking uses the ``degree`` each node row stores (its degree in the whole
graph), paper counts the stored ``paper_count``, focus names the stored
``lookup`` names. Nodes are looked up by primary key: a few one query each
(the index answers), more as one ``UNWIND $keys`` query (the engine then scans
the relationship table, which costs the same for 10 keys as for 10,000).
Relationships among chosen nodes are read from the side with fewer of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from kg.graph.ladybug_store import RELATIONSHIP_COLUMNS, LadybugStore
from kg.graph.schema import NODE_LABELS, RELATIONSHIP_ENDPOINTS, RELATIONSHIP_TYPES
from kg.normalize import normalize_name
from kg.pages.nodes import ENTITY_TYPES, HIDDEN_TYPES, display_of, focus_nodes, focus_not_found, focus_order
from kg.pages.source import (
    PAGE_PROPERTIES,
    EntityFacts,
    NodeFacts,
    PaperLink,
    Region,
    Related,
    assemble_page_graph,
    introducer_ids,
    rank_key,
    sort_entities,
    sort_related,
)

#: Up to this many nodes of one label are looked up one query each (by index); more are joined in one query.
FEW_KEYS = 8

#: Relationship types by (start label, end label), in schema order.
_RELATIONSHIPS_BY_ENDS: dict[tuple[str, str], list[str]] = {}
for _rel in RELATIONSHIP_TYPES:
    for _start in RELATIONSHIP_ENDPOINTS[_rel][0]:
        for _end in RELATIONSHIP_ENDPOINTS[_rel][1]:
            _RELATIONSHIPS_BY_ENDS.setdefault((_start, _end), []).append(_rel)

#: The labels a page may draw (every label but :data:`kg.pages.nodes.HIDDEN_TYPES`).
_SHOWN_LABELS: tuple[str, ...] = tuple(label for label in NODE_LABELS if label not in HIDDEN_TYPES)

#: What a focus name is compared with (see :func:`kg.pages.nodes.focus_match`).
_FOCUS_PROPERTIES = ("key", "name", "title", "arxiv_id", "aliases")


def by_label(nodes: Iterable[str]) -> dict[str, list[str]]:
    """Node ids grouped by label, as keys (sorted, no repeats).

    >>> by_label(["Paper:2410.01257", "Benchmark:mmlu", "Paper:2407.10817"])
    {'Paper': ['2407.10817', '2410.01257'], 'Benchmark': ['mmlu']}
    """
    grouped: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        label, _, key = node.partition(":")
        grouped[label].add(key)
    return {label: sorted(keys) for label, keys in grouped.items()}


class DatabaseSource:
    """A page source over a :class:`~kg.graph.ladybug_store.LadybugStore` opened read-only."""

    def __init__(self, store: LadybugStore) -> None:
        self.store = store
        self._table_columns: dict[str, tuple[str, ...]] = {}

    def _columns(self, label: str) -> tuple[str, ...]:
        if label not in self._table_columns:
            self._table_columns[label] = tuple(self.store.columns(label))
        return self._table_columns[label]

    def _fields(self, label: str, wanted: Sequence[str]) -> list[str]:
        """The properties of ``wanted`` that the ``label`` table has."""
        columns = self._columns(label)
        return [name for name in wanted if name in columns]

    def _rows(self, cypher: str, params: Mapping[str, Any] | None = None) -> Iterable[list[Any]]:
        return self.store.iter_rows(cypher, params)

    # ------------------------------------------------------------ counts

    def node_counts(self) -> dict[str, int]:
        """Nodes by type."""
        counts = {label: self._count(f"MATCH (n:{label}) RETURN count(*)") for label in NODE_LABELS}
        return {label: n for label, n in counts.items() if n}

    def relationship_counts(self) -> dict[str, int]:
        """Relationships by type."""
        counts = {rel: self._count(f"MATCH ()-[r:{rel}]->() RETURN count(*)") for rel in RELATIONSHIP_TYPES}
        return {rel: n for rel, n in counts.items() if n}

    def _count(self, cypher: str) -> int:
        return int(self.store.query(cypher).rows[0][0])

    # ------------------------------------------------------------ names

    def resolve_focus(self, name: str) -> tuple[str, ...]:
        """The nodes ``name`` means: candidates by the stored normalised names, judged as in memory."""
        wanted = normalize_name(name)
        candidates: list[tuple[str, dict[str, Any]]] = []
        for label in _SHOWN_LABELS:
            keys = {wanted} if wanted else set()
            prefix = normalize_name(label)
            if wanted.startswith(prefix) and len(wanted) > len(prefix):  # the node id typed out: "Benchmark:mmlu"
                keys.add(wanted[len(prefix):])
            if not keys:
                continue
            fields = self._fields(label, _FOCUS_PROPERTIES)
            query = (f"MATCH (n:{label}) WHERE any(k IN $keys WHERE list_contains(n.lookup, k) OR n.key = k) "
                     f"RETURN {', '.join(f'n.{f}' for f in fields)}")
            for row in self._rows(query, {"keys": sorted(keys)}):
                data = dict(zip(fields, row))
                candidates.append((f"{label}:{data['key']}", data))
        found = focus_nodes(name, candidates)
        if not found:
            raise focus_not_found(name, self._display_names())
        return focus_order(found)

    def _display_names(self) -> Iterable[str]:
        for label in _SHOWN_LABELS:
            fields = self._fields(label, ("key", "name", "title"))
            for row in self._rows(f"MATCH (n:{label}) RETURN {', '.join(f'n.{f}' for f in fields)}"):
                data = dict(zip(fields, row))
                yield display_of(f"{label}:{data['key']}", data)

    # ------------------------------------------------------------ ranking

    def _facts(self, label: str, cypher: str, params: Mapping[str, Any] | None = None) -> list[NodeFacts]:
        """Facts of the ``label`` nodes ``cypher`` matches as ``n`` (it ends before RETURN)."""
        fields = self._fields(label, ("key", "name", "title"))
        query = f"{cypher} RETURN n.degree, {', '.join(f'n.{f}' for f in fields)}"
        facts = []
        for row in self._rows(query, params):
            data = dict(zip(fields, row[1:]))
            node = f"{label}:{data['key']}"
            facts.append(NodeFacts(node, label, display_of(node, data), int(row[0] or 0)))
        return facts

    def top_nodes(self, count: int) -> list[NodeFacts]:
        """The ``count`` best nodes: each label's best by stored degree (ties at the cut kept), ranked together."""
        found: list[NodeFacts] = []
        for label in _SHOWN_LABELS:
            cut = self.store.query(f"MATCH (n:{label}) RETURN n.degree AS d ORDER BY d DESC SKIP {int(count) - 1} LIMIT 1").rows
            if cut:
                found += self._facts(label, f"MATCH (n:{label}) WHERE n.degree >= $cut", {"cut": cut[0][0]})
            else:  # fewer than ``count`` nodes of this label: all of them
                found += self._facts(label, f"MATCH (n:{label})")
        return sorted(found, key=rank_key)[:count]

    def region(self, centres: tuple[str, ...], depth: int) -> Region:
        """Breadth-first, one Cypher hop per label at a time; relationships counted once by (start, end, type)."""
        facts: dict[str, NodeFacts] = {}
        for label, keys in by_label(centres).items():
            facts.update((f.node, f) for f in self._facts(label, f"UNWIND $keys AS k MATCH (n:{label} {{key: k}})", {"keys": keys}))
        distance = {c: 0 for c in centres if c in facts}
        edges: set[tuple[str, str, str]] = set()
        frontier = list(distance)
        for hop in range(1, depth + 1):
            following = []
            for source, target, rel, other in self._incident(frontier):
                edges.add((source, target, rel))
                if other.node not in distance:
                    distance[other.node] = hop
                    facts[other.node] = other
                    following.append(other.node)
            frontier = following
        boundary = [n for n, d in distance.items() if d == depth]
        edges.update((s, t, r) for s, t, r, _ in self._edges_among(boundary, with_properties=False))
        return Region(distance=distance, facts={n: facts[n] for n in distance}, edges=len(edges))

    def _per_key(self, match: str, returned: str, keys: Sequence[str], params: Mapping[str, Any] | None = None) -> Iterable[list[Any]]:
        """Rows of ``MATCH match RETURN returned`` for every key of ``keys``, bound as ``$k`` in ``match``.

        A few keys: one query each, answered through the primary-key index. Many:
        one query joining ``$keys`` (the engine then scans the relationship
        tables, which costs the same for 10 keys as for 10,000).
        """
        if len(keys) <= FEW_KEYS:
            for key in keys:
                yield from self._rows(f"MATCH {match} RETURN {returned}", {**(params or {}), "k": key})
        else:
            joined = re.sub(r"\$k\b", "uk", match)
            yield from self._rows(f"UNWIND $keys AS uk MATCH {joined} RETURN {returned}", {**(params or {}), "keys": list(keys)})

    def _incident(self, nodes: Sequence[str]) -> Iterable[tuple[str, str, str, NodeFacts]]:
        """``(start, end, type, facts of the far end)`` of every relationship touching ``nodes``."""
        for label, keys in by_label(nodes).items():
            for outgoing in (True, False):
                arrow = "-[r]->" if outgoing else "<-[r]-"
                returned = "a.key, label(r), label(b), b.key, b.degree, b.name, b.title"
                for key, rel, other_label, other_key, degree, name, title in self._per_key(f"(a:{label} {{key: $k}}){arrow}(b)", returned, keys):
                    if other_label in HIDDEN_TYPES:
                        continue
                    near, far = f"{label}:{key}", f"{other_label}:{other_key}"
                    facts = NodeFacts(far, other_label, display_of(far, {"name": name, "title": title, "key": other_key}), int(degree or 0))
                    yield (near, far, rel, facts) if outgoing else (far, near, rel, facts)

    def _edges_among(self, nodes: Sequence[str], with_properties: bool = True) -> list[tuple[str, str, str, dict[str, Any]]]:
        """The relationships whose two ends are both in ``nodes``: per pair of labels, looked up from the side with fewer nodes."""
        keys = by_label(nodes)
        chosen = set(nodes)
        props = list(RELATIONSHIP_COLUMNS) if with_properties else []
        returned = "a.key, label(r), b.key" + "".join(f", r.{p}" for p in props)
        found = []
        for (start, end), rels in _RELATIONSHIPS_BY_ENDS.items():
            if not keys.get(start) or not keys.get(end):
                continue
            from_end = len(keys[end]) < len(keys[start])
            side = "b" if from_end else "a"
            match = f"(a:{start})-[r:{'|'.join(rels)}]->(b:{end}) WHERE {side}.key = $k"
            for row in self._per_key(match, returned, keys[end] if from_end else keys[start]):
                source, target = f"{start}:{row[0]}", f"{end}:{row[2]}"
                if source in chosen and target in chosen:
                    found.append((source, target, row[1], dict(zip(props, row[3:]))))
        return found

    # ------------------------------------------------------------ what a page draws

    def _properties(self, nodes: Iterable[str], wanted: Sequence[str] = PAGE_PROPERTIES) -> dict[str, dict[str, Any]]:
        """The ``wanted`` properties of ``nodes`` (missing nodes are left out)."""
        found = {}
        for label, keys in by_label(nodes).items():
            fields = self._fields(label, ("key", *[w for w in wanted if w != "key"]))
            query = f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN {', '.join(f'n.{f}' for f in fields)}"
            for row in self._rows(query, {"keys": keys}):
                data = dict(zip(fields, row))
                found[f"{label}:{data['key']}"] = data
        return found

    def page_graph(self, nodes: Sequence[str]) -> nx.MultiDiGraph:
        """The small graph a page is drawn from: its nodes' page properties, the relationships among them."""
        properties = self._properties(nodes)
        papers = self._paper_counts({n: d for n, d in properties.items() if not n.startswith("Paper:")})
        introducers = self._properties(introducer_ids(properties.values()))
        return assemble_page_graph(nodes, properties, papers, self._edges_among(nodes), introducers)

    def _paper_counts(self, properties: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
        """The stored ``paper_count`` of each node; counted from its relationships where none is stored."""
        papers = {n: int(d["paper_count"]) for n, d in properties.items() if d.get("paper_count") is not None}
        for label, keys in by_label(n for n in properties if n not in papers).items():
            papers.update((f"{label}:{k}", 0) for k in keys)
            query = f"UNWIND $keys AS k MATCH (n:{label} {{key: k}})-[]-(p:Paper) RETURN n.key, count(DISTINCT p)"
            papers.update((f"{label}:{key}", int(count)) for key, count in self._rows(query, {"keys": keys}))
        return papers

    def entities(self, per_type: int | None = None) -> list[EntityFacts]:
        """Entities by type, most papers first (each type's top ``per_type`` by stored ``paper_count``, ties at the cut kept)."""
        found = []
        for label in ENTITY_TYPES:
            papers = "coalesce(n.paper_count, 0)"
            where = ""
            params: dict[str, Any] = {}
            if per_type is not None:
                cut = self.store.query(f"MATCH (n:{label}) RETURN {papers} AS c ORDER BY c DESC SKIP {int(per_type) - 1} LIMIT 1").rows
                if cut:
                    where, params = f" WHERE {papers} >= $cut", {"cut": cut[0][0]}
            for key, name, count, aliases in self._rows(f"MATCH (n:{label}){where} RETURN n.key, n.name, {papers}, n.aliases", params):
                node = f"{label}:{key}"
                found.append(EntityFacts(node, label, display_of(node, {"name": name, "key": key}), int(count), tuple(aliases or ())))
        return sort_entities(found, per_type)

    def paper_links(self, node: str) -> list[PaperLink]:
        """Every relationship between ``node`` and a paper, with the paper's page properties."""
        label, _, key = node.partition(":")
        fields = self._fields("Paper", PAGE_PROPERTIES)
        returned = ", ".join(f"p.{f}" for f in fields)
        links = []
        for arrow in ("<-[r]-", "-[r]->"):
            query = f"MATCH (n:{label} {{key: $key}}){arrow}(p:Paper) RETURN label(r), r.evidence, {returned}"
            for row in self._rows(query, {"key": key}):
                data = dict(zip(fields, row[2:]))
                links.append(PaperLink(f"Paper:{data['key']}", data, row[0], str(row[1] or "")))
        return links

    def related(self, node: str, limit: int = 15) -> list[Related]:
        """Entities sharing papers with ``node``, counted by Cypher."""
        label, _, key = node.partition(":")
        query = (f"MATCH (n:{label} {{key: $key}})-[]-(p:Paper)-[]-(o) WHERE label(o) IN $types AND id(o) <> id(n) "
                 "RETURN label(o), o.key, o.name, count(DISTINCT p)")
        shared, names = {}, {}
        for other_label, other_key, name, count in self._rows(query, {"key": key, "types": list(ENTITY_TYPES)}):
            other = f"{other_label}:{other_key}"
            shared[other] = int(count)
            names[other] = display_of(other, {"name": name, "key": other_key})
        return sort_related(shared, names, limit)

    def results(self, name: str) -> list[dict[str, Any]]:
        """The rows of ``cypher/leaderboard.cypher`` for the benchmark ``name``."""
        return self.store.question("leaderboard", {"name": name}).records()
