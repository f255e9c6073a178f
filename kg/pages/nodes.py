"""Facts about one node of an in-memory graph that every page shows: its type, name, year, papers, focus match.

Pure functions over the graph layout of ``kg.graph.nx_store`` (a networkx
``MultiDiGraph`` whose nodes carry ``__labels__`` and ``name``); the same
functions read the whole graph and the small graph a page is drawn from.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.normalize import normalize_name

_ARXIV_YEAR = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")

#: Node types that get a page of their own in ``kg site``, in index order.
ENTITY_TYPES: tuple[str, ...] = ("Benchmark", "Method", "Model", "Task", "Metric")

#: Node types no page draws: a benchmark's page shows its results as a leaderboard table instead.
HIDDEN_TYPES: tuple[str, ...] = ("Result",)

#: On a tie in degree, the budget keeps research entities first, then papers, then people.
TYPE_PRIORITY: tuple[str, ...] = ("Benchmark", "Method", "Model", "Task", "Metric", "Paper", "Organization", "Author")


class FocusNotFound(KgError):
    """The ``--focus`` name matches no node of the graph."""


def type_rank(kind: str) -> int:
    """Where ``kind`` comes in :data:`TYPE_PRIORITY` (unknown types last)."""
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


def display_of(node: str, data: Mapping[str, Any]) -> str:
    """The name a page shows for a node with properties ``data``: its ``name``, a paper's title, else the id.

    >>> display_of("Paper:2410.01257", {"title": "HelpSteer2-Preference"})
    'HelpSteer2-Preference'
    """
    return str(data.get("name") or data.get("title") or data.get("key") or node)


def display_name(graph: nx.MultiDiGraph, node: str) -> str:
    """The name a page shows for ``node``: its ``name``, a paper's title, else the id."""
    return display_of(node, graph.nodes[node])


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


def focus_match(name: str, node: str, data: Mapping[str, Any]) -> int | None:
    """How ``name`` matches a node: 0 exactly (case-folded) on a name, title, alias, arXiv ID or id; 1 once normalised; None.

    >>> focus_match("reward-bench", "Benchmark:rewardbench", {"name": "RewardBench"})
    1
    """
    wanted = name.strip().casefold()
    wanted_key = normalize_name(name)
    names = [data.get("name"), data.get("title"), data.get("arxiv_id"), data.get("key"), node]
    names += list(data.get("aliases") or ())
    names = [str(n) for n in names if n]
    if any(n.casefold() == wanted for n in names):
        return 0
    if wanted_key and any(normalize_name(n) == wanted_key for n in names):
        return 1
    return None


def focus_nodes(name: str, matches: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """The nodes ``name`` means among ``(node, properties)`` candidates: exact matches if any, else normalised ones."""
    exact: list[str] = []
    loose: list[str] = []
    for node, data in matches:
        found = focus_match(name, node, data)
        if found == 0:
            exact.append(node)
        elif found == 1:
            loose.append(node)
    return exact or loose


def focus_order(nodes: Iterable[str]) -> tuple[str, ...]:
    """Focus nodes in page order: entity types before papers, then by id."""
    return tuple(sorted(nodes, key=lambda n: (n.partition(":")[0] == "Paper", n)))


def focus_not_found(name: str, display_names: Iterable[str]) -> FocusNotFound:
    """The error for a focus that matches nothing, suggesting up to three close display names."""
    candidates = sorted(set(display_names))
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return FocusNotFound(f"no node named {name!r} in the graph{hint}")


def resolve_focus(graph: nx.MultiDiGraph, name: str) -> tuple[str, ...]:
    """The nodes named ``name``, matched case-insensitively over names, titles, aliases and arXiv IDs.

    Exact (case-folded) matches win; failing those, matches after
    ``normalize_name`` (so "reward-bench" finds "RewardBench"). Every node that
    matches is returned, entity types before papers, so a name extracted both as
    a model and a method shows both.

    Raises:
        FocusNotFound: nothing matches; the message suggests close names.
    """
    found = focus_nodes(name, ((n, d) for n, d in graph.nodes(data=True) if node_type(graph, n) not in HIDDEN_TYPES))
    if not found:
        raise focus_not_found(name, (display_name(graph, n) for n in graph.nodes))
    return focus_order(found)


def neighbourhood(graph: nx.MultiDiGraph, centres: tuple[str, ...], depth: int) -> dict[str, int]:
    """Every node within ``depth`` hops of ``centres`` (edges in either direction), with its distance.

    Nodes of :data:`HIDDEN_TYPES` are not drawn, so they are not reached (nor reached through).
    """
    distance = {c: 0 for c in centres}
    frontier = list(centres)
    for hop in range(1, depth + 1):
        following = []
        for node in frontier:
            for other in nx.all_neighbors(graph, node):
                if other not in distance and node_type(graph, other) not in HIDDEN_TYPES:
                    distance[other] = hop
                    following.append(other)
        frontier = following
    return distance
