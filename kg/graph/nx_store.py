"""The embedded store: extractions -> a networkx ``MultiDiGraph`` -> one gzip'd JSON file.

Nodes are keyed by the ids of :mod:`kg.keys`, edges by their relationship type,
so merging the same extraction twice changes nothing (MERGE semantics, like the
Neo4j loader): first non-empty value wins for display names and evidence, lists
(aliases, ``introduced_by``) are unions. A paper has at most one edge to an
entity (the one with its strongest role), so counting those edges counts papers.
The file is written atomically and with sorted keys, so building twice from the
same input gives identical bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from sys import intern
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import atomic_open
from kg.errors import GraphFileError, KgError  # noqa: F401 - GraphFileError is re-exported
from kg.gc_pause import gc_paused
from kg.graph.schema import LABELS_ATTR, NODE_LABELS, RELATIONSHIP_TYPES, split_node_id
from kg.keys import author_node, entity_node, organization_node, paper_key, paper_node, result_key, result_node
from kg.normalize import normalize_name
from kg.types import ROLE_RANK, USE_RELATION, EntityType, NodeLabel, Paper, PaperExtraction, Relation, Result, Role, Triple

#: Identifies our files; bumped when the layout changes incompatibly.
FILE_FORMAT = "ml-kg-graph"
FORMAT_VERSION = 2

#: The version of the one-document node-link layout (:func:`graph_to_node_link`), still read.
NODE_LINK_VERSION = 1


_PAPER = NodeLabel.PAPER.value
_AUTHOR = NodeLabel.AUTHOR.value
_RESULT = NodeLabel.RESULT.value

#: The relationship from a Result to each name it carries, and the property holding that name.
RESULT_LINKS: dict[str, str] = {
    Relation.RESULT_ON.value: "benchmark",
    Relation.RESULT_OF.value: "subject",
    Relation.RESULT_METRIC.value: "metric",
}

#: One ``__labels__`` set per label or relationship type, shared by every node or
#: edge that carries it (a set per edge costs ~200 bytes x millions of edges).
#: Nothing mutates these sets: labels never change, grand-cypher only reads them.
_LABEL_SETS: dict[str, set[str]] = {}


def _shared_labels(label: str) -> set[str]:
    labels = _LABEL_SETS.get(label)
    if labels is None:
        labels = _LABEL_SETS[label] = {label}
    return labels


def new_graph() -> nx.MultiDiGraph:
    """An empty graph with the format version in its graph attributes."""
    return nx.MultiDiGraph(format=FILE_FORMAT, version=FORMAT_VERSION)


def build_graph(extractions: Iterable[PaperExtraction]) -> nx.MultiDiGraph:
    """A new graph holding ``extractions`` (see :func:`merge_into`)."""
    graph = new_graph()
    merge_into(graph, extractions)
    return graph


def merge_into(graph: nx.MultiDiGraph, extractions: Iterable[PaperExtraction]) -> int:
    """Merge ``extractions`` into ``graph`` in place; returns the number of papers merged.

    Idempotent: merging an extraction that is already in the graph leaves it unchanged.
    A paper already in the graph under another key (same normalised title or
    abstract, as the readers merge duplicates) is merged into that node, so
    ``kg build --add`` never duplicates a paper.
    """
    index = _paper_index(graph)
    touched: set[str] = set()
    count = 0
    with gc_paused():  # millions of small dicts, no cycles (see kg.gc_pause)
        for extraction in extractions:
            touched.update(_merge_one(graph, extraction, index))
            count += 1
        nodes = graph._node
        for node in touched:
            if node in nodes:
                nodes[node]["paper_count"] = _paper_count(graph, node)
    nx._clear_cache(graph)  # nodes and edges went straight into the graph's dicts (see _add_node, _add_edge)
    return count


def _identity_keys(title: str | None, abstract: str | None) -> list[str]:
    """Keys that identify a paper besides its node id (the readers' duplicate rules).

    Normalised without :func:`normalize_name`'s memo (a paper's title and abstract come once
    and would only push the recurring entity names out of it); the abstract is kept as a digest.
    """
    keys = []
    if title and (norm := _normalize_once(title)):
        keys.append("title:" + norm)
    if abstract and len(norm := _normalize_once(abstract)) >= 50:
        keys.append("abstract:" + hashlib.sha1(norm.encode("utf-8")).hexdigest())
    return keys


#: :func:`normalize_name` without its memo.
_normalize_once = normalize_name.__wrapped__


def _paper_index(graph: nx.MultiDiGraph) -> dict[str, str]:
    index: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if data.get("in_corpus"):
            for key in _identity_keys(data.get("title"), data.get("abstract")):
                index.setdefault(key, node)
    return index


def _paper_target(graph: nx.MultiDiGraph, paper: Paper, index: dict[str, str]) -> str:
    """The node ``paper`` merges into: its own id, or the node of the same paper under another key."""
    pnode = paper_node(paper)
    keys = _identity_keys(paper.title, paper.abstract)
    found = (_renamed(index, index[k]) for k in keys if k in index)
    same = next((node for node in found if node != pnode), None)
    if pnode in graph or same is None:
        target = pnode
    elif paper.arxiv_id and not graph.nodes[same].get("arxiv_id"):
        # The new copy carries the arXiv ID: re-key the old node, as a fresh build would key it.
        new_key = paper_key(paper)
        results = {r: node_id_of_result(new_key, graph.nodes[r]) for r in paper_results(graph, same)}
        nx.relabel_nodes(graph, {same: pnode, **results}, copy=False)
        graph.nodes[pnode].update(key=new_key, id=paper.id, arxiv_id=paper.arxiv_id)
        for node in results.values():  # a fresh build would key them by the new paper key too
            graph.nodes[node].update(key=node.partition(":")[2], paper=new_key)
        index[_RENAMED + same] = pnode  # entries naming ``same`` now mean ``pnode`` (no scan of the index)
        target = pnode
    else:
        target = same
    for key in keys:
        index.setdefault(key, target)
    return target


#: Prefix of the index entries that record a re-keyed paper node (identity keys are ``title:``/``abstract:``).
_RENAMED = "renamed:"


def _renamed(index: dict[str, str], node: str) -> str:
    """``node``'s id now, after any re-keying by :func:`_paper_target`."""
    while (new := index.get(_RENAMED + node)) is not None:
        node = new
    return node


