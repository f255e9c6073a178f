"""The property-graph schema in one place: labels, their unique keys, relationship properties.

Everything here is derived from the enums of :mod:`kg.types`, so a new label or
relationship type is added there once. ``cypher/schema.cypher`` holds the same
schema as Neo4j constraints; a test keeps the two in step.
"""

from __future__ import annotations

from kg.types import EntityType, NodeLabel, Relation

#: Attribute that holds a node's or an edge's label set (grand-cypher's convention).
LABELS_ATTR = "__labels__"

#: The property that is unique per label (the part of the node id after ``"<Label>:"``).
KEY_PROPERTY = "key"

#: Every node label, in schema order.
NODE_LABELS: tuple[str, ...] = tuple(label.value for label in NodeLabel)

#: Labels of resolved entities (what extraction finds in the text).
ENTITY_LABELS: tuple[str, ...] = tuple(t.value for t in EntityType)

#: Every relationship type, in schema order.
RELATIONSHIP_TYPES: tuple[str, ...] = tuple(rel.value for rel in Relation)

#: Properties every relationship carries (``role``: what a paper does with an entity; paper -> entity only).
RELATIONSHIP_PROPERTIES: tuple[str, ...] = ("evidence", "extractor", "confidence", "role")

#: Properties of a Paper node (the fields of :class:`kg.types.Paper` plus graph bookkeeping).
PAPER_PROPERTIES: tuple[str, ...] = (
    "key", "name", "id", "arxiv_id", "title", "abstract", "authors", "organizations",
    "published", "updated", "date_text", "date", "date_precision", "date_source", "categories", "comments",
    "doi", "journal_ref", "venue", "license", "has_code", "score",
    "source", "line", "also_in", "in_corpus",
)

#: Properties of an entity node (Method, Model, Benchmark, Metric, Task).
ENTITY_PROPERTIES: tuple[str, ...] = ("key", "name", "type", "aliases", "introduced_by", "family", "paper_count")

#: Properties of an Author or Organization node.
AGENT_PROPERTIES: tuple[str, ...] = ("key", "name", "paper_count")

#: Properties of a Result node: the number and its evidence, plus the names it links to (for easy listing).
RESULT_PROPERTIES: tuple[str, ...] = (
    "key", "name", "paper", "subject", "benchmark", "metric", "value", "unit", "kind", "subset",
    "evidence", "field", "start", "end", "confidence", "extractor",
)

#: Which relationship types connect which labels (subject label -> object labels).
RELATIONSHIP_ENDPOINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Relation.PROPOSES.value: (("Paper",), ENTITY_LABELS),
    Relation.USES_METHOD.value: (("Paper",), ("Method",)),
    Relation.USES_MODEL.value: (("Paper",), ("Model",)),
    Relation.EVALUATES_ON.value: (("Paper",), ("Benchmark",)),
    Relation.REPORTS.value: (("Paper",), ("Metric",)),
    Relation.ADDRESSES.value: (("Paper",), ("Task",)),
    Relation.MENTIONS_PAPER.value: (("Paper",), ("Paper",)),
    Relation.VARIANT_OF.value: (("Model", "Benchmark"), ("Model", "Benchmark")),
    Relation.AUTHORED.value: (("Author",), ("Paper",)),
    Relation.AFFILIATED_WITH.value: (("Paper",), ("Organization",)),
    Relation.REPORTS_RESULT.value: (("Paper",), ("Result",)),
    Relation.RESULT_ON.value: (("Result",), ("Benchmark",)),
    Relation.RESULT_OF.value: (("Result",), ("Model", "Method")),
    Relation.RESULT_METRIC.value: (("Result",), ("Metric",)),
}


def split_node_id(node: str) -> tuple[str, str]:
    """Split a node id into its label and key.

    >>> split_node_id("Benchmark:mmlu")
    ('Benchmark', 'mmlu')
    """
    label, sep, key = node.partition(":")
    if not sep or label not in NODE_LABELS:
        raise ValueError(f"not a node id of a known label: {node!r}")
    return label, key


def properties_for(label: str) -> tuple[str, ...]:
    """The documented properties of a node with ``label``."""
    if label == NodeLabel.PAPER.value:
        return PAPER_PROPERTIES
    if label in ENTITY_LABELS:
        return ENTITY_PROPERTIES
    if label == NodeLabel.RESULT.value:
        return RESULT_PROPERTIES
    return AGENT_PROPERTIES
