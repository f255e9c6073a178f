"""Choosing what a page shows: a focus neighbourhood, and the top nodes under a node budget.

Pure functions over the graph layout of ``kg.graph.nx_store`` (a networkx
``MultiDiGraph`` whose nodes carry ``__labels__`` and ``name``); nothing here
draws or writes.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kg.errors import KgError
from kg.normalize import normalize_name

_ARXIV_YEAR = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


class FocusNotFound(KgError):
    """The ``--focus`` name matches no node of the graph."""


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


#: On a tie in degree, the budget keeps research entities first, then papers, then people.
TYPE_PRIORITY: tuple[str, ...] = ("Benchmark", "Method", "Model", "Task", "Metric", "Paper", "Organization", "Author")


def _type_rank(graph: nx.MultiDiGraph, node: str) -> int:
    kind = node_type(graph, node)
    return TYPE_PRIORITY.index(kind) if kind in TYPE_PRIORITY else len(TYPE_PRIORITY)


def node_type(graph: nx.MultiDiGraph, node: str) -> str:
    """The single label of ``node`` (``"Paper"``, ``"Benchmark"`` ...), ``"Other"`` when it has none."""
    labels = graph.nodes[node].get("__labels__") or ()
    if isinstance(labels, str):
        return labels
    return sorted(labels)[0] if labels else "Other"


def relation_type(data: dict) -> str:
    """The relationship type of an edge's attributes (its one ``__labels__`` entry)."""
    labels = data.get("__labels__") or ()
    if isinstance(labels, str):
        return labels
    return sorted(labels)[0] if labels else "RELATED_TO"


def display_name(graph: nx.MultiDiGraph, node: str) -> str:
    """The name a page shows for ``node``: its ``name``, a paper's title, else the id."""
    data = graph.nodes[node]
    return str(data.get("name") or data.get("title") or data.get("key") or node)


def paper_year(data: dict) -> str:
    """The year of a paper's node attributes, from its dates or, failing those, its arXiv ID.

    >>> paper_year({"published": "2024-10-04"})
    '2024'
    >>> paper_year({"arxiv_id": "2510.15242"})
    '2025'
    """
    for key in ("published", "updated", "date_text"):
        found = _YEAR.search(str(data.get(key) or ""))
        if found:
            return found.group(0)
    found = _ARXIV_YEAR.match(str(data.get("arxiv_id") or ""))
    return f"20{found.group(1)}" if found else ""


def paper_neighbours(graph: nx.MultiDiGraph, node: str) -> set[str]:
    """The Paper nodes linked to ``node`` in either direction (for a paper: the papers it cites or that cite it)."""
    linked = set(graph.predecessors(node)) | set(graph.successors(node))
    return {n for n in linked if n != node and node_type(graph, n) == "Paper"}


def paper_count(graph: nx.MultiDiGraph, node: str) -> int:
    """How many papers ``node`` stands for: 1 for a paper, else its linked papers (or ``paper_count``)."""
    if node_type(graph, node) == "Paper":
        return 1
    stored = graph.nodes[node].get("paper_count")
    linked = len(paper_neighbours(graph, node))
    return max(linked, int(stored)) if isinstance(stored, int) else linked


def resolve_focus(graph: nx.MultiDiGraph, name: str) -> tuple[str, ...]:
    """The nodes named ``name``, matched case-insensitively over names, titles, aliases and arXiv IDs.

    Exact (case-folded) matches win; failing those, matches after
    ``normalize_name`` (so "reward-bench" finds "RewardBench"). Every node that
    matches is returned, entity types before papers, so a name extracted both as
    a model and a method shows both.

    Raises:
        FocusNotFound: nothing matches; the message suggests close names.
    """
    wanted = name.strip().casefold()
    wanted_key = normalize_name(name)
    exact: list[str] = []
    loose: list[str] = []
    for node, data in graph.nodes(data=True):
        names = [data.get("name"), data.get("title"), data.get("arxiv_id"), data.get("key"), node]
        names += list(data.get("aliases") or ())
        names = [str(n) for n in names if n]
        if any(n.casefold() == wanted for n in names):
            exact.append(node)
        elif wanted_key and any(normalize_name(n) == wanted_key for n in names):
            loose.append(node)
    found = exact or loose
    if not found:
        candidates = sorted({display_name(graph, n) for n in graph.nodes})
        close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise FocusNotFound(f"no node named {name!r} in the graph{hint}")
    return tuple(sorted(found, key=lambda n: (node_type(graph, n) == "Paper", n)))


def neighbourhood(graph: nx.MultiDiGraph, centres: tuple[str, ...], depth: int) -> dict[str, int]:
    """Every node within ``depth`` hops of ``centres`` (edges in either direction), with its distance."""
    distance = {c: 0 for c in centres}
    frontier = list(centres)
    for hop in range(1, depth + 1):
        following = []
        for node in frontier:
            for other in nx.all_neighbors(graph, node):
                if other not in distance:
                    distance[other] = hop
                    following.append(other)
        frontier = following
    return distance


def select_nodes(
    graph: nx.MultiDiGraph,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = 500,
) -> Selection:
    """The nodes of a page: the whole graph or a focus neighbourhood, cut to ``max_nodes``.

    Above the budget the page keeps the nodes of highest degree, research
    entities before papers before people on a tie (for a focus page: the
    nearest first, then by degree; the focus nodes always stay), and
    the selection records what it left out, by type.
    """
    if focus:
        return select_around(graph, resolve_focus(graph, focus), depth, max_nodes)
    return select_around(graph, (), depth, max_nodes)


def select_around(graph: nx.MultiDiGraph, centres: tuple[str, ...], depth: int = 1, max_nodes: int = 500) -> Selection:
    """Like :func:`select_nodes` for known node ids; no centres means the whole graph."""
    if max_nodes < 1:
        raise KgError(f"--max-nodes must be at least 1, got {max_nodes}")
    if depth < 0:
        raise KgError(f"--depth must be 0 or more, got {depth}")
    if centres:
        distance = neighbourhood(graph, centres, depth)
    else:
        distance = dict.fromkeys(graph.nodes, 0)
    ranked = sorted(distance, key=lambda n: (distance[n], -graph.degree(n), _type_rank(graph, n), display_name(graph, n), n))
    kept = ranked[: max(max_nodes, len(centres))]
    omitted = Counter(node_type(graph, n) for n in ranked[len(kept) :])
    return Selection(
        nodes=tuple(kept),
        total_nodes=len(distance),
        total_edges=graph.subgraph(distance).number_of_edges(),
        omitted=dict(sorted(omitted.items())),
        centres=centres,
        depth=depth if centres else 0,
    )
