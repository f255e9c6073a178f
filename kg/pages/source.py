"""Where a page's data comes from, behind one small interface: the in-memory graph, or the database.

A page draws a few hundred nodes of a graph that may hold hundreds of
thousands. :class:`PageSource` answers only what pages ask (resolve a focus
name, the neighbourhood within some hops, the best-ranked nodes, the small
graph of the nodes drawn, an entity's papers and companions, counts), so the
database path (:mod:`kg.pages.db_source`) fetches just that with Cypher, and
:class:`GraphSource` answers the same from a networkx graph already in memory.
Both give the same answers on the same graph; the page code above them is one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from kg.graph.nx_store import new_graph
from kg.pages.nodes import (
    ENTITY_TYPES,
    HIDDEN_TYPES,
    display_name,
    neighbourhood,
    node_type,
    paper_count,
    relation_type,
    resolve_focus,
    type_rank,
)

#: The node properties a page reads (tooltips, names, paper lists); the rest (abstracts ...) stays behind.
PAGE_PROPERTIES: tuple[str, ...] = (
    "key", "name", "title", "arxiv_id", "published", "updated", "date_text", "authors", "organizations",
    "aliases", "introduced_by", "paper_count",
)


@dataclass(frozen=True, slots=True)
class NodeFacts:
    """What ranking a node for a page needs: its id, type, display name and degree in the whole graph."""

    node: str
    type: str
    name: str
    degree: int


def rank_key(facts: NodeFacts, distance: int = 0) -> tuple[int, int, int, str, str]:
    """The page budget's order: nearest first, then most links, research entities first, then by name and id."""
    return (distance, -facts.degree, type_rank(facts.type), facts.name, facts.node)


@dataclass(frozen=True)
class Region:
    """The nodes within some hops of the centres (id -> distance), their facts, and the relationships joining them."""

    distance: dict[str, int]
    facts: dict[str, NodeFacts]
    edges: int


@dataclass(frozen=True, slots=True)
class EntityFacts:
    """An entity that may get a page: id, type, display name, papers, aliases (for the index's search box)."""

    node: str
    type: str
    name: str
    papers: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PaperLink:
    """One relationship between an entity and a paper: the paper's id and page properties, the type, the evidence."""

    paper: str
    data: Mapping[str, Any] = field(hash=False)
    relation: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Related:
    """An entity that shares ``shared`` papers with another."""

    node: str
    type: str
    name: str
    shared: int


@runtime_checkable
class PageSource(Protocol):
    """What the page code asks of a graph (see the module docstring)."""

    def node_counts(self) -> dict[str, int]:
        """Nodes by type."""

    def relationship_counts(self) -> dict[str, int]:
        """Relationships by type."""

    def resolve_focus(self, name: str) -> tuple[str, ...]:
        """The nodes ``name`` means (see :func:`kg.pages.nodes.resolve_focus`); :class:`FocusNotFound` if none."""

    def region(self, centres: tuple[str, ...], depth: int) -> Region:
        """The nodes within ``depth`` hops of ``centres`` (either direction) and the relationships among them."""

    def top_nodes(self, count: int) -> list[NodeFacts]:
        """The ``count`` best nodes of the whole graph in :func:`rank_key` order."""

    def page_graph(self, nodes: Sequence[str]) -> nx.MultiDiGraph:
        """The small graph a page is drawn from (see :func:`assemble_page_graph`)."""

    def entities(self, per_type: int | None = None) -> list[EntityFacts]:
        """Entities by type (:data:`ENTITY_TYPES` order), most papers first; the top ``per_type`` of each if given."""

    def paper_links(self, node: str) -> list[PaperLink]:
        """Every relationship between ``node`` and a paper."""

    def related(self, node: str, limit: int = 15) -> list[Related]:
        """Entities sharing papers with ``node``, most shared first (then by name, id)."""

    def results(self, name: str) -> list[dict[str, Any]]:
        """The rows ``cypher/leaderboard.cypher`` gives for the benchmark ``name`` (its results and its editions')."""


#: The columns of ``cypher/leaderboard.cypher``, in its order.
RESULT_COLUMNS: tuple[str, ...] = (
    "benchmark", "subject", "value", "unit", "metric", "kind", "subset", "paper_id", "arxiv_id", "title", "evidence", "result",
)