@functools.cache
def _paper_fields() -> tuple[str, ...]:
    """The names of the :class:`kg.types.Paper` fields, in order (``dataclasses.fields`` builds them per call)."""
    return tuple(f.name for f in dataclasses.fields(Paper))


def _merge_one(graph: nx.MultiDiGraph, extraction: PaperExtraction, index: dict[str, str]) -> set[str]:
    paper = extraction.paper
    nodes = graph._node  # the attribute dicts; graph.nodes[...] builds a view per call
    own = paper_node(paper)
    pnode = _paper_target(graph, paper, index)
    props = {name: _plain(getattr(paper, name)) for name in _paper_fields()}
    props.update(key=paper_key(paper), name=paper.title or paper_key(paper), in_corpus=True)
    existing = nodes[pnode] if pnode in graph else None
    if existing is not None and existing.get("in_corpus"):
        here = f"{paper.source}:{paper.line}"
        if paper.source and (existing.get("source"), existing.get("line")) != (paper.source, paper.line):
            props["also_in"] = [*props["also_in"], here]
        props.pop("key")
        _merge_node(graph, pnode, NodeLabel.PAPER.value, props)
    else:
        _merge_node(graph, pnode, NodeLabel.PAPER.value, props, override=True)

    names: dict[str, str] = {}
    for author in paper.authors:
        names.setdefault(author_node(author), author)
    for org in paper.organizations:
        names.setdefault(organization_node(org), org)
    for entity in extraction.entities:
        node = entity_node(entity.type, entity.key)
        family = entity.family
        if family:  # the family node's own spelling, so "family = its name" finds every member
            family_node = entity_node(entity.type, normalize_name(family))
            family = nodes[family_node].get("name", family) if family_node in graph else family
        aliases = sorted({*entity.aliases, *(m.text for m in entity.mentions)} - {entity.name})
        _merge_node(
            graph,
            node,
            entity.type.value,
            {
                "key": entity.key,
                "name": entity.name,
                "type": entity.type.value,
                "aliases": aliases,
                "introduced_by": [paper_key(paper)] if entity.introduced else [],
                "family": family,
            },
        )
        if family:
            names.setdefault(entity_node(entity.type, normalize_name(family)), family)

    touched = {pnode}
    sentences: dict[str, str] = {}
    for triple in extraction.triples:
        if pnode != own and own in (triple.subject, triple.object):
            triple = dataclasses.replace(
                triple,
                subject=pnode if triple.subject == own else triple.subject,
                object=pnode if triple.object == own else triple.object,
            )
        for node in (triple.subject, triple.object):
            if node not in nodes:
                label, key = split_node_id(node)
                extra = {"in_corpus": False, "arxiv_id": key} if label == NodeLabel.PAPER.value else {}
                _merge_node(graph, node, label, {"key": key, "name": names.get(node, key), **extra})
            elif "name" not in nodes[node] and node in names:
                nodes[node]["name"] = names[node]
        _merge_edge(graph, triple, sentences)
        touched.update((triple.subject, triple.object))
    _merge_results(graph, pnode, extraction, sentences)
    return touched


