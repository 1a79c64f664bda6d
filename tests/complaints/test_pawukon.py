"""Galungan and Kuningan from the Pawukon cycle, and `holiday add --preset bali-pawukon`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.pawukon import galungan_days, pawukon_holidays
from tests.complaints.helpers import refused
from tests.conftest import run_adurabi

# Published dates (Galungan, Kuningan): the Bali provincial circulars and the press for 2024
# and 2025, the list of 2018-2023 in the encyclopedia, press and tourism pages for 2016 and 2011.
PUBLISHED = [
    ("2011-07-06", "2011-07-16"),
    ("2016-02-10", "2016-02-20"),
    ("2016-09-07", "2016-09-17"),
    ("2018-05-30", "2018-06-09"),
    ("2018-12-26", "2019-01-05"),
    ("2019-07-24", "2019-08-03"),
    ("2020-02-19", "2020-02-29"),
    ("2020-09-16", "2020-09-26"),
    ("2021-04-14", "2021-04-24"),
    ("2021-11-10", "2021-11-20"),
    ("2022-06-08", "2022-06-18"),
    ("2023-01-04", "2023-01-14"),
    ("2023-08-02", "2023-08-12"),
    ("2024-02-28", "2024-03-09"),
    ("2024-09-25", "2024-10-05"),
    ("2025-04-23", "2025-05-03"),
    ("2025-11-19", "2025-11-29"),
]


@pytest.mark.parametrize(("galungan", "kuningan"), PUBLISHED)
def test_published_galungan_and_kuningan_days(galungan, kuningan):
    g, k = date.fromisoformat(galungan), date.fromisoformat(kuningan)
    assert g in galungan_days(g.year)
    assert pawukon_holidays(g.year)[g] == "Hari Raya Galungan"
    assert pawukon_holidays(k.year)[k] == "Hari Raya Kuningan"
    assert (g.weekday(), k.weekday()) == (2, 5)  # Buda (Wednesday), Saniscara (Saturday)


def test_whole_years_2024_to_2026():
    assert {d.isoformat(): n for d, n in pawukon_holidays(2025).items()} == {
        "2025-04-23": "Hari Raya Galungan",
        "2025-05-03": "Hari Raya Kuningan",
        "2025-11-19": "Hari Raya Galungan",
        "2025-11-29": "Hari Raya Kuningan",
    }
    assert [d.isoformat() for d in pawukon_holidays(2024)] == [
        "2024-02-28", "2024-03-09", "2024-09-25", "2024-10-05",
    ]  # fmt: skip
    # One cycle after 2025-11-19; a year with one Galungan.
    assert [d.isoformat() for d in pawukon_holidays(2026)] == ["2026-06-17", "2026-06-27"]
    # Kuningan of the previous December's Galungan belongs to January.
    assert min(pawukon_holidays(2019)) == date(2019, 1, 5)


@given(st.integers(min_value=2000, max_value=2200))
def test_every_year_has_one_or_two_galungan_210_days_apart(year):
    days = galungan_days(year)
    assert 1 <= len(days) <= 2
    assert all(d.year == year and d.weekday() == 2 for d in days)
    if len(days) == 2:
        assert days[1] - days[0] == timedelta(days=210)
    before = galungan_days(year - 1)[-1]
    assert days[0] - before == timedelta(days=210)


def test_the_preset_adds_the_days_and_moves_open_deadlines(cli, add):
    number = add("--received", "2025-04-10")
    due = cli.json("complaint", "show", number)["due_on"]
    result = cli("holiday", "add", "--preset", "bali-pawukon", "--year", "2025")
    assert result.stderr == (
        "Added 23/04/2025 (Hari Raya Galungan), 03/05/2025 (Hari Raya Kuningan), 19/11/2025 "
        "(Hari Raya Galungan), 29/11/2025 (Hari Raya Kuningan); 1 open deadline(s) moved.\n"
    )
    assert [(h["day"], h["name"]) for h in cli.json("holiday", "list", "--added")] == [
        ("2025-04-23", "Hari Raya Galungan"),
        ("2025-05-03", "Hari Raya Kuningan"),
        ("2025-11-19", "Hari Raya Galungan"),
        ("2025-11-29", "Hari Raya Kuningan"),
    ]
    shown = cli.json("complaint", "show", number)
    assert date.fromisoformat(shown["due_on"]) > date.fromisoformat(due)
    [move] = [h for h in shown["history"] if h["action"] == "deadline"]
    assert (move["old_value"], move["new_value"]) == (due, shown["due_on"])
    assert move["note"] == (
        "hari libur ditambah: 2025-04-23 Hari Raya Galungan, 2025-05-03 Hari Raya Kuningan, "
        "2025-11-19 Hari Raya Galungan, 2025-11-29 Hari Raya Kuningan"
    )
    # Removed one by one like any added day.
    cli("holiday", "remove", "2025-04-23")
    assert cli.json("complaint", "show", number)["due_on"] == due


def test_adding_the_preset_again_is_refused_with_nothing_changed(cli, add, snapshot, table):
    add("--received", "2025-04-10")
    cli("holiday", "add", "2025-11-19", "Galungan")
    before = (snapshot(), table("holiday"))
    assert "19/11/2025 is already a holiday" in refused(
        cli, "holiday", "add", "--preset", "bali-pawukon", "--year", "2025"
    )
    assert (snapshot(), table("holiday")) == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--preset", "bali", "--year", "2025"), "unknown --preset 'bali'"),
        (("--preset", "bali-pawukon", "--year", "1999"), "--year must be from 2000 to 9999"),
    ],
)
def test_a_bad_preset_or_year_is_refused(cli, initialized, table, args, said):
    assert said in refused(cli, "holiday", "add", *args)
    assert table("holiday") == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("2025-04-23", "Galungan", "--preset", "bali-pawukon"), "not both"),
        (("2025-04-23", "Galungan", "--year", "2025"), "--year goes with --preset"),
        (("2025-04-23",), "Missing argument 'NAME'"),
    ],
)
def test_preset_and_date_are_used_apart(initialized, table, args, said):
    result = run_adurabi("--db", initialized, "holiday", "add", *args)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and said in line
    assert "(see 'adurabi holiday add --help')" in line
    assert table("holiday") == []
