"""What the benchmarks found behind slow starts, pinned so it stays found.

Typer's rich help formatter imports rich.markdown and rich.traceback (60 ms): the help is
Click's plain text. `adurabi --help` runs no option's coercion, so it imports no pydantic
either. A run imports and builds only the command it invokes (cli/app.py COMMANDS, a lazily
loading Click group), not the modules of all forty.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.test_help import ALL_COMMANDS

SLOW = ("rich.markdown", "rich.traceback", "markdown_it", "pygments")

PROBE = (
    "import sys, json\n"
    "from adurabi_cli.cli.app import app\n"
    "for args in json.loads(sys.argv[1]):\n"
    "    try:\n"
    "        app([*args, '--help'], prog_name='adurabi')\n"
    "    except SystemExit:\n"
    "        pass\n"
    "print(json.dumps([m for m in json.loads(sys.argv[2]) if m in sys.modules]))\n"
)


def _loaded_by_help(paths: list[list[str]], modules: tuple[str, ...]) -> list[str]:
    """Which of modules the help of every command path in one interpreter imported."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(paths), json.dumps(modules)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_help_of_every_command_imports_no_slow_formatter():
    assert _loaded_by_help([[], *map(list, ALL_COMMANDS)], SLOW) == []


def test_top_level_help_imports_no_validator():
    assert _loaded_by_help([[]], ("pydantic",)) == []


def test_help_is_plain_text(cli):
    result = cli("complaint", "add", "--help")
    assert result.stdout.startswith("Usage: adurabi complaint add [OPTIONS]")
    assert "Example: adurabi complaint add" in result.stdout
    assert "─" not in result.stdout  # no rich box


def test_text_and_flags_reach_the_command_as_typed(cli, initialized):
    summary = "  Antrean  panjang, 50% lebih lama  "
    record = cli.json("--operator", "budi", "complaint", "add", "-s", "kanwil",
                      "--summary", summary, "--confidential")  # fmt: skip
    assert record["summary"] == summary.strip()
    assert record["confidential"] is True and record["anonymous"] is False
    assert record["created_by"] == "budi"


def test_a_path_no_file_can_have_is_still_refused_by_typer(cli, initialized):
    result = cli("import", "complaints", "isian\x00.csv", code=2)
    assert "embedded null byte" in result.stderr


def test_other_types_are_still_checked_by_typer(cli, initialized):
    result = cli("complaint", "list", "--limit", "banyak", code=2)
    assert "--limit" in result.stderr
    result = cli("complaint", "list", "--limit", "-1", code=2)
    assert "--limit" in result.stderr
    assert cli.json("complaint", "list", "--limit", "5") == []


def test_a_run_imports_only_the_command_it_invokes(initialized):
    script = (
        "import sys, json\n"
        "from adurabi_cli.cli.app import app\n"
        "try:\n"
        "    app(json.loads(sys.argv[1]), prog_name='adurabi')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('adurabi_cli.cli.'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, json.dumps(["--db", str(initialized), "recap", "--json"])],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    loaded = json.loads(out.strip().splitlines()[-1])
    assert "adurabi_cli.cli.recap" in loaded
    others = {"adurabi_cli.cli.complaint", "adurabi_cli.cli.news", "adurabi_cli.cli.export"}
    assert not others & set(loaded)


def test_a_misspelt_command_is_refused_with_the_whole_list_to_choose_from(cli):
    result = cli("complain", code=2)
    assert "No such command 'complain'" in result.stderr