def paper_results(graph: nx.MultiDiGraph, paper: str) -> list[str]:
    """The Result nodes ``paper`` reports."""
    return [r for r, keyed in graph.succ[paper].items() if Relation.REPORTS_RESULT.value in keyed]


def node_id_of_result(paper_key_: str, data: dict[str, Any]) -> str:
    """The id a Result node with properties ``data`` gets under the paper key ``paper_key_``."""
    return f"{_RESULT}:{paper_key_}#{data.get('field', 'abstract')}:{data.get('start', 0)}"


def result_name(subject: str | None, value: float, unit: str, benchmark: str) -> str:
    """The display name of a Result node.

    >>> result_name("GPT-4o", 84.7, "%", "RewardBench")
    'GPT-4o: 84.7% on RewardBench'
    """
    return f"{subject or 'own system'}: {value:g}{unit} on {benchmark}"


def _result_signature(data: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two results of one paper the same claim (copies of a paper may place it elsewhere)."""
    return tuple(data.get(k) for k in ("subject", "benchmark", "metric", "value", "unit", "kind", "subset"))


#: The entity types a Result's subject may name, in the order they are looked up.
_SUBJECT_TYPES = (EntityType.MODEL, EntityType.METHOD)


def _merge_results(graph: nx.MultiDiGraph, pnode: str, extraction: PaperExtraction, sentences: dict[str, str]) -> None:
    """MERGE the paper's Result nodes and their links to the paper, subject, benchmark and metric.

    A result's names are names of entities of the same extraction (canonical names, aliases or
    mention texts); a name no entity of the right type carries is kept as a property only. A
    result already reported by the paper node (a copy of the same paper merged earlier, perhaps
    at other offsets) is not added again.
    """
    if not extraction.results:
        return
    names: dict[tuple[EntityType, str], str] = {}
    for entity in extraction.entities:
        node = entity_node(entity.type, entity.key)
        for name in (entity.name, *entity.aliases, *(m.text for m in entity.mentions)):
            names.setdefault((entity.type, name), node)
    pkey = pnode.partition(":")[2]
    seen = {_result_signature(graph._node[r]) for r in paper_results(graph, pnode)}
    for result in extraction.results:
        props = _result_props(pkey, result)
        if _result_signature(props) in seen:
            continue
        seen.add(_result_signature(props))
        rnode = result_node(pkey, result)
        _merge_node(graph, rnode, _RESULT, props)
        links = [(Relation.REPORTS_RESULT, pnode, rnode)]
        benchmark = names.get((EntityType.BENCHMARK, result.benchmark))
        if benchmark is not None:
            links.append((Relation.RESULT_ON, rnode, benchmark))
        subject = next((names[(t, result.subject)] for t in _SUBJECT_TYPES if (t, result.subject) in names), None)
        if subject is not None:
            links.append((Relation.RESULT_OF, rnode, subject))
        metric = names.get((EntityType.METRIC, result.metric)) if result.metric else None
        if metric is not None:
            links.append((Relation.RESULT_METRIC, rnode, metric))
        for relation, start, end in links:
            if end in graph or start == pnode:
                _merge_edge(graph, Triple(start, relation, end, result.evidence, result.extractor, result.confidence), sentences)


def _result_props(pkey: str, result: Result) -> dict[str, Any]:
    """The properties of the Result node of ``result`` reported by the paper keyed ``pkey``."""
    return {
        "key": result_key(pkey, result),
        "name": result_name(result.subject, result.value, result.unit, result.benchmark),
        "paper": pkey,
        "subject": result.subject,
        "benchmark": result.benchmark,
        "metric": result.metric,
        "value": float(result.value),
        "unit": result.unit,
        "kind": result.kind.value,
        "subset": result.subset,
        "evidence": result.evidence,
        "field": result.field,
        "start": int(result.start),
        "end": int(result.end),
        "confidence": float(result.confidence),
        "extractor": result.extractor,
    }


def _plain(value: Any) -> Any:
    """Tuples become lists (JSON and Neo4j both want lists)."""
    return list(value) if isinstance(value, tuple) else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _merge_node(graph: nx.MultiDiGraph, node: str, label: str, props: dict[str, Any], override: bool = False) -> None:
    """MERGE a node: create it, else fill in missing values and union the list properties."""
    data = graph._node.get(node)
    if data is None:
        _add_node(graph, intern(node), {LABELS_ATTR: _shared_labels(label), **{k: v for k, v in props.items() if not _empty(v)}})
        return
    for name, value in props.items():
        if _empty(value):
            continue
        if name in ("aliases", "introduced_by", "also_in") and isinstance(data.get(name), list):
            data[name] = sorted(set(data[name]) | set(value))
        elif override or name not in data or name == "in_corpus":
            data[name] = value


def _merge_edge(graph: nx.MultiDiGraph, triple: Triple, sentences: dict[str, str]) -> None:
    """MERGE one edge per (subject, type, object); the first evidence sentence is kept.

    A paper -> entity edge carries the paper's ``role`` (a triple without one, from an older
    extraction, gets its relation's: PROPOSES introduces, the others use); a later triple
    with a stronger role (uses over mentions) brings its role and evidence. A paper and an
    entity share at most one such edge, whatever its type: a triple of another type than
    the edge already there replaces it only with a stronger role (PROPOSES, introducing,
    over USES_METHOD), see :func:`_rival_link`.
    ``sentences`` shares one string per evidence sentence among a paper's edges.
    """
    rel = _RELATION_VALUES[triple.predicate]
    role = _ROLE_VALUES[triple.role] if triple.role is not None else DEFAULT_ROLE.get(triple.predicate)
    keyed = graph._succ[triple.subject].get(triple.object)
    data = keyed.get(rel) if keyed is not None else None
    if data is None and keyed and (rival := _rival_link(keyed, rel)) is not None:
        if not _outranks(role, rel, keyed[rival], rival):
            props = {"evidence": triple.evidence, "extractor": triple.extractor, "confidence": float(triple.confidence)}
            _share_strings(props, sentences)
            _fill_evidence(keyed, rival, role, rel, props)
            return
        del keyed[rival]  # the successor and predecessor views share this dict: the edge is gone from both
    if data is not None:
        if (not data.get("evidence") and triple.evidence) or _stronger(role, data.get("role")):
            keyed[rel] = data = dict(data)  # a copy: the dict may be shared (see _shared_edge_data)
            data.update(evidence=triple.evidence, extractor=triple.extractor, confidence=triple.confidence)
            if role is not None:
                data["role"] = role
        return
    props = {"evidence": triple.evidence, "extractor": triple.extractor, "confidence": _shared_float(float(triple.confidence))}
    if role is not None:
        props["role"] = role
    _share_strings(props, sentences)
    # one string per node id, not one per edge end
    _add_edge(graph, intern(triple.subject), intern(triple.object), rel, _shared_edge_data(rel, props))


#: One attribute dict per distinct (type, extractor, confidence, role) of the edges without evidence
#: (every AUTHORED edge has the same: a sixth of all edges). Never mutated in place: an update
#: replaces an edge's dict with a copy (:func:`_merge_edge`, :func:`merge_nodes`).
_EVIDENCELESS: dict[tuple[Any, ...], dict[str, Any]] = {}

#: Distinct dicts :data:`_EVIDENCELESS` keeps at most.
_MAX_EVIDENCELESS = 4096


def _shared_edge_data(rel: str, props: dict[str, Any]) -> dict[str, Any]:
    """The attribute dict of a new ``rel`` edge with ``props``: a shared one when it has no evidence."""
    confidence = props["confidence"]
    if props["evidence"] or not confidence or confidence != confidence:  # 0.0 == -0.0, NaN != NaN: not shared
        return {LABELS_ATTR: _shared_labels(rel), **props}
    signature = (rel, props["evidence"], props["extractor"], props["confidence"], props.get("role"))
    data = _EVIDENCELESS.get(signature)
    if data is None:
        data = {LABELS_ATTR: _shared_labels(rel), **props}
        if len(_EVIDENCELESS) < _MAX_EVIDENCELESS:
            _EVIDENCELESS[signature] = data
    return data


#: One float object per confidence value (a few values recur on millions of edges; 24 bytes each otherwise).
_FLOATS: dict[float, float] = {}

#: Distinct values :data:`_FLOATS` keeps at most (confidences are a handful of rule constants).
_MAX_SHARED_FLOATS = 4096


def _shared_float(value: float) -> float:
    """``value``, as the one float object of that value already seen (not for 0.0, -0.0 or NaN, which compare oddly)."""
    if value and value == value:
        shared = _FLOATS.get(value)
        if shared is not None:
            return shared
        if len(_FLOATS) < _MAX_SHARED_FLOATS:
            _FLOATS[value] = value
    return value


#: Plain string values of the enums, looked up per triple (an Enum's ``.value`` is a slow descriptor).
_RELATION_VALUES: dict[Relation, str] = {relation: relation.value for relation in Relation}
_ROLE_VALUES: dict[Role, str] = {role: role.value for role in Role}


def _add_node(graph: nx.MultiDiGraph, node: str, data: dict[str, Any]) -> None:
    """Add a new ``node`` with attribute dict ``data``: ``graph.add_node`` without its checks and copy.

    The caller knows ``node`` is not in the graph yet; :func:`merge_into` clears networkx's cache at the end.
    """
    graph._succ[node] = {}
    graph._pred[node] = {}
    graph._node[node] = data


def _add_edge(graph: nx.MultiDiGraph, source: str, target: str, key: str, data: dict[str, Any]) -> None:
    """Add the edge ``source -[key]-> target`` with attribute dict ``data``, both nodes already in the graph.

    What ``graph.add_edge`` does for a new key (successor and predecessor share one key dict),
    without its keyword-argument copies; :func:`merge_into` clears networkx's cache at the end.
    """
    keyed = graph._succ[source].get(target)
    if keyed is None:
        keyed = graph._succ[source][target] = {}
        graph._pred[target][source] = keyed
    keyed[key] = data


#: The role of a paper -> entity edge whose triple names none (extractions older than roles).
DEFAULT_ROLE: dict[Relation, str] = {
    Relation.PROPOSES: Role.INTRODUCES.value,
    **{relation: Role.USES.value for relation in USE_RELATION.values()},
}


def _stronger(new: str | None, old: str | None) -> bool:
    """Whether role ``new`` beats ``old`` (introduces over uses over mentions)."""
    return new is not None and old is not None and ROLE_RANK.get(new, 9) < ROLE_RANK.get(old, 9)


#: The default role of each paper -> entity relationship type, by its string value.
DEFAULT_ROLE_VALUES: dict[str, str] = {relation.value: role for relation, role in DEFAULT_ROLE.items()}

#: The relationship types from a paper to an entity: a paper and an entity share at most one of them.
ENTITY_LINKS: frozenset[str] = frozenset(DEFAULT_ROLE_VALUES)


def _rival_link(keyed: dict[str, Any], rel: str) -> str | None:
    """The paper -> entity edge type other than ``rel`` already joining the pair of ``keyed``, if ``rel`` is one.

    ``keyed`` is the pair's ``{type: attributes}``. There is at most one such edge (the
    invariant :func:`_merge_edge`, :func:`merge_nodes` and :func:`one_link_per_entity`
    keep), so ``COUNT(p)`` over an entity's relationships counts its papers.
    """
    if rel not in ENTITY_LINKS:
        return None
    return next((other for other in keyed if other != rel and other in ENTITY_LINKS), None)


def _rank(role: str | None, rel: str) -> int:
    """The :data:`kg.types.ROLE_RANK` of an edge's role (a missing one is its type's default)."""
    return ROLE_RANK.get(role or DEFAULT_ROLE_VALUES.get(rel, ""), len(ROLE_RANK))


def _outranks(role: str | None, rel: str, other: dict[str, Any], other_rel: str) -> bool:
    """Whether an edge of type ``rel`` with ``role`` has a stronger role than the edge ``other`` of type ``other_rel``."""
    return _rank(role, rel) < _rank(other.get("role"), other_rel)


def _fill_evidence(keyed: dict[str, Any], kept_rel: str, role: str | None, rel: str, props: dict[str, Any]) -> None:
    """The edge that stays (``keyed[kept_rel]``) takes the evidence of an edge as strong as it when it has none of its own.

    It gets a copy of its attributes first: an edge without evidence may share them (see :func:`_shared_edge_data`).
    """
    kept = keyed[kept_rel]
    if not kept.get("evidence") and props.get("evidence") and _rank(role, rel) == _rank(kept.get("role"), kept_rel):
        keyed[kept_rel] = kept = dict(kept)
        kept.update(evidence=props["evidence"], extractor=props.get("extractor"), confidence=props.get("confidence"))


def one_link_per_entity(graph: nx.MultiDiGraph) -> int:
    """Keep one edge per (paper, entity) pair in a graph written before that was the merge's rule; returns how many went.

    The edge kept is the one with the strongest role (the first one on a tie), with its evidence.
    """
    dropped = 0
    paper = _shared_labels(_PAPER)
    nodes = graph._node
    for source, targets in graph._succ.items():
        if (labels := nodes[source].get(LABELS_ATTR)) is not paper and not _is_paper(labels):
            continue
        for keyed in targets.values():
            links = [rel for rel in keyed if rel in ENTITY_LINKS]
            if len(links) < 2:
                continue
            best = min(links, key=lambda rel: _rank(keyed[rel].get("role"), rel))  # min keeps the first of equals
            for rel in links:
                if rel != best:
                    _fill_evidence(keyed, best, keyed[rel].get("role"), rel, keyed[rel])
                    del keyed[rel]
                    dropped += 1
    if dropped:
        nx._clear_cache(graph)
    return dropped


def merge_nodes(graph: nx.MultiDiGraph, renames: dict[str, str]) -> None:
    """Merge each node ``old`` of ``renames`` into the existing node ``renames[old]``, then drop ``old``.

    As merging works: edges move over (one per subject, type and object; where the target
    already has one, its evidence is kept unless it has none or the moved edge has a stronger role;
    a paper keeps one edge to the target, the one with the stronger role, when it linked to both
    nodes with different types, say PROPOSES and USES_METHOD), list properties join, missing
    values fill in, ``old``'s name becomes an alias, and the targets' ``paper_count`` is
    counted again.
    """
    nodes = graph._node
    with gc_paused():
        for old, new in renames.items():
            data = nodes[old]
            props = {k: v for k, v in data.items() if k not in (LABELS_ATTR, "paper_count")}
            props["aliases"] = sorted({*data.get("aliases", ()), data.get("name")} - {None, nodes[new].get("name")})
            _merge_node(graph, new, node_label(graph, new), props)
            moved = [(new if u == old else u, new, rel, edge) for u, _, rel, edge in graph.in_edges(old, keys=True, data=True)]
            moved += [(new, v, rel, edge) for _, v, rel, edge in graph.out_edges(old, keys=True, data=True) if v != old]
            graph.remove_node(old)
            for subject, obj, rel, edge in moved:
                if rel in RESULT_LINKS and "name" in nodes[obj]:  # the result names what it links to
                    _rename_in_result(nodes[subject], RESULT_LINKS[rel], nodes[obj]["name"])
                keyed = graph._succ[subject].get(obj) or {}
                existing = keyed.get(rel)
                if existing is None and (rival := _rival_link(keyed, rel)) is not None:  # one edge per paper and entity
                    if not _outranks(edge.get("role"), rel, keyed[rival], rival):
                        _fill_evidence(keyed, rival, edge.get("role"), rel, edge)
                        continue
                    graph.remove_edge(subject, obj, key=rival)
                if existing is None:
                    graph.add_edge(intern(subject), intern(obj), key=rel, **edge)
                elif (not existing.get("evidence") and edge.get("evidence")) or _stronger(edge.get("role"), existing.get("role")):
                    existing = graph._succ[subject][obj][rel] = dict(existing)  # a copy: it may be shared (see _shared_edge_data)
                    existing.update(evidence=edge.get("evidence", ""), extractor=edge.get("extractor"), confidence=edge.get("confidence"))
                    if edge.get("role"):
                        existing["role"] = edge["role"]
        for new in set(renames.values()):
            nodes[new]["paper_count"] = _paper_count(graph, new)


def _rename_in_result(data: dict[str, Any], prop: str, name: str) -> None:
    """Set a Result's ``prop`` (subject, benchmark, metric) to the merged entity's name, and its display name."""
    data[prop] = name
    if "value" in data:
        data["name"] = result_name(data.get("subject"), data["value"], data.get("unit", ""), data.get("benchmark", ""))


def _paper_count(graph: nx.MultiDiGraph, node: str) -> int:
    """Distinct papers linked to ``node`` (authored papers for an author, citing papers for a paper)."""
    nodes = graph._node
    if _AUTHOR in nodes[node].get(LABELS_ATTR, ()):
        neighbours = graph._succ[node]
    else:
        neighbours = graph._pred[node]
    paper = _shared_labels(_PAPER)
    return sum(1 for other in neighbours if (labels := nodes[other].get(LABELS_ATTR)) is paper or _is_paper(labels))


def _is_paper(labels: set[str] | None) -> bool:
    return labels is not None and len(labels) == 1 and _PAPER in labels


def node_label(graph: nx.MultiDiGraph, node: str) -> str:
    """The single label of ``node``."""
    labels = graph.nodes[node].get(LABELS_ATTR) or ()
    return next(iter(labels), "") if len(labels) == 1 else ",".join(sorted(labels))


def edge_type(data: dict[str, Any]) -> str:
    """The relationship type of an edge's attribute dict."""
    return next(iter(data[LABELS_ATTR]))


