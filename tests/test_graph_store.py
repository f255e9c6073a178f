"""The embedded store: building, merging, the node-link pair and the graph file."""

from __future__ import annotations

import gzip
import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_samples import FLAME, HOSTILE, MMLU_PRO, REWARDBENCH2, seed_extractions
from kg.graph.nx_store import (
    GraphFileError,
    build_graph,
    graph_from_node_link,
    graph_to_node_link,
    load_graph,
    merge_into,
    merge_nodes,
    save_graph,
)
from kg.graph.schema import LABELS_ATTR, NODE_LABELS


def _snapshot(graph: nx.MultiDiGraph) -> tuple:
    nodes = sorted((n, json.dumps({k: sorted(v) if isinstance(v, set) else v for k, v in d.items()}, sort_keys=True)) for n, d in graph.nodes(data=True))
    edges = sorted((u, v, k, json.dumps({a: sorted(b) if isinstance(b, set) else b for a, b in d.items()}, sort_keys=True)) for u, v, k, d in graph.edges(keys=True, data=True))
    return nodes, edges


def test_build_graph_nodes_have_one_known_label_and_key():
    graph = build_graph(seed_extractions())
    for node, data in graph.nodes(data=True):
        (label,) = data[LABELS_ATTR]
        assert label in NODE_LABELS
        assert node == f"{label}:{data['key']}"


def test_build_graph_paper_properties_and_evidence():
    graph = build_graph(seed_extractions())
    flame = graph.nodes["Paper:2407.10817"]
    assert flame["title"] == FLAME.title
    assert flame["authors"] == ["Tu Vu", "Kalpesh Krishna"]
    assert flame["in_corpus"] is True
    edge = graph.edges["Paper:2407.10817", "Benchmark:rewardbench", "EVALUATES_ON"]
    assert edge["evidence"].startswith("Notably, on RewardBench")
    assert edge[LABELS_ATTR] == {"EVALUATES_ON"}
    assert graph.nodes["Author:tuvu"]["name"] == "Tu Vu"
    assert graph.has_edge("Author:tuvu", "Paper:2407.10817", key="AUTHORED")
    assert graph.nodes["Organization:googledeepmind"]["name"] == "Google DeepMind"


def test_build_graph_counts_papers_per_entity():
    graph = build_graph(seed_extractions())
    assert graph.nodes["Benchmark:rewardbench"]["paper_count"] == 2
    assert graph.nodes["Benchmark:mmlu"]["paper_count"] == 2
    assert graph.nodes["Author:tuvu"]["paper_count"] == 1
    assert graph.nodes["Benchmark:rewardbench2"]["introduced_by"] == ["hf-rewardbench-2"]


def test_build_graph_mentioned_paper_outside_corpus_is_a_stub():
    graph = build_graph(seed_extractions())
    stub = graph.nodes["Paper:2403.13787"]
    assert stub["in_corpus"] is False and stub["arxiv_id"] == "2403.13787"


def test_merge_into_same_extractions_twice_changes_nothing():
    graph = build_graph(seed_extractions())
    before = _snapshot(graph)
    merge_into(graph, seed_extractions())
    assert _snapshot(graph) == before


def test_merge_into_adds_papers_without_duplicates():
    first, second = seed_extractions()[:2], seed_extractions()[1:]
    graph = build_graph(first)
    merge_into(graph, second)
    assert _snapshot(graph) == _snapshot(build_graph(seed_extractions()))
    assert sum(1 for _, d in graph.nodes(data=True) if "Benchmark" in d[LABELS_ATTR] and d["key"] == "rewardbench") == 1


def test_merge_into_fills_in_a_stub_when_the_paper_arrives():
    from graph_samples import make_extraction
    from kg.types import Paper

    graph = build_graph(seed_extractions())
    cited = Paper(id="2403.13787", arxiv_id="2403.13787", title="RewardBench: Evaluating Reward Models for Language Modeling")
    merge_into(graph, [make_extraction(cited, uses={})])
    node = graph.nodes["Paper:2403.13787"]
    assert node["in_corpus"] is True and node["title"].startswith("RewardBench:")
    assert graph.has_edge("Paper:2407.10817", "Paper:2403.13787", key="MENTIONS_PAPER")


