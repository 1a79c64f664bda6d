"""Dates and months as operators type them, through every command that takes one: `Maret 2025`,
`bulan lalu`, `15 Maret 2025`, `hari ini` beside ISO and dd/mm/yyyy (today is 2025-04-30)."""

from __future__ import annotations

import pytest

from tests.dbtarget import rows


@pytest.fixture
def indonesian(monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")


def add_complaint(cli, *args: str) -> dict:
    return cli.json("complaint", "add", "--satker", "kanwil", "--summary", "Saran", *args)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("15 Maret 2025", "2025-03-15"),
        ("15 mar 2025", "2025-03-15"),
        ("1 April 2025", "2025-04-01"),
        ("hari ini", "2025-04-30"),
        ("kemarin", "2025-04-29"),
        ("15/03/2025", "2025-03-15"),
    ],
)
def test_complaint_add_takes_the_day_received_as_typed(cli, initialized, typed, stored):
    assert add_complaint(cli, "--received", typed)["received_on"] == stored


def test_close_date_and_list_range_take_named_days(cli, initialized):
    number = add_complaint(cli, "--received", "3 Maret 2025")["number"]
    add_complaint(cli, "--received", "2 April 2025")
    cli("complaint", "update", number, "--status", "selesai", "--note", "ok", "--on", "10 Mar 2025")
    assert cli.json("complaint", "show", number)["resolved_on"] == "2025-03-10"
    listed = cli.json("complaint", "list", "--from", "1 Maret 2025", "--to", "31 Mar 2025")
    assert [row["number"] for row in listed] == [number]


@pytest.mark.parametrize(
    "month", ["Maret 2025", "maret 2025", "MAR 2025", "March 2025", "bulan lalu"]
)
def test_every_month_option_takes_the_named_month(cli, initialized, month):
    march = add_complaint(cli, "--received", "2025-03-15")["number"]
    add_complaint(cli, "--received", "2025-04-15")
    assert [r["number"] for r in cli.json("complaint", "list", "--month", month)] == [march]
    assert cli.json("recap", "--month", month)["month"] == "2025-03"
    cli("news", "add", "-s", "kanwil", "-t", "Bakti", "--media", "online", "--date", "2025-03-05")
    assert [n["published_on"] for n in cli.json("news", "list", "--month", month)] == ["2025-03-05"]


def test_bulan_ini_is_this_month(cli, initialized):
    assert cli.json("recap", "--month", "bulan ini")["month"] == "2025-04"
    assert cli.json("recap", "-m", "Bulan Ini") == cli.json("recap", "-m", "2025-04")


def test_nil_report_and_export_take_the_named_month(cli, initialized, tmp_path):
    cli("complaint", "nil", "--satker", "rutan-bangli", "--month", "Februari 2025")
    months = [row["month"] for row in rows(initialized, "SELECT month FROM nil_report")]
    assert months == ["2025-02"]
    cli("export", "--month", "Feb 2025", "--out", tmp_path / "out", "--quiet")
    assert (tmp_path / "out" / "rekap-2025-02.xlsx").exists()


@pytest.mark.parametrize(
    "args, english, indonesian",
    [
        (
            ("recap", "--month", "Maretan 2025"),
            "Error: month 'Maretan 2025' is not valid; use YYYY-MM, Maret 2025, current or "
            "previous",
            "Error: bulan 'Maretan 2025' tidak sah; gunakan YYYY-MM, Maret 2025, bulan ini atau "
            "bulan lalu",
        ),
        (
            ("complaint", "add", "-s", "kanwil", "--summary", "x", "--received", "15 Maretan 2025"),
            "Error: '15 Maretan 2025' is not a date; use DD/MM/YYYY, YYYY-MM-DD, "
            "15 Maret 2025, today or yesterday",
            "Error: '15 Maretan 2025' bukan tanggal; gunakan DD/MM/YYYY, "
            "YYYY-MM-DD, 15 Maret 2025, hari ini atau kemarin",
        ),
        (
            ("complaint", "list", "--from", "31 Februari 2025"),
            "Error: '31 Februari 2025' is not a valid date; Februari 2025 has 28 days",
            "Error: '31 Februari 2025' bukan tanggal yang sah; Februari 2025 memiliki 28 hari",
        ),
    ],
)
def test_a_bad_form_is_one_error_line_in_both_languages(
    cli, initialized, monkeypatch, args, english, indonesian
):
    before = rows(initialized, "SELECT * FROM complaint")
    assert cli(*args, code=1).stderr == english + "\n"
    monkeypatch.setenv("ADURABI_LANG", "id")
    assert cli(*args, code=1).stderr == indonesian + "\n"
    assert rows(initialized, "SELECT * FROM complaint") == before


def test_the_help_names_the_forms_in_the_operators_words(cli, indonesian):
    shown = cli("rekap", "--help").stdout
    assert "'Mar 2025', 'bulan ini' atau 'bulan lalu'" in " ".join(shown.split())
    shown = cli("pengaduan", "tambah", "--help").stdout
    assert "'15 Mar 2025', 'hari ini', kemarin" in " ".join(shown.split())
