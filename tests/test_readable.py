"""Dates and numbers in the sentences people read: 24/03/2025 in both languages, thousands with
`.` in Indonesian and `,` in English; JSON keeps ISO dates and plain numbers."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli import i18n
from adurabi_cli.domain.dates import Month, parse_date
from adurabi_cli.domain.periods import Period
from adurabi_cli.i18n import readable


@pytest.fixture
def indonesian(monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")
    i18n.activate("id")
    yield
    i18n.activate("en")


def test_a_date_reads_day_month_year_in_both_languages(indonesian):
    assert readable(date(2026, 12, 17)) == "17/12/2026"
    assert readable(datetime(2026, 3, 5, 9, 7, 30)) == "05/03/2026 09:07"
    i18n.activate("en")
    assert readable(date(2026, 12, 17)) == "17/12/2026"


@pytest.mark.parametrize(
    "number, english, indonesian",
    [(0, "0", "0"), (999, "999", "999"), (10_000, "10,000", "10.000"),
     (1_048_577, "1,048,577", "1.048.577"), (-1_500, "-1,500", "-1.500"),
     (0.74, "0.7", "0,7"), (1234.56, "1,234.6", "1.234,6")],
)  # fmt: skip
def test_numbers_are_separated_as_each_language_writes_them(number, english, indonesian):
    assert readable(number) == english
    i18n.activate("id")
    try:
        assert readable(number) == indonesian
    finally:
        i18n.activate("en")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(9999, 12, 31)))
def test_a_shown_date_is_read_back_as_the_same_day(day):
    assert parse_date(readable(day), today=day) == day


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_shown_number_is_its_digits_grouped_by_three(number):
    i18n.activate("id")
    try:
        shown = readable(number)
    finally:
        i18n.activate("en")
    assert int(shown.replace(".", "")) == number
    assert all(len(group) == 3 for group in shown.lstrip("-").split(".")[1:])


def test_a_month_and_a_period_are_named_in_each_language():
    assert [Month(2025, 3).label, Period.quarter(2026, 3).label] == ["March 2025", "Q3 2026"]
    assert Period.year(2026).label == "2026"
    i18n.activate("id")
    try:
        assert [Month(2025, 3).label, Period.quarter(2026, 3).label] == [
            "Maret 2025",
            "Triwulan III 2026",
        ]
        assert Period.year(2026).label == "Tahun 2026"
    finally:
        i18n.activate("en")


def test_a_month_in_a_message_is_named_in_each_language(cli, initialized, monkeypatch):
    args = ("complaint", "nil", "-s", "kanwil", "--month", "2025-03")
    assert cli(*args).stderr == "Recorded: kanwil received no complaints in March 2025.\n"
    monkeypatch.setenv("ADURABI_LANG", "id")
    assert cli(*args, code=1).stderr == (
        "Error: kanwil sudah melaporkan nihil pengaduan untuk Maret 2025\n"
    )
    assert cli("recap", "--quarter", "2025-Q3", code=1).stderr == (
        "Error: Triwulan III 2025 ada di masa depan\n"
    )


def test_an_error_shows_the_date_as_people_read_it_in_both_languages(cli, initialized, monkeypatch):
    args = ("complaint", "add", "-s", "kanwil", "--summary", "x", "--received", "2025-05-01")
    assert cli(*args, code=1).stderr == "Error: date 01/05/2025 is in the future\n"
    monkeypatch.setenv("ADURABI_LANG", "id")
    assert cli(*args, code=1).stderr == "Error: tanggal 01/05/2025 ada di masa depan\n"


def test_an_error_shows_thousands_as_each_language_writes_them(cli, initialized, monkeypatch):
    args = ("complaint", "add", "-s", "kanwil", "--summary", "x" * 10_001)
    assert cli(*args, code=1).stderr == (
        "Error: summary is 10,001 characters long; the limit is 10,000\n"
    )
    monkeypatch.setenv("ADURABI_LANG", "id")
    assert cli(*args, code=1).stderr == (
        "Error: ringkasan sepanjang 10.001 karakter; batasnya 10.000\n"
    )


def test_a_message_of_success_shows_the_date_and_json_keeps_iso(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")
    added = cli(
        "news", "add", "-s", "kanwil", "-t", "Bakti", "--media", "online", "-d", "2025-03-05"
    )
    assert "(kanwil, 05/03/2025)" in added.stderr
    assert cli.json("news", "show", added.stdout.strip())["published_on"] == "2025-03-05"
    listed = cli("news", "list", "--month", "Maret 2025", "--json").stdout
    monkeypatch.setenv("ADURABI_LANG", "en")
    assert cli("news", "list", "--month", "Maret 2025", "--json").stdout == listed
    assert '"published_on": "2025-03-05"' in listed
