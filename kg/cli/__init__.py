"""The ``kg`` command group. Each command lives in its own module, registered here by name."""

from __future__ import annotations

import importlib

import click

from kg import __version__

#: Every command, by name, with the module of ``kg.cli`` that defines it (in ``commands``).
COMMANDS: dict[str, str] = {
    "build": "build",
    "papers": "papers",
    "stats": "stats",
    "extract": "extract",
    "eval": "evaluate",
    "query": "query",
    "ask": "ask",
    "load": "load",
    "export": "export",
    "viz": "pages",
    "site": "pages",
    "convert": "convert",
    "fetch": "fetch",
    "trends": "trends",
    "leaderboard": "leaderboard",
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (``kg ask`` needs neither spaCy nor networkx)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        return next(c for c in importlib.import_module(f"kg.cli.{module}").commands if c.name == name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build and query a knowledge graph of machine-learning papers.

    Example: kg build examples/ && kg ask "which papers use benchmark MMLU?"
    """

