"""Choosing what a page shows: a focus neighbourhood, or the top nodes of the whole graph, under a node budget.

Works on any :class:`kg.pages.source.PageSource` (the database, or a networkx
graph in memory), so both give the same selection; nothing here draws or writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.errors import KgError
from kg.pages.nodes import HIDDEN_TYPES
from kg.pages.source import PageSource, as_source, rank_key


@dataclass(frozen=True)
class Selection:
    """The nodes a page shows, and what the node budget left out.

    ``omitted`` counts left-out nodes by type; ``centres`` are the focus nodes
    (empty for a whole-graph page).
    """

    nodes: tuple[str, ...]
    total_nodes: int
    total_edges: int
    omitted: dict[str, int] = field(default_factory=dict)
    centres: tuple[str, ...] = ()
    depth: int = 0

    @property
    def omitted_count(self) -> int:
        """How many nodes of the candidate set the budget left out."""
        return sum(self.omitted.values())


def select_nodes(graph: PageSource | Any, focus: str | None = None, depth: int = 1, max_nodes: int = 500) -> Selection:
    """The nodes of a page: the whole graph or a focus neighbourhood, cut to ``max_nodes``.

    Above the budget the page keeps the nodes of highest degree (in the whole
    graph), research entities before papers before people on a tie (for a
    focus page: the nearest first, then by degree; the focus nodes always
    stay), and the selection records what it left out, by type. ``graph`` is
    a page source, a store or a networkx graph.
    """
    source = as_source(graph)
    if focus:
        return select_around(source, source.resolve_focus(focus), depth, max_nodes)
    return select_around(source, (), depth, max_nodes)


def select_around(graph: PageSource | Any, centres: tuple[str, ...], depth: int = 1, max_nodes: int = 500) -> Selection:
    """Like :func:`select_nodes` for known node ids; no centres means the whole graph."""
    if max_nodes < 1:
        raise KgError(f"--max-nodes must be at least 1, got {max_nodes}")
    if depth < 0:
        raise KgError(f"--depth must be 0 or more, got {depth}")
    source = as_source(graph)
    budget = max(max_nodes, len(centres))
    if centres:
        region = source.region(centres, depth)
        ranked = sorted(region.distance, key=lambda n: rank_key(region.facts[n], region.distance[n]))
        kept = ranked[:budget]
        omitted = Counter(region.facts[n].type for n in ranked[budget:])
        total_nodes, total_edges = len(region.distance), region.edges
    else:
        top = source.top_nodes(budget)
        kept = [f.node for f in top]
        counts = {kind: n for kind, n in source.node_counts().items() if kind not in HIDDEN_TYPES}
        omitted = Counter(counts) - Counter(f.type for f in top)
        total_nodes, total_edges = sum(counts.values()), sum(source.relationship_counts().values())
    return Selection(
        nodes=tuple(kept),
        total_nodes=total_nodes,
        total_edges=total_edges,
        omitted=dict(sorted(omitted.items())),
        centres=centres,
        depth=depth if centres else 0,
    )
