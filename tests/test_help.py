"""Every command explains itself, and --help stays light."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

from adurabi_cli.cli.app import app

HEAVY = ("sqlalchemy", "sqlmodel", "openpyxl", "holidays", "fpdf")


def _commands(group=None, prefix=()):
    """Every command path and its Click command, through the group's public lookup."""
    group = group or typer.main.get_group(app)
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = (*prefix, name)
        yield path, command
        if hasattr(command, "commands"):
            yield from _commands(command, path)


ALL_COMMANDS = sorted(path for path, _ in _commands())


def test_every_command_has_a_summary_and_leaf_commands_an_example():
    for path, command in _commands():
        assert command.help and command.help.strip(), f"{' '.join(path)} has no help"
        if not hasattr(command, "commands"):
            assert "Example" in command.help, f"{' '.join(path)} has no example in its help"


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p))
def test_help_of_every_command_runs(cli, path):
    result = cli(*path, "--help")
    assert "Usage" in result.stdout


def test_help_imports_no_database_or_excel_library():
    """Each `--help` in a fresh interpreter leaves the heavy libraries unimported."""
    script = (
        "import sys, json\n"
        "from adurabi_cli.cli.app import app\n"
        "args = json.loads(sys.argv[1])\n"
        "try:\n"
        "    app(args, prog_name='adurabi')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    for path in [(), *ALL_COMMANDS]:
        out = subprocess.run(
            [sys.executable, "-c", script, json.dumps([*path, "--help"])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        loaded = json.loads(out.strip().splitlines()[-1])
        assert loaded == [], f"`adurabi {' '.join(path)} --help` imported {loaded}"


def test_python_dash_m_and_version(tmp_path):
    from tests.conftest import run_adurabi

    result = run_adurabi("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("adurabi ")


def test_unknown_command_is_a_usage_error(cli):
    result = cli("frobnicate", code=2)
    assert "No such command" in result.stderr


def test_help_lists_the_daily_work_first(cli):
    from adurabi_cli.cli.app import COMMANDS

    lines = cli("--help").stdout.split("Commands:")[1].splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("  ") and line.strip()]
    listed = [name for name in listed if not name.startswith("Start")]
    assert listed[:3] == ["complaint", "news", "recap"]
    assert listed == [name for name in list(COMMANDS) if name in listed]
    assert set(listed) == set(COMMANDS)  # every command has its place