# ---------------------------------------------------------------- node-link pair


def graph_to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as a JSON-ready dict, nodes and edges sorted (deterministic bytes).

    Layout: ``{"format", "version", "nodes": [{"id", "labels", "properties"}],
    "edges": [{"source", "target", "type", "properties"}]}``.
    """
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        props = {k: v for k, v in data.items() if k != LABELS_ATTR}
        nodes.append({"id": node, "labels": sorted(data.get(LABELS_ATTR, ())), "properties": props})
    edges = []
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        props = {k: v for k, v in data.items() if k != LABELS_ATTR}
        edges.append({"source": source, "target": target, "type": key, "properties": props})
    return {"format": FILE_FORMAT, "version": NODE_LINK_VERSION, "nodes": nodes, "edges": edges}


def graph_from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Inverse of :func:`graph_to_node_link`; raises :class:`GraphFileError` on another layout."""
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise GraphFileError("not a kg graph file")
    if data.get("version") != NODE_LINK_VERSION:
        raise GraphFileError(f"graph file version {data.get('version')!r} is not supported (expected {FORMAT_VERSION}); rebuild it with kg build")
    graph = new_graph()
    try:
        for node in data["nodes"]:
            graph.add_node(node["id"], **{LABELS_ATTR: set(node["labels"])}, **node["properties"])
        for edge in data["edges"]:
            graph.add_edge(edge["source"], edge["target"], key=edge["type"], **{LABELS_ATTR: {edge["type"]}}, **edge["properties"])
    except (KeyError, TypeError) as exc:
        raise GraphFileError(f"malformed graph file ({exc!r})") from None
    return graph


