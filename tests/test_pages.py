"""Pages without a browser: node selection, the budget, escaping, the HTML written, the CLI."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import FACTS, PAPERS, corpus_graph, sample_graph
from kg.cli import main
from kg.graph.nx_store import save_graph
from kg.pages.nodes import FocusNotFound, paper_year, resolve_focus
from kg.pages.select import select_nodes
from kg.pages.site import build_site, entity_slug
from kg.pages.viz import NODE_STYLES, PHYSICS_LIMIT, build_network, layout, render_graph_page, script_json, write_viz

HOSTILE_TITLE = 'Pwn </script><script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> & more'


@pytest.fixture()
def graph():
    return sample_graph()


@pytest.fixture()
def graph_file(tmp_path, graph) -> Path:
    path = tmp_path / "graph.json.gz"
    save_graph(graph, path)
    return path


class _Tags(HTMLParser):
    """Collects (tag, attrs) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _page_data(html: str) -> dict:
    found = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize("name", ["RewardBench", "rewardbench", "REWARDBENCH", "  RewardBench "])
def test_select_focus_matches_names_in_any_case(graph, name):
    assert resolve_focus(graph, name) == ("Benchmark:rewardbench",)


def test_select_focus_matches_normalised_names_titles_and_arxiv_ids(graph):
    assert resolve_focus(graph, "Reward-Bench") == ("Benchmark:rewardbench",)
    assert resolve_focus(graph, "2410.01257") == ("Paper:2410.01257",)
    assert resolve_focus(graph, "helpsteer2-preference: complementing ratings with preferences") == ("Paper:2410.01257",)


def test_select_focus_on_a_name_of_two_types_shows_both():
    extra = ("2510.15242", FACTS[6][1].__class__.METHOD, "GPT-4", FACTS[4][3], "GPT-4 as a judge.")
    graph = sample_graph(facts=(*FACTS, extra))
    assert resolve_focus(graph, "gpt-4") == ("Method:gpt4", "Model:gpt4")
    nodes = set(select_nodes(graph, focus="gpt-4").nodes)
    assert {"Paper:2407.10817", "Paper:2510.15242"} <= nodes


def test_select_unknown_focus_names_close_matches(graph):
    with pytest.raises(FocusNotFound, match="did you mean 'RewardBench'"):
        resolve_focus(graph, "RewardBnch")


def test_select_focus_depth_one_is_the_benchmark_and_exactly_its_papers(graph):
    selection = select_nodes(graph, focus="RewardBench", depth=1)
    users = {p.arxiv_id for p in PAPERS if any(f[0] == p.arxiv_id and f[2] == "RewardBench" for f in FACTS)}
    assert set(selection.nodes) == {"Benchmark:rewardbench"} | {f"Paper:{a}" for a in users}
    assert selection.centres == ("Benchmark:rewardbench",)
    assert selection.omitted == {}


def test_select_focus_depth_two_adds_what_those_papers_use(graph):
    nodes = set(select_nodes(graph, focus="RewardBench", depth=2).nodes)
    assert {"Model:gpt4", "Model:llama3170b", "Method:bradleyterry", "Benchmark:rewardbench2"} <= nodes
    assert "Method:dwrl" not in nodes  # three hops away (via Bradley-Terry)


def test_select_budget_keeps_best_linked_and_counts_what_it_left_out(graph):
    selection = select_nodes(graph, max_nodes=8)
    assert len(selection.nodes) == 8
    assert selection.total_nodes == graph.number_of_nodes()
    assert selection.omitted_count == graph.number_of_nodes() - 8
    kept_degree = min(graph.degree(n) for n in selection.nodes)
    left_degree = max(graph.degree(n) for n in graph.nodes if n not in selection.nodes)
    assert kept_degree >= left_degree
    assert sum(selection.omitted.values()) == selection.omitted_count
    assert selection.omitted["Author"] == 12  # every author has one paper: least linked


def test_select_budget_never_drops_the_focus(graph):
    selection = select_nodes(graph, focus="Bradley-Terry", depth=2, max_nodes=1)
    assert selection.nodes == ("Method:bradleyterry",)


