"""Latency of the indexed questions (kg.graph.questions) and of the Cypher library on the embedded engine.

Builds a synthetic graph per size (Zipf-distributed entity popularity, so the
most popular benchmark is in a large share of all papers: the worst case),
indexes it once, then times every question over a set of names: the most
popular entity, a mid-ranked one and tail ones. Prints median, p95 and max
in milliseconds; the target is < 100 ms at 100k papers.

Example: .venv/bin/python bench/bench_questions.py --sizes 10k,100k --cypher-sizes 10k --cypher-timeout 20
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import human, markdown_table, parse_ints, print_header  # noqa: E402

from kg.graph.cypher_engine import run_cypher  # noqa: E402
from kg.graph.library import library_queries, load_query  # noqa: E402
from kg.graph.nx_store import build_graph  # noqa: E402
from kg.graph.questions import Questions  # noqa: E402
from kg.graph.synthetic import synthetic_extractions  # noqa: E402


def _names(questions: Questions, label: str, count: int = 12) -> list[str]:
    """The most popular name of ``label``, then names spread down the popularity ranking."""
    ranked = questions.top_entities(label, limit=len(questions.by_label.get(label, ())))
    if not ranked:
        return []
    step = max(1, len(ranked) // count)
    return [ranked[0].name] + [r.name for r in ranked[step::step]][: count - 1]


def _time(function, args: list) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per call (CPU time stays comparable on a busy machine)."""
    wall, cpu = [], []
    for arg in args:
        start, start_cpu = time.perf_counter(), time.process_time()
        function(arg)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def _row(name: str, timings: list[float], cpu: list[float], worst_arg: str = "") -> list[object]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return [name, len(timings), f"{statistics.median(ordered):.2f}", f"{p95:.2f}", f"{ordered[-1]:.2f}", f"{max(cpu):.1f}", worst_arg]