def assemble_page_graph(
    nodes: Sequence[str],
    properties: Mapping[str, Mapping[str, Any]],
    papers: Mapping[str, int],
    edges: Iterable[tuple[str, str, str, Mapping[str, Any]]],
    introducers: Mapping[str, Mapping[str, Any]],
) -> nx.MultiDiGraph:
    """The graph a page is drawn from, built the same way whatever the source.

    ``nodes`` in page order, each with its :data:`PAGE_PROPERTIES` and, for
    entities and people, ``paper_count`` set to its papers in the whole graph;
    the relationships among them, sorted; and the papers that introduced an
    entity on the page, as bare nodes (tooltips name them; they are not drawn).
    """
    page = new_graph()
    for node in nodes:
        label = node.partition(":")[0]
        data = page_properties(properties[node])
        if label != "Paper":
            data["paper_count"] = papers[node]
        page.add_node(node, __labels__={label}, **data)
    for source, target, rel, data in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        page.add_edge(source, target, key=rel, __labels__={rel}, **{k: v for k, v in data.items() if v is not None})
    for node in sorted(introducers):
        if node not in page:
            page.add_node(node, __labels__={"Paper"}, **page_properties(introducers[node]))
    return page


def page_properties(data: Mapping[str, Any]) -> dict[str, Any]:
    """The :data:`PAGE_PROPERTIES` of a node that hold a value (the database stores no empty ones either).

    >>> page_properties({"name": "RewardBench", "aliases": [], "abstract": "..."})
    {'name': 'RewardBench'}
    """
    return {k: v for k, v in data.items() if k in PAGE_PROPERTIES and v is not None and v != "" and v != [] and v != ()}


def introducer_ids(properties: Iterable[Mapping[str, Any]]) -> list[str]:
    """The Paper node ids named in the ``introduced_by`` lists of ``properties``."""
    return sorted({f"Paper:{key}" for data in properties for key in (data.get("introduced_by") or ())})


def sort_entities(entities: Iterable[EntityFacts], per_type: int | None) -> list[EntityFacts]:
    """``entities`` by type, then most papers, then id; cut to the top ``per_type`` of each type if given."""
    ranked = sorted(entities, key=lambda e: (ENTITY_TYPES.index(e.type), -e.papers, e.node))
    if per_type is None:
        return ranked
    kept: Counter[str] = Counter()
    out = []
    for entity in ranked:
        if kept[entity.type] < per_type:
            kept[entity.type] += 1
            out.append(entity)
    return out


def sort_related(shared: Mapping[str, int], names: Mapping[str, str], limit: int) -> list[Related]:
    """The ``limit`` entities sharing most papers (``shared``: id -> papers), then by display name and id."""
    ranked = sorted(shared, key=lambda n: (-shared[n], names[n], n))[:limit]
    return [Related(n, n.partition(":")[0], names[n], shared[n]) for n in ranked]