def test_node_link_round_trip_keeps_every_label_property_and_edge():
    graph = build_graph(seed_extractions())
    again = graph_from_node_link(json.loads(json.dumps(graph_to_node_link(graph))))
    assert _snapshot(again) == _snapshot(graph)


def test_save_load_round_trip_keeps_hostile_text_unchanged(tmp_path):
    graph = build_graph(seed_extractions())
    path = tmp_path / "g.json.gz"
    save_graph(graph, path)
    loaded = load_graph(path)
    assert _snapshot(loaded) == _snapshot(graph)
    assert loaded.nodes["Paper:hostile-1"]["title"] == HOSTILE.title
    assert loaded.nodes["Paper:hostile-1"]["abstract"] == HOSTILE.abstract


def test_save_graph_same_graph_gives_identical_bytes(tmp_path):
    save_graph(build_graph(seed_extractions()), tmp_path / "a.json.gz")
    save_graph(build_graph(seed_extractions()), tmp_path / "b.json.gz")
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_save_graph_file_is_documented_gzip_json_lines(tmp_path):
    path = tmp_path / "g.json.gz"
    graph = build_graph(seed_extractions())
    save_graph(graph, path)
    lines = [json.loads(line) for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()]
    header, rest = lines[0], lines[1:]
    assert header == {"format": "ml-kg-graph", "version": 2, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    nodes, edges = rest[: header["nodes"]], rest[header["nodes"] :]
    assert len(edges) == header["edges"]
    assert all({"id", "labels", "properties"} <= set(n) for n in nodes)
    assert all({"source", "target", "type", "properties"} <= set(e) for e in edges)
    assert [n["id"] for n in nodes] == sorted(n["id"] for n in nodes)
    assert [(e["source"], e["target"], e["type"]) for e in edges] == sorted((e["source"], e["target"], e["type"]) for e in edges)


def test_load_graph_still_reads_version_1_files(tmp_path):
    graph = build_graph(seed_extractions())
    path = tmp_path / "old.json.gz"
    path.write_bytes(gzip.compress(json.dumps(graph_to_node_link(graph)).encode("utf-8")))
    loaded = load_graph(path)
    assert set(loaded.nodes) == set(graph.nodes)
    assert sorted(loaded.edges(keys=True)) == sorted(graph.edges(keys=True))
    assert dict(loaded.nodes(data=True)) == dict(graph.nodes(data=True))


def test_load_graph_shares_one_labels_set_per_label(tmp_path):
    path = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), path)
    loaded = load_graph(path)
    by_type: dict[str, set[int]] = {}
    for _, _, key, data in loaded.edges(keys=True, data=True):
        assert data["__labels__"] == {key}
        by_type.setdefault(key, set()).add(id(data["__labels__"]))
    assert by_type and all(len(ids) == 1 for ids in by_type.values())


def test_load_graph_truncated_file_names_the_line(tmp_path):
    path = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), path)
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines(keepends=True)
    path.write_bytes(gzip.compress("".join(lines[:-3]).encode("utf-8")))
    with pytest.raises(GraphFileError, match=rf"{path}:\d+: malformed or truncated"):
        load_graph(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a readable kg graph file"),
        (b"not gzip at all", "not a readable kg graph file"),
        (gzip.compress(b'{"format": "something-else"}'), "not a kg graph file"),
        (gzip.compress(b'{"format": "ml-kg-graph", "version": 99, "nodes": [], "edges": []}'), "version 99"),
        (gzip.compress(b'{"format": "ml-kg-graph", "version": 1, "nodes": [{"id": "x"}], "edges": []}'), "malformed"),
        (gzip.compress(b'{"format":"ml-kg-graph","version":2,"nodes":1,"edges":0}\n{"id":"x"}\n'), "malformed"),
    ],
)
def test_load_graph_bad_file_gives_clear_error(tmp_path, content, message):
    path = tmp_path / "g.json.gz"
    path.write_bytes(content)
    with pytest.raises(GraphFileError, match=message) as info:
        load_graph(path)
    assert str(path) in str(info.value)


