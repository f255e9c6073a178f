"""Pages in a real headless Chromium, opened from file://: drawn, offline, right counts, no hostile script."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import FACTS, PAPERS, canvas_colours, corpus_graph, open_page, sample_graph  # the browser fixture comes from conftest.py
from kg.cli import main
from kg.graph.ladybug_store import LadybugStore, write_database
from kg.graph.nx_store import load_graph, new_graph
from kg.pages.nodes import node_type, paper_neighbours
from kg.pages.site import build_site, entity_slug
from kg.pages.viz import write_viz

pytestmark = pytest.mark.browser

HOSTILE = '</script><script>window.__pwned = "script"</script><img src=x onerror="window.__pwned = \'img\'">'


def _assert_clean(visit) -> None:
    """Drawn from disk only, with no console error and no script error."""
    assert visit.outside_requests == []
    assert visit.requests and all(u.startswith("file://") for u in visit.requests)
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.dialogs == []


def _shown_ids(visit) -> set[str]:
    return set(visit.page.evaluate("window.kg.nodes.getIds()"))


@pytest.fixture(scope="module")
def graph():
    return sample_graph()


@pytest.fixture(scope="module")
def database(tmp_path_factory, graph) -> Path:
    """The sample graph written as the database ``kg build`` writes."""
    path = tmp_path_factory.mktemp("db") / "g.db"
    write_database(graph, path)
    return path


@pytest.fixture(scope="module", params=["memory", "database"])
def whole_page(request, tmp_path_factory, graph, database) -> Path:
    """The whole-graph page, drawn from the graph in memory and from the database."""
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    if request.param == "memory":
        write_viz(graph, out)
    else:
        with LadybugStore.open(database) as store:
            write_viz(store, out)
    return out


def test_browser_whole_graph_draws_offline_without_errors(browser, whole_page):
    visit = open_page(browser, whole_page)
    _assert_clean(visit)
    assert canvas_colours(visit) > 50  # a blank canvas has one colour


def test_browser_legend_and_node_count_match_the_graph(browser, whole_page, graph):
    visit = open_page(browser, whole_page)
    expected = {}
    for node in graph.nodes:
        expected[node_type(graph, node)] = expected.get(node_type(graph, node), 0) + 1
    rows = visit.page.eval_on_selector_all(
        ".kg-legend-row",
        "rows => rows.map(r => [r.querySelector('.kg-legend-name').textContent, Number(r.querySelector('.kg-legend-count').textContent)])",
    )
    assert dict(rows) == expected
    assert visit.page.text_content("#kg-count") == f"Showing {graph.number_of_nodes()} of {graph.number_of_nodes()} nodes"
    assert _shown_ids(visit) == set(graph.nodes)


def test_browser_type_filter_hides_that_type(browser, whole_page, graph):
    visit = open_page(browser, whole_page)
    authors = sum(1 for n in graph.nodes if node_type(graph, n) == "Author")
    visit.page.uncheck('#kg-legend input[data-type="Author"]')
    hidden = visit.page.evaluate("window.kg.nodes.get({filter: n => n.hidden}).map(n => n.kgType)")
    assert hidden == ["Author"] * authors
    assert visit.page.text_content("#kg-count") == f"Showing {graph.number_of_nodes() - authors} of {graph.number_of_nodes()} nodes"
    visit.page.check('#kg-legend input[data-type="Author"]')
    assert visit.page.evaluate("window.kg.nodes.get({filter: n => n.hidden}).length") == 0


def test_browser_find_selects_the_node_by_name(browser, whole_page):
    visit = open_page(browser, whole_page)
    visit.page.fill("#kg-find-input", "rewardbench")
    visit.page.click("#kg-find button")
    assert visit.page.evaluate("window.kg.network.getSelectedNodes()") == ["Benchmark:rewardbench"]
    assert visit.page.text_content("#kg-find-msg") == "Benchmark: RewardBench"
    visit.page.fill("#kg-find-input", "no such thing")
    visit.page.click("#kg-find button")
    assert "No node matches" in visit.page.text_content("#kg-find-msg")


def test_browser_focus_page_of_a_benchmark_holds_exactly_its_papers(browser, tmp_path, graph):
    out = tmp_path / "rewardbench.html"
    write_viz(graph, out, focus="RewardBench", depth=1)
    visit = open_page(browser, out)
    _assert_clean(visit)
    papers = {n for n in _shown_ids(visit) if n.startswith("Paper:")}
    assert papers == paper_neighbours(graph, "Benchmark:rewardbench")
    assert papers == {"Paper:2506.01937", "Paper:2410.01257", "Paper:2407.10817"}
    assert canvas_colours(visit) > 50


def test_browser_empty_graph_page_says_so(browser, tmp_path):
    out = tmp_path / "empty.html"
    write_viz(new_graph(), out)
    visit = open_page(browser, out)
    _assert_clean(visit)
    assert "the graph has no nodes" in visit.page.text_content("#kg-empty")
    assert canvas_colours(visit) == 1  # the blank-canvas baseline the other tests compare against


@pytest.mark.parametrize("source", ["memory", "database"])
def test_browser_hostile_text_never_runs(browser, tmp_path, source):
    paper = dataclasses.replace(
        PAPERS[1], title=f"HelpSteer2 {HOSTILE}", abstract=HOSTILE, authors=(f"Eve {HOSTILE}",), organizations=("<iframe src=x>",)
    )
    facts = [(paper.arxiv_id, kind, f"{name} <img src=y onerror=alert(1)>", rel, HOSTILE) for _, kind, name, rel, _ in FACTS[2:5]]
    graph = sample_graph(papers=(paper,), facts=tuple(facts))
    if source == "database":
        write_database(graph, tmp_path / "g.db")
        graph = LadybugStore.open(tmp_path / "g.db")
    site = tmp_path / "site"
    build_site(graph, site)
    pages = [site / "graph.html", *sorted((site / "entities").glob("*.html"))]
    write_viz(graph, tmp_path / "viz.html", focus=paper.title)
    pages.append(tmp_path / "viz.html")
    for page in pages:
        visit = open_page(browser, page)
        paper_id = f"Paper:{paper.arxiv_id}"
        if paper_id in _shown_ids(visit):  # hover the paper: vis-network shows its tooltip
            box = visit.page.evaluate(
                """id => { const net = window.kg.network; const p = net.canvasToDOM(net.getPositions([id])[id]);
                       const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
                       return {x: r.left + p.x, y: r.top + p.y}; }""",
                paper_id,
            )
            visit.page.mouse.move(box["x"], box["y"])
            tooltip = visit.page.wait_for_selector("div.vis-tooltip", state="visible")
            assert HOSTILE in tooltip.inner_text(), page.name
            assert tooltip.evaluate("t => t.querySelectorAll(':not(br)').length") == 0, page.name  # text and line breaks only
        assert visit.page.evaluate("window.__pwned") is None, page.name
        assert visit.page.evaluate("document.querySelectorAll('img, iframe').length") == 0, page.name
        assert visit.dialogs == [], page.name
        assert visit.page_errors == [] and visit.outside_requests == [], page.name
        titles = visit.page.evaluate("window.kg.nodes.get().map(n => n.title).join(' ')")
        assert HOSTILE in titles  # shown as text, unchanged
    # the index search box builds its results from the same untrusted names
    visit = open_page(browser, site / "index.html")
    visit.page.fill("#kg-search", "onerror")
    results = visit.page.text_content("#kg-results")
    assert "<img src=y onerror=alert(1)>" in results
    assert visit.page.evaluate("document.querySelectorAll('img').length") == 0
    assert visit.page.evaluate("window.__pwned") is None and visit.dialogs == []


def test_browser_site_index_search_links_to_entity_pages(browser, tmp_path, graph):
    build_site(graph, tmp_path / "site")
    visit = open_page(browser, tmp_path / "site" / "index.html")
    _assert_clean(visit)
    visit.page.fill("#kg-search", "rewardbench")
    links = visit.page.eval_on_selector_all("#kg-results a", "links => links.map(a => a.textContent)")
    assert links[0] == "RewardBench" and set(links) == {"RewardBench", "RewardBench 2", "RAG-RewardBench"}
    visit.page.click("#kg-results a >> nth=0")
    visit.page.wait_for_selector("body[data-ready='1']", state="attached")
    assert visit.page.url.endswith("/entities/" + entity_slug("Benchmark:rewardbench"))
    assert "Benchmark: RewardBench" in visit.page.text_content("h1")
    assert visit.outside_requests == [] and visit.page_errors == [] and visit.console_errors == []


def test_browser_corpus_page_over_budget_opens_and_settles(browser, tmp_path, examples_dir):
    graph = corpus_graph(examples_dir)
    out = tmp_path / "corpus.html"
    write_viz(graph, out, max_nodes=500)
    visit = open_page(browser, out, timeout_ms=10000)  # drawn within seconds, or the wait fails
    _assert_clean(visit)
    assert len(_shown_ids(visit)) == 500
    note = visit.page.text_content("#kg-omitted")
    assert f"left out {graph.number_of_nodes() - 500} of {graph.number_of_nodes()} nodes" in note
    assert visit.page.evaluate("window.kg.network.physics.physicsEnabled") is False
    assert canvas_colours(visit) > 50


@pytest.fixture(params=["database", "file"])
def example_graph_path(request, example_graphs) -> Path:
    """The example corpus built by ``kg build`` (the real readers, extractors and store): the database, and as a file."""
    return getattr(example_graphs, request.param)


def test_browser_example_corpus_page_opens_and_settles(browser, tmp_path, example_graph_path, example_graphs):
    out = tmp_path / "all.html"
    result = CliRunner().invoke(main, ["viz", "--graph", str(example_graph_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    visit = open_page(browser, out, timeout_ms=10000)  # drawn within seconds, or the wait fails
    _assert_clean(visit)
    graph = load_graph(example_graphs.file)
    assert len(_shown_ids(visit)) == min(500, graph.number_of_nodes())
    assert canvas_colours(visit) > 50


def test_browser_example_corpus_focus_page_holds_exactly_the_benchmarks_papers(browser, tmp_path, example_graph_path, example_graphs):
    out = tmp_path / "rewardbench.html"
    result = CliRunner().invoke(main, ["viz", "--graph", str(example_graph_path), "--focus", "RewardBench", "-o", str(out)])
    assert result.exit_code == 0, result.output
    visit = open_page(browser, out)
    _assert_clean(visit)
    graph = load_graph(example_graphs.file)
    papers = {n for n in _shown_ids(visit) if n.startswith("Paper:")}
    assert papers == paper_neighbours(graph, "Benchmark:rewardbench")
    assert len(papers) >= 3  # the example listings have several RewardBench papers


def test_browser_capped_site_from_the_database_searches_and_opens_only_written_pages(browser, tmp_path, example_graphs):
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", str(site), "--graph", str(example_graphs.database), "--max-entity-pages", "5"])
    assert result.exit_code == 0, result.output
    visit = open_page(browser, site / "index.html")
    _assert_clean(visit)
    assert "the top 5 per type by papers" in visit.page.text_content("#kg-capped")
    visit.page.fill("#kg-search", "bench")
    hrefs = visit.page.eval_on_selector_all("#kg-results a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all((site / h).is_file() for h in hrefs)  # the search offers only entities with a page
    visit.page.click("#kg-results a >> nth=0")
    visit.page.wait_for_selector("body[data-ready='1']", state="attached")
    assert "/entities/" in visit.page.url and visit.page_errors == [] and visit.outside_requests == []
    assert canvas_colours(visit) > 50
    urls = visit.page.evaluate("window.kg.nodes.get().filter(n => n.kgUrl).map(n => n.kgUrl)")
    assert all((Path(visit.page.url.removeprefix("file://")).parent / u).is_file() for u in urls)
