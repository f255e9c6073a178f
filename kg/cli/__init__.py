"""The ``kg`` command group. Each command lives in its own module, registered here by name."""

from __future__ import annotations

import importlib

import click

from kg import __version__

#: Command modules of ``kg.cli``, each exposing ``commands`` (a list of click commands).
COMMAND_MODULES: tuple[str, ...] = (
    "build",
    "papers",
    "stats",
    "extract",
    "evaluate",
    "query",
    "ask",
    "load",
    "export",
    "pages",
    "fetch",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build and query a knowledge graph of machine-learning papers.

    Example: kg build examples/ && kg ask "which papers use benchmark MMLU?"
    """


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(f"kg.cli.{_name}").commands:
        main.add_command(_command)