def test_load_graph_missing_file_says_to_build(tmp_path):
    with pytest.raises(GraphFileError, match="kg build"):
        load_graph(tmp_path / "none.json.gz")


def test_seed_samples_cover_expected_papers():
    graph = build_graph(seed_extractions())
    papers = {d["id"] for _, d in graph.nodes(data=True) if "Paper" in d[LABELS_ATTR] and d.get("in_corpus")}
    assert papers == {FLAME.id, REWARDBENCH2.id, MMLU_PRO.id, HOSTILE.id}


def test_merge_into_same_paper_under_another_key_is_not_duplicated():
    import dataclasses as dc

    from graph_samples import make_extraction
    from kg.types import EntityType

    copy = dc.replace(FLAME, id="hf-copy", arxiv_id=None, source="examples/002.txt", line=7)
    graph = build_graph(seed_extractions())
    merge_into(graph, [make_extraction(copy, uses={"MT-Bench": (EntityType.BENCHMARK, "We also report MT-Bench.")})])
    assert "Paper:hf-copy" not in graph
    assert graph.has_edge("Paper:2407.10817", "Benchmark:mtbench", key="EVALUATES_ON")
    assert "examples/002.txt:7" in graph.nodes["Paper:2407.10817"]["also_in"]


def test_merge_into_copy_with_arxiv_id_rekeys_the_old_node():
    import dataclasses as dc

    from graph_samples import make_extraction

    no_id = dc.replace(FLAME, id="hf-copy", arxiv_id=None)
    graph = build_graph([make_extraction(no_id, uses={})])
    merge_into(graph, [make_extraction(FLAME, uses={})])
    papers = [n for n, d in graph.nodes(data=True) if d.get("in_corpus")]
    assert papers == ["Paper:2407.10817"]
    assert graph.nodes["Paper:2407.10817"]["key"] == "2407.10817"
    assert graph.has_edge("Author:tuvu", "Paper:2407.10817", key="AUTHORED")


def test_networkx_store_is_a_graph_store_and_answers_library_questions():
    from kg.graph.cypher_engine import QueryError
    from kg.graph.neo4j_store import Neo4jStore
    from kg.graph.store import GraphStore, NetworkxStore

    store = NetworkxStore()
    assert isinstance(store, GraphStore)
    assert isinstance(Neo4jStore(driver=None), GraphStore)
    assert store.load(seed_extractions()) == 4
    rows = store.question("papers_using_benchmark", {"name": "RewardBench"}).rows
    assert [r[0] for r in rows] == ["2407.10817", "hf-rewardbench-2"]
    assert store.query("MATCH (b:Benchmark) WHERE b.key = $k RETURN b.name", {"k": "mmlu"}).rows == (("MMLU",),)
    with pytest.raises(QueryError):  # writes are not supported by the embedded engine: they raise
        store.query("CREATE (n:Paper {key: 'x'})")


def test_merge_rekeys_a_paper_once_and_later_copies_still_find_it():
    from kg.types import Paper, PaperExtraction

    abstract = "A long enough abstract about retrieval augmented generation that many copies of the paper share."
    first = Paper(id="local-1", title="RAG at Scale", abstract=abstract, source="a.jsonl", line=1)
    retitled = Paper(id="local-2", title="Scaling RAG", abstract=abstract, source="a.jsonl", line=2)
    renamed = Paper(id="2401.00002", arxiv_id="2401.00002", title="RAG v3", abstract=abstract, source="b.jsonl", line=1)
    late = Paper(id="local-9", title="Scaling RAG", abstract="", source="c.jsonl", line=1)
    graph = build_graph([])
    merge_into(graph, [PaperExtraction(p) for p in (first, retitled, renamed, late)])
    papers = [n for n, d in graph.nodes(data=True) if d.get("in_corpus")]
    assert papers == ["Paper:2401.00002"]
    assert sorted(graph.nodes["Paper:2401.00002"]["also_in"]) == ["a.jsonl:2", "b.jsonl:1", "c.jsonl:1"]


