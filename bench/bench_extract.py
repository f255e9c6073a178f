"""Extraction throughput: abstracts/s, words/s and peak memory, one process vs ``--workers N``.

Each row is a fresh process that streams a generated JSONL corpus through
``kg.readers.iter_papers`` and ``kg.parallel.extract_parallel`` and drops the
results, so peak RSS at 10k vs 100k shows whether extraction memory is flat in
the number of papers. The "read only" rows are the reader's share of the time.
The "examples" rows are the real abstracts of ``examples/`` repeated to that size.

Usage:
    .venv/bin/python bench/bench_extract.py                      # 1k, 10k, 100k; 1 and 2 workers
    .venv/bin/python bench/bench_extract.py --sizes 1k,10k --workers 1,2 --ner-sizes 1k
    .venv/bin/python bench/bench_extract.py --sizes '' --workers 1 --ner-sizes '' --cli-sizes '' --repeat 5  # examples only
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

SCRIPT = Path(__file__).resolve()


def child(task: dict) -> None:
    """One measurement in this (fresh) process; prints a JSON result line."""
    start = time.perf_counter()
    from kg.readers import iter_papers
    from kg.types import Paper

    papers = (p for p in iter_papers([task["corpus"]], fmt="jsonl") if isinstance(p, Paper))
    if task["mode"] == "read":
        count = sum(1 for _ in papers)
        benchlib.child_result({"count": count, "seconds": time.perf_counter() - start})
        return
    if task["mode"] == "cli":
        import subprocess

        out = Path(task["out"])
        command = [str(Path(sys.executable).with_name("kg")), "extract", task["corpus"], "--format", "jsonl",
                   "--no-ner", "--workers", str(task["workers"]), "-q", "-o", str(out)]
        process = subprocess.run(command, capture_output=True, text=True)
        if process.returncode != 0:
            raise SystemExit(f"kg extract failed (exit {process.returncode}): {process.stderr[-2000:]}")
        seconds = time.perf_counter() - start
        size = out.stat().st_size
        out.unlink()
        benchlib.child_result({"seconds": seconds, "bytes": size})
        return
    if task["mode"] == "init":
        from extractors.pipeline import Extractor

        Extractor(use_ner=task["ner"])
        benchlib.child_result({"count": 0, "seconds": time.perf_counter() - start})
        return
    from kg.parallel import extract_parallel

    results = extract_parallel(papers, workers=task["workers"], chunk_size=task["chunk_size"], use_ner=task["ner"])
    count = entities = triples = 0
    for extraction in results:
        count += 1
        entities += len(extraction.entities)
        triples += len(extraction.triples)
    seconds = time.perf_counter() - start
    benchlib.child_result(
        {"count": count, "seconds": seconds, "entities": entities, "triples": triples}
    )


def steady_rate(result: dict, startup_seconds: float) -> float:
    """Abstracts per second of one run once one extractor start-up is taken off its wall time."""
    running = result["seconds"] - startup_seconds
    return result["count"] / running if running > 0 else float("nan")


def rate_cells(steady: float, spread: list[float]) -> tuple[str, str]:
    """The 'excl. start-up' rate and its range as table cells; "-" where a run was shorter than the start-up."""
    finite = [x for x in spread if x == x]
    return (f"{steady:,.0f}" if steady == steady else "-",
            f"{min(finite):,.0f}–{max(finite):,.0f}" if finite else "-")


def ner_status() -> tuple[bool, str]:
    """Whether the trained NER component can run here, and why not when it cannot."""
    try:
        from extractors import ner
    except ImportError as error:
        return False, f"extractors.ner does not import ({error})"
    if not ner.ner_available():
        return False, f"no trained NER model at {getattr(ner, 'MODEL_DIR', 'extractors/ner')}"
    return True, ""


def main(argv: list[str] | None = None) -> None:
    """Run every (size, path, workers) combination and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="corpus sizes (default 1k,10k,100k)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--ner-sizes", default="1k,10k", help="sizes to run with NER too ('' for none)")
    parser.add_argument("--cli-sizes", default="10k,100k",
                        help="sizes at which to run `kg extract` itself, for its peak memory ('' for none)")
    parser.add_argument("--examples-sizes", default="10k",
                        help="sizes of the example listings repeated, real abstracts ('' for none; default 10k)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each extraction row: the table shows the median run and the range of the rate"
                             " excluding start-up over all runs (default 1)")
    parser.add_argument("--chunk-size", type=int, default=500, help="papers per worker task (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--work-dir", type=Path, default=benchlib.DEFAULT_WORK_DIR, help="where corpora are cached")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return

    sizes = benchlib.parse_ints(args.sizes)
    workers = benchlib.parse_ints(args.workers)
    ner_sizes = set(benchlib.parse_ints(args.ner_sizes)) if args.ner_sizes else set()
    has_ner, why_not = ner_status()
    benchlib.print_header("Extraction throughput (bench/bench_extract.py)")
    print(f"- chunk size {args.chunk_size}; corpus seed {args.seed}; words = whitespace tokens of title + abstract")
    if ner_sizes and not has_ner:
        print(f"- NER rows skipped: {why_not}")
    print()

    startup, init_seconds = [], {}
    for ner in (False, True) if has_ner and ner_sizes else (False,):
        r = benchlib.run_child(SCRIPT, {"mode": "init", "ner": ner, "corpus": ""})
        init_seconds[ner] = r["seconds"]
        startup.append(("rules + NER" if ner else "rules", f"{r['seconds']:.2f}", f"{r['rss_main_mb']:.0f}"))
    print("Extractor start-up (import + lexicons + models), paid once per worker process:\n")
    print(benchlib.markdown_table(["path", "seconds", "peak RSS MB"], startup))
    print()

    rows = []
    corpora = [(size, "", benchlib.corpus_path(args.work_dir, size, args.seed)) for size in sizes]
    corpora += [(size, " examples", benchlib.examples_corpus_path(args.work_dir, size))
                for size in (benchlib.parse_ints(args.examples_sizes) if args.examples_sizes else [])]
    for size, label, corpus in corpora:
        words = benchlib.corpus_words(corpus)
        read = benchlib.run_child(SCRIPT, {"mode": "read", "corpus": str(corpus)})
        read_cpu = read["cpu_main_s"]
        rows.append([benchlib.human(size) + label, "read only", "-", f"{read['seconds']:.1f}", f"{size / read['seconds']:,.0f}",
                     "-", f"{words / read['seconds']:,.0f}", f"{read_cpu:.1f}", f"{size / read_cpu:,.0f}",
                     f"{read['rss_main_mb']:.0f}", "-"] + (["-"] if args.repeat > 1 else []))
        print(f"read {size}: {read['seconds']:.1f}s", file=sys.stderr)
        for ner in (False, True) if has_ner and size in ner_sizes and not label else (False,):
            for count in workers:
                task = {"mode": "extract", "corpus": str(corpus), "workers": count, "ner": ner,
                        "chunk_size": args.chunk_size}
                runs = sorted((benchlib.run_child(SCRIPT, task) for _ in range(max(1, args.repeat))), key=lambda x: x["seconds"])
                r = runs[len(runs) // 2]  # the median run
                steady, spread = steady_rate(r, init_seconds[ner]), [steady_rate(x, init_seconds[ner]) for x in runs]
                steady_cell, range_cell = rate_cells(steady, spread)
                cpu = r["cpu_main_s"] + r["cpu_children_s"]
                rows.append([
                    benchlib.human(size) + label, "rules + NER" if ner else "rules", count, f"{r['seconds']:.1f}",
                    f"{r['count'] / r['seconds']:,.0f}", steady_cell, f"{words / r['seconds']:,.0f}",
                    f"{cpu:.1f}", f"{r['count'] / cpu:,.0f}", f"{r['rss_main_mb']:.0f}",
                    f"{r['rss_child_mb']:.0f}" if count > 1 else "-",
                ] + ([range_cell] if args.repeat > 1 else []))
                print(f"{size} ner={ner} workers={count}: " + ", ".join(f"{x['seconds']:.1f}s" for x in runs), file=sys.stderr)
    cli_rows = []
    for size in benchlib.parse_ints(args.cli_sizes) if args.cli_sizes else []:
        corpus = benchlib.corpus_path(args.work_dir, size, args.seed)
        count = max(workers)
        out = args.work_dir / f"extract-{size}.jsonl"
        r = benchlib.run_child(SCRIPT, {"mode": "cli", "corpus": str(corpus), "workers": count, "out": str(out)})
        print(f"kg extract {size} workers={count}: {r['seconds']:.1f}s", file=sys.stderr)
        cli_rows.append([benchlib.human(size), count, f"{r['seconds']:.1f}", f"{size / r['seconds']:,.0f}",
                         f"{r['cpu_children_s']:.0f}", f"{r['rss_child_mb']:.0f}"])
    print(benchlib.markdown_table(
        ["abstracts", "path", "workers", "wall s", "abstracts/s", "abstracts/s excl. start-up", "words/s",
         "CPU s (all processes)", "abstracts per CPU-s", "peak RSS main MB", "peak RSS per worker MB"]
        + ([f"excl. start-up, range of {args.repeat} runs"] if args.repeat > 1 else []),
        rows,
    ))
    print("\nabstracts/s and words/s are wall-clock and include reading the JSONL and starting the workers;"
          " 'excl. start-up' subtracts one extractor start-up (workers start theirs concurrently)."
          " 'abstracts per CPU-s' is the per-core rate (user + system time of the main process and its"
          " workers), which stays meaningful when other jobs share the machine.")
    if cli_rows:
        print("\nThe real command, `kg extract corpus.jsonl --format jsonl --no-ner --workers N -o out.jsonl`"
              " (memory should stay flat in the number of papers):\n")
        print(benchlib.markdown_table(
            ["abstracts", "workers", "wall s", "abstracts/s", "CPU s", "peak RSS MB (largest process)"], cli_rows))


if __name__ == "__main__":
    main()
