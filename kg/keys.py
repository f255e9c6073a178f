"""Deterministic node keys: the one place that says how a thing becomes a graph node id.

Ingesting the same input twice gives the same keys, so every write can MERGE.
"""

from __future__ import annotations

from kg.normalize import normalize_name
from kg.types import EntityType, NodeLabel, Paper, Result, node_id


def paper_key(paper: Paper) -> str:
    """A paper is keyed by its arXiv ID when it has one, else by its record id."""
    return paper.arxiv_id or paper.id


def paper_node(paper: Paper) -> str:
    """The node id of ``paper``, e.g. ``'Paper:2410.03617'``."""
    return node_id(NodeLabel.PAPER, paper_key(paper))


def arxiv_node(arxiv_id: str) -> str:
    """The node id of the paper with ``arxiv_id`` (which may not be in the corpus)."""
    return node_id(NodeLabel.PAPER, arxiv_id)


def author_node(name: str) -> str:
    """The node id of an author, keyed by the normalised name."""
    return node_id(NodeLabel.AUTHOR, normalize_name(name))


def organization_node(name: str) -> str:
    """The node id of an organisation, keyed by the normalised name."""
    return node_id(NodeLabel.ORGANIZATION, normalize_name(name))


def entity_node(entity_type: EntityType, key: str) -> str:
    """The node id of a resolved entity of ``entity_type`` with corpus-wide ``key``."""
    return node_id(entity_type, key)


def result_key(paper_key_: str, result: Result) -> str:
    """A result is keyed by its paper and where its number stands: ``"<paper key>#<field>:<start>"``.

    >>> result_key("2407.10817", Result("FLAMe-RM-24B", "RewardBench", "accuracy", 87.8, "%", "score", start=868))
    '2407.10817#abstract:868'
    """
    return f"{paper_key_}#{result.field}:{result.start}"


def result_node(paper_key_: str, result: Result) -> str:
    """The node id of ``result`` reported by the paper keyed ``paper_key_``."""
    return node_id(NodeLabel.RESULT, result_key(paper_key_, result))
