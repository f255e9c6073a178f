"""Names -> nodes: the forgiving lookup behind ``kg ask`` (case, punctuation and aliases ignored).

A question names a thing as a person writes it ("reward-bench", "massive multitask
language understanding", an arXiv ID or a title); every store resolves it to one
node the same way: among the nodes whose normalised names include the question's,
an exact display-name match wins, then the node with most papers. Nothing matches:
:class:`UnknownEntityError` with the closest names (difflib).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from dataclasses import dataclass

from kg.errors import KgError
from kg.normalize import normalize_name


class UnknownEntityError(KgError):
    """A name that matches nothing of the wanted type; carries the closest names."""

    def __init__(self, name: str, labels: Sequence[str], suggestions: Sequence[str]) -> None:
        kinds = "/".join(label.lower() for label in labels)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {kinds} named {name!r} in the graph{hint}")
        self.name = name
        self.labels = tuple(labels)
        self.suggestions = tuple(suggestions)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A name resolved to one node of the graph: its id, label, key and display name."""

    node: str
    name: str
    label: str

    @property
    def key(self) -> str:
        """The node's key (its id after ``"<Label>:"``)."""
        return self.node.partition(":")[2]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A node whose names include the one asked for."""

    node: str
    label: str
    name: str
    paper_count: int


def lookup_names(label: str, data: Mapping[str, Any]) -> list[str]:
    """The normalised names that find a node: name, key, aliases; a paper's id, arXiv ID and title too."""
    names = {normalize_name(str(data.get("name") or "")), str(data.get("key") or "")}
    names.update(normalize_name(str(a)) for a in data.get("aliases") or ())
    if label == "Paper":
        names.update(normalize_name(str(v)) for v in (data.get("id"), data.get("arxiv_id"), data.get("title")) if v)
    names.discard("")
    return sorted(names)


def resolve_name(
    name: str, labels: Sequence[str], candidates: Callable[[str], Iterable[Candidate]], names: Callable[[], Mapping[str, str]]
) -> Resolved:
    """The node ``name`` means, the same way on every store.

    ``candidates(key)`` gives the nodes of ``labels`` whose lookup names include the
    normalised ``key``; ``names()`` the pool (lookup name -> display name) that
    :func:`closest_names` picks suggestions from, asked only when nothing matches.
    """
    key = normalize_name(name)
    found = best_candidate(name, candidates(key) if key else ())
    if found is None:
        raise UnknownEntityError(name, labels, closest_names(name, names()))
    return found


def best_candidate(name: str, candidates: Iterable[Candidate]) -> Resolved | None:
    """The candidate ``name`` means: an exact display-name match first, then most papers, then id."""
    key = normalize_name(name)
    ranked = sorted(candidates, key=lambda c: (normalize_name(c.name) != key, -c.paper_count, c.node))
    if not ranked:
        return None
    best = ranked[0]
    return Resolved(node=best.node, name=best.name, label=best.label)


def closest_names(name: str, pool: Mapping[str, str], n: int = 5) -> list[str]:
    """Display names from ``pool`` (normalised name -> display name) closest to ``name`` (ratio >= 0.6).

    Candidates are first narrowed to lengths that can reach the cutoff, and very
    large pools (titles of a big corpus) to the same first character.
    """
    key = normalize_name(name)
    low, high = 0.6 / 1.4 * len(key), 1.4 / 0.6 * len(key) + 1
    candidates = [k for k in pool if low <= len(k) <= high]
    if len(candidates) > 5000 and key:
        candidates = [k for k in candidates if k[:1] == key[:1]]
    close = difflib.get_close_matches(key, candidates, n=n * 2, cutoff=0.6)
    return list(dict.fromkeys(pool[c] for c in close))[:n]
