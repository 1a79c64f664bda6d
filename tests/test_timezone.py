"""The `timezone` setting: times people read in the office's zone, UTC in the store and JSON."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import openpyxl
import pytest

from adurabi_cli.domain.clock import OFFICE_ZONE, office_time
from tests.conftest import TODAY


def _stored(cli, complaint: str) -> datetime:
    return datetime.fromisoformat(cli.json("complaint", "show", complaint)["created_at"])


def test_json_is_utc_and_tables_are_wita_by_default(cli, initialized, monkeypatch):
    number = cli("complaint", "add", "-s", "kanwil", "--summary", "Satu").stdout.strip()
    at = _stored(cli, number)
    assert at.utcoffset().total_seconds() == 0  # --json: as stored, in UTC
    wita = at.astimezone(office_time(at, OFFICE_ZONE).tzinfo)
    monkeypatch.setenv("ADURABI_TTY", "0")
    shown = cli("complaint", "show", number).stdout
    assert f"{wita:%d/%m/%Y %H:%M}" in shown
    history = cli("complaint", "history", number).stdout
    assert f"{wita:%d/%m/%Y %H:%M}" in history
    csv_text = cli("complaint", "list", "--csv").stdout
    assert at.isoformat() in csv_text  # CSV is for scripts: UTC too


def test_another_zone_moves_what_people_read_not_what_is_stored(cli, initialized, monkeypatch):
    item = cli("news", "add", "-s", "kanwil", "--title", "Uji", "--media", "website").stdout
    before = cli.json("news", "show", item.strip())["created_at"]
    assert cli.json("setting", "set", "timezone", "WIB")["value"] == "Asia/Jakarta"
    assert cli.json("news", "show", item.strip())["created_at"] == before
    at = datetime.fromisoformat(before)
    monkeypatch.setenv("ADURABI_TTY", "0")
    for zone in ("Asia/Jakarta", "Asia/Jayapura"):
        cli("setting", "set", "timezone", zone)
        wanted = office_time(at, zone)
        assert f"{wanted:%d/%m/%Y %H:%M}" in cli("news", "history", item.strip()).stdout
        assert f"{wanted:%d/%m/%Y %H:%M}" in cli("news", "show", item.strip()).stdout
    cli("setting", "set", "timezone", "")  # '' gives the office's zone back
    assert {s["key"]: s["value"] for s in cli.json("setting", "list")}["timezone"] == OFFICE_ZONE


@pytest.mark.parametrize(
    "value", ["Mars/Base", "Asia", "../../etc/passwd", "UTC+8", "asia/jakarta"]
)
def test_unknown_zone_is_refused_with_one_line(cli, initialized, value):
    cli("setting", "set", "timezone", "Asia/Jayapura")
    result = cli("setting", "set", "timezone", value, code=1)
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: timezone must be a time zone such as Asia/Makassar")
    assert {s["key"]: s["value"] for s in cli.json("setting", "list")}["timezone"] == (
        "Asia/Jayapura"
    )


def test_workbook_stamp_and_last_entry_in_the_office_zone(cli, initialized, tmp_path):
    cli("complaint", "add", "-s", "kanwil", "--summary", "Satu")
    cli("setting", "set", "timezone", "Asia/Jayapura")
    out = tmp_path / "out"
    cli("export", "--month", "current", "--out", out, "--quiet")
    [book] = out.glob("rekap-*.xlsx")
    wb = openpyxl.load_workbook(book)
    stamp = wb["Ringkasan"]["A7"].value  # below the letterhead and the title
    assert stamp.startswith("Dibuat: ") and stamp.endswith(" WIT")
    ws = wb["Kepatuhan"]
    [last] = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, datetime)]
    stored = _stored(cli, "1")
    assert last == office_time(stored, "Asia/Jayapura").replace(tzinfo=None)
    template = tmp_path / "isian.xlsx"
    cli("template", "complaints", "--out", template)
    first = openpyxl.load_workbook(template).worksheets[0]
    assert any(str(c.value).endswith(" WIT") for row in first.iter_rows() for c in row if c.value)


def test_office_time_converts_aware_utc():
    at = datetime(2026, 12, 5, 16, 30, tzinfo=UTC)
    assert office_time(at, OFFICE_ZONE).isoformat() == "2026-12-06T00:30:00+08:00"
    assert office_time(None, OFFICE_ZONE) is None


@pytest.fixture
def machine_zone():
    """Set the machine's own zone (TZ) for one test and give the old one back."""
    before = os.environ.get("TZ")

    def _set(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield _set
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Etc/GMT-14"])
def test_the_pinned_day_is_the_office_day_whatever_the_machine_zone(
    cli, initialized, machine_zone, zone
):
    # Between them UTC-12 and UTC+14 put the machine on another day than Bali at every hour.
    machine_zone(zone)
    number = cli("complaint", "add", "-s", "kanwil", "--summary", "Satu").stdout.strip()
    assert cli.json("complaint", "show", number)["received_on"] == TODAY
    assert f"{office_time(_stored(cli, number), OFFICE_ZONE):%Y-%m-%d}" == TODAY