@pytest.mark.parametrize(("data", "year"), [({"published": "2024-10-02"}, "2024"), ({"arxiv_id": "2506.01937"}, "2025"), ({}, "")])
def test_paper_year_from_date_or_arxiv_id(data, year):
    assert paper_year(data) == year


def test_script_json_cannot_end_the_script_block():
    text = str(script_json({"title": HOSTILE_TITLE}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"title": HOSTILE_TITLE}


def test_network_styles_sizes_and_tooltips(graph):
    selection = select_nodes(graph)
    net = build_network(graph, selection)
    nodes = {n["id"]: n for n in net.nodes}
    assert len(nodes) == graph.number_of_nodes()
    for node in nodes.values():
        assert (node["color"], node["shape"]) == NODE_STYLES[node["kgType"]]
    # RewardBench has three papers, RAG-RewardBench one: bigger node
    assert nodes["Benchmark:rewardbench"]["size"] > nodes["Benchmark:ragrewardbench"]["size"]
    paper_tip = nodes["Paper:2410.01257"]["title"]
    assert "HelpSteer2-Preference: Complementing Ratings with Preferences (2024)" in paper_tip
    assert "Zhilin Wang, Alexander Bukharin, Olivier Delalleau" in paper_tip
    edge = next(e for e in net.edges if e["from"] == "Paper:2410.01257" and e["to"] == "Benchmark:rewardbench")
    assert edge["label"] == "EVALUATES_ON"
    assert "HelpSteer2-Preference" in edge["title"] and "(2024)" in edge["title"] and "Zhilin Wang" in edge["title"]
    assert "scores 94.1 on RewardBench" in edge["title"]
    assert "(uses) A Llama" in edge["title"]  # what the paper does with the benchmark


def test_big_pages_get_a_precomputed_layout_and_no_physics(examples_dir):
    graph = corpus_graph(examples_dir)
    selection = select_nodes(graph, max_nodes=PHYSICS_LIMIT + 50)
    net = build_network(graph, selection)
    options = json.loads(net.get_network_data()[-1])
    assert options["physics"]["enabled"] is False
    positions = {(n["x"], n["y"]) for n in net.nodes}
    assert len(positions) == len(net.nodes)  # every node has its own place


def test_layout_places_every_node_apart(graph):
    positions = layout(graph)
    assert set(positions) == set(graph.nodes)
    points = list(positions.values())
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest > 10  # pixels: no two nodes on top of each other


def test_viz_page_loads_nothing_from_other_hosts(tmp_path, graph):
    out = tmp_path / "page.html"
    write_viz(graph, out)
    html = out.read_text(encoding="utf-8")
    for tag, attrs in _tags(html):
        for attr in ("src", "href"):
            assert not attrs.get(attr), f"<{tag} {attr}={attrs.get(attr)}> in a self-contained page"
    assert "cdnjs" not in html and "jsdelivr" not in html  # pyvis's own template pulls from both
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)  # no remote CSS resources
    assert "Content-Security-Policy" in html


def test_viz_page_keeps_hostile_text_as_text(tmp_path, graph):
    paper = PAPERS[0]
    hostile = sample_graph(
        papers=(dataclasses.replace(paper, title=HOSTILE_TITLE, authors=('<b onmouseover="x()">Eve</b>',)),),
        facts=((paper.arxiv_id, FACTS[0][1], "<svg onload=alert(1)>", FACTS[0][3], HOSTILE_TITLE),),
    )
    html = render_graph_page(hostile, select_nodes(hostile, focus=HOSTILE_TITLE), title=HOSTILE_TITLE)
    legend_icons = ["svg"] * html.count('class="kg-legend-row"')  # our only markup of those kinds
    assert [tag for tag, _ in _tags(html) if tag in ("img", "svg", "b")] == legend_icons
    assert [tag for tag, _ in _tags(html)].count("script") == 3  # the data block, vis-network and ours
    data = _page_data(html)
    titles = " ".join(n["title"] for n in data["nodes"]) + " ".join(e["title"] for e in data["edges"])
    assert HOSTILE_TITLE in titles and "<svg onload=alert(1)>" in titles
    assert "&lt;img src=x onerror" in html  # the heading shows it escaped


