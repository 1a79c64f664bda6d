"""`adurabi monitor`: snapshot numbers, output forms, the live loop and leaving it."""

from __future__ import annotations

import io
import os
import select
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from adurabi_cli.render.monitor import run_live
from adurabi_cli.render.terminal import Terminal
from adurabi_cli.services.monitor import Refresh, monitor_snapshot
from tests.conftest import run_adurabi
from tests.recap.factory import local
from tests.recap.test_recap import ACTIVE, dump, strip_ansi

ALT_SCREEN_ON = "\x1b[?1049h"
ALT_SCREEN_OFF = "\x1b[?1049l"
CURSOR_SHOWN = "\x1b[?25h"


def by_code(snapshot):
    return {row["code"]: row for row in snapshot["satker"]}


def stamp(day: str, hour: int, minute: int = 0) -> str:
    """A stored time as --json writes it: in UTC."""
    return local(date.fromisoformat(day), hour, minute).astimezone(UTC).isoformat()


def test_snapshot_every_number(cli, scenario):
    snap = cli.json("monitor")  # --json alone is one snapshot
    assert snap["today"] == "2025-04-30"
    assert snap["month"] == "2025-04"
    # 30/4 + 3 working days: 1/5 (Labour Day) is off, so 2/5, 5/5, 6/5.
    assert snap["due_soon_until"] == "2025-05-06"
    assert [row["code"] for row in snap["satker"]] == ACTIVE
    rows = by_code(snap)
    assert rows["kanwil"] == {
        "code": "kanwil",
        "name": "Kantor Wilayah Kementerian Hukum dan HAM Bali",
        "open": 3,  # K1 K5 K9; K4 closed, K6 deleted
        "overdue": 3,
        "due_soon": 0,
        "complaints_month": 0,
        "news_month": 0,
        "last_entry_at": stamp("2025-03-31", 16, 30),
        "silent": True,
        "reported": {"complaints": False, "news": False},
        # April's report is due in May: not yet late. March's was due on 8/4 and is complete.
        "state": "Berjalan",
        "previous_state": "Lengkap",
    }
    kerobokan = rows["lapas-kerobokan"]
    # Due 30/4 (today) and 6/5 are due soon; due 7/5 is not. None is overdue.
    assert (kerobokan["open"], kerobokan["overdue"], kerobokan["due_soon"]) == (3, 0, 2)
    assert kerobokan["complaints_month"] == 3
    assert kerobokan["last_entry_at"] == stamp("2025-04-15", 9)
    assert kerobokan["silent"] is True
    assert kerobokan["reported"] == {"complaints": True, "news": False}
    tabanan = rows["lapas-tabanan"]
    assert (tabanan["open"], tabanan["overdue"], tabanan["news_month"]) == (1, 1, 1)
    assert tabanan["silent"] is False  # news entered on 28/4
    assert tabanan["reported"] == {"complaints": False, "news": True}
    bangli = rows["rutan-bangli"]
    assert (bangli["open"], bangli["overdue"], bangli["complaints_month"]) == (1, 1, 1)
    assert rows["lapas-singaraja"]["last_entry_at"] is None
    assert rows["lapas-singaraja"]["silent"] is True
    assert snap["totals"] == {
        "open": 9,
        "overdue": 6,
        "due_soon": 2,
        "complaints_month": 4,
        "news_month": 1,
        "satker": 18,
        "silent": 17,
        "not_reported": 15,  # March: all but kanwil, lapas-kerobokan (nil) and lapas-tabanan
        "running": 18,
    }
    overdue = snap["oldest_overdue"]
    # Earliest due first; the deleted K6 and inactive rutan-negara's complaint are left out.
    assert [item["number"] for item in overdue] == [
        "PGD-2025-00001",
        "PGD-2025-00015",
        "PGD-2025-00016",
        "PGD-2025-00005",
        "PGD-2025-00009",
        "PGD-2025-00014",
    ]
    assert overdue[0] == {
        "id": 1,
        "number": "PGD-2025-00001",
        "satker": "kanwil",
        "received_on": "2025-02-10",
        "due_on": "2025-02-28",
        "status": "diproses",
        "channel": "whatsapp",
        "category": "prosedur",
        "extended": False,
        "days_overdue": 61,
        "working_days_overdue": 40,
        "officer": None,
        "unassigned": True,
    }
    assert overdue[-1]["working_days_overdue"] == 5  # due 23/4: 24 25 28 29 30


