"""Nil reports of complaints and news: nil-list, nil-withdraw, the month that has not ended,
and the line a new complaint prints when it withdraws one. Both engines."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.clock import office_time
from adurabi_cli.domain.compliance import last_working_day
from adurabi_cli.domain.dates import Month
from tests.complaints.helpers import refused
from tests.dbtarget import dump, rows

SIDES = [("complaint", "nil_report"), ("news", "news_nil_report")]
FIELDS = (
    "id,satker,satker_name,month,active,note,created_by,created_at,withdrawn_at,withdrawn_by,"
    "withdrawn_note"
)


def test_last_working_day_steps_back_over_weekends_and_holidays():
    calendar = WorkingCalendar([date(2025, 5, 30)], official=lambda year: {})
    assert last_working_day(Month(2025, 4), calendar) == date(2025, 4, 30)  # a Wednesday
    # 31 May 2025 is a Saturday and the 30th an added holiday.
    assert last_working_day(Month(2025, 5), calendar) == date(2025, 5, 29)


@pytest.mark.parametrize("group, table", SIDES)
def test_nil_list_shows_reports_withdrawn_ones_with_their_reason(cli, initialized, group, table):
    cli(group, "nil", "-s", "kanwil", "-m", "2025-03", "--note", "Tidak ada sama sekali")
    cli(group, "nil", "-s", "rutan-bangli", "-m", "2025-02")
    done = cli(group, "nil-withdraw", "-s", "kanwil", "-m", "2025-03", "--note", "salah bulan")
    assert "Withdrawn: the report that kanwil had no" in done.stderr and done.stdout == ""
    listed = cli.json(group, "nil-list")
    assert [(r["satker"], r["month"], r["active"]) for r in listed] == [
        ("kanwil", "2025-03", False),
        ("rutan-bangli", "2025-02", True),
    ]
    kanwil = listed[0]
    assert kanwil["note"] == "Tidak ada sama sekali" and kanwil["created_by"] == "tester"
    assert kanwil["withdrawn_by"] == "tester" and kanwil["withdrawn_note"] == "salah bulan"
    assert kanwil["withdrawn_at"] is not None and listed[1]["withdrawn_at"] is None
    assert [r["satker"] for r in cli.json(group, "nil-list", "--active")] == ["rutan-bangli"]
    assert [r["satker"] for r in cli.json(group, "nil-list", "-m", "2025-03")] == ["kanwil"]
    assert cli.json(group, "nil-list", "-s", "rutan-bangli", "-s", "KANWIL") == listed
    csv_lines = cli(group, "nil-list", "--csv").stdout.splitlines()
    assert csv_lines[0] == FIELDS and len(csv_lines) == 3
    assert ",salah bulan" in csv_lines[1]
    plain = cli(group, "nil-list").stdout.splitlines()  # piped: one tab-separated row each
    assert plain[0].split("\t")[:2] == ["2025-03", "kanwil"] and "salah bulan" in plain[0]
    [history] = [
        [line["action"] for line in rows(initialized, "SELECT * FROM history WHERE entity = ? "
                                         "AND entity_id = ? ORDER BY id", table, kanwil["id"])]
    ]  # fmt: skip
    assert history == ["create", "withdraw"]
    # Withdrawn, the month may be declared again; both stay listed.
    cli(group, "nil", "-s", "kanwil", "-m", "2025-03")
    assert [r["active"] for r in cli.json(group, "nil-list", "-m", "2025-03")] == [
        True,
        False,
    ]


@pytest.mark.parametrize("group, table", SIDES)
def test_nil_withdraw_as_json_and_nothing_listed(cli, initialized, group, table):
    assert cli(group, "nil-list").stdout == ""  # piped: no rows, no words
    assert cli.json(group, "nil-list") == []
    cli(group, "nil", "-s", "kanwil", "-m", "previous")
    report = cli.json(group, "nil-withdraw", "-s", "kanwil", "-m", "2025-03", "--note", "x",
                      )  # fmt: skip
    assert (report["satker"], report["month"], report["withdrawn_note"]) == (
        "kanwil",
        "2025-03",
        "x",
    )
    [row] = rows(initialized, f"SELECT * FROM {table}")
    assert row["id"] == report["id"] and row["withdrawn_at"] is not None


@pytest.mark.parametrize("group, table", SIDES)
@pytest.mark.parametrize(
    "args, code, message",
    [
        (
            ("-s", "kanwil", "-m", "2025-02", "--note", "x"),
            1,
            "kanwil has no nil report for February 2025",
        ),
        (("-s", "lapas-x", "-m", "2025-03", "--note", "x"), 1, "unknown satker 'lapas-x'"),
        (("-s", "kanwil", "-m", "2025-13", "--note", "x"), 1, "2025-13"),
        (("-s", "kanwil", "-m", "2025-05", "--note", "x"), 1, "May 2025 is in the future"),
        (("-s", "kanwil", "-m", "2025-03", "--note", "  "), 1, "--note is empty"),
        (("-s", "kanwil", "-m", "2025-03"), 2, "Missing option '--note'"),
    ],
)
def test_nil_withdraw_refusals_change_nothing(cli, initialized, group, table, args, code, message):
    cli(group, "nil", "-s", "kanwil", "-m", "2025-03")
    before = dump(initialized)
    result = cli(group, "nil-withdraw", *args, code=code)
    assert message in result.stderr and result.stdout == ""
    if code == 1:
        assert refused(cli, group, "nil-withdraw", *args).startswith("Error: ")
    assert dump(initialized) == before


@pytest.mark.parametrize("group, table", SIDES)
@pytest.mark.parametrize(
    "args, message",
    [
        (("-s", "lapas-x"), "unknown satker 'lapas-x'"),
        (("-m", "2025-13"), "2025-13"),
        (("-m", "2030-01"), "is in the future"),
    ],
)
def test_nil_list_refusals(cli, initialized, group, table, args, message):
    assert message in refused(cli, group, "nil-list", *args)


@pytest.mark.parametrize("group, table", SIDES)
def test_a_month_not_ended_waits_for_its_last_working_day(
    cli, initialized, monkeypatch, group, table
):
    monkeypatch.setenv("ADURABI_TODAY", "2025-04-29")
    before = dump(initialized)
    error = refused(cli, group, "nil", "-s", "kanwil", "-m", "current")
    assert "April 2025 has not ended; a nil report for it can be filed from its last working " \
        "day, 30/04/2025" in error  # fmt: skip
    assert dump(initialized) == before
    # With the 30th a holiday, the 29th is the month's last working day.
    cli("holiday", "add", "2025-04-30", "Cuti bersama")
    cli(group, "nil", "-s", "kanwil", "-m", "current")
    assert rows(initialized, f"SELECT month FROM {table}") == [{"month": "2025-04"}]


def test_an_ended_month_ending_on_a_weekend_is_declared(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_TODAY", "2025-05-30")  # a Friday; the 31st is a Saturday
    cli("complaint", "nil", "-s", "kanwil", "-m", "current")
    cli("news", "nil", "-s", "kanwil", "-m", "current")


def test_a_new_complaint_says_on_stderr_which_nil_report_it_withdrew(cli, initialized):
    cli("complaint", "nil", "-s", "rutan-bangli", "-m", "2025-03")
    quiet = cli("complaint", "add", "-s", "rutan-bangli", "--summary", "Antrean", "--received",
                "2025-02-10")  # fmt: skip
    assert "nil report" not in quiet.stderr
    done = cli("complaint", "add", "-s", "rutan-bangli", "--summary", "Antrean", "--received",
               "2025-03-10")  # fmt: skip
    number = done.stdout.strip()
    assert done.stderr.splitlines()[-1] == (
        f"Withdrew the nil report of rutan-bangli for March 2025: {number} was received in it."
    )
    [report] = cli.json("complaint", "nil-list")
    assert report["active"] is False
    assert report["withdrawn_note"] == f"complaint {number} received on 2025-03-10 was added"
    # --json keeps stdout to the record; the line still goes to stderr.
    cli("complaint", "nil", "-s", "rutan-bangli", "-m", "2025-01")
    done = cli("complaint", "add", "-s", "rutan-bangli", "--summary", "Lain", "--received",
               "2025-01-10", "--json")  # fmt: skip
    assert json.loads(done.stdout)["satker"] == "rutan-bangli"
    assert "Withdrew the nil report of rutan-bangli for January 2025" in done.stderr


@pytest.mark.parametrize("group, table", SIDES)
def test_nil_list_shows_times_in_the_office_zone_and_json_in_utc(
    cli, initialized, group, table, monkeypatch
):
    cli(group, "nil", "-s", "kanwil", "-m", "2025-03")
    cli(group, "nil-withdraw", "-s", "kanwil", "-m", "2025-03", "--note", "salah bulan")
    [report] = cli.json(group, "nil-list")
    made, withdrawn = (datetime.fromisoformat(report[k]) for k in ("created_at", "withdrawn_at"))
    assert made.utcoffset() == withdrawn.utcoffset() == timedelta(0)
    cli("setting", "set", "timezone", "Asia/Jayapura")
    monkeypatch.setenv("ADURABI_TTY", "0")
    [line] = cli(group, "nil-list").stdout.splitlines()
    for at in (made, withdrawn):
        assert f"{office_time(at, 'Asia/Jayapura'):%d/%m/%Y %H:%M}" in line
