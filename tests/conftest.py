"""Fixtures shared by every test module: the bundled example corpus and the gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The team's shared data (gold files, SciERC/SciREX), beside the checkout as ``../shared``.
SHARED = REPO.parent / "shared"


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