def test_only_ten_oldest_overdue(factory):
    for day in range(1, 13):  # 1..12 February 2025
        factory.complaint("lapas-singaraja", date(2025, 2, day))
    with factory.store.read() as conn:
        snap = monitor_snapshot(
            conn, factory.ref, today=date(2025, 4, 30), now=local(date(2025, 4, 30), 12)
        )
    dues = [item["due_on"] for item in snap["oldest_overdue"]]
    assert len(dues) == 10
    assert dues == sorted(dues)
    assert snap["totals"]["overdue"] == 12


def test_silent_after_more_than_seven_days(factory):
    now = local(date(2025, 4, 30), 12)
    factory.news("kanwil", date(2025, 4, 23), created_at=now - timedelta(days=7))
    factory.news("lapas-tabanan", date(2025, 4, 23), created_at=now - timedelta(days=7, minutes=1))
    with factory.store.read() as conn:
        snap = monitor_snapshot(conn, factory.ref, today=now.date(), now=now)
    rows = by_code(snap)
    assert rows["kanwil"]["silent"] is False
    assert rows["lapas-tabanan"]["silent"] is True


def test_once_plain_rows_when_piped(cli, scenario, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "0")
    lines = cli("monitor", "--once").stdout.splitlines()
    assert lines[0].startswith("snapshot\t2025-04-30T")
    satker = [line for line in lines if line.startswith("satker\t")]
    overdue = [line for line in lines if line.startswith("overdue\t")]
    assert len(satker) == 18 and len(overdue) == 6 and len(lines) == 25
    # Piped rows are read by people too: the office's time, with its offset.
    shown = local(date(2025, 3, 31), 16, 30).isoformat()
    assert shown == "2025-03-31T16:30:00+08:00"
    assert satker[0] == f"satker\tkanwil\t3\t3\t0\t0\t0\t{shown}\ttrue\tBerjalan\tLengkap"
    assert satker[2] == (
        "satker\tlapas-perempuan-kerobokan\t0\t0\t0\t0\t0\t\ttrue\tBerjalan\tBelum melapor"
    )
    assert overdue[0] == (
        "overdue\tPGD-2025-00001\tkanwil\t2025-02-10\t2025-02-28\tdiproses\t61\t40\t\ttrue"
    )


def test_once_tables_on_a_terminal(cli, scenario, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "120")
    out = strip_ansi(cli("monitor", "--once").stdout)
    assert ALT_SCREEN_ON not in out
    assert "ADURABI monitor — April 2025 — 30/04/2025" in out
    kanwil = next(line for line in out.splitlines() if line.startswith("kanwil "))
    assert kanwil.split() == [
        "kanwil",
        "3",
        "3",
        "0",
        "0",
        "0",
        "31/03",
        "16:30",
        "Berjalan",
        "ok",
    ]
    assert "Pengaduan terlambat terlama" in out
    oldest = next(line for line in out.splitlines() if "PGD-2025-00001" in line)
    assert oldest.split() == [
        "PGD-2025-00001",
        "kanwil",
        "10/02/2025",
        "28/02/2025",
        "diproses",
        "40",
        "BELUM",
        "DITUNJUK",
    ]
    assert "≤3HK: tenggat s.d. 06/05/2025" in out


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("--interval", "0.5"), 1, "Error: --interval must be from 1 to 86400 seconds, got 0.5"),
        (
            ("--interval", "0", "--once"),
            1,
            "Error: --interval must be from 1 to 86400 seconds, got 0",
        ),
        (("--interval", "-3", "--json"), 1, "Error: --interval must be from 1 to 86400 seconds"),
        (("--interval", "nan"), 1, "Error: --interval must be from 1 to 86400 seconds, got nan"),
        (("--count", "-1"), 1, "Error: --count must be 0 or more, got -1"),
    ],
)
def test_bad_options_are_refused(cli, scenario, db_path, args, code, message):
    before = dump(db_path)
    result = cli("monitor", *args, code=code)
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert dump(db_path) == before