def test_merge_nodes_moves_edges_joins_properties_and_recounts_papers():
    graph = nx.MultiDiGraph()
    graph.add_node("Method:hpt", **{LABELS_ATTR: {"Method"}}, key="hpt", name="HPT", type="Method",
                   aliases=["HPTs"], introduced_by=[], paper_count=2)
    graph.add_node("Method:long", **{LABELS_ATTR: {"Method"}}, key="long", name="Long Form", type="Method",
                   aliases=["LF"], introduced_by=["p1"], paper_count=1)
    for paper in ("p1", "p2", "p3"):
        graph.add_node(f"Paper:{paper}", **{LABELS_ATTR: {"Paper"}}, key=paper)
    edge = {LABELS_ATTR: {"USES_METHOD"}, "extractor": "rule", "confidence": 0.9}
    graph.add_edge("Paper:p1", "Method:long", key="USES_METHOD", **edge, evidence="p1 long")
    graph.add_edge("Paper:p1", "Method:hpt", key="USES_METHOD", **edge, evidence="p1 short")  # same paper: one edge stays
    graph.add_edge("Paper:p2", "Method:hpt", key="USES_METHOD", **edge, evidence="p2 short")
    graph.add_edge("Paper:p3", "Method:hpt", key="USES_METHOD", **edge, evidence="")
    graph.add_edge("Paper:p3", "Method:long", key="USES_METHOD", **edge, evidence="")  # both without evidence: stays so
    graph.add_edge("Method:hpt", "Method:long", key="VARIANT_OF", **{LABELS_ATTR: {"VARIANT_OF"}})  # becomes a self-loop

    merge_nodes(graph, {"Method:hpt": "Method:long"})

    assert "Method:hpt" not in graph
    node = graph.nodes["Method:long"]
    assert node["name"] == "Long Form" and node["key"] == "long"
    assert node["aliases"] == ["HPT", "HPTs", "LF"] and node["introduced_by"] == ["p1"]
    assert node["paper_count"] == 3
    uses = {u: d["evidence"] for u, _, d in graph.in_edges("Method:long", data=True) if "USES_METHOD" in d[LABELS_ATTR]}
    assert uses == {"Paper:p1": "p1 long", "Paper:p2": "p2 short", "Paper:p3": ""}
    assert graph.has_edge("Method:long", "Method:long", key="VARIANT_OF")


def test_merge_nodes_fills_missing_evidence_from_the_moved_edge():
    graph = nx.MultiDiGraph()
    for node, name in (("Method:a", "A"), ("Method:b", "B")):
        graph.add_node(node, **{LABELS_ATTR: {"Method"}}, key=node[7:], name=name, type="Method")
    graph.add_node("Paper:p", **{LABELS_ATTR: {"Paper"}}, key="p")
    graph.add_edge("Paper:p", "Method:b", key="USES_METHOD", **{LABELS_ATTR: {"USES_METHOD"}}, evidence="")
    graph.add_edge("Paper:p", "Method:a", key="USES_METHOD", **{LABELS_ATTR: {"USES_METHOD"}}, evidence="the sentence",
                   extractor="rule", confidence=0.8)
    merge_nodes(graph, {"Method:a": "Method:b"})
    edge = graph.edges["Paper:p", "Method:b", "USES_METHOD"]
    assert (edge["evidence"], edge["extractor"], edge["confidence"]) == ("the sentence", "rule", 0.8)
    assert graph.nodes["Method:b"]["aliases"] == ["A"]