# ---------------------------------------------------------------- file I/O


def save_graph(graph: nx.MultiDiGraph, path: Path | str) -> None:
    """Write ``graph`` to ``path`` atomically: temp file in the same folder, fsync, rename.

    A crash at any moment leaves either the old file or the new one, never a mix.
    Nodes and edges are streamed one JSON line at a time (sorted, so the same
    graph always gives the same bytes); no whole-document string is built.
    gzip level 1: a third of level 6's time for a file about a quarter larger.
    A device or FIFO path (``/dev/null``) is written directly, never replaced.
    """
    with atomic_open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=1) as gz:
            batch: list[str] = []
            for line in _graph_lines(graph):
                batch.append(line)
                if len(batch) >= 2000:
                    gz.write("".join(batch).encode("utf-8"))
                    batch.clear()
            gz.write("".join(batch).encode("utf-8"))


def _graph_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The version-2 file: a header line, then one line per node, then one per edge, all sorted."""
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
    header = {"format": FILE_FORMAT, "version": FORMAT_VERSION, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    yield encode(header) + "\n"
    nodes = sorted(graph.nodes)
    for node in nodes:
        data = graph.nodes[node]
        props = {k: v for k, v in data.items() if k != LABELS_ATTR}
        yield encode({"id": node, "labels": sorted(data.get(LABELS_ATTR, ())), "properties": props}) + "\n"
    adj = graph.adj
    for source in nodes:
        targets = adj[source]
        for target in sorted(targets):
            keyed = targets[target]
            for key in sorted(keyed):
                props = {k: v for k, v in keyed[key].items() if k != LABELS_ATTR}
                yield encode({"source": source, "target": target, "type": key, "properties": props}) + "\n"


def _interned_keys(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` with its keys interned: every JSON line brings its own copy of "evidence",
    "confidence", ... and of the node ids, and at 100k papers those copies cost 0.5 GB."""
    return {intern(k): v for k, v in props.items()}