def test_not_a_number_interval_is_a_usage_error(cli, initialized):
    assert "Invalid value" in cli("monitor", "--interval", "soon", code=2).stderr


@pytest.mark.parametrize("mode", ["--once", "--json"])
def test_missing_database_is_a_storage_error(cli, tmp_path, mode):
    missing = tmp_path / "nowhere.db"
    result = cli("--db", missing, "monitor", mode, code=3)
    assert result.stderr.startswith("Error: no database at")
    assert not missing.exists()


def test_live_loop_runs_a_bounded_number_of_refreshes(cli, scenario, monkeypatch):
    naps = []
    monkeypatch.setattr("adurabi_cli.services.monitor.time.sleep", naps.append)
    monkeypatch.setenv("ADURABI_TTY", "1")
    out = cli("monitor", "--interval", "2.5", "--count", "3").stdout
    assert naps == [2.5, 2.5]
    assert out.count("ADURABI monitor") >= 3
    assert "2.5 s, Ctrl-C to quit" in strip_ansi(out)
    # Full screen entered once, left once, cursor given back.
    assert out.count(ALT_SCREEN_ON) == 1
    assert out.rindex(ALT_SCREEN_OFF) > out.rindex("ADURABI monitor")
    assert CURSOR_SHOWN in out[out.rindex("ADURABI monitor") :]


def test_live_loop_when_piped_prints_one_block_per_refresh(cli, scenario, monkeypatch):
    monkeypatch.setattr("adurabi_cli.services.monitor.time.sleep", lambda _s: None)
    monkeypatch.setenv("ADURABI_TTY", "0")
    lines = cli("monitor", "--count", "3").stdout.splitlines()
    assert sum(line.startswith("snapshot\t") for line in lines) == 3
    assert len(lines) == 3 * 25


def _terminal() -> Terminal:
    return Terminal(io.StringIO(), io.StringIO(), True, True, False)


def _snapshot(factory) -> dict:
    with factory.store.read() as conn:
        return monitor_snapshot(
            conn, factory.ref, today=date(2025, 4, 30), now=local(date(2025, 4, 30), 12)
        )


def test_ctrl_c_in_the_live_view_restores_the_terminal(factory):
    snap = _snapshot(factory)

    def refreshes():
        yield Refresh(snap)
        yield Refresh(snap)
        raise KeyboardInterrupt

    term = _terminal()
    run_live(refreshes(), interval=5, fmt="table", term=term)  # returns, does not raise
    out = term.stdout.getvalue()
    assert out.count(ALT_SCREEN_ON) == 1
    assert out.endswith(ALT_SCREEN_OFF) or out.rindex(ALT_SCREEN_OFF) > out.rindex("ADURABI")
    assert CURSOR_SHOWN in out


def test_a_failed_refresh_keeps_the_last_data_and_says_so(factory):
    snap = _snapshot(factory)
    term = _terminal()
    run_live(
        iter([Refresh(snap), Refresh(None, "the database is locked")]),
        interval=5,
        fmt="table",
        term=term,
    )
    out = strip_ansi(term.stdout.getvalue())
    assert "Last refresh failed: the database is locked; showing the data of 12:00:00." in out


