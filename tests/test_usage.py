"""Usage errors, help text and refusals of blank or unusable input, through the real command."""

from __future__ import annotations

import json

import pytest

from tests import dbtarget
from tests.conftest import run_adurabi
from tests.test_help import ALL_COMMANDS


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("complain",),
            "No such command 'complain'. Did you mean 'complaint'? (see 'adurabi --help')",
        ),
        (("frobnicate",), "No such command 'frobnicate' (see 'adurabi --help')"),
        (("--bogus",), "No such option: --bogus (see 'adurabi --help')"),
        (("complaint", "list", "--limit", "banyak"), "Invalid value for '--limit'"),
        (("complaint", "add", "-s", "kanwil"), "Missing option '--summary'"),
        (("holiday", "add"), "Missing argument 'DATE' (see 'adurabi holiday add --help')"),
        (
            ("complaint", "list", "--db", "lain.db"),
            "--db is a global option: put it before the command, e.g. "
            "'adurabi --db PATH_OR_URL complaint list ...'",
        ),
        (
            ("news", "add", "--operator", "budi"),
            "--operator is a global option: put it before the command",
        ),
    ],
)
def test_a_usage_error_is_one_error_line_and_exit_2(initialized, args, said):
    result = run_adurabi("--db", initialized, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert said in lines[0]


def test_help_shows_plain_metavars(cli):
    usage = cli("holiday", "add", "--help").stdout
    assert usage.startswith("Usage: adurabi holiday add [OPTIONS] [DATE] [NAME]\n")
    listed = cli("complaint", "list", "--help").stdout
    assert "-s, --satker CODE " in listed and "--from DATE " in listed
    assert "-n, --limit N " in listed
    for path in ALL_COMMANDS:
        text = cli(*path, "--help").stdout
        assert "{" not in text.split("\n", 1)[0], path  # the usage line
        assert "<str>" not in text and "<list" not in text and "<int" not in text, path


@pytest.mark.parametrize(
    "summary", ["\u200b", "\u200b\u200b \u200b", "\ufeff", "\u2060\ufeff", "\u00a0\u00a0", "\u200d"]
)
def test_a_summary_of_nothing_visible_is_empty(initialized, summary):
    result = run_adurabi("--db", initialized, "complaint", "add", "-s", "kanwil",
                         "--summary", summary)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "Error: summary is empty\n"
    assert dbtarget.count(initialized, "complaint") == 0


def test_invisible_characters_inside_text_are_left_out(cli, initialized):
    record = cli.json("complaint", "add", "-s", "kanwil", "--summary", "\ufeffAntrean\u200b lama")
    assert record["summary"] == "Antrean lama"
    assert "title is empty" in cli("news", "add", "-s", "kanwil", "--title", "\u200b",
                                   "--media", "online", code=1).stderr  # fmt: skip


@pytest.mark.parametrize("code", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_a_satker_code_windows_cannot_name_a_file_is_refused(initialized, code):
    before = dbtarget.dump(initialized)
    result = run_adurabi("--db", initialized, "satker", "add", code, "--name", "Satker Baru",
                         "--kind", "lapas")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: code {code!r} is a name Windows reserves")
    assert len(result.stderr.splitlines()) == 1
    assert dbtarget.dump(initialized) == before


def test_a_satker_file_with_a_reserved_code_is_refused_whole(cli, initialized, tmp_path):
    sheet = tmp_path / "satker.csv"
    sheet.write_text("code,name,kind\nlapas-baru,Lapas Baru,lapas\ncon,Konsol,lapas\n")
    before = dbtarget.dump(initialized)
    result = cli("satker", "import", sheet, code=1)
    assert "row 3, column code: code 'con' is a name Windows reserves" in result.stderr
    assert dbtarget.dump(initialized) == before
    assert cli("satker", "add", "console", "--name", "Konsol", "--kind", "lapas")


@pytest.mark.sqlite_only
def test_info_before_init_shows_where_the_database_would_be(tmp_path):
    target = tmp_path / "belum" / "adurabi.db"
    target.parent.mkdir()
    result = run_adurabi("--db", target, "info")
    assert result.returncode == 3
    assert result.stdout == f"Database\t{target}\nChosen by\t--db\n"
    assert result.stderr.splitlines() == [
        f"Error: no database at {target} yet; run `adurabi init` to create it there "
        "(or choose another with --db or ADURABI_DB)"
    ]
    shown = json.loads(run_adurabi("--db", target, "info", "--json").stdout)
    assert shown == {"location": str(target), "source": "--db", "exists": False}
    assert list(target.parent.iterdir()) == []