def _share_strings(props: dict[str, Any], sentences: dict[str, str]) -> None:
    """One string object per evidence sentence (of one source node) and per extractor name.

    Strings unpickled from workers or parsed from JSON are fresh objects; millions of
    edges would otherwise each hold their own copy.
    """
    evidence = props.get("evidence")
    if isinstance(evidence, str):
        props["evidence"] = sentences.setdefault(evidence, evidence)
    extractor = props.get("extractor")
    if isinstance(extractor, str):
        props["extractor"] = intern(extractor)


def _whole_document(parsed: dict[str, Any], first: str, f: Any) -> dict[str, Any]:
    """A version-1 file is one JSON document; it normally fits on its first line."""
    rest = f.read()
    return json.loads(first + rest) if rest.strip() else parsed


def load_graph(path: Path | str) -> nx.MultiDiGraph:
    """Read a graph file written by :func:`save_graph` (version 2, or the older version 1).

    Reads line by line; every node (edge) with the same labels (type) shares
    one ``__labels__`` set, which grand-cypher only ever reads.
    """
    path = Path(path)
    if not path.exists():
        raise GraphFileError(f"{path}: no graph file here; run `kg build INPUT... --graph {path}` first")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return _read_lines(f, path)
    except GraphFileError:
        raise
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GraphFileError(f"{path}: not a readable kg graph file ({exc})") from None


