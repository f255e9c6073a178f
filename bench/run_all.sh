#!/usr/bin/env bash
# Run every benchmark in turn and collect their markdown output in one file.
# Usage: bench/run_all.sh [results.md]      (from the repository root or anywhere)
# Corpora and graphs are cached in $KG_BENCH_DIR (default /tmp/kg-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUT=${1:-bench/results.md}
{
  echo "# ml-kg benchmark results"
  echo
  "$PY" bench/bench_extract.py
  echo
  "$PY" bench/bench_build.py
  echo
  "$PY" bench/bench_read.py
  echo
  if [ -f bench/bench_questions.py ]; then "$PY" bench/bench_questions.py; echo; fi
  "$PY" bench/bench_pages.py
  echo
  "$PY" bench/bench_neo4j.py
} | tee "$OUT"
echo "results written to $OUT" >&2
