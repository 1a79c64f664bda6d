"""Compliance as the office counts it: news nil reports and the reporting deadline."""

from __future__ import annotations

from datetime import date

import pytest

from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.compliance import (
    STATE_COMPLETE,
    STATE_MISSING,
    STATE_NIL,
    STATE_RUNNING,
    report_deadline,
    reporting_state,
)
from adurabi_cli.domain.dates import Month
from tests.complaints.helpers import refused
from tests.dbtarget import dump, rows


def _row(data, code):
    return next(entry for entry in data["satker"] if entry["code"] == code)


@pytest.mark.parametrize(
    "complaints, news, passed, state",
    [
        (True, True, True, STATE_COMPLETE),
        ("nil", True, True, STATE_NIL),
        (True, "nil", False, STATE_NIL),
        ("nil", "nil", True, STATE_NIL),
        (False, True, False, STATE_RUNNING),
        (True, False, False, STATE_RUNNING),
        (False, "nil", True, STATE_MISSING),
        (False, False, True, STATE_MISSING),
    ],
)
def test_reporting_state(complaints, news, passed, state):
    assert reporting_state(complaints, news, deadline_passed=passed) == state


def test_report_deadline_counts_working_days_of_the_next_month():
    calendar = WorkingCalendar([date(2025, 2, 3)], official=lambda year: {})
    # February 2025 begins on a Saturday; the 3rd is an added holiday.
    assert report_deadline(Month(2025, 1), calendar, 1) == date(2025, 2, 4)
    assert report_deadline(Month(2025, 1), calendar, 5) == date(2025, 2, 10)


def test_news_nil_recorded_with_history_and_refused_twice(cli, initialized):
    report = cli.json("news", "nil", "--satker", "kanwil", "--month", "2025-03", "--json")
    assert report["satker"] == "kanwil" and report["month"] == "2025-03"
    [row] = rows(initialized, "SELECT * FROM news_nil_report")
    assert (row["month"], row["created_by"], row["withdrawn_at"]) == ("2025-03", "tester", None)
    [line] = rows(initialized, "SELECT * FROM history WHERE entity = 'news_nil_report'")
    assert (line["entity_id"], line["action"]) == (row["id"], "create")
    before = dump(initialized)
    error = refused(cli, "news", "nil", "--satker", "kanwil", "--month", "2025-03")
    assert "already reported no news for March 2025" in error
    assert dump(initialized) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (("--satker", "lapas-x", "--month", "2025-03"), "unknown satker 'lapas-x'"),
        (("--satker", "kanwil", "--month", "2025-13"), "2025-13"),
        (("--satker", "kanwil", "--month", "2025-05"), "future"),
        (("--satker", "kanwil", "--month", "2025-02"), "has 1 news item(s) published"),
    ],
)
def test_news_nil_refusals_change_nothing(cli, initialized, args, message):
    cli("news", "add", "--satker", "kanwil", "--title", "Rapat", "--media", "website",
        "--date", "2025-02-10")  # fmt: skip
    before = dump(initialized)
    assert message in refused(cli, "news", "nil", *args)
    assert dump(initialized) == before


def test_quiet_satker_is_nihil_and_late_one_belum_melapor(cli, initialized, monkeypatch):
    cli("complaint", "nil", "--satker", "kanwil", "--month", "2025-03")
    cli("news", "nil", "--satker", "kanwil", "--month", "2025-03")
    cli("complaint", "add", "--satker", "lapas-tabanan", "--summary", "Antrean lama",
        "--received", "2025-03-10")  # fmt: skip
    # The report of March 2025 is due on the 5th working day of April: 8/4.
    monkeypatch.setenv("ADURABI_TODAY", "2025-04-08")
    data = cli.json("recap", "--month", "2025-03")
    assert data["report_deadline"] == "2025-04-08"
    kanwil = _row(data, "kanwil")
    assert kanwil["reported"] == {"complaints": "nil", "news": "nil"}
    assert kanwil["compliance"]["state"] == "Nihil"
    assert kanwil["compliance"]["news_nil_report"] is True
    tabanan = _row(data, "lapas-tabanan")
    assert tabanan["reported"] == {"complaints": True, "news": False}
    assert tabanan["compliance"]["state"] == "Berjalan"
    assert data["totals"]["reporting"]["berjalan"] == 18
    assert data["totals"]["not_reported"] == []

    monkeypatch.setenv("ADURABI_TODAY", "2025-04-09")
    data = cli.json("recap", "--month", "2025-03")
    assert _row(data, "kanwil")["compliance"]["state"] == "Nihil"
    assert _row(data, "lapas-tabanan")["compliance"]["state"] == "Belum melapor"
    assert data["totals"]["reporting"] == {
        "lengkap": 0,
        "nihil": 1,
        "berjalan": 0,
        "belum_melapor": 18,
    }


def test_report_deadline_setting_moves_the_day(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_TODAY", "2025-04-03")
    assert _row(cli.json("recap", "-m", "2025-03"), "kanwil")["compliance"]["state"] == "Berjalan"
    result = cli.json("setting", "set", "report_deadline", "1", "--json")
    assert (result["value"], result["previous"], result["recomputed"]) == (1, 5, 0)
    data = cli.json("recap", "-m", "2025-03")
    assert data["report_deadline"] == "2025-04-02"
    assert _row(data, "kanwil")["compliance"]["state"] == "Belum melapor"
    listed = {s["key"]: s for s in cli.json("setting", "list")}
    assert (listed["report_deadline"]["value"], listed["report_deadline"]["default"]) == (1, 5)


@pytest.mark.parametrize("value", ["0", "21", "lima"])
def test_bad_report_deadline_is_refused(cli, initialized, value):
    before = dump(initialized)
    assert "report_deadline must be a whole number from 1 to 20" in refused(
        cli, "setting", "set", "report_deadline", value
    )
    assert dump(initialized) == before


def test_monitor_shows_this_month_running_and_last_month_late(cli, initialized):
    cli("news", "nil", "--satker", "kanwil", "--month", "2025-03")
    cli("complaint", "nil", "--satker", "kanwil", "--month", "2025-03")
    snap = cli.json("monitor")
    kanwil = next(row for row in snap["satker"] if row["code"] == "kanwil")
    assert (kanwil["state"], kanwil["previous_state"]) == ("Berjalan", "Nihil")
    assert snap["totals"]["not_reported"] == 18 and snap["totals"]["running"] == 19


def test_kepatuhan_sheet_shows_news_nil_and_berjalan(cli, initialized, tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.setenv("ADURABI_TODAY", "2025-04-08")
    cli("news", "nil", "--satker", "kanwil", "--month", "2025-03")
    cli("complaint", "nil", "--satker", "kanwil", "--month", "2025-03")
    cli("export", "--month", "2025-03", "--out", str(tmp_path), "--quiet")
    ws = openpyxl.load_workbook(tmp_path / "rekap-2025-03.xlsx")["Kepatuhan"]
    found = {row[0]: row for row in ws.iter_rows(values_only=True) if row and row[0]}
    assert found["Kantor Wilayah Kementerian Hukum dan HAM Bali"][1:4] == ("Nihil",) * 3
    assert found["Lembaga Pemasyarakatan Kelas IIB Tabanan"][1:4] == ("Belum", "Belum", "Berjalan")
