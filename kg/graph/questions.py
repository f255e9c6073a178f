"""The questions users ask most, answered from in-memory indexes (milliseconds on 100k papers).

The embedded Cypher engine is pure Python and needs seconds for an
aggregation over a large graph, so these questions walk networkx adjacency
directly, after one pass that indexes nodes by label and by normalised name
and alias. Each function returns the same rows as the ``cypher/`` file of the
same name (a test checks that on the example graph).
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict
from itertools import chain, repeat
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx

from kg.errors import KgError
from kg.graph.schema import ENTITY_LABELS, LABELS_ATTR
from kg.normalize import normalize_name
from kg.types import NodeLabel, Relation

PAPER = NodeLabel.PAPER.value
AUTHOR = NodeLabel.AUTHOR.value


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
    """A name resolved to one node of the graph."""

    node: str
    name: str
    label: str


class PaperAnswer(NamedTuple):
    """A paper in an answer, with the evidence sentence for it (may be empty)."""

    paper_id: str
    arxiv_id: str | None
    title: str
    evidence: str


class EntityCount(NamedTuple):
    """An entity in an answer with the number of papers behind it."""

    name: str
    type: str
    papers: int


class PaperLink(NamedTuple):
    """One thing a paper proposes or uses, with the evidence sentence."""

    relation: str
    type: str
    name: str
    evidence: str


class Questions:
    """Indexed answers over one graph. Build once per loaded graph (one pass over the nodes)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self._node_data = graph._node  # networkx's node-attribute dict: plain dict lookups, no view
        # networkx's adjacency dicts themselves: graph.pred[x][y] goes through two view objects per
        # lookup, which was half the time of answering for an entity with thousands of papers.
        self._pred = graph._pred
        self._succ = graph._succ
        self.label: dict[str, str] = {}
        self.by_label: dict[str, list[str]] = defaultdict(list)
        self._names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._top: dict[str, list[str]] = {}
        self._pools: dict[tuple[str, ...], dict[str, str]] = {}
        for node, data in graph.nodes(data=True):
            label = next(iter(data.get(LABELS_ATTR) or ("",)))
            self.label[node] = label
            self.by_label[label].append(node)
            names = self._names[label]
            keys = {normalize_name(str(data.get("name") or "")), str(data.get("key") or "")}
            keys.update(normalize_name(a) for a in data.get("aliases") or ())
            if label == PAPER:
                keys.update(normalize_name(str(v)) for v in (data.get("id"), data.get("arxiv_id"), data.get("title")) if v)
            for key in keys - {""}:
                names[key].append(node)
        # Per paper, the entities it links to (any relation): all of them, and by label. Co-occurrence
        # and "models on a benchmark" then count with one C-level Counter pass over these tuples.
        # Per paper, its answer fields, and its rank in paper-id order (sorting answers by an int).
        papers = self.by_label.get(PAPER, ())
        self._paper_base: dict[str, tuple[str, str | None, str]] = {}
        for paper in papers:
            data = self._node_data[paper]
            self._paper_base[paper] = (str(data.get("id") or data.get("key")), data.get("arxiv_id"), str(data.get("title") or ""))
        ordered = sorted(papers, key=lambda p: self._paper_base[p][0])
        self._rank: dict[str, int] = {paper: i for i, paper in enumerate(ordered)}
        self._paper_entities: dict[str, tuple[str, ...]] = {}
        self._paper_entities_by_label: dict[str, dict[str, tuple[str, ...]]] = {label: {} for label in ENTITY_LABELS}
        for paper in self.by_label.get(PAPER, ()):
            linked = [other for other in self._succ[paper] if self.label[other] in ENTITY_LABELS]
            if not linked:
                continue
            self._paper_entities[paper] = tuple(linked)
            for label in ENTITY_LABELS:
                of_label = tuple(o for o in linked if self.label[o] == label)
                if of_label:
                    self._paper_entities_by_label[label][paper] = of_label

    # ------------------------------------------------------------ resolution

    def resolve(self, name: str, labels: Sequence[str]) -> Resolved:
        """The node of one of ``labels`` that ``name`` means: case, punctuation and aliases ignored.

        An exact display-name match wins over an alias match; among equals the
        node with most papers wins. Raises :class:`UnknownEntityError` with
        near misses (difflib) when nothing matches.
        """
        key = normalize_name(name)
        candidates = [n for label in labels for n in self._names[label].get(key, ())] if key else []
        if not candidates:
            raise UnknownEntityError(name, labels, self.suggest(name, labels))
        data = self.graph.nodes

        def rank(node: str) -> tuple:
            exact = normalize_name(str(data[node].get("name", ""))) == key
            return (not exact, -int(data[node].get("paper_count", 0)), node)

        best = min(candidates, key=rank)
        return Resolved(node=best, name=str(data[best].get("name") or data[best].get("key")), label=self.label[best])

    def suggest(self, name: str, labels: Sequence[str], n: int = 5) -> list[str]:
        """Display names of ``labels`` closest to ``name`` (difflib ratio >= 0.6).

        Candidates are first narrowed to lengths that can reach the cutoff, and
        very large pools (titles of a big corpus) to the same first character.
        """
        key = normalize_name(name)
        pool = self._pools.get(tuple(labels))
        if pool is None:
            pool = {}
            for label in labels:
                for alias, nodes in self._names[label].items():
                    pool.setdefault(alias, str(self._node_data[nodes[0]].get("name") or alias))
            self._pools[tuple(labels)] = pool
        # difflib's ratio needs lengths within these bounds to reach the cutoff: drop the rest cheaply.
        low, high = 0.6 / 1.4 * len(key), 1.4 / 0.6 * len(key) + 1
        candidates = [k for k in pool if low <= len(k) <= high]
        if len(candidates) > 5000 and key:
            candidates = [k for k in candidates if k[:1] == key[:1]]
        close = difflib.get_close_matches(key, list(candidates), n=n * 2, cutoff=0.6)
        return list(dict.fromkeys(pool[c] for c in close))[:n]

    def _entity(self, name: str, labels: Sequence[str]) -> str:
        """A node id given as is (from :meth:`resolve`), else the node ``name`` resolves to."""
        if self.label.get(name) in labels:
            return name
        return self.resolve(name, labels).node

    # ------------------------------------------------------------ answers

    def _paper_answer(self, paper: str, evidence: str) -> PaperAnswer:
        return PaperAnswer(*self._paper_base[paper], evidence)

    def _papers_into(self, node: str, relation: str) -> tuple[PaperAnswer, ...]:
        """Papers with a ``relation`` edge into ``node``, by paper id, with that edge's evidence.

        Only papers have these relationships (schema), so no label check per edge.
        """
        pred = self._pred[node]
        papers = [paper for paper, edges in pred.items() if relation in edges]
        papers.sort(key=self._rank.__getitem__)
        base = self._paper_base
        make = tuple.__new__  # what PaperAnswer(...) does, without its Python-level __new__ per row
        return tuple([make(PaperAnswer, (*base[paper], pred[paper][relation].get("evidence", ""))) for paper in papers])

    def papers_using_benchmark(self, name: str) -> tuple[PaperAnswer, ...]:
        """Papers that evaluate on the benchmark ``name`` (cypher/papers_using_benchmark.cypher)."""
        return self._papers_into(self._entity(name, ["Benchmark"]), Relation.EVALUATES_ON.value)

    def papers_using_method(self, name: str) -> tuple[PaperAnswer, ...]:
        """Papers that use the method ``name`` (cypher/papers_using_method.cypher)."""
        return self._papers_into(self._entity(name, ["Method"]), Relation.USES_METHOD.value)

    def papers_using_model(self, name: str) -> tuple[PaperAnswer, ...]:
        """Papers that use the model ``name`` (cypher/papers_using_model.cypher)."""
        return self._papers_into(self._entity(name, ["Model"]), Relation.USES_MODEL.value)

    def papers_addressing_task(self, name: str) -> tuple[PaperAnswer, ...]:
        """Papers that address the task ``name`` (cypher/papers_addressing_task.cypher)."""
        return self._papers_into(self._entity(name, ["Task"]), Relation.ADDRESSES.value)

    def papers_proposing(self, name: str) -> tuple[PaperAnswer, ...]:
        """Papers that propose the entity ``name`` of any type (cypher/papers_proposing.cypher)."""
        return self._papers_into(self._entity(name, ENTITY_LABELS), Relation.PROPOSES.value)

    def author_papers(self, name: str) -> tuple[PaperAnswer, ...]:
        """Papers written by the author ``name`` (cypher/author_papers.cypher); evidence is empty."""
        author = self._entity(name, [AUTHOR])
        papers = sorted((p for p in self._succ[author] if self.label[p] == PAPER), key=self._rank.__getitem__)
        return tuple(self._paper_answer(p, "") for p in papers)

    def _entities_of_papers(
        self, papers: Sequence[str], label: str | None = None, exclude: str = "", limit: int | None = None
    ) -> tuple[EntityCount, ...]:
        """Entities (of ``label``, or any) linked from ``papers``, with how many of those papers link each.

        Ranked by paper count, then name; ``limit`` keeps the top rows (ties at the cut broken by name).
        """
        index = self._paper_entities if label is None else self._paper_entities_by_label[label]
        counts = Counter(chain.from_iterable(map(index.get, papers, repeat((), len(papers)))))
        counts.pop(exclude, None)
        if limit is not None and len(counts) > limit:
            floor = heapq.nlargest(limit, counts.values())[-1]
            counts = Counter({n: c for n, c in counts.items() if c >= floor})
        nodes, labels = self._node_data, self.label
        rows = [EntityCount(str(nodes[n].get("name")), labels[n], c) for n, c in counts.items()]
        rows.sort(key=lambda r: (-r.papers, r.name, r.type))
        return tuple(rows[:limit] if limit is not None else rows)

    def _evaluating_papers(self, benchmark: str) -> list[str]:
        rel = Relation.EVALUATES_ON.value
        return [p for p, edges in self._pred[benchmark].items() if rel in edges]

    def models_on_benchmark(self, name: str, limit: int | None = None) -> tuple[EntityCount, ...]:
        """Models used or proposed by papers evaluating on benchmark ``name`` (cypher/models_on_benchmark.cypher)."""
        papers = self._evaluating_papers(self._entity(name, ["Benchmark"]))
        return self._entities_of_papers(papers, "Model", limit=limit)

    def methods_on_benchmark(self, name: str, limit: int | None = None) -> tuple[EntityCount, ...]:
        """Methods used or proposed by papers evaluating on benchmark ``name`` (cypher/methods_on_benchmark.cypher)."""
        papers = self._evaluating_papers(self._entity(name, ["Benchmark"]))
        return self._entities_of_papers(papers, "Method", limit=limit)

    def cooccurring_entities(self, name: str, limit: int | None = None) -> tuple[EntityCount, ...]:
        """Entities sharing papers with entity ``name`` (cypher/cooccurring_entities.cypher)."""
        entity = self._entity(name, ENTITY_LABELS)
        papers = [p for p in self._pred[entity] if self.label[p] == PAPER]
        return self._entities_of_papers(papers, exclude=entity, limit=limit)

    def benchmarks_of_paper(self, paper: str) -> tuple[PaperLink, ...]:
        """Benchmarks the paper (arXiv ID, id or title) evaluates on (cypher/benchmarks_of_paper.cypher)."""
        return tuple(link for link in self.paper_uses(paper) if link.relation == Relation.EVALUATES_ON.value)

    def paper_uses(self, paper: str) -> tuple[PaperLink, ...]:
        """Everything the paper proposes or uses, with evidence (cypher/paper_uses.cypher)."""
        node = self._entity(paper, [PAPER])
        links = []
        for other, edges in self._succ[node].items():
            if self.label[other] not in ENTITY_LABELS:
                continue
            data = self.graph.nodes[other]
            for rel, edge in edges.items():
                links.append(PaperLink(relation=rel, type=self.label[other], name=str(data.get("name")), evidence=edge.get("evidence", "")))
        return tuple(sorted(links, key=lambda link: (link.relation, link.name)))

    def top_entities(self, label: str, limit: int = 10) -> tuple[EntityCount, ...]:
        """The ``limit`` entities of ``label`` with most papers (cypher/top_<label>s.cypher)."""
        if label not in self._top:
            nodes = self.graph.nodes
            self._top[label] = sorted(self.by_label.get(label, ()), key=lambda n: (-int(nodes[n].get("paper_count", 0)), str(nodes[n].get("name"))))
        nodes = self.graph.nodes
        return tuple(EntityCount(name=str(nodes[n].get("name")), type=label, papers=int(nodes[n].get("paper_count", 0))) for n in self._top[label][:limit])
