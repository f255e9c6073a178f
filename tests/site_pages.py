"""A static site written by ``kg site`` for tests that read its pages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.normalize import normalize_name


def write_site(graph: Path, out: Path) -> Path:
    """Run ``kg site OUT --graph GRAPH -q`` and return ``out`` (the test fails with the command's output if it does)."""
    result = CliRunner().invoke(main, ["site", str(out), "--graph", str(graph), "-q"])
    assert result.exit_code == 0, result.output
    return out


def benchmark_page(site: Path, name: str) -> Path:
    """The page of the benchmark ``name`` in the site at ``site``."""
    from kg.pages.site import entity_slug

    return site / "entities" / entity_slug(f"Benchmark:{normalize_name(name)}")
