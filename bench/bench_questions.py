"""Questions on the on-disk database: every ``cypher/`` file and every ``kg ask`` form, each in a fresh process.

Builds a synthetic graph per size (Zipf-distributed entity popularity, so the
most popular benchmark is in a large share of all papers: the worst case),
writes it as the database ``kg build`` writes, then runs each library query
(``kg query --file NAME``) and each question form (``kg ask``) as a user does:
a new ``kg`` process that opens the database, answers and exits. Prints the
wall time and peak memory of each process (median of ``--repeat`` runs), the
database's size against its CSV export, and in-process latencies (median,
p95, max) over a spread of names from the most popular to the tail.

Targets (issue 15): every query and question under 1 s and 500 MB at 100k papers.

Example: .venv/bin/python bench/bench_questions.py --sizes 10k,100k --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import human, markdown_table, parse_ints, print_header, run_kg, work_dir  # noqa: E402

from kg.graph.export import export_csv  # noqa: E402
from kg.graph.ladybug_store import LadybugStore, write_database  # noqa: E402
from kg.graph.library import library_queries  # noqa: E402
from kg.graph.nx_store import build_graph  # noqa: E402
from kg.graph.synthetic import synthetic_extractions  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))

#: Which entity a library query's ``$name`` means, by a word of the query's file name.
_NAME_KINDS = (("entity_authors", "Method"), ("benchmarks_of_entity", "Method"), ("benchmark", "Benchmark"), ("cooccurring", "Benchmark"), ("method", "Method"), ("proposing", "Method"),
               ("model", "Model"), ("task", "Task"), ("author", "Author"), ("organization", "Organization"))


#: The window ``entity_papers_between`` counts (the last half year of the synthetic corpus, as
#: ``kg trends --top`` compares by default) and the precision it leaves out.
_WINDOW = {"from": "2025-07", "to": "2026-01", "coarse": "year"}


def ranked_names(store: LadybugStore, label: str, count: int = 12) -> list[str]:
    """The most popular name of ``label``, then names spread down the popularity ranking."""
    rows = store.query(f"MATCH (n:{label}) RETURN n.name ORDER BY n.paper_count DESC, n.name").rows
    names = [str(r[0]) for r in rows]
    if not names:
        return []
    step = max(1, len(names) // count)
    return [names[0]] + names[step::step][: count - 1]


def library_params(query, store: LadybugStore, paper: str) -> dict[str, object]:
    """Parameters for one library query: the most popular entity it asks about, a paper, a limit."""
    params: dict[str, object] = {}
    for name in query.parameters:
        if name == "limit":
            params[name] = 10
        elif name in ("paper", "arxiv_id"):
            params[name] = paper
        elif name == "type":
            params[name] = "Benchmark"
        elif name in _WINDOW:
            params[name] = _WINDOW[name]
        elif name == "name":
            label = next((label for word, label in _NAME_KINDS if word in query.name), "Benchmark")
            names = ranked_names(store, label, 1)
            params[name] = names[0] if names else "none"
    return params


def fresh_process(args: list[str], repeat: int) -> tuple[float, float, int]:
    """Median wall seconds and peak RSS MB of ``kg ARGS`` run ``repeat`` times, and its exit code."""
    runs = [run_kg(args) for _ in range(repeat)]
    return statistics.median(r.wall for r in runs), statistics.median(r.peak_mb for r in runs), runs[-1].code


def ask_forms(store: LadybugStore, paper: str) -> list[str]:
    """One question of every form ``kg ask`` understands, about the most popular entities."""
    benchmark = ranked_names(store, "Benchmark", 1)[0]
    method = ranked_names(store, "Method", 1)[0]
    model = ranked_names(store, "Model", 1)[0]
    task = ranked_names(store, "Task", 1)[0]
    author = ranked_names(store, "Author", 1)[0]
    return [  # names quoted: the synthetic names start with a type word ("Method 12")
        f'which papers use benchmark "{benchmark}"?',
        f'which papers use method "{method}"?',
        f'which papers use model "{model}"?',
        f'which papers address task "{task}"?',
        f'which papers propose "{method}"?',
        f'which models are evaluated on "{benchmark}"?',
        f'which methods are evaluated on "{benchmark}"?',
        f'papers by "{author}"',
        f"what does paper {paper} use?",
        f'is "{benchmark}" rising?',
        f"which benchmarks does paper {paper} evaluate on?",
        f"who wrote {paper}?",
        "most used benchmarks",
        f'which papers use benchmark "{benchmark}x"?',  # unknown name: the did-you-mean path
    ]


def in_process(store: LadybugStore, paper: str) -> list[list[object]]:
    """Latency of each library question on an open database over a spread of names (ms)."""
    rows = []
    for query in library_queries():
        label = next((label for word, label in _NAME_KINDS if word in query.name), None)
        names = ranked_names(store, label) if "name" in query.parameters and label else []
        cases = [{"name": n} for n in names] or [library_params(query, store, paper)]
        timings = []
        for params in cases:
            start = time.perf_counter()
            store.question(query.name, params)
            timings.append((time.perf_counter() - start) * 1000)
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        rows.append([f"cypher/{query.name}.cypher", len(timings), f"{statistics.median(ordered):.1f}", f"{p95:.1f}", f"{ordered[-1]:.1f}"])
    return rows


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def bench_size(size: int, repeat: int, csv_limit: int) -> None:
    start = time.perf_counter()
    graph = build_graph(synthetic_extractions(size))
    built = time.perf_counter() - start
    path = work_dir() / f"questions-{size}.db"
    path.unlink(missing_ok=True)
    start = time.perf_counter()
    write_database(graph, path)
    written = time.perf_counter() - start
    db_mb = path.stat().st_size / 1e6
    size_note = f"database {db_mb:.1f} MB"
    if size <= csv_limit:  # the CSV export copies the whole graph into dicts: skipped for the largest graphs
        csv_dir = work_dir() / f"questions-{size}-csv"
        export_csv(graph, csv_dir)
        csv_mb = folder_mb(csv_dir)
        size_note += f", CSV export {csv_mb:.1f} MB (ratio {db_mb / csv_mb:.2f})"
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    del graph
    print(f"### {human(size)} papers: {nodes:,} nodes, {edges:,} relationships; graph merged in {built:.1f} s, "
          f"database written in {written:.1f} s; {size_note}\n")
    measure(path, repeat)


def measure(path: Path, repeat: int) -> None:
    """The fresh-process and in-process tables for the database at ``path``."""
    with LadybugStore.open(path) as store:
        paper = str(store.query("MATCH (p:Paper) RETURN p.key ORDER BY p.key LIMIT 1").rows[0][0])
        queries = [(q, library_params(q, store, paper)) for q in library_queries()]
        questions = ask_forms(store, paper)
        latency = in_process(store, paper)
    rows = []
    for query, params in queries:
        args = ["query", "--file", query.name, "--graph", str(path), "--json"]
        for name, value in params.items():
            args += ["--param", f"{name}={value}"]
        wall, rss, code = fresh_process(args, repeat)
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        rows.append([f"kg query --file {query.name}", shown, f"{wall:.2f}", f"{rss:.0f}", code])
    for question in questions:  # the first 100 answers, as kg ask shows them by default
        wall, rss, code = fresh_process(["ask", question, "--graph", str(path), "--json"], repeat)
        rows.append([f'kg ask "{question}"', "", f"{wall:.2f}", f"{rss:.0f}", code])
    wall, rss, code = fresh_process(["ask", questions[0], "--all", "--graph", str(path), "--json"], repeat)
    rows.append([f'kg ask "{questions[0]}" --all', "", f"{wall:.2f}", f"{rss:.0f}", code])  # every answer
    benchmark = questions[0].split('"')[1]  # the most popular benchmark
    top = ["trends", "--type", "Benchmark", "--top", "20"]
    for args in (["trends", benchmark], ["trends", benchmark, "--by", "quarter"], top, [*top, "--by", "quarter"], [*top, "--by", "year"]):
        wall, rss, code = fresh_process([*args, "--graph", str(path), "--json"], repeat)
        shown = " ".join(f'"{a}"' if " " in a else a for a in args)
        rows.append([f"kg {shown}", "", f"{wall:.2f}", f"{rss:.0f}", code])
    print(f"Fresh process per command (median of {repeat}):\n")
    print(markdown_table(["command", "parameters", "wall s", "peak RSS MB", "exit"], rows))
    print("\nIn one process, the database open (ms per call over names from the most popular to the tail):\n")
    print(markdown_table(["query", "calls", "median ms", "p95 ms", "max ms"], latency))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="papers per synthetic graph, e.g. 10k,100k,1M")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process runs per command (the median is shown)")
    parser.add_argument("--csv-limit", default="100k", help="largest size whose CSV export is written to compare sizes")
    parser.add_argument("--database", type=Path, help="measure this existing database instead of building synthetic ones")
    args = parser.parse_args()
    print_header("Questions on the on-disk database (fresh kg processes)")
    if args.database:
        with LadybugStore.open(args.database) as store:
            stats = store.stats()
        print(f"### {args.database.name}: {stats['total_nodes']:,} nodes, {stats['total_relationships']:,} relationships; "
              f"database {args.database.stat().st_size / 1e6:.1f} MB\n")
        measure(args.database, args.repeat)
        return
    for size in parse_ints(args.sizes):
        bench_size(size, args.repeat, parse_ints(args.csv_limit)[0])


if __name__ == "__main__":
    main()
