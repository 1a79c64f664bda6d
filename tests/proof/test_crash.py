"""Crashes: `kill -9` in the middle of an import or an export.

- A 100,000-row import killed inside its write transaction (once SQLite has spilled part
  of it to the -wal file) leaves every table's contents exactly as before, the file passes
  `integrity_check`, and the next complaint takes the next number as if nothing happened.
- An export killed while it saves a workbook leaves no file under that final name: the
  previous good file, if there was one, byte for byte; otherwise nothing.

The CSV and the export's database are generated once per session with the standard library.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.proof.helpers import (
    WORDS,
    adurabi_argv,
    env_for,
    integrity,
    query,
    table_digests,
    written_bytes,
)


def _has(command: str) -> bool:
    from adurabi_cli.cli.app import COMMANDS

    return command in COMMANDS


@pytest.mark.skipif(not _has("import"), reason="import is not in this checkout yet")
def test_kill_9_inside_a_100k_row_import_leaves_the_database_as_before(initialized, cli, big_csv):
    cli("complaint", "add", "-s", "kanwil", "--summary", "Sebelum impor", "--received",
        "2025-03-03")  # fmt: skip
    before = table_digests(initialized)
    written_before = written_bytes(initialized)
    process = subprocess.Popen(
        adurabi_argv("import", "complaints", big_csv),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env_for(initialized),
    )
    deadline = time.monotonic() + 90
    try:
        # Spilled frames in the -wal (rows in the table on a server): the write transaction
        # is open and well under way.
        while not written_bytes(initialized) > written_before + 2_000_000:
            assert process.poll() is None, (
                "the import ended before it could be killed: "
                + process.stderr.read().decode(errors="replace")
            )
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert table_digests(initialized) == before
    assert integrity(initialized) == "ok"
    assert query(initialized, "SELECT count(*) FROM complaint") == [(1,)]
    number = cli("complaint", "add", "-s", "kanwil", "--summary", "Sesudah crash").stdout
    assert number.strip() == "PGD-2025-00002"


# --- export --------------------------------------------------------------------------------

EXPORT_COMPLAINTS = 12_000
EXPORT_NEWS = 4_000


@pytest.fixture(scope="session")
def _busy_month(_template_db, tmp_path_factory) -> Path:
    """April 2025 with enough rows that saving a workbook takes a moment (raw inserts)."""
    path = tmp_path_factory.mktemp("export") / "busy.db"
    if _template_db is None:  # on PostgreSQL: the rows are made here, then copied there
        from adurabi_cli.services.setup import init_database

        init_database(str(path))
    else:
        shutil.copyfile(_template_db, path)
    rnd = random.Random(4)
    conn = sqlite3.connect(path)
    ids = [row[0] for row in conn.execute("SELECT id FROM satker WHERE active")]
    stamp = "2025-04-30 09:00:00.000000"
    complaints = [
        (f"PGD-2025-{n:05d}", rnd.choice(ids), f"2025-04-{1 + n % 28:02d}", "whatsapp",
         "pungli", " ".join(rnd.choices(WORDS, k=20)), f"Warga {n}", "0812", 0,
         int(n % 50 == 0), None, "diterima", "2025-05-20", 0, None, None, "t", stamp, stamp)
        for n in range(1, EXPORT_COMPLAINTS + 1)
    ]  # fmt: skip
    news = [
        (rnd.choice(ids), f"2025-04-{1 + n % 28:02d}", f"Berita kegiatan {n}", "online",
         "Bali Post", f"https://balipost.example/{n}", f"balipost.example/{n}", "kegiatan",
         "positif", n, 1, 2, 3, "t", stamp, stamp)
        for n in range(EXPORT_NEWS)
    ]  # fmt: skip
    with conn:
        conn.executemany(
            "INSERT INTO complaint (number, satker_id, received_on, channel, category, summary, "
            "complainant_name, complainant_contact, anonymous, confidential, external_ref, "
            "status, due_on, extended, resolved_on, resolution, created_by, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            complaints,
        )
        conn.execute("INSERT INTO number_sequence VALUES (2025, ?)", (EXPORT_COMPLAINTS,))
        conn.executemany(
            "INSERT INTO news (satker_id, published_on, title, media, outlet, url, url_key, "
            "category, sentiment, views, likes, comments, shares, created_by, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            news,
        )
    conn.close()
    return path


@pytest.fixture
def busy_month(_busy_month, test_database) -> Path:
    if test_database.server is None:
        test_database.clone(_busy_month)
    else:  # the same rows on the test's server database
        from adurabi_cli.services.copydb import copy_database

        test_database.ensure_empty()
        copy_database(str(_busy_month), str(test_database.target))
    return test_database.target


def _final_name(temporary: Path) -> Path:
    """`.rekap-2025-04.xlsx.adurabi-PID-HOST-1a2b3c4d.tmp` -> `rekap-2025-04.xlsx`."""
    return temporary.with_name(temporary.name.removeprefix(".").rsplit(".adurabi-", 1)[0])


def _kill_while_saving(db: Path, out: Path) -> list[Path]:
    """Start an export, kill -9 it as soon as a workbook is being saved; the temporary files."""
    process = subprocess.Popen(
        adurabi_argv("export", "--month", "2025-04", "--out", out, "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env_for(db),
    )
    deadline = time.monotonic() + 90
    try:
        while not list(out.rglob(".*.tmp")):
            assert process.poll() is None, (
                "the export ended before it could be killed: "
                + process.stderr.read().decode(errors="replace")
            )
            assert time.monotonic() < deadline, "the export never started saving"
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    leftovers = list(out.rglob(".*.tmp"))
    assert leftovers, "the kill came after the save it was aimed at"
    return leftovers


@pytest.mark.skipif(not _has("export"), reason="export is not in this checkout yet")
def test_kill_9_during_an_export_keeps_the_previous_good_file(busy_month, cli, tmp_path):
    out = tmp_path / "rekap"
    cli("export", "--month", "2025-04", "--out", out, "--quiet")
    good = {path: path.read_bytes() for path in out.rglob("*.xlsx")}
    assert out / "rekap-2025-04.xlsx" in good
    cli("complaint", "add", "-s", "kanwil", "--received", "2025-04-29", "--summary", "Baru")
    for temporary in _kill_while_saving(busy_month, out):
        final = _final_name(temporary)
        assert final.read_bytes() == good[final], f"{final.name} changed under a killed export"
    for path in out.rglob("*.xlsx"):  # every file under a final name is whole
        assert path in good
        load_workbook(path, read_only=True).close()


@pytest.mark.skipif(not _has("export"), reason="export is not in this checkout yet")
def test_kill_9_during_a_first_export_leaves_no_file_under_the_final_name(
    busy_month, cli, tmp_path
):
    out = tmp_path / "rekap"
    for temporary in _kill_while_saving(busy_month, out):
        assert not _final_name(temporary).exists()
    for path in out.rglob("*.xlsx"):
        load_workbook(path, read_only=True).close()
    cli("export", "--month", "2025-04", "--out", out, "--quiet")  # a rerun completes
    assert (out / "rekap-2025-04.xlsx").exists()
