"""Eight writers, a recap reader and an export, all at once for a few seconds.

Three processes add complaints, three add news items, two move complaints through their
follow-up; a reader runs `recap --json` and `monitor --once --json`; an exporter rewrites the
month's Excel recaps. Then: every command of every process exited 0, every write is in the
database exactly once, tracking numbers are unique and gap-free, each complaint's status
history is the sequence of moves its updater made, every recap the reader saw adds up, and
SQLite's integrity and foreign-key checks pass.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.proof.helpers import (
    IMPORT_ROWS,
    ROOT,
    adurabi_argv,
    env_for,
    foreign_key_problems,
    integrity,
    query,
    written_bytes,
)

SECONDS = 3.0
SEEDED = 16  # complaints the two updaters move, eight each


def _spawn(db: Path, role: str, index: int, sync: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.proof.worker", role, str(index), str(sync), str(SECONDS),
         *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env_for(db, ADURABI_LOCK_TIMEOUT="60"),
    )  # fmt: skip


def _results(process: subprocess.Popen) -> list[dict]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def _start_together(sync: Path, processes: dict[str, subprocess.Popen]) -> None:
    """Wait until every worker has warmed up, then give them one start time."""
    deadline = time.monotonic() + 90
    while len(list(sync.glob("ready-*"))) < len(processes):
        crashed = [name for name, p in processes.items() if p.poll() is not None]
        assert not crashed, (
            f"{crashed} ended before starting: {processes[crashed[0]].stderr.read()}"
        )
        assert time.monotonic() < deadline, "the workers did not get ready"
        time.sleep(0.05)
    partial = sync / "go.partial"
    partial.write_text(str(time.time() + 0.3))
    partial.rename(sync / "go")


def _has_export() -> bool:
    from adurabi_cli.cli.app import COMMANDS

    return "export" in COMMANDS


@pytest.fixture
def busy(initialized, cli, tmp_path):
    """Run every role at once; return the database and each role's results."""
    refs = [
        cli("complaint", "add", "-s", "kanwil", "--summary", f"dasar {n}").stdout.strip()
        for n in range(SEEDED)
    ]
    out_dir = tmp_path / "rekap"
    out_dir.mkdir()
    sync = tmp_path / "sync"
    sync.mkdir()
    roles = [("complaint", i) for i in range(3)] + [("news", i) for i in range(3)]
    processes = {f"{role}-{i}": _spawn(initialized, role, i, sync) for role, i in roles}
    for i in range(2):
        processes[f"update-{i}"] = _spawn(initialized, "update", i, sync, *refs[i::2])
    processes["reader"] = _spawn(initialized, "reader", 0, sync)
    if _has_export():
        processes["export"] = _spawn(initialized, "export", 0, sync, str(out_dir))
    try:
        _start_together(sync, processes)
        results = {name: _results(process) for name, process in processes.items()}
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
    return initialized, results, out_dir


