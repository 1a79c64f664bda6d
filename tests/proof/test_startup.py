"""What the benchmarks found behind slow starts, pinned so it stays found.

`--help` was 2.8x `import typer` (target 2x): Typer's rich help formatter imports
rich.markdown and rich.traceback (60 ms), and Typer's pydantic-based coercion of the global
options, run before any subcommand, imports pydantic (60 ms). List commands paid about 15 ms
for the same coercion of `--limit` and repeatable options. The help is now Click's plain
text, and text, flag, whole-number and repeatable text values skip pydantic; anything else
still goes through Typer's own coercion and refusals (cli/coercion.py).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.test_help import ALL_COMMANDS

SLOW = ("pydantic", "rich.markdown", "rich.traceback", "markdown_it", "pygments")

PROBE = (
    "import sys, json\n"
    "from adurabi_cli.cli.app import app\n"
    "for args in json.loads(sys.argv[1]):\n"
    "    try:\n"
    "        app([*args, '--help'], prog_name='adurabi')\n"
    "    except SystemExit:\n"
    "        pass\n"
    f"print(json.dumps([m for m in {SLOW!r} if m in sys.modules]))\n"
)


def test_help_of_every_command_imports_no_slow_formatter_or_validator():
    paths = [[], *map(list, ALL_COMMANDS)]
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(paths)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


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


def test_plain_option_values_skip_typers_pydantic_coercion(initialized, tmp_path):
    """`--limit 5` and repeated `-s` reach the command as 5 and a list, `import complaints
    FILE` as an enum member and a Path, without typer._adapters."""
    sheet = tmp_path / "isian.csv"
    sheet.write_text("satker,received_on,summary\nkanwil,2025-04-01,Tiga\n", encoding="utf-8")
    script = (
        "import sys, json, io, contextlib\n"
        "from adurabi_cli.cli.app import app\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        app(json.loads(sys.argv[1]), prog_name='adurabi')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(['typer._adapters' in sys.modules, json.loads(out.getvalue())]))\n"
    )
    results = []
    for args in (
        ["complaint", "add", "-s", "kanwil", "--summary", "Satu", "--json"],
        ["complaint", "add", "-s", "rutan-bangli", "--summary", "Dua", "--json"],
        ["complaint", "list", "--limit", "1", "-s", "kanwil", "-s", "rutan-bangli", "--json"],
        ["news", "list", "--limit", "5", "--media", "online", "-s", "kanwil", "--json"],
        ["import", "complaints", str(sheet), "--json"],
    ):
        out = subprocess.run(
            [sys.executable, "-c", script, json.dumps(["--db", str(initialized), *args])],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        adapters, data = json.loads(out.strip().splitlines()[-1])
        assert adapters is False, args
        results.append(data)
    assert [row["summary"] for row in results[2]] == ["Dua"]  # --limit 1, both satker
    assert results[3] == []
    assert (results[4]["kind"], results[4]["imported"]) == ("complaints", 1)


def test_a_run_builds_only_the_branch_it_invokes(initialized, monkeypatch):
    """Typer built all forty commands on every run; now only the invoked one is built."""
    import typer.main

    from adurabi_cli.cli.app import app
    from adurabi_cli.cli.branch import invoked_name

    assert invoked_name(["--db", "x.db", "--operator=budi", "complaint", "add"]) == "complaint"
    assert invoked_name(["--db=x.db", "recap", "--json"]) == "recap"
    assert invoked_name(["--version"]) is None and invoked_name([]) is None
    built: list[list[str]] = []
    original = typer.main.get_command

    def spy(typer_app):
        command = original(typer_app)
        built.append(sorted(getattr(command, "commands", {})))
        return command

    monkeypatch.setattr(typer.main, "get_command", spy)
    for args in (["complaint", "list", "--json"], ["recap", "--json"], ["--help"], ["nope"]):
        with pytest.raises(SystemExit):
            app(["--db", str(initialized), *args], prog_name="adurabi")
    assert built[0] == ["complaint"] and built[1] == ["recap"]
    assert len(built[2]) == len(built[3]) >= 15  # help and a misspelt name see them all
    assert "complaint" in built[2] and "export" in built[2]
    assert len(app.registered_groups) >= 5  # put back after each run
