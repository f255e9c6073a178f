"""Fixtures shared by every test module: the bundled example corpus and the gold files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from browser import browser  # noqa: F401 - one session-wide Chromium for every module (a second sync_playwright fails)

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The team's shared data (gold files, SciERC/SciREX), beside the checkout as ``../shared``.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    """One rule-path extractor for every module that extracts made-up papers (building one takes seconds)."""
    from extractors.pipeline import Extractor

    return Extractor(use_ner=False)


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The five seed listings shipped under ``examples/``."""
    return EXAMPLES


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    """Seed listing paths keyed by their three-digit prefix ("000" ... "004")."""
    return {p.name[:3]: p for p in sorted(EXAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Small real input files used by the tests."""
    return FIXTURES


@dataclass(frozen=True)
class ExampleGraphs:
    """The example corpus built once by ``kg build`` as a database, and the same graph as a ``.json.gz`` file."""

    database: Path
    file: Path


@pytest.fixture(scope="session")
def example_graphs(tmp_path_factory) -> ExampleGraphs:
    """``kg build examples/ --graph x.db`` then ``kg convert x.db --graph x.json.gz`` (the real commands)."""
    pytest.importorskip("extractors.pipeline", reason="the extraction pipeline is not in this checkout yet")
    from click.testing import CliRunner

    from kg.cli import main

    folder = tmp_path_factory.mktemp("example-graphs")
    graphs = ExampleGraphs(database=folder / "x.db", file=folder / "x.json.gz")
    for args in (["build", str(EXAMPLES), "--graph", str(graphs.database), "-q"],
                 ["convert", str(graphs.database), "--graph", str(graphs.file), "-q"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    return graphs
