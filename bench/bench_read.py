"""Reading bulk sources: records/s and peak RSS of each reader, no extraction.

Each row reads a file written by ``generate_snapshot.py --text-pool 20000`` through
``kg.readers.iter_papers`` (what ``kg build`` and ``kg extract`` read with) in a
fresh process and counts every record: papers, records filtered out, problems.
The arXiv snapshot is read twice, with ``--category cs.,stat.ML`` (the fast path:
non-matching lines are skipped before their JSON is decoded) and without a filter.
``records/s per CPU-s`` divides by the process's CPU time, which a busy machine
hardly changes; wall-clock rates drift with the load.

Usage:
    .venv/bin/python bench/bench_read.py                         # snapshot 1M, other formats 100k
    .venv/bin/python bench/bench_read.py --snapshot-size 100k --size 10k
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

SCRIPT = Path(__file__).resolve()
GENERATOR = SCRIPT.with_name("generate_snapshot.py")
#: Distinct titles/abstracts per generated file: reading cost does not depend on the words, and generating is faster.
TEXT_POOL = 20000
SUFFIX = {"arxiv-snapshot": "json", "oai-pmh": "xml", "openalex": "jsonl", "semantic-scholar": "jsonl"}


def source_path(work_dir: Path, fmt: str, count: int, seed: int) -> Path:
    """The generated file of ``count`` records in ``fmt`` (written on first use, reused after)."""
    path = work_dir / f"{fmt}-{count}-seed{seed}.{SUFFIX[fmt]}"
    if not path.exists():
        subprocess.run([sys.executable, str(GENERATOR), "-n", str(count), "--seed", str(seed), "--format", fmt,
                        "--text-pool", str(TEXT_POOL), "-o", str(path)], check=True)
    return path


def child(task: dict) -> None:
    """Read one file in this (fresh) process; prints a JSON result line."""
    from kg.filters import PaperFilter
    from kg.readers import iter_papers
    from kg.types import Paper, ReadProblem

    keep = PaperFilter.parse(task["category"])
    cpu = time.process_time()
    start = time.perf_counter()
    papers = problems = other = 0
    for item in iter_papers([task["path"]], fmt=task["format"], keep=keep):
        if item.__class__ is Paper:
            papers += 1
        elif isinstance(item, ReadProblem):
            problems += 1
        else:
            other += 1
    benchlib.child_result({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                           "papers": papers, "problems": problems, "skipped": other})


def main(argv: list[str] | None = None) -> None:
    """Read each format's generated file and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot-size", default="1M", help="records in the arXiv snapshot (default 1M)")
    parser.add_argument("--size", default="100k", help="records for the other formats (default 100k)")
    parser.add_argument("--category", default="cs.,stat.ML", help="the snapshot's filtered row (default cs.,stat.ML)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--work-dir", type=Path, default=benchlib.DEFAULT_WORK_DIR, help="generated files go here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return

    benchlib.print_header("Reading bulk sources (bench/bench_read.py)")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    snapshot_size, size = benchlib.parse_ints(args.snapshot_size)[0], benchlib.parse_ints(args.size)[0]
    runs = [("arxiv-snapshot", snapshot_size, args.category), ("arxiv-snapshot", snapshot_size, ""),
            ("oai-pmh", size, ""), ("openalex", size, ""), ("semantic-scholar", size, "")]
    rows = []
    for fmt, count, category in runs:
        path = source_path(args.work_dir, fmt, count, args.seed)
        r = benchlib.run_child(SCRIPT, {"path": str(path), "format": fmt, "category": category})
        records = r["papers"] + r["problems"] + r["skipped"]
        print(f"{fmt} {count} {category or '-'}: {r['seconds']:.1f}s", file=sys.stderr)
        rows.append([fmt, benchlib.human(count), category or "-", f"{path.stat().st_size / 1024**2:,.0f}",
                     f"{r['papers']:,}", f"{r['skipped']:,}", f"{r['seconds']:.1f}", f"{records / r['seconds']:,.0f}",
                     f"{records / max(r['cpu_seconds'], 1e-9):,.0f}", f"{r['rss_main_mb']:.0f}"])
    print(benchlib.markdown_table(
        ["format", "records", "--category", "file MB", "papers", "filtered/deleted", "wall s", "records/s",
         "records/s per CPU-s", "peak RSS MB"], rows))
    print("\nOne process, one core; no extraction, no merging. The snapshot's files have ~28% cs.*/stat.ML records.")


if __name__ == "__main__":
    main()