def test_sigint_leaves_with_exit_0_and_the_terminal_restored(scenario, db_path):
    """The real program under a (forced) terminal, interrupted like an operator's Ctrl-C."""
    env = {**os.environ, "ADURABI_DB": str(db_path), "ADURABI_TTY": "1", "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "adurabi_cli", "monitor", "--interval", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        seen = b""
        deadline = time.monotonic() + 30
        # Wait for the second refresh, so the interrupt lands inside the running loop.
        while seen.count(b"ADURABI monitor") < 2 and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                seen += os.read(proc.stdout.fileno(), 65536)
        assert seen.count(b"ADURABI monitor") >= 2, seen[-500:]
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    out = (seen + rest).decode()
    assert proc.returncode == 0, err.decode()
    assert err.decode() == ""
    assert out.rindex(ALT_SCREEN_OFF) > out.rindex("ADURABI monitor")
    assert CURSOR_SHOWN in out[out.rindex("ADURABI monitor") :]


def test_the_live_screen_fits_a_80x24_terminal(scenario, db_path):
    """PuTTY's default size: whole headers, the totals, the overdue list and the legend."""
    env = {"ADURABI_TTY": "1", "COLUMNS": "80", "LINES": "24"}
    run = run_adurabi("monitor", "--count", "1", env=env)
    assert run.returncode == 0, run.stderr
    frame = strip_ansi(run.stdout.split(ALT_SCREEN_ON)[1].split(ALT_SCREEN_OFF)[0])
    lines = frame.rstrip("\n").split("\n")
    assert len(lines) <= 24 and max(len(line.rstrip()) for line in lines) <= 80
    text = [line.rstrip() for line in lines if line.strip()]
    header = ["Satker", "Buka", "Telat", "≤3HK", "Pgd", "Brt", "Entri", "Laporan", "Lalu"]
    assert text[1].split() == header
    # The longest code is shown whole.
    assert any(line.startswith("lapas-perempuan-kerobokan ") for line in text)
    assert len([line for line in text if line.startswith(tuple(ACTIVE))]) == len(ACTIVE)
    assert any(line.startswith("JUMLAH") for line in text)
    overdue = next(line for line in text if line.startswith("Terlambat terlama: "))
    assert "PGD-2025-00001 (40 HK)" in overdue
    assert text[-1].startswith("≤3HK: tenggat s.d. 06/05/2025")


def test_the_overdue_list_takes_the_lines_left_on_screen(scenario):
    from rich.console import Console

    from adurabi_cli.render.monitor import monitor_view

    snap = _snapshot(scenario)
    assert len(snap["oldest_overdue"]) > 3
    # Heading, header, satker rows, totals and legend; five lines left: title, header, 3 rows.
    height = len(snap["satker"]) + 4 + 5
    screen = Console(file=io.StringIO(), width=80, height=height, color_system=None)
    screen.print(monitor_view(snap, interval=5, height=height))
    out = screen.file.getvalue().splitlines()
    assert len(out) == height
    assert out[-7].startswith("JUMLAH")
    assert out[-6].rstrip() == f"Pengaduan terlambat terlama (3 dari {snap['totals']['overdue']})"
    numbers = [line.split()[0] for line in out[-4:-1]]
    assert numbers == [item["number"] for item in snap["oldest_overdue"][:3]]
    assert out[-1].startswith("≤3HK: tenggat s.d. 06/05/2025")


def test_sigint_when_piped_exits_0(scenario, db_path):
    env = {**os.environ, "ADURABI_DB": str(db_path), "ADURABI_TTY": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "adurabi_cli", "monitor", "--interval", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        first = proc.stdout.readline()
        assert first.startswith(b"snapshot\t")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()


def test_snapshot_signature_takes_explicit_clock(factory):
    at = datetime(2025, 4, 30, 8, 0).astimezone()
    with factory.store.read() as conn:
        snap = monitor_snapshot(conn, factory.ref, today=date(2025, 4, 30), now=at)
    assert snap["at"] == at
    assert snap["today"] == date(2025, 4, 30)