def bench_questions(size: int) -> tuple[list[list[object]], dict[str, float]]:
    start = time.perf_counter()
    graph = build_graph(synthetic_extractions(size))
    built = time.perf_counter() - start
    start = time.perf_counter()
    questions = Questions(graph)
    indexed = time.perf_counter() - start
    benchmarks = _names(questions, "Benchmark")
    methods = _names(questions, "Method")
    authors = _names(questions, "Author")
    papers = [n.partition(":")[2] for n in questions.by_label["Paper"][:: max(1, size // 12)]][:12]
    cases = [
        ("papers_using_benchmark", questions.papers_using_benchmark, benchmarks),
        ("models_on_benchmark", questions.models_on_benchmark, benchmarks),
        ("methods_on_benchmark", questions.methods_on_benchmark, benchmarks),
        ("papers_using_method", questions.papers_using_method, methods),
        ("cooccurring_entities", questions.cooccurring_entities, benchmarks),
        ("models_on_benchmark, top 20", lambda b: questions.models_on_benchmark(b, limit=20), benchmarks),
        ("cooccurring_entities, top 20", lambda b: questions.cooccurring_entities(b, limit=20), benchmarks),
        ("author_papers", questions.author_papers, authors),
        ("paper_uses", questions.paper_uses, papers),
        ("benchmarks_of_paper", questions.benchmarks_of_paper, papers),
        ("top_entities (10 per type)", lambda label: questions.top_entities(label, 10), ["Benchmark", "Method", "Model", "Metric", "Task"] * 2),
        ("resolve + did-you-mean miss", lambda name: _miss(questions, name), [b + "x" for b in benchmarks[:5]]),
    ]
    rows = []
    for name, function, args in cases:
        function(args[0])  # first call builds lazy caches (top lists); not the steady state
        timings, cpu = _time(function, args)
        worst = args[max(range(len(timings)), key=timings.__getitem__)]
        rows.append(_row(name, timings, cpu, str(worst)[:24]))
    info = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "build_s": built, "index_s": indexed,
            "top_benchmark_papers": questions.top_entities("Benchmark", 1)[0].papers}
    return rows, info


def _miss(questions: Questions, name: str) -> None:
    try:
        questions.resolve(name, ["Benchmark"])
    except Exception:  # UnknownEntityError with suggestions is the expected outcome
        pass


#: Which entity a library query's ``$name`` means, by a word of the query's file name.
_NAME_KINDS = (("benchmark", "Benchmark"), ("cooccurring", "Benchmark"), ("method", "Method"), ("proposing", "Method"),
               ("model", "Model"), ("task", "Task"), ("author", "Author"))


class _QueryTimeout(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise _QueryTimeout


def _library_params(query, questions: Questions) -> dict[str, object]:
    """Parameters for one library query: the most popular entity it asks about, a paper, a limit."""
    params: dict[str, object] = {}
    paper_key = questions.by_label["Paper"][0].partition(":")[2]
    for name in query.parameters:
        if name == "limit":
            params[name] = 10
        elif name in ("paper", "arxiv_id"):
            params[name] = paper_key
        elif name == "name":
            label = next((label for word, label in _NAME_KINDS if word in query.name), None)
            names = _names(questions, label, 1) if label else []
            params[name] = names[0] if names else "Organization 0"
    return params


def bench_cypher(size: int, timeout_s: int) -> list[list[object]]:
    """Every ``cypher/`` query once on grand-cypher, each stopped after ``timeout_s`` seconds."""
    graph = build_graph(synthetic_extractions(size))
    questions = Questions(graph)
    rows = []
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for query in library_queries():
            params = _library_params(query, questions)
            start = time.perf_counter()
            signal.alarm(timeout_s)
            try:
                result = run_cypher(graph, query.text, params)
                cell, count = f"{(time.perf_counter() - start) * 1000:,.0f}", len(result.rows)
            except _QueryTimeout:
                cell, count = f"> {timeout_s * 1000:,} (stopped)", "-"
            finally:
                signal.alarm(0)
            shown = ", ".join(f"{k}={v}" for k, v in params.items())
            rows.append([f"cypher/{query.name}.cypher", shown, cell, count])
    finally:
        signal.signal(signal.SIGALRM, previous)
    return rows


def bench_engines(size: int) -> list[list[object]]:
    """grand-cypher vs nxcypher (if installed: ``pip install nxcypher``) on the same queries and graph."""
    from grandcypher import GrandCypher
    from nxcypher import NXCypher

    from kg.graph.cypher_engine import bind_parameters, strip_comments

    graph = build_graph(synthetic_extractions(size))
    top = Questions(graph).top_entities("Benchmark", 1)[0].name
    cases = [
        ("papers_using_benchmark", {"name": top}),
        ("models_on_benchmark", {"name": top}),
        ("top_benchmarks", {"limit": 5}),
        ("author_papers", {"name": "Author 7"}),
    ]
    rows = []
    for name, params in cases:
        text = strip_comments(load_query(name).text)
        start = time.perf_counter()
        grand = GrandCypher(graph).run(bind_parameters(text, params))
        grand_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        nxc = NXCypher(graph).run(text, params=params)
        nxc_ms = (time.perf_counter() - start) * 1000
        same = [sorted(map(str, v)) for v in grand.values()] == [sorted(map(str, v)) for v in nxc.values()]
        rows.append([name, f"{grand_ms:.0f}", f"{nxc_ms:.0f}", len(next(iter(grand.values()), [])), len(next(iter(nxc.values()), [])), "yes" if same else "NO"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="papers per synthetic graph for the indexed questions")
    parser.add_argument("--cypher-sizes", default="10k,100k", help="papers per graph for the grand-cypher library timings ('' to skip)")
    parser.add_argument("--cypher-timeout", type=int, default=20, help="seconds after which one library query is stopped (default 20)")
    parser.add_argument("--engine-size", default="2k", help="papers for the grand-cypher vs nxcypher comparison ('' to skip)")
    args = parser.parse_args()
    print_header("Question latency (embedded graph)")
    for size in parse_ints(args.sizes) if args.sizes else []:
        rows, info = bench_questions(size)
        print(f"### {human(size)} papers: {info['nodes']:,} nodes, {info['edges']:,} relationships; "
              f"built in {info['build_s']:.1f} s, indexed in {info['index_s']:.2f} s; "
              f"most popular benchmark in {info['top_benchmark_papers']:,} papers\n")
        print(markdown_table(["question", "calls", "median ms", "p95 ms", "max ms", "max CPU ms", "slowest argument"], rows))
        print()
    for size in parse_ints(args.cypher_sizes) if args.cypher_sizes else []:
        print(f"### Every cypher/ query on grand-cypher, {human(size)} papers (one call each, the most popular entity)\n")
        print(markdown_table(["query", "parameters", "ms", "rows"], bench_cypher(size, args.cypher_timeout)))
        print()
    if args.engine_size:
        try:
            import nxcypher  # noqa: F401
        except ImportError:
            print("(nxcypher not installed: `pip install nxcypher` to compare engines)")
            return
        size = parse_ints(args.engine_size)[0]
        print(f"### Cypher engines on a {human(size)}-paper graph (ms per query)\n")
        print(markdown_table(["query", "grand-cypher ms", "nxcypher ms", "rows (grand)", "rows (nx)", "same rows"], bench_engines(size)))


if __name__ == "__main__":
    main()