def _read_lines(f: Any, path: Path) -> nx.MultiDiGraph:
    first = f.readline()
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        header = json.loads(first + f.read())  # a version-1 document spread over lines
    if isinstance(header, dict) and header.get("format") == FILE_FORMAT and header.get("version") == NODE_LINK_VERSION:
        header = _whole_document(header, first, f)
    if not isinstance(header, dict) or header.get("format") != FILE_FORMAT or header.get("version") == NODE_LINK_VERSION:
        try:
            return graph_from_node_link(header)
        except GraphFileError as exc:
            raise GraphFileError(f"{path}: {exc}") from None
    if header.get("version") != FORMAT_VERSION:
        raise GraphFileError(
            f"{path}: graph file version {header.get('version')!r} is not supported "
            f"(expected {FORMAT_VERSION}); rebuild it with kg build"
        )
    graph = new_graph()
    lineno = 1
    with gc_paused():  # as in merge_into
        try:
            n_nodes, n_edges = int(header["nodes"]), int(header["edges"])
            for _ in range(n_nodes):
                lineno += 1
                node = json.loads(f.readline())
                labels = node["labels"]
                label_set = _shared_labels(labels[0]) if len(labels) == 1 else set(labels)
                graph.add_node(intern(node["id"]), **{LABELS_ATTR: label_set}, **_interned_keys(node["properties"]))
            source, sentences = None, {}
            for _ in range(n_edges):
                lineno += 1
                edge = json.loads(f.readline())
                rel = intern(edge["type"])
                if edge["source"] != source:  # edges come sorted by source: share a paper's sentences
                    source, sentences = edge["source"], {}
                props = _interned_keys(edge["properties"])
                _share_strings(props, sentences)
                graph.add_edge(intern(edge["source"]), intern(edge["target"]), key=rel, **{LABELS_ATTR: _shared_labels(rel)}, **props)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise GraphFileError(f"{path}:{lineno}: malformed or truncated graph file ({exc!r})") from None
    if f.readline().strip():
        raise GraphFileError(f"{path}:{lineno + 1}: more lines than the header announces; malformed graph file")
    return graph


