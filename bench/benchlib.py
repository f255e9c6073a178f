"""Shared helpers of the benchmark scripts: machine description, corpora, measured child runs, tables.

Every measurement runs in a fresh child process (``python <script> --child <task json>``)
so its peak RSS (``resource.getrusage``, self and waited-for children) belongs to
that measurement alone, and timings use ``time.perf_counter``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_WORK_DIR = Path(os.environ.get("KG_BENCH_DIR") or Path(tempfile.gettempdir()) / "kg-bench")


#: The ``kg`` command of this interpreter's environment.
KG = Path(sys.executable).with_name("kg")


@dataclass(frozen=True)
class KgRun:
    """One fresh ``kg`` process: wall seconds, peak RSS in MB, exit code, its last line on stderr."""

    wall: float
    peak_mb: float
    code: int
    last_line: str


def run_kg(args: Sequence[str]) -> KgRun:
    """Run ``kg ARGS`` as a user does, timed by ``/usr/bin/time``.

    Not ``os.wait4`` on our own child: a child forked from a benchmark process that
    holds a large graph counts that process's memory in its peak.
    """
    done = subprocess.run(["/usr/bin/time", "-f", "KGTIME %e %M", str(KG), *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace")
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    wall, peak_kb = next(line for line in reversed(lines) if line.startswith("KGTIME ")).split()[1:]
    said = [line for line in lines if not line.startswith(("KGTIME ", "Command exited with non-zero status"))]
    return KgRun(float(wall), int(peak_kb) / 1024, done.returncode, said[-1] if said else "")


def work_dir() -> Path:
    """:data:`DEFAULT_WORK_DIR`, created if needed: where generated corpora and graphs are kept between runs."""
    DEFAULT_WORK_DIR.mkdir(parents=True, exist_ok=True)
    return DEFAULT_WORK_DIR


def cpu_model() -> str:
    """The CPU model name from ``/proc/cpuinfo`` (Linux), else what ``platform`` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package: str) -> str:
    """The installed version of ``package``, or ``-`` when it is not installed."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def machine_lines() -> list[str]:
    """A markdown description of the machine and software, with the load at the start."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024**2:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return [
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {cpu_model()}, {os.cpu_count()} logical cores{memory}, {platform.system()} {platform.release()}",
        f"- software: Python {platform.python_version()}, spaCy {version('spacy')}, networkx {version('networkx')},"
        f" ml-kg {version('ml-kg')}",
        f"- load average at start (1/5/15 min): {load}",
    ]


def print_header(title: str) -> None:
    """Print the benchmark's title and the machine it runs on."""
    print(f"## {title}\n")
    print("\n".join(machine_lines()))
    print()


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """``rows`` as a markdown table (numbers right-aligned by the renderer's rules)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def corpus_path(work_dir: Path, count: int, seed: int) -> Path:
    """The generated corpus of ``count`` abstracts (written on first use, reused after)."""
    path = work_dir / f"corpus-{count}-seed{seed}.jsonl"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(BENCH / "generate_corpus.py"), "-n", str(count), "--seed", str(seed), "-o", str(path)],
            check=True,
        )
    return path


def examples_corpus_path(work_dir: Path, count: int) -> Path:
    """The example listings (``examples/``) repeated to ``count`` papers, as JSONL (written on first use).

    Real abstracts rather than generated ones; each copy gets its own id. The extractor keeps no
    per-paper cache, but its per-word ones (the tokenizer's, the name memos) are warm for the
    repeats: this is the steady state on real text, and the generated corpus, with far more
    distinct words, is the colder case.
    """
    path = work_dir / f"examples-{count}.jsonl"
    if path.exists():
        return path
    from kg.readers import read_inputs

    papers = read_inputs([BENCH.parent / "examples"]).papers
    work_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        for i in range(count):
            paper = papers[i % len(papers)]
            record = {"id": f"{paper.id}#{i // len(papers)}", "title": paper.title, "abstract": paper.abstract}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)
    return path


def corpus_words(path: Path) -> int:
    """Words in the titles and abstracts of a JSONL corpus (whitespace-separated)."""
    words = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            words += len(record.get("title", "").split()) + len(record.get("abstract", "").split())
    return words


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory (MB) of this process and of its largest waited-for child."""
    per_mb = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss: KiB on Linux, bytes on macOS
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / per_mb
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / per_mb
    return {"rss_main_mb": round(own, 1), "rss_child_mb": round(children, 1)}


def run_child(script: Path, task: dict, timeout: float | None = None) -> dict:
    """Run ``script --child <task>`` in a fresh interpreter; its last stdout line is a JSON result."""
    process = subprocess.run(
        [sys.executable, str(script), "--child", json.dumps(task)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    if process.returncode != 0:
        raise RuntimeError(f"{script.name} {task} failed (exit {process.returncode}):\n{process.stderr[-3000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) used by this process and by its waited-for children.

    Unlike wall time, CPU time hardly changes when other jobs share the machine,
    so ``papers / cpu seconds`` is a load-robust per-core throughput.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_main_s": own.ru_utime + own.ru_stime, "cpu_children_s": children.ru_utime + children.ru_stime}


def child_result(result: dict) -> None:
    """Print a child's result (with its peak memory and CPU time) as the last stdout line."""
    print(json.dumps({**result, **peak_rss_mb(), **cpu_seconds()}), flush=True)


def parse_ints(text: str) -> list[int]:
    """``"1000,10k,100k"`` -> ``[1000, 10000, 100000]``; ``""`` -> ``[]`` (skip that row kind)."""
    values = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        factor = 1000 if part.endswith("k") else 1_000_000 if part.endswith("m") else 1
        values.append(int(float(part.rstrip("km")) * factor))
    return values


def human(n: float) -> str:
    """``12345`` -> ``12.3k`` (for table labels)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g}M"
    if n >= 1000:
        return f"{n / 1000:g}k"
    return f"{n:g}"
