"""The README's command table holds every command and every option that `--help` shows."""

from __future__ import annotations

import click
import pytest
from conftest import ROOT

from generator.cli import main


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix}{name} ")
        else:
            out.append((f"{prefix}{name}", command))
    return out


COMMANDS = _commands(main)


def _row(command: str) -> str:
    """The line of the README's Commands table that documents `roadmap command`."""
    text = (ROOT / "README.md").read_text("utf-8")
    table = text[text.index("## Commands\n") : text.index("\n## ", text.index("## Commands\n"))]
    rows = [line for line in table.splitlines() if line.startswith("| `roadmap ")]
    found = [r for r in rows if f"`roadmap {command} " in r or f"`roadmap {command}`" in r]
    assert found, f"roadmap {command} is not in the README's command table"
    return found[0]


def _options(command: click.Command) -> list[str]:
    ctx = click.Context(command, info_name=command.name)
    shown = [p for p in command.get_params(ctx) if isinstance(p, click.Option)]
    return [max(p.opts, key=len) for p in shown if "--help" not in p.opts]


@pytest.mark.parametrize("command", [name for name, _ in COMMANDS])
def test_every_command_and_option_is_in_the_readme_table(command: str) -> None:
    row = _row(command)
    for option in _options(dict(COMMANDS)[command]):
        assert f"[{option}" in row or f"{option} " in row, f"{command}: {option}"


def test_the_options_are_read_from_help() -> None:
    # the table is checked against what `--help` lists, so a new option cannot be missed
    (build,) = [c for name, c in COMMANDS if name == "build"]
    help_text = build.get_help(click.Context(build, info_name="build"))
    assert all(option in help_text for option in _options(build))
    assert "--time-limit" in _options(build)


def test_the_readme_documents_every_exit_status() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    for phrase in (
        "0 means success",
        "1\nmeans invalid data",
        "2 means a command line",
        "3 means a bug",
    ):
        assert phrase in text, phrase