def test_everything_at_once_loses_nothing_and_fails_nothing(busy):
    db, results, out_dir = busy
    failures = [
        (name, r["args"], r["code"], r["err"])
        for name, rs in results.items()
        for r in rs
        if r["code"] != 0
    ]
    assert failures == []
    # Every role took part while the others ran (a process's first command is slow: its
    # lazy imports compete for two cores with nine other processes).
    # How many commands each managed depends on the machine's load, so only the overlap is
    # asserted: every role's first command started inside the window the others wrote in.
    for name, rs in results.items():
        assert rs and rs[0]["at"] < SECONDS, f"{name} did not start in time"
    assert sum(len(rs) for rs in results.values()) >= 2 * len(results)
    assert integrity(db) == "ok"
    assert foreign_key_problems(db) == []

    # Complaints: each add is stored once, under the number it printed, numbers gap-free.
    added = {r["out"]: r["summary"] for n, rs in results.items() if n[0] == "c" for r in rs}
    stored = dict(query(db, "SELECT number, summary FROM complaint WHERE summary LIKE 'worker%'"))
    assert stored == added
    numbers = sorted(n for (n,) in query(db, "SELECT number FROM complaint"))
    assert numbers == [f"PGD-2025-{n:05d}" for n in range(1, len(numbers) + 1)]
    assert len(numbers) == SEEDED + len(added)
    assert query(db, "SELECT last FROM number_sequence WHERE year = 2025") == [(len(numbers),)]
    creates = query(db, "SELECT count(*) FROM history WHERE entity='complaint' AND action='create'")
    assert creates == [(len(numbers),)]

    # News: each add is stored once under the id it printed.
    news = {int(r["out"]): r["title"] for n, rs in results.items() if n[0] == "n" for r in rs}
    assert dict(query(db, "SELECT id, title FROM news")) == news

    # Updates: each complaint's status history is exactly its updater's moves, in order.
    for name in ("update-0", "update-1"):
        moves: dict[str, list[str]] = {}
        for r in results[name]:
            moves.setdefault(r["ref"], []).append(r["status"])
        for ref, statuses in moves.items():
            history = query(
                db,
                "SELECT h.new_value FROM history h JOIN complaint c ON c.id = h.entity_id "
                "WHERE h.entity = 'complaint' AND h.field = 'status' AND c.number = ? "
                "ORDER BY h.id",
                ref,
            )
            assert [value for (value,) in history] == statuses, ref
            assert query(db, "SELECT status FROM complaint WHERE number = ?", ref) == [
                (statuses[-1],)
            ]

    # The reader: every recap it saw adds up, and the counts only grew.
    received = []
    for r in results["reader"]:
        snapshot = json.loads(r["out"])
        if "totals" in snapshot and "month" in snapshot and "as_of" in snapshot["totals"]:
            total = snapshot["totals"]["complaints"]["received"]
            assert total == sum(s["complaints"]["received"] for s in snapshot["satker"])
            assert total == sum(snapshot["totals"]["complaints"]["by_status"].values())
            received.append(total)
    assert received and received == sorted(received)
    assert received[-1] <= len(numbers)

    if "export" in results:
        from openpyxl import load_workbook

        paths = [Path(p) for r in results["export"] for p in r["out"].splitlines()]
        assert paths and all(p.exists() for p in paths)
        assert not [p for p in out_dir.rglob("*") if p.is_file() and p.suffix != ".xlsx"]
        workbook = load_workbook(out_dir / "rekap-2025-04.xlsx", read_only=True)
        assert {"Ringkasan", "Pengaduan", "Berita", "Kepatuhan"} <= set(workbook.sheetnames)
        workbook.close()


@pytest.mark.sqlite_only
def test_readers_during_a_large_import_see_before_or_after(initialized, cli, big_csv):
    """During a 100,000-row import into a nearly empty table, readers (through the indexes)
    see the table as it was until the commit and then whole, a recap run during it
    succeeds, and the indexes end as they began."""
    cli("complaint", "add", "-s", "kanwil", "--summary", "Sebelum impor", "--received",
        "2025-03-03")  # fmt: skip
    index_sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    indexes = query(initialized, index_sql)
    wal_before = written_bytes(initialized)
    importer = subprocess.Popen(
        adurabi_argv("import", "complaints", big_csv),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(initialized),
    )
    by_index = (
        "SELECT count(*) FROM complaint WHERE received_on >= '2025-01-01'",
        "SELECT count(*) FROM complaint WHERE satker_id > 0 AND received_on >= '2025-01-01'",
        "SELECT count(*) FROM complaint WHERE status = 'diterima'",
    )
    seen: set[int] = set()
    during = 0
    recap = None
    reader = sqlite3.connect(f"file:{initialized}?mode=ro", uri=True)
    try:
        while importer.poll() is None:
            writing = written_bytes(initialized) > wal_before
            counts = {reader.execute(sql).fetchone()[0] for sql in by_index}
            seen |= counts
            if writing and counts == {1}:
                # Rows in the -wal, none of them committed: the transaction is under way.
                during += 1
                if recap is None:
                    recap = subprocess.Popen(
                        adurabi_argv("recap", "--month", "2025-03", "--json"),
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                        text=True,
                        env=env_for(initialized),
                    )
    finally:
        reader.close()
        importer.kill()
    assert importer.wait(timeout=30) == 0, importer.stderr.read()
    assert during > 0, "no read fell inside the import's transaction"
    assert seen <= {1, IMPORT_ROWS + 1}, seen
    assert recap is not None
    assert recap.wait(timeout=60) == 0, recap.stderr.read()
    assert query(initialized, index_sql) == indexes
    assert integrity(initialized) == "ok"
    assert query(initialized, by_index[0]) == [(IMPORT_ROWS + 1,)]