def test_edges_without_evidence_share_a_dict_that_no_update_changes_for_the_others():
    from kg.types import Paper, PaperExtraction, Relation, Triple

    def extraction(paper_id: str, *triples: Triple) -> PaperExtraction:
        return PaperExtraction(paper=Paper(id=paper_id, title=f"Paper {paper_id}"), triples=triples)

    graph = build_graph([
        extraction("p1", Triple("Paper:p1", Relation.USES_METHOD, "Method:a", "", "rule", 0.5),
                   Triple("Paper:p1", Relation.USES_METHOD, "Method:b", "", "rule", 0.5)),
    ])
    first, second = (graph.edges["Paper:p1", m, "USES_METHOD"] for m in ("Method:a", "Method:b"))
    assert first is second  # one dict for the identical evidenceless edges
    merge_into(graph, [extraction("p1", Triple("Paper:p1", Relation.USES_METHOD, "Method:a", "A sentence.", "rule", 0.9))])
    assert graph.edges["Paper:p1", "Method:a", "USES_METHOD"]["evidence"] == "A sentence."
    assert graph.edges["Paper:p1", "Method:b", "USES_METHOD"]["evidence"] == ""
    assert graph.edges["Paper:p1", "Method:b", "USES_METHOD"]["confidence"] == 0.5
    graph.add_node("Method:c", **{LABELS_ATTR: {"Method"}}, key="c", name="C")
    graph.add_edge("Paper:p1", "Method:c", key="USES_METHOD", **{LABELS_ATTR: {"USES_METHOD"}}, evidence="Another.", extractor="x", confidence=0.7)
    merge_nodes(graph, {"Method:c": "Method:b"})  # the moved edge brings evidence to the shared-dict edge
    assert graph.edges["Paper:p1", "Method:b", "USES_METHOD"]["evidence"] == "Another."
    assert graph.edges["Paper:p1", "Method:a", "USES_METHOD"]["evidence"] == "A sentence."


def test_a_rival_link_filling_in_evidence_leaves_the_shared_dict_of_other_edges_alone():
    """One edge per paper and entity: a rival of equal role brings its evidence to the kept edge only."""
    from kg.types import Paper, PaperExtraction, Relation, Role, Triple

    def uses(obj: str, relation: Relation, evidence: str) -> Triple:
        return Triple("Paper:p1", relation, obj, evidence, "rule", 0.5, role=Role.USES)

    graph = build_graph([PaperExtraction(paper=Paper(id="p1", title="Paper p1"), triples=(
        uses("Method:a", Relation.USES_METHOD, ""), uses("Method:b", Relation.USES_METHOD, ""),
    ))])
    assert graph.edges["Paper:p1", "Method:a", "USES_METHOD"] is graph.edges["Paper:p1", "Method:b", "USES_METHOD"]
    merge_into(graph, [PaperExtraction(paper=Paper(id="p1", title="Paper p1"), triples=(uses("Method:a", Relation.USES_MODEL, "It uses A."),))])
    assert list(graph.succ["Paper:p1"]["Method:a"]) == ["USES_METHOD"]  # still one edge to the entity
    assert graph.edges["Paper:p1", "Method:a", "USES_METHOD"]["evidence"] == "It uses A."
    assert graph.edges["Paper:p1", "Method:b", "USES_METHOD"]["evidence"] == ""


# ---------------------------------------------------------------- one edge per paper and entity
#
# Counting an entity's papers as COUNT(p) over its relationships (cypher/entity_papers_between.cypher,
# top_*.cypher) is exact only if a paper has one relationship to an entity. Two copies of a paper, or
# two nodes joined by acronym linking, used to leave both a PROPOSES and a USES_* edge.


def _entity_links(graph, paper):
    return sorted((v, k, d.get("role"), d.get("evidence")) for _, v, k, d in graph.out_edges(paper, keys=True, data=True) if v.startswith("Method:"))


