"""Leaderboards on a graph built from hand-made extractions whose results are known, so the rankings are too."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from backends import open_backend
from browser import open_page  # the browser fixture comes from conftest.py
from graph_samples import make_extraction
from kg.cli import main
from kg.graph.nx_store import build_graph, merge_into, merge_nodes
from kg.graph.store import write_graph
from kg.keys import paper_node
from kg.leaderboard import leaderboard, lower_is_better
from kg.normalize import normalize_name
from kg.types import Entity, EntityType, Mention, Paper, PaperExtraction, Relation, Result, ResultKind, Triple
from site_pages import benchmark_page, write_site

B, M, MET = EntityType.BENCHMARK, EntityType.MODEL, EntityType.METRIC
SCORE, DELTA = ResultKind.SCORE, ResultKind.DELTA

S1 = "On RewardBench, our FLAMe-RM-24B model (with an accuracy of 87.8%) outperforms GPT-4-0125 (85.9%) and GPT-4o (84.7%)."
S2 = "BigRM reaches an accuracy of 91.0% on RewardBench, a gain of 3.2% accuracy."
S3 = "BigRM reaches 0.93 accuracy on RewardBench."
S4 = "ModelX and ModelZ reach a perplexity of 18.3 on WikiText-103, ModelY 20.1."
S5 = "On RewardBench 2, SmallRM reaches 70.0% accuracy and our system 65.0%."

FLAME = Paper(id="2407.10817", arxiv_id="2407.10817", title="FLAMe", abstract=S1)
BIGRM = Paper(id="p-bigrm", title="BigRM", abstract=f"{S2} {S3}")
LM = Paper(id="p-lm", title="Language models", abstract=S4)
RB2 = Paper(id="p-rb2", title="RewardBench 2", abstract=S5)


def _result(subject, benchmark, metric, value, unit, kind, evidence, start, subset=None):
    return Result(subject, benchmark, metric, value, unit, kind, subset, evidence, "abstract", start, start + 4, 0.9, "results:sentence")


def _with(extraction: PaperExtraction, results, family: dict[str, str] | None = None) -> PaperExtraction:
    """``extraction`` carrying ``results`` (and benchmark entities with a ``family``)."""
    entities = list(extraction.entities)
    triples = list(extraction.triples)
    for name, fam in (family or {}).items():
        key = normalize_name(name)
        mention = Mention(name, "abstract", 0, len(name), B, "lexicon")
        entities.append(Entity(name, B, key, (mention,), family=fam))
        triples.append(Triple(paper_node(extraction.paper), Relation.EVALUATES_ON, f"Benchmark:{key}", name, "lexicon"))
    return PaperExtraction(extraction.paper, tuple(entities), tuple(triples), (), tuple(results))


def _extractions() -> list[PaperExtraction]:
    return [
        _with(make_extraction(FLAME, {"RewardBench": (B, S1), "FLAMe-RM-24B": (M, S1), "GPT-4-0125": (M, S1), "GPT-4o": (M, S1), "accuracy": (MET, S1)}), [
            _result("FLAMe-RM-24B", "RewardBench", "accuracy", 87.8, "%", SCORE, S1, 70),
            _result("GPT-4-0125", "RewardBench", None, 85.9, "%", SCORE, S1, 100),  # metric from its sentence
            _result("GPT-4o", "RewardBench", None, 84.7, "%", SCORE, S1, 115),
        ]),
        _with(make_extraction(BIGRM, {"RewardBench": (B, S2), "BigRM": (M, S2), "accuracy": (MET, S2)}), [
            _result("BigRM", "RewardBench", "accuracy", 91.0, "%", SCORE, S2, 30),
            _result("BigRM", "RewardBench", "accuracy", 3.2, "%", DELTA, S2, 60),
            _result("BigRM", "RewardBench", "accuracy", 0.93, "", SCORE, S3, 90),  # a fraction: not ranked with percentages
        ]),
        _with(make_extraction(LM, {"WikiText-103": (B, S4), "ModelX": (M, S4), "ModelY": (M, S4), "ModelZ": (M, S4), "perplexity": (MET, S4)}), [
            _result("ModelX", "WikiText-103", "perplexity", 18.3, "", SCORE, S4, 40),
            _result("ModelZ", "WikiText-103", "perplexity", 18.3, "", SCORE, S4, 41),
            _result("ModelY", "WikiText-103", "perplexity", 20.1, "", SCORE, S4, 65),
        ]),
        _with(make_extraction(RB2, {"SmallRM": (M, S5), "accuracy": (MET, S5)}), [
            _result("SmallRM", "RewardBench 2", "accuracy", 70.0, "%", SCORE, S5, 40),
            _result(None, "RewardBench 2", "accuracy", 65.0, "%", SCORE, S5, 70),
        ], family={"RewardBench 2": "RewardBench"}),
    ]


@pytest.fixture(scope="module")
def graph():
    return build_graph(_extractions())


@pytest.fixture(scope="module", params=["ladybug", "networkx"])
def store(request, graph, tmp_path_factory):
    store = open_backend(request.param, graph, tmp_path_factory.mktemp(request.param))
    yield store
    store.close()


@pytest.fixture(scope="module")
def db(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "kg.db"
    write_graph(graph, path)
    return path


def _kg(*args):
    return CliRunner().invoke(main, list(args))


def _table(board, benchmark, metric, unit, kind):
    (table,) = [t for t in board.tables if (t.benchmark, t.metric, t.unit, t.kind) == (benchmark, metric, unit, kind)]
    return [(r.rank, r.subject, r.value) for r in table.rows]


# ---------------------------------------------------------------- the graph


def test_results_are_nodes_linked_to_paper_subject_benchmark_and_metric(graph):
    node = "Result:2407.10817#abstract:70"
    assert graph.nodes[node]["value"] == 87.8 and graph.nodes[node]["subject"] == "FLAMe-RM-24B"
    assert set(graph.pred[node]) == {"Paper:2407.10817"} and "REPORTS_RESULT" in graph.pred[node]["Paper:2407.10817"]
    assert {(v, k) for _, v, k in graph.out_edges(node, keys=True)} == {
        ("Benchmark:rewardbench", "RESULT_ON"), ("Model:flamerm24b", "RESULT_OF"), ("Metric:accuracy", "RESULT_METRIC"),
    }
    # no metric named: no RESULT_METRIC edge, the property stays empty
    assert "Metric:accuracy" not in graph.succ["Result:2407.10817#abstract:100"]


def test_building_twice_or_merging_a_copy_of_a_paper_adds_no_result(graph):
    again = build_graph(_extractions() + _extractions())
    assert sorted(again.nodes) == sorted(graph.nodes) and again.number_of_edges() == graph.number_of_edges()
    copy = _extractions()[0]
    moved = Paper(id="copy-of-flame", title=FLAME.title, abstract=FLAME.abstract + " ")  # same paper, another record
    shifted = tuple(Result(r.subject, r.benchmark, r.metric, r.value, r.unit, r.kind, r.subset, r.evidence, r.field, r.start + 1, r.end + 1)
                    for r in copy.results)
    g = build_graph(_extractions())
    merge_into(g, [PaperExtraction(moved, copy.entities, (), (), shifted)])
    assert sum(1 for n in g if n.startswith("Result:")) == sum(1 for n in graph if n.startswith("Result:"))


def test_a_copy_with_the_arxiv_id_rekeys_the_papers_results(graph):
    bare = Paper(id="flame-record", title=FLAME.title, abstract=FLAME.abstract)
    first = _extractions()[0]
    g = build_graph([PaperExtraction(bare, first.entities, (), (), first.results)])
    assert "Result:flame-record#abstract:70" in g
    merge_into(g, [first])
    results = sorted(n for n in g if n.startswith("Result:"))
    assert results == ["Result:2407.10817#abstract:100", "Result:2407.10817#abstract:115", "Result:2407.10817#abstract:70"]
    assert g.nodes["Result:2407.10817#abstract:70"]["key"] == "2407.10817#abstract:70"


def test_acronym_linking_moves_results_and_renames_them():
    paper = Paper(id="p-rb", title="RB paper", abstract="X gets 80% on RB.")
    extra = _with(make_extraction(paper, {"RB": (B, "X gets 80% on RB."), "X": (M, "X gets 80% on RB.")}),
                  [_result("X", "RB", None, 80.0, "%", SCORE, "X gets 80% on RB.", 8)])
    g = build_graph(_extractions() + [extra])
    merge_nodes(g, {"Benchmark:rb": "Benchmark:rewardbench"})
    node = "Result:p-rb#abstract:8"
    assert "Benchmark:rewardbench" in g.succ[node] and g.nodes[node]["benchmark"] == "RewardBench"
    from kg.graph.store import NetworkxStore

    assert ("X", 80.0) in {(r.subject, r.value) for t in leaderboard(NetworkxStore(g), "RewardBench").tables for r in t.rows}


def test_stats_count_results(store):
    stats = store.stats()
    assert stats["nodes"]["Result"] == 11
    assert stats["relationships"]["REPORTS_RESULT"] == stats["relationships"]["RESULT_ON"] == 11
    assert stats["relationships"]["RESULT_METRIC"] == 9  # two results name no metric


# ---------------------------------------------------------------- ranking


def test_leaderboard_ranks_scores_higher_first_and_infers_the_sentences_metric(store):
    board = leaderboard(store, "reward-bench")  # resolved forgivingly
    assert board.benchmark == "RewardBench"
    assert _table(board, "RewardBench", "accuracy", "%", "score") == [
        (1, "BigRM", 91.0), (2, "FLAMe-RM-24B", 87.8), (3, "GPT-4-0125", 85.9), (4, "GPT-4o", 84.7),
    ]


def test_metrics_units_kinds_and_editions_are_never_ranked_together(store):
    board = leaderboard(store, "RewardBench")
    keys = [(t.benchmark, t.metric, t.unit, t.kind) for t in board.tables]
    assert keys == [
        ("RewardBench", "accuracy", "%", "score"),
        ("RewardBench", "accuracy", "", "score"),
        ("RewardBench", "accuracy", "%", "delta"),
        ("RewardBench 2", "accuracy", "%", "score"),  # the edition, after the family's own
    ]
    for table in board.tables:
        assert {(r.metric, r.unit, r.kind) for r in table.rows} == {(table.metric, table.unit, table.kind)}
    assert _table(board, "RewardBench 2", "accuracy", "%", "score") == [(1, "SmallRM", 70.0), (2, None, 65.0)]


def test_lower_is_better_metrics_rank_smallest_first_and_ties_share_a_rank(store):
    board = leaderboard(store, "WikiText-103")
    (table,) = board.tables
    assert table.lower_is_better
    assert [(r.rank, r.subject, r.value) for r in table.rows] == [(1, "ModelX", 18.3), (1, "ModelZ", 18.3), (3, "ModelY", 20.1)]


@pytest.mark.parametrize(("metric", "lower"), [
    ("perplexity", True), ("word error rate", True), ("WER", True), ("FID", True), ("Fréchet Inception Distance", True),
    ("latency", True), ("RMSE", True), ("accuracy", False), ("F1", False), ("pass@1", False), ("length-controlled win rate", False),
    (None, False),
])
def test_lower_is_better_list(metric, lower):
    assert lower_is_better(metric) is lower


def test_metric_and_kind_filters(store):
    deltas = leaderboard(store, "RewardBench", kind="delta")
    assert [(t.kind, [r.value for r in t.rows]) for t in deltas.tables] == [("delta", [3.2])]
    assert [t.metric for t in leaderboard(store, "WikiText-103", metric="Perplexity").tables] == ["perplexity"]
    assert leaderboard(store, "WikiText-103", metric="accuracy").tables == ()


def test_leaderboard_query_gives_the_same_rows_on_both_backends(graph, tmp_path):
    rows = {}
    for name in ("networkx", "ladybug"):
        s = open_backend(name, graph, tmp_path)
        rows[name] = [tuple(r) for r in s.question("leaderboard", {"name": "RewardBench"}).rows]
        s.close()
    assert rows["networkx"] == rows["ladybug"] and len(rows["networkx"]) == 8


# ---------------------------------------------------------------- the command


def test_cli_json_is_tables_of_ranked_rows(db):
    result = _kg("leaderboard", "RewardBench", "--graph", str(db), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"benchmark", "query", "tables"} and doc["query"] == "cypher/leaderboard.cypher"
    first = doc["tables"][0]
    assert {k: first[k] for k in ("benchmark", "metric", "unit", "kind", "subset", "lower_is_better")} == {
        "benchmark": "RewardBench", "metric": "accuracy", "unit": "%", "kind": "score", "subset": None, "lower_is_better": False,
    }
    row = first["rows"][1]
    assert set(row) == {"rank", "subject", "value", "unit", "metric", "kind", "subset", "paper_id", "arxiv_id", "title", "evidence"}
    assert (row["rank"], row["subject"], row["value"], row["arxiv_id"], row["evidence"]) == (2, "FLAMe-RM-24B", 87.8, "2407.10817", S1)


def test_cli_text_and_csv(db):
    text = _kg("leaderboard", "rewardbench", "--graph", str(db))
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Benchmark RewardBench: 8 result(s) in 4 table(s)")
    start = lines.index("RewardBench · accuracy (%) · score · higher is better")
    assert [line.split()[2] for line in lines[start + 1:start + 5]] == ["BigRM", "FLAMe-RM-24B", "GPT-4-0125", "GPT-4o"]
    assert "RewardBench · accuracy (%) · delta · by size" in lines
    rows = list(csv.DictReader(io.StringIO(_kg("leaderboard", "WikiText-103", "--graph", str(db), "--csv").stdout)))
    assert [(r["rank"], r["subject"], r["value"], r["metric"]) for r in rows] == [
        ("1", "ModelX", "18.3", "perplexity"), ("1", "ModelZ", "18.3", "perplexity"), ("3", "ModelY", "20.1", "perplexity"),
    ]


def test_cli_unknown_benchmark_is_one_line_with_suggestions(db):
    result = _kg("leaderboard", "RewardBenchh", "--graph", str(db))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["Error: no benchmark named 'RewardBenchh' in the graph; did you mean: RewardBench, RewardBench 2?"]


@pytest.mark.parametrize("question", ["what is the best result on RewardBench?", "leaderboard of RewardBench", "best model on RewardBench", "which model is best on RewardBench?"])
def test_ask_answers_from_the_leaderboard_query(db, question):
    result = _kg("ask", question, "--graph", str(db), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"question", "query", "entity", "total", "answers"} and doc["query"] == "cypher/leaderboard.cypher"
    assert doc["entity"] == {"name": "RewardBench", "type": "Benchmark"}
    best = doc["answers"][0]
    assert (best["rank"], best["subject"], best["value"], best["metric"], best["evidence"]) == (1, "BigRM", 91.0, "accuracy", S2)
    assert all(a["role"] and a["evidence"] for a in doc["answers"])


def test_export_writes_results_in_every_format(db, tmp_path):
    from kg.graph.export import FORMATS

    for fmt in FORMATS:
        out = tmp_path / fmt
        result = _kg("export", "--format", fmt, str(out), "--graph", str(db), "-q")
        assert result.exit_code == 0, result.output
        text = "".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file())
        assert "2407.10817#abstract:70" in text and "RESULT_ON" in text, fmt


# ---------------------------------------------------------------- pages


def test_both_page_sources_give_the_same_results(graph, db):
    from kg.graph.ladybug_store import LadybugStore
    from kg.pages.db_source import DatabaseSource
    from kg.pages.source import GraphSource

    with LadybugStore.open(db) as store:
        for name in ("RewardBench", "WikiText-103", "RewardBench 2", "nothing"):
            assert GraphSource(graph).results(name) == DatabaseSource(store).results(name), name


@pytest.fixture(scope="module")
def site(db, tmp_path_factory):
    return write_site(db, tmp_path_factory.mktemp("site"))


def test_benchmark_page_shows_its_leaderboard_and_results_get_no_page(site):
    html = benchmark_page(site, "RewardBench").read_text(encoding="utf-8")
    assert 'id="kg-leaderboard"' in html and html.count('class="kg-leaderboard"') == 4
    table = html[html.index('class="kg-leaderboard"'):]
    assert table.index("BigRM") < table.index("FLAMe-RM-24B") < table.index("GPT-4-0125") < table.index("GPT-4o")
    from kg.pages.site import entity_slug

    assert 'id="kg-leaderboard"' not in (site / "entities" / entity_slug("Model:bigrm")).read_text(encoding="utf-8")
    assert not any(p.name.startswith("result-") for p in (site / "entities").iterdir())
    assert "Result:" not in html  # result nodes are not drawn in the graph


def test_browser_draws_the_leaderboard_chart_longest_bar_first(browser, site):
    page = open_page(browser, benchmark_page(site, "RewardBench"))
    widths = page.page.eval_on_selector(  # the first table's chart
        "svg.kg-leaderboard-chart", "svg => [...svg.querySelectorAll('rect.kg-value-bar')].map(r => r.getBoundingClientRect().width)"
    )
    assert len(widths) == 4 and widths == sorted(widths, reverse=True) and widths[0] > 100
    assert page.page.is_visible("table.kg-leaderboard")
    assert page.outside_requests == [] and page.page_errors == []