def test_site_writes_index_graph_and_a_page_per_entity(tmp_path, graph):
    summary = build_site(graph, tmp_path / "site")
    entities = [n for n in graph.nodes if n.split(":")[0] in ("Benchmark", "Method", "Model", "Task", "Metric")]
    assert summary.entity_pages == len(entities)
    for node in entities:
        assert (tmp_path / "site" / "entities" / entity_slug(node)).is_file()
    index = summary.index.read_text(encoding="utf-8")
    assert 'href="entities/' + entity_slug("Benchmark:rewardbench") + '"' in index
    assert (tmp_path / "site" / "assets" / "vis-network.min.js").is_file()
    page = (tmp_path / "site" / "entities" / entity_slug("Benchmark:rewardbench")).read_text(encoding="utf-8")
    assert "HelpSteer2-Preference: Complementing Ratings with Preferences" in page
    assert "scores 94.1 on RewardBench" in page
    for tag, attrs in _tags(page):
        if tag in ("script", "link") and (attrs.get("src") or attrs.get("href")):
            assert (attrs.get("src") or attrs.get("href")).startswith("../assets/")


def test_entity_slugs_are_unique_and_safe():
    slugs = {entity_slug(n) for n in ("Model:gpt4", "Method:gpt4", "Model:../../etc", "Model:a b/c")}
    assert len(slugs) == 4
    assert all(re.fullmatch(r"[a-z0-9-]+\.html", s) for s in slugs)


def test_cli_viz_writes_the_focus_page(tmp_path, graph_file):
    out = tmp_path / "rb.html"
    result = CliRunner().invoke(main, ["viz", "--graph", str(graph_file), "--focus", "rewardbench", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = _page_data(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == {"Benchmark:rewardbench", "Paper:2506.01937", "Paper:2410.01257", "Paper:2407.10817"}


def test_cli_viz_says_what_the_budget_left_out(tmp_path, graph_file):
    out = tmp_path / "all.html"
    result = CliRunner().invoke(main, ["viz", "--graph", str(graph_file), "--max-nodes", "10", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "10 of 30 nodes; left out 20" in result.output
    assert "left out 20 of 30 nodes" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "NoSuchBenchmark"], "Error: no node named 'NoSuchBenchmark' in the graph"),
        (["--max-nodes", "0"], "Invalid value for '--max-nodes'"),
    ],
)
def test_cli_viz_user_errors_are_one_line(tmp_path, graph_file, args, message):
    result = CliRunner().invoke(main, ["viz", "--graph", str(graph_file), "-o", str(tmp_path / "x.html"), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_viz_missing_graph_file_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["viz", "--graph", str(tmp_path / "none.json.gz")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "none.json.gz" in result.output


def test_cli_site_writes_the_site(tmp_path, graph_file):
    result = CliRunner().invoke(main, ["site", str(tmp_path / "out"), "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "index.html").is_file()
    assert len(list((tmp_path / "out" / "entities").glob("*.html"))) == 10


@pytest.mark.parametrize("module", ["kg.pages.nodes", "kg.pages.source", "kg.pages.db_source", "kg.pages.viz", "kg.pages.site"])
def test_pages_docstring_examples_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("command", [["viz", "-o"], ["site"]])
def test_page_commands_take_quiet(tmp_path, command):
    from click.testing import CliRunner

    from graph_samples import seed_extractions
    from kg.cli import main
    from kg.graph.nx_store import build_graph
    from kg.graph.store import write_graph

    graph = tmp_path / "g.db"
    write_graph(build_graph(seed_extractions()), graph)
    out = tmp_path / ("page.html" if command[0] == "viz" else "site")
    loud = CliRunner().invoke(main, [*command, str(out), "--graph", str(graph)])
    quiet = CliRunner().invoke(main, [*command, str(out), "--graph", str(graph), "-q"])
    assert loud.exit_code == quiet.exit_code == 0, quiet.output
    assert loud.stderr.startswith("Wrote") and quiet.stderr == ""
    assert out.exists()