@pytest.mark.parametrize("proposing_first", [True, False])
def test_copies_of_a_paper_keep_one_edge_to_an_entity_with_the_strongest_role(proposing_first):
    import dataclasses as dc

    from graph_samples import make_extraction
    from kg.types import EntityType, Paper

    first = Paper(id="hf-1", title="Sparse Mixers", abstract="Short.", source="a.jsonl", line=1)
    copy = dc.replace(first, id="hf-2", source="b.jsonl")  # the same title: merged into the first copy's node
    uses = make_extraction(first, uses={"SparseMix": (EntityType.METHOD, "We use SparseMix.")})
    proposes = make_extraction(copy, uses={}, proposes={"SparseMix": (EntityType.METHOD, "We propose SparseMix.")})
    graph = build_graph([proposes, uses] if proposing_first else [uses, proposes])
    (paper,) = [n for n, d in graph.nodes(data=True) if d.get("in_corpus")]
    assert _entity_links(graph, paper) == [("Method:sparsemix", "PROPOSES", "introduces", "We propose SparseMix.")]
    assert graph.nodes["Method:sparsemix"]["paper_count"] == 1


def _paper_and_methods(*methods):
    from kg.graph.nx_store import new_graph

    graph = new_graph()
    graph.add_node("Paper:p", **{LABELS_ATTR: {"Paper"}}, key="p", in_corpus=True)
    for key in methods:
        graph.add_node(f"Method:{key}", **{LABELS_ATTR: {"Method"}}, key=key, name=key.upper(), type="Method")
    return graph


def test_a_weaker_link_of_another_type_only_fills_missing_evidence_of_an_equal_one():
    from kg.graph.nx_store import _merge_edge
    from kg.types import Relation, Role, Triple

    graph = _paper_and_methods("m")
    _merge_edge(graph, Triple("Paper:p", Relation.PROPOSES, "Method:m", "", "pattern", 0.9, role=Role.USES), {})  # odd, but equal roles
    _merge_edge(graph, Triple("Paper:p", Relation.USES_METHOD, "Method:m", "M helps.", "rule", 0.8, role=Role.USES), {})
    _merge_edge(graph, Triple("Paper:p", Relation.USES_METHOD, "Method:m", "M is cited.", "rule", 0.7, role=Role.MENTIONS), {})
    assert _entity_links(graph, "Paper:p") == [("Method:m", "PROPOSES", "uses", "M helps.")]


_LINKS = [("PROPOSES", "introduces"), ("USES_METHOD", "uses"), ("USES_METHOD", "mentions")]


@given(st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from(_LINKS)), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_merging_links_in_any_order_keeps_one_per_paper_and_entity_with_the_strongest_role(links):
    from kg.graph.nx_store import _merge_edge
    from kg.types import ROLE_RANK, Relation, Role, Triple

    graph = _paper_and_methods("a", "b")
    for key, (rel, role) in links:
        _merge_edge(graph, Triple("Paper:p", Relation(rel), f"Method:{key}", f"{key} {role}", "rule", 1.0, role=Role(role)), {})
    for key in "ab":
        mine = [link for k, link in links if k == key]
        found = [(k, d["role"]) for _, v, k, d in graph.out_edges("Paper:p", keys=True, data=True) if v == f"Method:{key}"]
        assert len(found) == (1 if mine else 0)
        if mine:
            assert ROLE_RANK[found[0][1]] == min(ROLE_RANK[role] for _, role in mine)
    merge_nodes(graph, {"Method:a": "Method:b"})
    (found,) = [(k, d["role"]) for _, v, k, d in graph.out_edges("Paper:p", keys=True, data=True)]
    assert ROLE_RANK[found[1]] == min(ROLE_RANK[role] for _, (_, role) in links)
    assert found[0] == ("PROPOSES" if found[1] == "introduces" else "USES_METHOD")