def iter_nodes(graph: nx.MultiDiGraph, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(node id, attributes)`` of every node with ``label``, in id order."""
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        if label in data.get(LABELS_ATTR, ()):
            yield node, data



def paper_from_node(data: dict[str, Any]) -> Paper:
    """The :class:`kg.types.Paper` record stored on a Paper node (lists back to tuples)."""
    values = {}
    for field in dataclasses.fields(Paper):
        if field.init and field.name in data:  # the derived date fields are computed again
            value = data[field.name]
            values[field.name] = tuple(value) if isinstance(value, list) else value
    values.setdefault("id", data.get("key", ""))
    return Paper(**values)


def corpus_papers(graph: nx.MultiDiGraph) -> list[Paper]:
    """Every paper read from the inputs (not papers only cited by arXiv ID), in input order."""
    papers = [paper_from_node(d) for _, d in iter_nodes(graph, NodeLabel.PAPER.value) if d.get("in_corpus")]
    return sorted(papers, key=lambda p: (p.source, p.line, p.id))


def graph_stats(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts by node label and relationship type (every schema label, zeros included)."""
    nodes = {label: 0 for label in NODE_LABELS}
    for _, data in graph.nodes(data=True):
        for label in data.get(LABELS_ATTR, ()):
            nodes[label] = nodes.get(label, 0) + 1
    rels = {rel: 0 for rel in RELATIONSHIP_TYPES}
    for _, _, key in graph.edges(keys=True):
        rels[key] = rels.get(key, 0) + 1
    in_corpus = sum(1 for _, d in graph.nodes(data=True) if d.get("in_corpus"))
    return {
        "papers_in_corpus": in_corpus,
        "nodes": nodes,
        "relationships": rels,
        "total_nodes": graph.number_of_nodes(),
        "total_relationships": graph.number_of_edges(),
    }
