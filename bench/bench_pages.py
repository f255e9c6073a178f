"""Pages on the on-disk database: ``kg viz`` (a focus at depth 1 and 2, the whole graph) and ``kg site``, each in a fresh process.

Builds the synthetic graph of ``bench_questions.py`` (Zipf-distributed entity
popularity: the most popular benchmark is in about 18% of the papers, the
largest neighbourhood a page can ask for) and writes it as the database ``kg
build`` writes, once per size (kept in ``$KG_BENCH_DIR``, else the temporary folder's ``kg-bench``,
and reused: the graph is deterministic). Then runs each page command as a user
does and prints its wall time and peak memory (as ``/usr/bin/time`` reports
them), with what it wrote. ``--file`` also times the same commands on the graph as a ``.json.gz``
file, which loads the whole graph into memory: the path every page took before.

Target (issue 15): ``kg viz --focus`` and ``kg site`` at 100k papers in minutes, not hours.

Example: .venv/bin/python bench/bench_pages.py --sizes 100k
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import human, markdown_table, parse_ints, print_header, run_kg, work_dir  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))



def database(size: int) -> tuple[Path, float]:
    """The synthetic database of ``size`` papers (built on first use) and the seconds building it took (0 if reused)."""
    path = work_dir() / f"pages-{size}.db"
    if path.exists():
        return path, 0.0
    from kg.graph.ladybug_store import write_database
    from kg.graph.nx_store import build_graph
    from kg.graph.synthetic import synthetic_extractions

    start = time.perf_counter()
    write_database(build_graph(synthetic_extractions(size)), path)
    return path, time.perf_counter() - start


def graph_file(path: Path) -> Path:
    """The database at ``path`` as a ``.json.gz`` graph file beside it (``kg convert``, on first use)."""
    target = path.with_suffix(".json.gz")
    if not target.exists():
        subprocess.run([KG, "convert", str(path), "--graph", str(target), "-q"], check=True)
    return target


def most_popular_benchmark(path: Path) -> str:
    """The name of the benchmark with the most papers."""
    from kg.graph.ladybug_store import LadybugStore

    with LadybugStore.open(path) as store:
        rows = store.query("MATCH (b:Benchmark) RETURN b.name ORDER BY b.paper_count DESC, b.key LIMIT 1").rows
    return str(rows[0][0])


def wrote(message: str) -> str:
    """What a page command said it wrote, shortened for the table."""
    message = re.sub(r"^Wrote \S+?[:;] ?", "", message).rstrip(".")
    return message.replace("|", "/")[:90]


def commands(graph: Path, out: Path, benchmark: str, entity_pages: int | None) -> list[tuple[str, list[str]]]:
    """The page commands to time, as (label, kg arguments); no ``kg site`` when ``entity_pages`` is None."""
    timed = [
        (f'kg viz --focus "{benchmark}" --depth 1', ["viz", "--graph", str(graph), "--focus", benchmark, "--depth", "1", "-o", str(out / "focus1.html")]),
        (f'kg viz --focus "{benchmark}" --depth 2', ["viz", "--graph", str(graph), "--focus", benchmark, "--depth", "2", "-o", str(out / "focus2.html")]),
        ("kg viz (whole graph)", ["viz", "--graph", str(graph), "-o", str(out / "whole.html")]),
    ]
    if entity_pages is not None:
        site = ["site", str(out / "site"), "--graph", str(graph), "--max-entity-pages", str(entity_pages)]
        timed.append((f"kg site --max-entity-pages {entity_pages}", site))
    return timed


def bench_size(size: int, entity_pages: int | None, with_file: bool) -> None:
    path, built = database(size)
    benchmark = most_popular_benchmark(path)
    note = f"built and written in {built:.0f} s" if built else "reused"
    print(f"### {human(size)} papers: database {path.stat().st_size / 1e6:.0f} MB ({note}); most popular benchmark: {benchmark}\n")
    graphs = [("database", path)] + ([("graph file (whole graph in memory)", graph_file(path))] if with_file else [])
    rows = []
    for kind, graph in graphs:
        with tempfile.TemporaryDirectory(prefix="kg-pages-") as folder:
            for label, args in commands(graph, Path(folder), benchmark, entity_pages):
                done = run_kg(args)
                wall, rss, code, message = done.wall, done.peak_mb, done.code, done.last_line
                rows.append([label, kind, f"{wall:.1f}", f"{rss:.0f}", code, wrote(message)])
    print(markdown_table(["command", "graph", "wall s", "peak RSS MB", "exit", "wrote"], rows))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="papers per synthetic graph, e.g. 10k,100k")
    parser.add_argument("--entity-pages", type=int, default=500, help="kg site --max-entity-pages (0: all)")
    parser.add_argument("--no-site", action="store_true", help="time the kg viz commands only")
    parser.add_argument("--file", action="store_true", help="also time the commands on the .json.gz graph file (whole graph in memory)")
    args = parser.parse_args()
    print_header("Pages on the on-disk database (fresh kg processes)")
    for size in parse_ints(args.sizes):
        bench_size(size, None if args.no_site else args.entity_pages, args.file)


if __name__ == "__main__":
    main()
