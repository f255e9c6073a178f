"""Embedded graph build: time and memory to build, database size, and open time at 10k and 100k papers.

Each measurement is a fresh process. The build row streams a generated corpus
through ``kg.parallel.extract_parallel`` into ``kg.graph.nx_store.merge_into``
and writes the database with ``write_database``; the time spent waiting for extractions (read +
extract) is split from the time spent merging and from linking acronyms in the
merged graph (``link_graph_acronyms``, which ``kg build`` runs by default). The
open row opens the database read-only in a new process and counts it (``kg stats``). The ``kg build`` row is the real
command, end to end, as a user runs it.

Usage:
    .venv/bin/python bench/bench_build.py                       # 10k and 100k, --workers 2, rules only
    .venv/bin/python bench/bench_build.py --sizes 10k --workers 1 --no-cli
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

SCRIPT = Path(__file__).resolve()
KG = Path(sys.executable).with_name("kg")


class Timed:
    """Wraps an iterator, adding up the seconds spent inside its ``next``."""

    def __init__(self, items: Iterable) -> None:
        self.items = iter(items)
        self.seconds = 0.0

    def __iter__(self) -> Iterator:
        return self

    def __next__(self):
        start = time.perf_counter()
        try:
            return next(self.items)
        finally:
            self.seconds += time.perf_counter() - start


def child(task: dict) -> None:
    """One measurement in this (fresh) process; prints a JSON result line."""
    start = time.perf_counter()
    if task["mode"] == "load":
        from kg.graph.ladybug_store import LadybugStore

        with LadybugStore.open(task["graph"]) as store:
            stats = store.stats()
        seconds = time.perf_counter() - start
        benchlib.child_result({"seconds": seconds, "nodes": stats["total_nodes"], "edges": stats["total_relationships"]})
        return
    if task["mode"] == "cli":
        command = [str(KG), "build", task["corpus"], "--graph", task["graph"], "--format", "jsonl",
                   "--workers", str(task["workers"]), "--no-ner", "-q"]
        process = subprocess.run(command, capture_output=True, text=True)
        if process.returncode != 0:
            raise SystemExit(f"kg build failed (exit {process.returncode}): {process.stderr[-2000:]}")
        benchlib.child_result({"seconds": time.perf_counter() - start})
        return

    from kg.build import link_graph_acronyms
    from kg.gc_pause import gc_paused
    from kg.graph.ladybug_store import write_database
    from kg.graph.nx_store import merge_into, new_graph
    from kg.parallel import extract_parallel
    from kg.readers import iter_papers
    from kg.types import Paper

    papers = (p for p in iter_papers([task["corpus"]], fmt="jsonl") if isinstance(p, Paper))
    extractions = Timed(extract_parallel(papers, workers=task["workers"], use_ner=False))
    graph = new_graph()
    with gc_paused():  # as kg.build.merge_and_write: no collector scans of the graph between the steps
        count = merge_into(graph, extractions)
        merged = time.perf_counter()
        link_graph_acronyms(graph)  # as `kg build` does by default
        built = time.perf_counter()
        write_database(graph, task["graph"])
        saved = time.perf_counter()
    benchlib.child_result({
        "count": count,
        "extract_seconds": extractions.seconds,
        "merge_seconds": merged - start - extractions.seconds,
        "link_seconds": built - merged,
        "save_seconds": saved - built,
        "seconds": saved - start,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    })


def main(argv: list[str] | None = None) -> None:
    """Build, save and load the graph at each size and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="corpus sizes (default 10k,100k)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end `kg build` rows")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--work-dir", type=Path, default=benchlib.DEFAULT_WORK_DIR, help="corpora and graphs go here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return

    benchlib.print_header("Embedded graph build (bench/bench_build.py)")
    print(f"- rule path (no NER), --workers {args.workers}; corpus seed {args.seed}; graph written as the LadybugDB database\n")
    build_rows, load_rows, cli_rows = [], [], []
    for size in benchlib.parse_ints(args.sizes):
        corpus = benchlib.corpus_path(args.work_dir, size, args.seed)
        graph = args.work_dir / f"graph-{size}-seed{args.seed}.db"
        r = benchlib.run_child(SCRIPT, {"mode": "build", "corpus": str(corpus), "graph": str(graph), "workers": args.workers})
        print(f"build {size}: {r['seconds']:.1f}s", file=sys.stderr)
        build_rows.append([
            benchlib.human(size), f"{r['extract_seconds']:.1f}", f"{r['merge_seconds']:.1f}", f"{r['link_seconds']:.1f}", f"{r['save_seconds']:.1f}",
            f"{r['seconds']:.1f}", f"{size / r['seconds']:,.0f}", f"{r['cpu_main_s'] + r['cpu_children_s']:.0f}",
            f"{r['nodes']:,}", f"{r['edges']:,}",
            f"{graph.stat().st_size / 1024**2:.1f}", f"{r['rss_main_mb']:.0f}",
        ])
        r = benchlib.run_child(SCRIPT, {"mode": "load", "graph": str(graph)})
        print(f"load {size}: {r['seconds']:.1f}s", file=sys.stderr)
        load_rows.append([benchlib.human(size), f"{r['seconds']:.2f}", f"{r['rss_main_mb']:.0f}"])
        if not args.no_cli:
            cli_graph = args.work_dir / f"cli-graph-{size}.db"
            r = benchlib.run_child(SCRIPT, {"mode": "cli", "corpus": str(corpus), "graph": str(cli_graph), "workers": args.workers})
            print(f"kg build {size}: {r['seconds']:.1f}s", file=sys.stderr)
            cli_rows.append([benchlib.human(size), args.workers, f"{r['seconds']:.1f}", f"{size / r['seconds']:,.0f}",
                             f"{r['cpu_children_s']:.0f}", f"{r['rss_child_mb']:.0f}"])
    print(benchlib.markdown_table(
        ["papers", "read + extract s", "merge s", "link s", "save s", "total s", "papers/s", "CPU s (all processes)", "nodes",
         "edges", "database MB",
         "peak RSS MB"],
        build_rows,
    ))
    print("\nOpening the database read-only and counting it (fresh process, as `kg stats`):\n")
    print(benchlib.markdown_table(["papers", "open + count s", "peak RSS MB"], load_rows))
    if cli_rows:
        print("\nEnd to end, the real command (`kg build corpus.jsonl --format jsonl --workers N --no-ner`):\n")
        print(benchlib.markdown_table(["papers", "workers", "wall s", "papers/s", "CPU s", "peak RSS MB (largest process)"],
                                      cli_rows))
    print("\nPeak RSS is the build process itself; each extraction worker adds its own (see bench_extract.py).")


if __name__ == "__main__":
    main()
