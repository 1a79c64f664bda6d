"""`period close|reopen|list` (tutup buku): a closed month's recap and export give its
figures as closed, name today's differences, and changes dated in it warn. Today is pinned
to 2025-04-30 (tests/conftest.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from adurabi_cli.db.migrations import LATEST
from adurabi_cli.domain.dates import Month
from adurabi_cli.domain.period_close import differences, months_moved
from tests.complaints.helpers import refused
from tests.dbtarget import drop_kept_index, dump, execute, rows, scalar

WARNING = (
    "Warning: March 2025 is closed (period close): this change is stored but does not appear "
    "in the closed report"
)


def add_complaint(cli, satker: str, received: str, *extra: str) -> str:
    args = ("complaint", "add", "--satker", satker, "--summary", "Antrean lama", *extra)
    return cli(*args, "--received", received).stdout.strip()


@pytest.fixture
def march(cli, initialized):
    """Two complaints and a news item in March 2025, one complaint in April."""
    add_complaint(cli, "kanwil", "2025-03-05")
    add_complaint(cli, "lapas-kerobokan", "2025-03-10")
    add_complaint(cli, "kanwil", "2025-04-02")
    cli("news", "add", "--satker", "kanwil", "--title", "Bakti sosial", "--media", "website",
        "--date", "2025-03-12", "--views", "40")  # fmt: skip
    return initialized


def entry(recap, code):
    return next(e for e in recap["satker"] if e["code"] == code)


def test_close_stores_the_recap_as_recap_json_prints_it(cli, march):
    printed = cli.json("recap", "--month", "2025-03")
    result = cli("period", "close", "2025-03", "--note", "Dikirim 5 April")
    assert result.stdout == "" and "Closed March 2025" in result.stderr
    stored = scalar(march, "SELECT figures FROM period_close")
    assert json.loads(stored) == printed
    shown = cli("recap", "--month", "2025-03", "--json")
    assert "March 2025 was closed on 30/04/2025" in shown.stderr and "by tester" in shown.stderr
    data = json.loads(shown.stdout)
    closed = data.pop("closed")
    assert data == printed
    assert (closed["closed_by"], closed["note"], closed["differences"]) == (
        "tester",
        "Dikirim 5 April",
        [],
    )
    assert closed["closed_at"].endswith("+00:00")  # JSON timestamps in UTC


def test_later_changes_are_stored_warned_and_listed_as_differences(cli, march):
    cli("period", "close", "2025-03")
    # A complaint received in the closed month: stored (exit 0), one warning line.
    result = cli("complaint", "add", "--satker", "lapas-kerobokan", "--summary", "Kunjungan",
                 "--received", "2025-03-20")  # fmt: skip
    assert result.stdout.strip() == "PGD-2025-00004"
    assert result.stderr.strip().splitlines()[-1] == WARNING
    assert len(cli.json("complaint", "list", "--month", "2025-03")) == 3

    shown = cli("recap", "--month", "2025-03", "--json")
    closed = json.loads(shown.stdout)
    assert entry(closed, "lapas-kerobokan")["complaints"]["received"] == 1
    assert "  lapas-kerobokan complaints.received: 1 -> 2" in shown.stderr.splitlines()
    assert {"satker": "lapas-kerobokan", "measure": "complaints.received", "closed": 1,
            "now": 2} in closed["closed"]["differences"]  # fmt: skip
    # The table on stdout is the closed figures too.
    plain = cli("recap", "--month", "2025-03").stdout.splitlines()
    row = next(line for line in plain if line.startswith("lapas-kerobokan\t"))
    assert row.split("\t")[1] == "1"

    live = cli("recap", "--month", "2025-03", "--live", "--json")
    today = json.loads(live.stdout)
    assert "closed" not in today
    assert entry(today, "lapas-kerobokan")["complaints"]["received"] == 2
    assert "these are today's figures (--live)" in live.stderr


def test_satker_filter_shows_the_closed_rows_and_their_totals(cli, march):
    cli("period", "close", "2025-03")
    add_complaint(cli, "kanwil", "2025-03-21")
    data = cli.json("recap", "--month", "2025-03", "--satker", "kanwil")
    assert [e["code"] for e in data["satker"]] == ["kanwil"]
    assert data["totals"]["complaints"]["received"] == 1
    assert data["totals"]["satker"] == 1
    assert [d["satker"] for d in data["closed"]["differences"]] == ["kanwil"] * len(
        data["closed"]["differences"]
    )


def test_export_of_a_closed_month_writes_the_figures_as_closed(cli, march, tmp_path):
    cli("period", "close", "2025-03")
    add_complaint(cli, "lapas-kerobokan", "2025-03-25")
    out = tmp_path / "rekap"
    result = cli("export", "--month", "2025-03", "--out", out, "--satker", "lapas-kerobokan")
    assert "lapas-kerobokan complaints.received: 1 -> 2" in result.stderr

    name = next(s["name"] for s in cli.json("satker", "list") if s["code"] == "lapas-kerobokan")

    def received(path, sheet="Ringkasan"):
        rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
        at = next(i for i, r in enumerate(rows) if "Pengaduan Diterima" in r)
        column = rows[at].index("Pengaduan Diterima")
        row = next(r for r in rows if r[0] == name)
        notes = [r[0] for r in rows[:at] if r[0]]  # the lines above the table
        return row[column], notes

    note = "Angka lembar ini sesuai tutup buku pada 30/04/2025 "
    for path in (out / "rekap-2025-03.xlsx", out / "2025-03" / "lapas-kerobokan.xlsx"):
        count, notes = received(path)
        assert count == 1
        [line] = [n for n in notes if n.startswith(note)]
        assert line.endswith("WITA oleh tester; perubahan data sesudahnya tidak termasuk")
    kepatuhan = openpyxl.load_workbook(out / "rekap-2025-03.xlsx")["Kepatuhan"]
    lines = kepatuhan.iter_rows(max_row=12, values_only=True)
    assert any(str(r[0]).startswith(note) for r in lines)
    # The complaint rows are the records as they are now.
    pengaduan = openpyxl.load_workbook(out / "rekap-2025-03.xlsx")["Pengaduan"]
    numbers = {r[0] for r in pengaduan.iter_rows(values_only=True)}
    assert "PGD-2025-00004" in numbers

    cli("export", "--month", "2025-03", "--out", out, "--satker", "lapas-kerobokan", "--live")
    count, notes = received(out / "rekap-2025-03.xlsx")
    assert count == 2 and not [n for n in notes if n.startswith(note)]


def test_a_quarter_holding_a_closed_month_is_todays_figures_and_says_so(cli, march):
    cli("period", "close", "2025-03")
    add_complaint(cli, "kanwil", "2025-03-26")
    result = cli("recap", "--quarter", "2025-Q1", "--json")
    data = json.loads(result.stdout)
    assert "closed" not in data
    assert entry(data, "kanwil")["complaints"]["received"] == 2  # today's: 5/3 and 26/3
    assert "Q1 2025 holds closed months (March 2025): its figures are today's" in result.stderr
    # A month not closed says nothing.
    assert cli("recap", "--month", "2025-02", "--json").stderr == ""


def test_reopen_keeps_the_close_and_a_month_may_be_closed_again(cli, march):
    cli("period", "close", "2025-03")
    add_complaint(cli, "kanwil", "2025-03-27")
    result = cli("period", "reopen", "2025-03", "--note", "Pengaduan terlambat dicatat")
    assert "Reopened March 2025" in result.stderr
    data = cli("recap", "--month", "2025-03", "--json")
    assert data.stderr == "" and "closed" not in json.loads(data.stdout)
    cli("period", "close", "2025-03", "--note", "Kedua")
    listed = cli.json("period", "list")
    assert [(r["month"], r["state"], r["note"]) for r in listed] == [
        ("2025-03", "tertutup", "Kedua"),
        ("2025-03", "dibuka kembali", None),
    ]
    assert (listed[1]["reopened_by"], listed[1]["reopen_note"]) == (
        "tester",
        "Pengaduan terlambat dicatat",
    )
    assert entry(cli.json("recap", "--month", "2025-03"), "kanwil")["complaints"]["received"] == 2
    # People read the office's time (WITA); JSON has UTC.
    at = datetime.fromisoformat(listed[0]["closed_at"])
    assert at.utcoffset().total_seconds() == 0
    office = at.astimezone(ZoneInfo("Asia/Makassar")).strftime("%d/%m/%Y %H:%M")
    plain = cli("period", "list").stdout.splitlines()
    assert plain[0].split("\t")[:4] == ["2025-03", "tertutup", "tester", office]
    assert plain[1].split("\t")[-1] == "Pengaduan terlambat dicatat"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("close", "2025-04"), "April 2025 has not ended (today is 30/04/2025)"),
        (("close", "2025-05"), "May 2025 is in the future"),
        (("close", "2025-13"), "month '2025-13' is not valid"),
        (("close", "Maret"), "month 'Maret' is not valid"),
        (("close", "2025-02"), "February 2025 is already closed"),
        (("reopen", "2025-03", "--note", "Salah"), "March 2025 is not closed"),
        (("reopen", "2025-02"), "--note is empty"),
        (("reopen", "2025-02", "--note", "  "), "--note is empty"),
        (("reopen", "2025-1x", "--note", "Salah"), "month '2025-1x' is not valid"),
    ],
)
def test_refusals_change_nothing(cli, initialized, args, message):
    cli("period", "close", "2025-02")
    before = dump(initialized)
    assert message in refused(cli, "period", *args)
    assert dump(initialized) == before


def test_changes_in_a_closed_month_warn_and_others_do_not(cli, march, tmp_path):
    cli("period", "close", "2025-03")

    def warned(*args):
        result = cli(*args)
        lines = [line for line in result.stderr.splitlines() if line.startswith("Warning")]
        assert lines in ([], [WARNING]), result.stderr
        return bool(lines)

    # Closing a March complaint moves March's by_status (and its open count).
    assert warned("complaint", "update", "PGD-2025-00001", "--status", "selesai", "--note",
                  "Selesai", "--on", "2025-04-10")  # fmt: skip
    assert cli.json("complaint", "show", "PGD-2025-00001")["status"] == "selesai"
    # An April complaint's change, a summary, and a news title do not touch March's figures.
    assert not warned("complaint", "update", "PGD-2025-00003", "--channel", "email")
    assert not warned("complaint", "update", "PGD-2025-00002", "--summary", "Antrean panjang")
    assert not warned("news", "update", "1", "--title", "Bakti sosial Lapas")
    assert warned("news", "update", "1", "--likes", "12")
    assert warned("news", "add", "--satker", "kanwil", "--title", "Rilis", "--media", "online",
                  "--date", "2025-03-30")  # fmt: skip
    assert not warned("news", "add", "--satker", "kanwil", "--title", "April", "--media",
                      "online", "--date", "2025-04-03")  # fmt: skip
    assert warned("complaint", "reply", "PGD-2025-00002", "--via", "whatsapp", "--note", "Ok")
    assert warned("complaint", "extend", "PGD-2025-00002", "--note", "Menunggu")
    assert warned("complaint", "nil", "--satker", "rutan-bangli", "--month", "2025-03")
    assert warned("news", "nil", "--satker", "rutan-bangli", "--month", "2025-03")
    assert not warned("complaint", "nil", "--satker", "rutan-bangli", "--month", "2025-02")
    assert len(cli.json("news", "list", "--month", "2025-03")) == 2
    # An import with rows in the closed month.
    header = "Satker;Tanggal Diterima;Kanal;Ringkasan Pengaduan;Nama Pengadu;Anonim"
    march_file, april_file = tmp_path / "maret.csv", tmp_path / "april.csv"
    march_file.write_text(f"{header}\nkanwil;24/03/2025;;Antre;;\nkanwil;02/04/2025;;B;;\n")
    april_file.write_text(f"{header}\nkanwil;03/04/2025;;Antre;;\n")
    assert warned("import", "complaints", march_file)
    assert not warned("import", "complaints", april_file)
    assert not warned("import", "complaints", march_file, "--dry-run")
    assert len(cli.json("complaint", "list", "--month", "2025-03")) == 3


def test_what_moves_a_closed_months_figures():
    march = Month(2025, 3)
    base = {
        "satker": "kanwil",
        "received_on": date(2025, 2, 10),
        "status": "diproses",
        "channel": "email",
        "category": "pungli",
        "due_on": date(2025, 2, 28),
        "resolved_on": None,
    }
    closed_late = {**base, "status": "selesai", "resolved_on": date(2025, 4, 2)}
    closed_in = {**base, "status": "selesai", "resolved_on": date(2025, 3, 3)}
    # Open on 31/3 either way: closing it in April changes nothing in March.
    assert months_moved(base, closed_late, [march]) == []
    assert months_moved(base, closed_in, [march]) == [march]
    assert months_moved(base, {**base, "channel": "surat"}, [march]) == []  # received in Feb
    assert months_moved(base, {**base, "channel": "surat"}, [Month(2025, 2)]) == [Month(2025, 2)]
    assert months_moved(base, None, [march]) == [march]  # deleted
    assert months_moved(None, base, [Month(2025, 1)]) == []
    # An overdue date moved past the month's end.
    assert months_moved(base, {**base, "due_on": date(2025, 4, 5)}, [march]) == [march]


def test_differences_name_satker_and_measure():
    closed = [{"code": "a", "complaints": {"received": 1, "by_status": {"diterima": 1}}}]
    now = [
        {"code": "a", "complaints": {"received": 2, "by_status": {"diterima": 1, "baru": 0}}},
        {"code": "b", "complaints": {"received": 0}},
    ]
    found = differences(closed, now)
    assert [tuple(d) for d in found] == [
        ("a", "complaints.received", 1, 2),
        ("b", "satker", False, True),
    ]


def test_an_existing_database_gains_the_table(cli, initialized):
    execute(initialized, "DROP TABLE period_close")
    execute(initialized, "DROP TABLE news_satker")  # step 17
    drop_kept_index(initialized, "complaint_span")  # step 18
    execute(initialized, "DELETE FROM schema_migration WHERE version > 15")
    cli("init")
    assert cli.json("info")["schema_version"] == LATEST
    cli("period", "close", "2025-03")
    assert [r["month"] for r in cli.json("period", "list")] == ["2025-03"]
    assert rows(initialized, "SELECT year, month FROM period_close") == [{"year": 2025, "month": 3}]


@pytest.mark.sqlite_only
def test_backup_carries_the_closes(cli, march, tmp_path):
    cli("period", "close", "2025-03")
    copy = tmp_path / "cadangan.db"
    cli("backup", copy)
    assert [r["month"] for r in cli.json("--db", copy, "period", "list")] == ["2025-03"]
    assert "closed" in cli.json("--db", copy, "recap", "--month", "2025-03")


def test_two_operators_closing_at_once_close_it_once(initialized):
    """Real processes side by side: one closes, the other is refused, one close stored."""
    import os
    import subprocess
    import sys

    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "adurabi_cli", "period", "close", "2025-03"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "ADURABI_OPERATOR": f"operator-{n}"},
        )
        for n in range(3)
    ]
    results = [(p.wait(timeout=60), p.stderr.read()) for p in processes]
    for process in processes:
        process.stdout.close(), process.stderr.close()
    assert sorted(code for code, _ in results) == [0, 1, 1], results
    for code, stderr in results:
        if code:
            assert stderr.startswith("Error: March 2025 is already closed"), stderr
    assert scalar(initialized, "SELECT count(*) FROM period_close") == 1


def test_the_database_holds_one_close_in_force_per_month(cli, initialized):
    cli("period", "close", "2025-03")
    insert = (
        "INSERT INTO period_close (year, month, closed_at, closed_by, figures) "
        "VALUES (2025, 3, '2025-04-30 10:00:00', 'x', '{}')"
    )
    with pytest.raises(Exception, match=r"(?i)unique"):
        execute(initialized, insert)
    cli("period", "reopen", "2025-03", "--note", "Diperbaiki")
    execute(initialized, insert)  # a reopened close does not count
    assert scalar(initialized, "SELECT count(*) FROM period_close") == 2
