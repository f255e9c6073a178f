"""Trends on a corpus with known dates: counts per period, undated papers apart, risers and fallers, charts."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict

import pytest
from click.testing import CliRunner

from backends import BACKENDS, open_backend
from browser import open_page  # the browser fixture comes from conftest.py
from graph_samples import make_extraction
from kg.cli import main
from kg.graph.nx_store import build_graph
from kg.graph.store import write_graph
from kg.trends import TrendError, bucket, entity_series, movers, verdict, windows, DEFAULT_WINDOW
from kg.types import EntityType, Paper
from site_pages import benchmark_page, write_site

B = EntityType.BENCHMARK

#: (paper id, published, arXiv ID, date_text, benchmarks): the expected counts follow from these alone.
CORPUS = [
    ("p1", "2024-01-15", None, None, ["OldBench"]),
    ("p2", "2024-02-03", None, None, ["OldBench"]),
    ("p3", "2024-02-20", None, None, ["OldBench", "NewBench"]),
    ("p4", None, "2407.00001", None, ["NewBench"]),  # month from the arXiv ID: 2024-07
    ("p5", "2024-08-09", None, None, ["NewBench"]),
    ("p6", "2024-09-30", None, None, ["NewBench"]),
    ("p7", None, None, "2024", ["NewBench"]),  # a year only: no month
    ("p8", None, None, "Apr 24", ["NewBench", "OldBench"]),  # no year: undated
]


def _extractions():
    for pid, published, arxiv_id, date_text, benchmarks in CORPUS:
        paper = Paper(id=pid, title=f"Paper {pid}", arxiv_id=arxiv_id, published=published, date_text=date_text)
        yield make_extraction(paper, {name: (B, f"We evaluate on {name}.") for name in benchmarks})


@pytest.fixture(scope="module")
def graph():
    return build_graph(list(_extractions()))


@pytest.fixture(scope="module", params=["ladybug", "networkx"])
def store(request, graph, tmp_path_factory):
    store = open_backend(request.param, graph, tmp_path_factory.mktemp(request.param))
    yield store
    store.close()


def test_counts_per_month_with_undated_and_coarse_papers_apart(store):
    new, old = entity_series(store, ["NewBench", "OldBench"], by="month")
    assert new.counts == {"2024-02": 1, "2024-07": 1, "2024-08": 1, "2024-09": 1}
    assert (new.coarse, new.undated, new.total) == (1, 1, 6)
    assert old.counts == {"2024-01": 1, "2024-02": 2}
    assert (old.coarse, old.undated, old.total) == (0, 1, 4)


def test_counts_per_quarter_and_year(store):
    (new,) = entity_series(store, ["newbench"], by="quarter")
    assert new.counts == {"2024-Q1": 1, "2024-Q3": 3}
    (new,) = entity_series(store, ["NewBench"], by="year")
    assert new.counts == {"2024": 5} and new.coarse == 0 and new.undated == 1


def test_since_and_until_keep_the_buckets_inside(store):
    (new,) = entity_series(store, ["NewBench"], by="month", since="2024-07-01", until="2024-08-31")
    assert new.counts == {"2024-07": 1, "2024-08": 1}


def test_risers_and_fallers_compare_two_equal_windows(store):
    found = movers(store, "Benchmark", by="quarter", window=1)
    assert (found.recent, found.previous) == (("2024-Q3", "2024-Q3"), ("2024-Q2", "2024-Q2"))
    assert [(m.name, m.recent, m.previous) for m in found.rising] == [("NewBench", 3, 0)]
    found = movers(store, "Benchmark", by="quarter", window=2)
    assert [(m.name, m.recent, m.previous, m.change) for m in found.rising] == [("NewBench", 3, 1, 2)]
    assert [(m.name, m.change) for m in found.falling] == [("OldBench", -3)]
    assert found.undated == 2 and found.coarse == 1


#: Every (entity, paper) link of a type with the paper's date: what ``kg trends --top`` read before the
#: engine counted (it was ``cypher/dated_entities.cypher``, 1.5M rows at 1M papers; only this oracle reads it now).
EVERY_DATED_LINK = """
MATCH (p:Paper)-[]->(e:Method|Model|Benchmark|Metric|Task)
WHERE e.type = $type
RETURN e.name AS name, p.key AS paper, p.date AS date
ORDER BY name, paper
"""


def bucketed_movers(rows, by="month", top=20, window=None, until=None):
    """``kg.trends.movers`` as it was before the engine counted: every dated link of a type, bucketed here.

    The reference the engine's counts must equal (the old code, kept as the test's oracle).
    """
    window = window or DEFAULT_WINDOW[by]
    by_entity = defaultdict(dict)
    for name, paper, date in rows:
        by_entity[name][paper] = date
    undated = sum(1 for papers in by_entity.values() for date in papers.values() if not date)
    keyed = {name: [bucket(d, by) for d in papers.values() if d] for name, papers in by_entity.items()}
    coarse = sum(1 for keys in keyed.values() for key in keys if key is None)
    present = sorted({key for keys in keyed.values() for key in keys if key})
    if not present:
        raise TrendError("no dated papers")
    recent, previous = windows(bucket(until, by) if until else present[-1], by, window)
    counted = []
    for name, keys in keyed.items():
        r, p = sum(1 for key in keys if key in recent), sum(1 for key in keys if key in previous)
        if r or p:
            counted.append((name, r, p))
    rising = sorted((m for m in counted if m[1] > m[2]), key=lambda m: (m[2] - m[1], -m[1], m[0]))[:top]
    falling = sorted((m for m in counted if m[1] < m[2]), key=lambda m: (m[1] - m[2], -m[2], m[0]))[:top]
    return (recent[0], recent[-1]), (previous[0], previous[-1]), rising, falling, undated, coarse


def _as_tuple(found):
    rows = lambda movers_: [(m.name, m.recent, m.previous) for m in movers_]  # noqa: E731
    return found.recent, found.previous, rows(found.rising), rows(found.falling), found.undated, found.coarse


def _same_movers_as_bucketing(store, types, cases):
    """Each type, period and ``(window, until)`` case: the engine's counts against the old Python bucketing.

    Returns how many cases had movers to compare (the others must raise as the old code did).
    """
    compared = 0
    for type_ in types:
        result = store.query(EVERY_DATED_LINK, {"type": type_})
        rows = [(r["name"], r["paper"], r["date"]) for r in result.records()]
        for by, (window, until) in itertools.product(("month", "quarter", "year"), cases):
            try:
                expected = bucketed_movers(rows, by, top=5, window=window, until=until)
            except TrendError:
                with pytest.raises(TrendError):
                    movers(store, type_, by=by, top=5, window=window, until=until)
                continue
            assert _as_tuple(movers(store, type_, by=by, top=5, window=window, until=until)) == expected, (type_, by, window, until)
            compared += 1
    return compared


@pytest.fixture(scope="module", params=BACKENDS)
def any_store(request, graph, tmp_path_factory):
    """The corpus on every backend (Neo4j only when NEO4J_URI is set)."""
    store = open_backend(request.param, graph, tmp_path_factory.mktemp(f"any-{request.param}"))
    yield store
    store.close()


def test_movers_equal_the_old_bucketing_on_every_backend(any_store):
    # 2024-03-15 ends a month window that starts in 2023: the year-only paper (p7, "2024") sorts inside
    # ["2023-10", "2024-04") as a string, yet is too coarse for a month and must stay out of both windows.
    untils = (None, "2024-03-15", "2024-12-31", "2025-01-15", "2023-06-30")
    assert _same_movers_as_bucketing(any_store, ["Benchmark"], list(itertools.product((None, 1, 3), untils))) == 3 * 3 * 5
    found = movers(any_store, "Benchmark", by="month", window=6, until="2024-03-15")
    assert found.recent == ("2023-10", "2024-03") and found.coarse == 1 and found.undated == 2
    assert [(m.name, m.recent, m.previous) for m in found.rising] == [("OldBench", 3, 0), ("NewBench", 1, 0)]


def test_entity_papers_between_keeps_a_year_only_date_out_of_month_windows_and_in_year_windows(any_store):
    def window(start, end, coarse):
        rows = any_store.question("entity_papers_between", {"type": "Benchmark", "from": start, "to": end, "coarse": coarse}).records()
        return {r["name"]: (r["papers"], r["latest"]) for r in rows}

    assert window("2023-10", "2024-04", "year") == {"OldBench": (3, "2024-02-20"), "NewBench": (1, "2024-02-20")}  # not p7's "2024"
    assert window("2024", "2025", "") == {"OldBench": (3, "2024-02-20"), "NewBench": (5, "2024-09-30")}  # p7 counted by year
    assert window("2025-01", "2025-07", "year") == {}
    left_out = any_store.question("undated_entity_links", {"type": "Benchmark", "coarse": "year"}).records()
    assert sorted((r["precision"] or "", r["links"]) for r in left_out) == [("", 2), ("year", 1)]
    by_year = any_store.question("undated_entity_links", {"type": "Benchmark", "coarse": ""}).records()
    assert [(r["precision"], r["links"]) for r in by_year] == [(None, 2)]


def test_movers_raise_when_nothing_of_the_type_is_dated(any_store):
    with pytest.raises(TrendError, match="no dated papers link to any task"):
        movers(any_store, "Task")
    with pytest.raises(TrendError, match="no dated papers link to any task"):
        movers(any_store, "Task", until="2024-06-30")


@pytest.fixture(scope="module", params=BACKENDS)
def example_store(request, example_graphs, tmp_path_factory):
    """The example corpus (``kg build examples/``) on every backend."""
    from kg.graph.ladybug_store import LadybugStore
    from kg.graph.nx_store import load_graph

    if request.param == "ladybug":
        store = LadybugStore.open(example_graphs.database)
    else:
        store = open_backend(request.param, load_graph(example_graphs.file), tmp_path_factory.mktemp(f"examples-{request.param}"))
    yield store
    store.close()


def test_movers_equal_the_old_bucketing_on_the_example_corpus(example_store):
    types = ["Benchmark", "Method", "Model", "Metric", "Task"]
    cases = [(None, None), (3, "2025-01-15")]  # the defaults, and a window crossing a new year
    assert _same_movers_as_bucketing(example_store, types, cases) == 5 * 3 * len(cases)


def test_verdict_says_rising_with_counts(store):
    (new,) = entity_series(store, ["NewBench"], by="quarter")
    found = verdict(new, by="quarter", window=1)
    assert found.direction == "rising" and (found.recent_papers, found.previous_papers) == (3, 0)
    assert "NewBench is rising: 3 papers in 2024-Q3–2024-Q3 against 0 in 2024-Q2–2024-Q2" == found.sentence()


def test_bucket_of_each_precision():
    assert [bucket(d, "month") for d in ("2024-05-17", "2024-05", "2024", None)] == ["2024-05", "2024-05", None, None]


# ---------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def db(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("trends") / "g.db"
    write_graph(graph, path)
    return path


def _kg(*args):
    return CliRunner().invoke(main, list(args))


def test_kg_trends_json_and_csv_side_by_side(db):
    result = _kg("trends", "NewBench", "OldBench", "--graph", str(db), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["buckets"] == [f"2024-{m:02d}" for m in range(1, 10)]
    new, old = doc["series"]
    assert new["counts"] == [0, 1, 0, 0, 0, 0, 1, 1, 1] and new["undated"] == 1 and new["coarse"] == 1
    assert old["counts"][:2] == [1, 2] and sum(old["counts"]) == 3
    csv_out = _kg("trends", "NewBench", "--by", "quarter", "--graph", str(db), "--csv").stdout.splitlines()
    assert csv_out == ["quarter,NewBench", "2024-Q1,1", "2024-Q2,0", "2024-Q3,3"]


def test_kg_trends_says_what_it_left_out(db):
    result = _kg("trends", "NewBench", "--graph", str(db))
    assert "NewBench (Benchmark): 6 papers (1 without a date; 1 dated only more coarsely than a month, not in the table)" in result.stderr


def test_kg_trends_top_lists_risers_and_fallers(db):
    result = _kg("trends", "--type", "Benchmark", "--top", "5", "--by", "quarter", "--window", "2", "--graph", str(db), "--json")
    doc = json.loads(result.stdout)
    assert [r["name"] for r in doc["rising"]] == ["NewBench"] and [r["name"] for r in doc["falling"]] == ["OldBench"]
    assert doc["rising"][0] == {"name": "NewBench", "recent": 3, "previous": 1, "change": 2}


def test_kg_trends_plot_draws_every_series(db, tmp_path):
    svg = tmp_path / "trend.svg"
    assert _kg("trends", "NewBench", "OldBench", "--graph", str(db), "--plot", str(svg)).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    assert "NewBench (Benchmark)" in text and "OldBench (Benchmark)" in text and "2024-07" in text
    png = tmp_path / "trend.png"
    assert _kg("trends", "NewBench", "--graph", str(db), "--plot", str(png)).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_kg_trends_usage_errors_are_clear(db):
    assert "give entity NAMES" in _kg("trends", "--graph", str(db)).output
    assert "--top needs --type" in _kg("trends", "--top", "3", "--graph", str(db)).output
    assert "did you mean" in _kg("trends", "NewBnch", "--graph", str(db)).output


@pytest.mark.parametrize("question", ["is NewBench rising?", "trend of NewBench", "how is NewBench doing?"])
def test_ask_about_a_trend(db, question):
    result = _kg("ask", question, "--graph", str(db), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["query"] == "cypher/entity_trend.cypher" and doc["entity"] == {"name": "NewBench", "type": "Benchmark"}
    assert {"period": "2024-07", "papers": 1} in doc["answers"]
    assert doc["summary"].startswith("NewBench is rising: 3 papers in 2024-04–2024-09 against 1 in 2023-10–2024-03")


# ---------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def site(db, tmp_path_factory):
    return write_site(db, tmp_path_factory.mktemp("site"))


def test_site_index_lists_rising_entities_with_both_counts(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    rising = html[html.index('id="kg-rising"'):html.index("</div>", html.index('id="kg-rising"'))]
    assert "Rising benchmarks" in rising and "2024-04–2024-09" in rising and "2023-10–2024-03" in rising
    assert benchmark_page(site, "NewBench").name in rising  # linked to its page
    assert "OldBench" not in rising  # it is falling


def test_entity_page_charts_papers_per_year_and_says_what_it_left_out(site):
    html = benchmark_page(site, "NewBench").read_text(encoding="utf-8")
    start = html.index('<svg class="kg-chart"')
    chart = html[start:html.index("</svg>", start) + 6]
    assert chart.count('class="kg-bar"') == 1 and "2024: 5 papers" in chart  # p2..p7 dated 2024, p8 has no year
    assert "1 paper without a year not shown" in html


@pytest.mark.browser
def test_browser_shows_the_rising_list_and_the_chart(browser, site):
    index = open_page(browser, site / "index.html")
    assert index.page.is_visible("#kg-rising") and "NewBench" in index.page.text_content("#kg-rising")
    page = open_page(browser, benchmark_page(site, "NewBench"))
    height = page.page.eval_on_selector("svg.kg-chart rect.kg-bar", "r => r.getBoundingClientRect().height")
    assert height > 50  # the one bar is drawn, full height: it is the maximum
    assert index.outside_requests == page.outside_requests == [] and page.page_errors == []
