"""Pages from the database: the same pages as from the graph in memory, the site's cap on entity pages, focus errors.

The example corpus is built once as a database (``kg build``) and converted to a
``.json.gz`` graph file (``kg convert``); ``kg viz`` and ``kg site`` run on
both, and what they draw must be the same, byte for byte.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import sample_graph
from kg.cli import main
from kg.graph.ladybug_store import LadybugStore, write_database
from kg.graph.nx_store import load_graph
from kg.pages.nodes import ENTITY_TYPES, node_type, paper_count
from kg.pages.select import select_nodes
from kg.pages.site import entity_slug
from kg.pages.source import GraphSource
from kg.pages.db_source import DatabaseSource

_HREF = re.compile(r'href="([^"]+)"')


def _run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def _page_data(html: str) -> dict:
    found = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def _search_data(html: str) -> list[dict]:
    found = re.search(r'<script id="kg-search-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def example_graph(example_graphs):
    return load_graph(example_graphs.file)


PAGES = [
    pytest.param([], id="whole-graph"),
    pytest.param(["--max-nodes", "60"], id="whole-graph-budget-60"),
    pytest.param(["--focus", "RewardBench"], id="focus"),
    pytest.param(["--focus", "reward-bench", "--depth", "2"], id="focus-normalised-depth-2"),
    pytest.param(["--focus", "RewardBench", "--depth", "2", "--max-nodes", "25"], id="focus-depth-2-budget-25"),
    pytest.param(["--focus", "2407.10817", "--depth", "3"], id="focus-arxiv-id-depth-3"),
    pytest.param(["--focus", "GPT-4", "--depth", "0"], id="focus-depth-0"),
]


@pytest.mark.parametrize("args", PAGES)
def test_pages_database_draws_the_same_page_as_memory(tmp_path, example_graphs, example_graph, args):
    pages = {}
    for kind in ("database", "file"):
        out = tmp_path / f"{kind}.html"
        result = _run("viz", "--graph", getattr(example_graphs, kind), "-o", out, *args)
        assert result.exit_code == 0, result.output
        pages[kind] = (result.output.replace(str(out), "OUT"), out.read_text(encoding="utf-8"))
    assert pages["database"] == pages["file"]  # the summary line and the whole page, byte for byte
    data = _page_data(pages["database"][1])
    # and the nodes drawn are the selection made on the whole graph in memory
    focus = args[args.index("--focus") + 1] if "--focus" in args else None
    depth = int(args[args.index("--depth") + 1]) if "--depth" in args else 1
    budget = int(args[args.index("--max-nodes") + 1]) if "--max-nodes" in args else 500
    expected = select_nodes(example_graph, focus=focus, depth=depth, max_nodes=budget)
    assert [n["id"] for n in data["nodes"]] == list(expected.nodes)
    assert data["total"] == expected.total_nodes
    drawn = {(e["from"], e["to"]) for e in data["edges"]}
    assert drawn == {(u, v) for u, v in example_graph.subgraph(expected.nodes).edges()}


def test_pages_database_answers_like_memory_for_every_entity(example_graphs, example_graph):
    memory = GraphSource(example_graph)
    with LadybugStore.open(example_graphs.database) as store:
        database = DatabaseSource(store)
        entities = database.entities()
        assert entities == memory.entities()
        assert len(entities) == sum(1 for n in example_graph if node_type(example_graph, n) in ENTITY_TYPES)
        for entity in entities[::9]:  # a spread over types and popularity
            assert database.related(entity.node) == memory.related(entity.node), entity.node
            links = sorted((link.paper, link.relation, link.evidence) for link in database.paper_links(entity.node))
            assert links == sorted((link.paper, link.relation, link.evidence) for link in memory.paper_links(entity.node))
            assert database.region((entity.node,), 2) == memory.region((entity.node,), 2), entity.node


def test_pages_database_site_is_the_same_site_as_memory(tmp_path, example_graphs):
    sites = {}
    for kind in ("database", "file"):
        out = tmp_path / kind
        result = _run("site", out, "--graph", getattr(example_graphs, kind), "--max-entity-pages", "8")
        assert result.exit_code == 0, result.output
        sites[kind] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.html"))}
    assert len(sites["database"]) == 2 + 5 * 8  # index, whole graph, eight entities of each type
    assert sites["database"].keys() == sites["file"].keys()
    for name, content in sites["database"].items():
        assert content == sites["file"][name], name


def test_pages_site_caps_entity_pages_and_says_so(tmp_path, example_graphs, example_graph):
    out = tmp_path / "site"
    result = _run("site", out, "--graph", example_graphs.database, "--max-entity-pages", "3")
    assert result.exit_code == 0, result.output
    entities = [n for n in example_graph if node_type(example_graph, n) in ENTITY_TYPES]
    assert f"wrote 15 of {len(entities):,} entity pages: the top 3 per type by papers" in result.output
    written = {p.name for p in (out / "entities").glob("*.html")}
    assert len(written) == 15
    # the pages are each type's entities with the most papers
    for kind in ENTITY_TYPES:
        of_kind = [n for n in entities if node_type(example_graph, n) == kind]
        kept = [paper_count(example_graph, n) for n in of_kind if entity_slug(n) in written]
        left = [paper_count(example_graph, n) for n in of_kind if entity_slug(n) not in written]
        assert len(kept) == 3 and min(kept) >= max(left, default=0), kind
    index = (out / "index.html").read_text(encoding="utf-8")
    note = re.sub(r"\s+", " ", re.search(r'<p id="kg-capped"[^>]*>(.*?)</p>', index, re.S).group(1))
    assert f"15 of {len(entities):,} entities, the top 3 per type by papers" in note
    # the search box lists exactly the entities that have a page
    assert sorted(e["url"] for e in _search_data(index)) == sorted(f"entities/{name}" for name in written)


def test_pages_site_with_a_cap_has_no_broken_links(tmp_path, example_graphs):
    out = tmp_path / "site"
    result = _run("site", out, "--graph", example_graphs.database, "--max-entity-pages", "4")
    assert result.exit_code == 0, result.output
    checked = Counter()
    unlinked = 0
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        links = [h for h in _HREF.findall(html) if not h.startswith(("https://", "http://"))]
        if "kg-data" in html:  # a graph page: a double-click opens the node's kgUrl
            links += [n["kgUrl"] for n in _page_data(html)["nodes"] if "kgUrl" in n]
        for link in links:
            assert (page.parent / link).resolve().is_file(), f"{page.name} links to missing {link}"
            checked[Path(link).parent.name == "entities" or page.parent.name == "entities"] += 1
        unlinked += html.count('class="kg-no-page"')
    assert checked[True] > 20  # links into entity pages were there to check
    assert unlinked > 0  # companions without a page are named as text


@pytest.mark.parametrize("kind", ["database", "file"])
def test_pages_unknown_focus_is_one_line_with_suggestions_on_both_paths(tmp_path, example_graphs, kind):
    result = _run("viz", "--graph", getattr(example_graphs, kind), "--focus", "RewardBnch", "-o", tmp_path / "x.html")
    assert result.exit_code == 1
    assert result.output == "Error: no node named 'RewardBnch' in the graph; did you mean 'RewardBench', 'RewardBench 2', 'RAG-RewardBench'?\n"
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("cap", ["0", "500"])
def test_pages_site_without_a_cap_reached_writes_every_entity_page_and_no_note(tmp_path, cap):
    database = tmp_path / "g.db"
    graph = sample_graph()
    write_database(graph, database)
    result = _run("site", tmp_path / "site", "--graph", database, "--max-entity-pages", cap)
    assert result.exit_code == 0, result.output
    entities = [n for n in graph if node_type(graph, n) in ENTITY_TYPES]
    assert f"wrote {len(entities)} entity pages." in result.output
    assert {p.name for p in (tmp_path / "site" / "entities").glob("*.html")} == {entity_slug(n) for n in entities}
    assert 'id="kg-capped"' not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
