"""The README documents every command, and CI runs exactly the README's test command."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.cli import COMMANDS, main

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _quickstart_commands() -> list[str]:
    block = README.split("## Quickstart", 1)[1]
    return re.findall(r"```(?:bash|sh)\n(.+?)\n```", block, flags=re.S)[:2]


def test_docs_readme_quickstart_has_two_commands():
    commands = _quickstart_commands()
    assert len(commands) == 2
    assert "pip install" in commands[0] and "kg build examples/" in commands[0]
    assert "'.[test]'" in commands[1] and "pytest" in commands[1]


def test_docs_ci_runs_the_readme_test_command():
    ci_script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _quickstart_commands()[1].strip() in ci_script


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_docs_every_command_is_in_readme_and_has_help(name):
    assert f"kg {name}" in README, f"`kg {name}` is not documented in README.md"
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    command = main.get_command(None, name)
    assert command.help and command.help.strip(), f"kg {name} has no help text"
    assert "Example" in command.help, f"kg {name} help has no example"
