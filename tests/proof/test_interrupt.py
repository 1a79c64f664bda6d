"""Ctrl-C in the middle of each long command: exit 130, one line on stderr, the database as
it was (or, for `demo`, whole and refused by a rerun, as the README says).

Each command runs as a real process in its own process group, on enough data to be surely
mid-work when SIGINT comes to the whole group, as a terminal's Ctrl-C does: once it holds the
database's write lock (its write transaction is open), or its temporary file has appeared.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.proof.helpers import (
    adurabi_argv,
    assert_one_error_line,
    env_for,
    integrity,
    table_digests,
)

pytestmark = pytest.mark.sqlite_only
INTERRUPTED = "Interrupted; nothing was left half-written."


def _interrupt(db: Path, args: list, ready: Callable[[], bool], cwd: Path) -> str:
    """Run adurabi args, send SIGINT once ready() holds; its stderr, after checking the exit."""
    process = subprocess.Popen(
        adurabi_argv(*args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env_for(db),
        cwd=cwd,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    try:
        while not ready():
            assert process.poll() is None, "it ended before the interrupt: " + process.stderr.read()
            assert time.monotonic() < deadline, "it never got under way"
            time.sleep(0.002)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130, stderr
    lines = stderr.strip().splitlines()
    assert lines == [INTERRUPTED], stderr
    return stderr


def _writing(path: Path) -> Callable[[], bool]:
    """Whether another program holds the write lock of the database at path."""

    def ready() -> bool:
        if not path.exists():
            return False
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            return "locked" in str(exc)
        finally:
            probe.close()

    return ready


def _temporary_in(folder: Path) -> Callable[[], bool]:
    return lambda: any(p.name.endswith(".tmp") for p in folder.rglob(".*"))


def test_ctrl_c_during_an_import(initialized, big_csv, tmp_path):
    before = table_digests(initialized)
    _interrupt(initialized, ["import", "complaints", big_csv], _writing(initialized), tmp_path)
    assert table_digests(initialized) == before
    assert integrity(initialized) == "ok"


def test_ctrl_c_during_an_export(big_db, tmp_path):
    before = table_digests(big_db)
    out = tmp_path / "rekap"
    out.mkdir()
    args = ["export", "--month", "2025-03", "--out", out, "--quiet"]
    _interrupt(big_db, args, _temporary_in(out), tmp_path)
    assert table_digests(big_db) == before
    assert not [p for p in out.rglob("*") if p.is_file() and p.name.startswith(".")]


def test_ctrl_c_during_a_backup(big_db, tmp_path):
    before = table_digests(big_db)
    dest = tmp_path / "copies" / "backup.db"
    dest.parent.mkdir()
    _interrupt(big_db, ["backup", dest], _temporary_in(dest.parent), tmp_path)
    assert table_digests(big_db) == before
    assert list(dest.parent.iterdir()) == []


def test_ctrl_c_during_a_copy(big_db, tmp_path):
    before = table_digests(big_db)
    target = tmp_path / "copy.db"
    _interrupt(big_db, ["copy-db", "--from", big_db, "--to", target], _writing(target), tmp_path)
    assert table_digests(big_db) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("copy.db")]


def _committed(path: Path) -> Callable[[], bool]:
    """Whether the database at path holds complaints already (a demo's first batches)."""

    def ready() -> bool:
        if not path.exists():
            return False
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return probe.execute("SELECT count(*) FROM complaint").fetchone()[0] > 0
        except sqlite3.OperationalError:  # no schema yet
            return False
        finally:
            probe.close()

    return ready


def test_ctrl_c_during_a_demo(tmp_path):
    db = tmp_path / "demo.db"
    args = ["--db", db, "demo", "--complaints", "400000", "--news", "0", "--out", tmp_path / "o"]
    _interrupt(db, args, _committed(db), tmp_path)
    assert integrity(db) == "ok"
    rerun = subprocess.run(
        adurabi_argv(*args), capture_output=True, text=True, env=env_for(db), timeout=120
    )
    assert rerun.returncode == 1
    assert_one_error_line(rerun.stderr)