@pytest.mark.parametrize("proposed_node", ["Method:long", "Method:hpt"])
def test_acronym_linking_keeps_one_edge_per_paper_the_strongest_role(proposed_node):
    graph = nx.MultiDiGraph()
    for node, name in (("Method:hpt", "HPT"), ("Method:long", "Long Form")):
        graph.add_node(node, **{LABELS_ATTR: {"Method"}}, key=node[7:], name=name, type="Method")
    graph.add_node("Paper:p", **{LABELS_ATTR: {"Paper"}}, key="p", in_corpus=True)
    used_node = "Method:hpt" if proposed_node == "Method:long" else "Method:long"
    graph.add_edge("Paper:p", proposed_node, key="PROPOSES", **{LABELS_ATTR: {"PROPOSES"}}, evidence="We propose it.", role="introduces")
    graph.add_edge("Paper:p", used_node, key="USES_METHOD", **{LABELS_ATTR: {"USES_METHOD"}}, evidence="It helps.", role="uses")
    merge_nodes(graph, {"Method:hpt": "Method:long"})
    assert _entity_links(graph, "Paper:p") == [("Method:long", "PROPOSES", "introduces", "We propose it.")]
    assert graph.nodes["Method:long"]["paper_count"] == 1


def test_one_link_per_entity_repairs_an_older_graph_and_the_database_counts_papers(tmp_path):
    from kg.graph.ladybug_store import LadybugStore, write_database
    from kg.graph.nx_store import one_link_per_entity

    graph = nx.MultiDiGraph()
    graph.add_node("Method:m", **{LABELS_ATTR: {"Method"}}, key="m", name="M", type="Method")
    for paper in ("p", "q"):
        graph.add_node(f"Paper:{paper}", **{LABELS_ATTR: {"Paper"}}, key=paper, in_corpus=True, date="2024-05-01", date_precision="day")
        graph.add_edge(f"Paper:{paper}", "Method:m", key="USES_METHOD", **{LABELS_ATTR: {"USES_METHOD"}}, evidence=f"{paper} uses M.", role="mentions")
    graph.add_edge("Paper:p", "Method:m", key="PROPOSES", **{LABELS_ATTR: {"PROPOSES"}}, evidence="", role="introduces")
    assert one_link_per_entity(graph) == 1 and one_link_per_entity(graph) == 0
    assert _entity_links(graph, "Paper:p") == [("Method:m", "PROPOSES", "introduces", "")]  # the weaker edge's evidence stays its own
    write_database(graph, tmp_path / "g.db")
    with LadybugStore.open(tmp_path / "g.db") as store:
        rows = store.question("entity_papers_between", {"type": "Method", "from": "2024-01", "to": "2025-01", "coarse": "year"}).rows
    assert rows == (("M", 2, "2024-05-01"),)


def test_build_add_repairs_a_graph_with_two_edges_from_a_paper_to_an_entity(tmp_path):
    from kg.build import build

    graph = build_graph([])
    graph.add_node("Method:m", **{LABELS_ATTR: {"Method"}}, key="m", name="M", type="Method")
    graph.add_node("Paper:p", **{LABELS_ATTR: {"Paper"}}, key="p", in_corpus=True, title="P")
    graph.add_edge("Paper:p", "Method:m", key="USES_METHOD", **{LABELS_ATTR: {"USES_METHOD"}}, evidence="p uses M.", role="uses")
    graph.add_edge("Paper:p", "Method:m", key="PROPOSES", **{LABELS_ATTR: {"PROPOSES"}}, evidence="We propose M.", role="introduces")
    path = tmp_path / "kg.json.gz"
    save_graph(graph, path)
    record = tmp_path / "more.jsonl"
    record.write_text(json.dumps({"id": "x1", "title": "Another paper", "abstract": "Nothing to see."}) + "\n", encoding="utf-8")
    build([record], path, add=True, use_ner=False)
    assert _entity_links(load_graph(path), "Paper:p") == [("Method:m", "PROPOSES", "introduces", "We propose M.")]
