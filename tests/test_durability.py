"""A killed build never corrupts the graph file; two builds of one graph never interleave."""

from __future__ import annotations

import fcntl
import json
import os
import stat
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from kg.atomic import atomic_open
from kg.build import lock_path
from kg.graph.nx_store import build_graph, load_graph, save_graph

KG = str(Path(sys.executable).with_name("kg"))

# Writes a large graph (different from the one on disk) to argv[1] over and over; prints its size first.
WRITER = textwrap.dedent(
    """
    import sys
    from kg.graph.nx_store import build_graph, save_graph
    from kg.graph.synthetic import synthetic_extractions
    graph = build_graph(synthetic_extractions(3000))
    print(graph.number_of_nodes(), flush=True)
    while True:
        save_graph(graph, sys.argv[1])
    """
)


@pytest.fixture()
def old_graph(tmp_path):
    from graph_samples import seed_extractions

    path = tmp_path / "g.json.gz"
    save_graph(build_graph(seed_extractions()), path)
    return path


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.13, 0.3, 0.7])
def test_save_graph_killed_mid_write_leaves_a_whole_graph(tmp_path, old_graph, delay):
    old_nodes = load_graph(old_graph).number_of_nodes()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(old_graph)], stdout=subprocess.PIPE, text=True)
    new_nodes = int(proc.stdout.readline())
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    graph = load_graph(old_graph)  # never raises: the file is the old graph or a complete new one
    assert graph.number_of_nodes() in (old_nodes, new_nodes)


def _wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


@pytest.fixture(params=["g.db", "g.json.gz"])
def old_store(request, tmp_path):
    """The previous graph, as a database or as a graph file."""
    from graph_samples import seed_extractions
    from kg.graph.store import write_graph

    path = tmp_path / request.param
    write_graph(build_graph(seed_extractions()), path)
    return path


def _corpus_papers(path: Path) -> int:
    from kg.graph.store import open_store

    store = open_store(path)
    try:
        return store.stats()["papers_in_corpus"]
    finally:
        store.close()


@pytest.mark.parametrize("moment", ["starting", "extracting", "writing"])
def test_kg_build_killed_leaves_previous_graph_loadable(tmp_path, old_store, examples_dir, moment):
    old_graph = old_store
    before = old_graph.read_bytes()
    proc = subprocess.Popen([KG, "build", str(examples_dir), "--graph", str(old_graph), "-q"], stderr=subprocess.DEVNULL)
    lock = lock_path(old_graph)
    if moment == "starting":
        time.sleep(0.3)
    elif moment == "extracting":
        assert _wait_for(lambda: lock.exists() and lock.read_text().strip() == str(proc.pid))
        time.sleep(1.0)
    else:
        _wait_for(lambda: proc.poll() is not None or any(old_graph.parent.glob(f".{old_graph.name}.*.tmp")), timeout=120)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    papers = _corpus_papers(old_graph)  # the old graph, or the complete new one if the rename had happened
    if old_graph.read_bytes() != before:
        assert papers > 200
    else:
        assert papers == 4
    # The lock died with the process: a new build can take it at once.
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


def test_concurrent_kg_builds_of_one_graph_are_refused(tmp_path, old_store, examples_dir):
    old_graph = old_store
    before = old_graph.read_bytes()
    first = subprocess.Popen([KG, "build", str(examples_dir), "--graph", str(old_graph), "-q"], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait until the first build holds the lock
            if lock_path(old_graph).exists() and lock_path(old_graph).read_text().strip() == str(first.pid):
                break
            time.sleep(0.05)
        second = subprocess.run([KG, "build", str(examples_dir), "--graph", str(old_graph), "-q"], capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert "another kg build is writing this graph" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.wait(timeout=120)
    assert first.returncode == 0, first.stderr
    assert old_graph.read_bytes() != before
    assert _corpus_papers(old_graph) > 200


def test_build_removes_temp_files_left_by_a_killed_save(tmp_path, examples_dir, old_store):
    old_graph = old_store
    stale = old_graph.parent / f".{old_graph.name}.abc123.tmp"
    stale.write_bytes(b"half a graph")
    wal = old_graph.parent / f".{old_graph.name}.abc123.tmp.wal"
    wal.write_bytes(b"half a log")
    result = subprocess.run([KG, "build", str(examples_dir / "000_0d88c1752e526751.txt"), "--graph", str(old_graph), "-q"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and not wal.exists()


def _drain_fifo(path: Path) -> tuple[threading.Thread, list[bytes]]:
    """Start a reader of the FIFO at ``path`` (a writer blocks until one opens it)."""
    chunks: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as f:
            chunks.append(f.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, chunks


def test_atomic_open_writes_into_a_fifo_instead_of_replacing_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, chunks = _drain_fifo(fifo)
    with atomic_open(fifo, "w", encoding="utf-8") as f:
        f.write("hello\n")
    thread.join(timeout=10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert chunks == [b"hello\n"]
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_save_graph_through_symlink_to_fifo_keeps_both(tmp_path, old_graph):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "graph.json.gz"
    link.symlink_to(fifo)
    graph = load_graph(old_graph)
    thread, chunks = _drain_fifo(fifo)
    save_graph(graph, link)
    thread.join(timeout=10)
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(fifo).st_mode)
    copy = tmp_path / "copy.json.gz"
    copy.write_bytes(chunks[0])
    assert sorted(load_graph(copy).edges(keys=True)) == sorted(graph.edges(keys=True))


def test_kg_extract_to_a_fifo_keeps_the_fifo(tmp_path, examples_dir):
    from click.testing import CliRunner

    from kg.cli import main

    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    thread, chunks = _drain_fifo(fifo)
    result = CliRunner().invoke(main, ["extract", str(examples_dir), "-o", str(fifo), "--no-ner", "-q"])
    thread.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    lines = chunks[0].decode("utf-8").splitlines()
    assert lines and all(json.loads(line)["id"] for line in lines)


def test_atomic_open_failure_leaves_a_regular_file_untouched(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_open(path, "w", encoding="utf-8") as f:
        f.write("half")
        raise RuntimeError("crash")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_gc_paused_restores_the_collector_even_after_an_error():
    import gc

    from kg.gc_pause import gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("crash")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is left as it was
    finally:
        gc.enable()