class GraphSource:
    """A page source over a networkx graph in memory (a ``.json.gz`` graph file, or a graph built in a test)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self._by_name: dict[str, list[str]] | None = None  # benchmark nodes by lower-cased name and family

    def _facts(self, node: str) -> NodeFacts:
        return NodeFacts(node, node_type(self.graph, node), display_name(self.graph, node), self.graph.degree(node))

    def node_counts(self) -> dict[str, int]:
        """Nodes by type."""
        return dict(Counter(node_type(self.graph, n) for n in self.graph.nodes))

    def relationship_counts(self) -> dict[str, int]:
        """Relationships by type."""
        return dict(Counter(relation_type(d) for _, _, d in self.graph.edges(data=True)))

    def resolve_focus(self, name: str) -> tuple[str, ...]:
        """The nodes ``name`` means."""
        return resolve_focus(self.graph, name)

    def region(self, centres: tuple[str, ...], depth: int) -> Region:
        """The nodes within ``depth`` hops of ``centres`` and the relationships among them."""
        distance = neighbourhood(self.graph, centres, depth)
        facts = {n: self._facts(n) for n in distance}
        return Region(distance=distance, facts=facts, edges=self.graph.subgraph(distance).number_of_edges())

    def top_nodes(self, count: int) -> list[NodeFacts]:
        """The ``count`` best nodes of the whole graph."""
        shown = (n for n in self.graph.nodes if node_type(self.graph, n) not in HIDDEN_TYPES)
        return sorted((self._facts(n) for n in shown), key=rank_key)[:count]

    def page_graph(self, nodes: Sequence[str]) -> nx.MultiDiGraph:
        """The small graph a page is drawn from."""
        graph = self.graph
        properties = {n: graph.nodes[n] for n in nodes}
        papers = {n: paper_count(graph, n) for n in nodes if node_type(graph, n) != "Paper"}
        edges = [(u, v, relation_type(d), {k: x for k, x in d.items() if k != "__labels__"})
                 for u, v, d in graph.subgraph(nodes).edges(data=True)]
        introducers = {p: graph.nodes[p] for p in introducer_ids(properties.values()) if p in graph}
        return assemble_page_graph(nodes, properties, papers, edges, introducers)

    def entities(self, per_type: int | None = None) -> list[EntityFacts]:
        """Entities by type, most papers first."""
        graph = self.graph
        found = (
            EntityFacts(n, kind, display_name(graph, n), paper_count(graph, n), tuple(str(a) for a in graph.nodes[n].get("aliases") or ()))
            for n in graph.nodes
            if (kind := node_type(graph, n)) in ENTITY_TYPES
        )
        return sort_entities(found, per_type)

    def paper_links(self, node: str) -> list[PaperLink]:
        """Every relationship between ``node`` and a paper."""
        graph = self.graph
        edges = [(u, d) for u, _, d in graph.in_edges(node, data=True)] + [(v, d) for _, v, d in graph.out_edges(node, data=True)]
        return [
            PaperLink(other, graph.nodes[other], relation_type(d), str(d.get("evidence") or ""))
            for other, d in edges
            if node_type(graph, other) == "Paper"
        ]

    def related(self, node: str, limit: int = 15) -> list[Related]:
        """Entities sharing papers with ``node``."""
        graph = self.graph
        shared: Counter[str] = Counter()
        for paper in set(nx.all_neighbors(graph, node)):
            if node_type(graph, paper) != "Paper":
                continue
            for other in set(nx.all_neighbors(graph, paper)):
                if other != node and node_type(graph, other) in ENTITY_TYPES:
                    shared[other] += 1
        return sort_related(shared, {n: display_name(graph, n) for n in shared}, limit)

    def results(self, name: str) -> list[dict[str, Any]]:
        """The leaderboard query's rows, walked in memory (grand-cypher per page would be slow on a big graph)."""
        graph = self.graph
        wanted = name.lower()
        rows = []
        for bench in self._benchmarks_named(wanted):
            for result, _, rel in graph.in_edges(bench, keys=True):
                if rel != "RESULT_ON":
                    continue
                r = graph.nodes[result]
                for paper, _, prel in graph.in_edges(result, keys=True):
                    if prel != "REPORTS_RESULT":
                        continue
                    p = graph.nodes[paper]
                    values = {**{k: r.get(k) for k in ("subject", "value", "unit", "metric", "kind", "subset", "evidence")},
                              "benchmark": graph.nodes[bench].get("name"), "paper_id": p.get("id"), "arxiv_id": p.get("arxiv_id"),
                              "title": p.get("title"), "result": r.get("key")}
                    rows.append({column: values[column] for column in RESULT_COLUMNS})
        return sorted(rows, key=lambda row: str(row["result"]))

    def _benchmarks_named(self, wanted: str) -> list[str]:
        """Benchmark nodes whose name or family is ``wanted`` (lower-cased, as toLower), as the query's WHERE says."""
        if self._by_name is None:
            by_name: dict[str, list[str]] = {}
            for node, data in self.graph.nodes(data=True):
                if node_type(self.graph, node) == "Benchmark":
                    for value in {str(data.get("name") or "").lower(), str(data.get("family") or "").lower()} - {""}:
                        by_name.setdefault(value, []).append(node)
            self._by_name = by_name
        return self._by_name.get(wanted, [])


def as_source(graph: Any) -> PageSource:
    """``graph`` as a page source: a networkx graph, a store (database or in memory), or a source already."""
    if isinstance(graph, nx.Graph):
        return GraphSource(graph)
    from kg.graph.ladybug_store import LadybugStore
    from kg.graph.store import NetworkxStore

    if isinstance(graph, NetworkxStore):
        return GraphSource(graph.graph)
    if isinstance(graph, LadybugStore):
        from kg.pages.db_source import DatabaseSource

        return DatabaseSource(graph)
    if isinstance(graph, PageSource):
        return graph
    raise TypeError(f"not a graph or page source: {type(graph).__name__}")
