"""Temporary files left by killed exports and backups: recognisable by name, removed by the next
export or backup into the same folder when the process that made them is gone (or they are
older than a day), listed by `doctor` beside the database; others' files and a running
process's temporary file are left alone.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.proof.helpers import adurabi_argv, env_for

pytestmark = pytest.mark.sqlite_only


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _host() -> str:
    return "".join(c if c.isalnum() or c in "_-" else "-" for c in socket.gethostname())[:40]


def _leave(folder: Path, final: str, pid: int, host: str | None = None, age: float = 0) -> Path:
    path = folder / f".{final}.adurabi-{pid}-{host or _host()}-0123abcd.tmp"
    path.write_bytes(b"x" * 1000)
    if age:
        past = time.time() - age
        os.utime(path, (past, past))
    return path


def _run(db: Path, *args) -> subprocess.CompletedProcess:
    result = subprocess.run(
        adurabi_argv(*args), capture_output=True, text=True, env=env_for(db), timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result


def _plant(folder: Path, final: str) -> tuple[list[Path], list[Path]]:
    """Stale temporary files and files that must stay, in folder."""
    stale = [
        _leave(folder, final, _dead_pid()),
        _leave(folder, final, os.getpid(), host="another-host", age=2 * 24 * 3600),
    ]
    journal = Path(f"{stale[0]}-journal")
    journal.write_bytes(b"")
    stale.append(journal)
    kept = [
        _leave(folder, final, os.getpid()),  # this test process is running
        _leave(folder, final, 999_999_999, host="another-host"),  # recent, on another host
        folder / f".{final}.tmp",  # not adurabi's
    ]
    kept[-1].write_bytes(b"")
    return stale, kept


def test_the_next_export_removes_its_stale_temporary_files(initialized, tmp_path):
    out = tmp_path / "rekap"
    month = out / "2025-03"
    month.mkdir(parents=True)
    stale, kept = _plant(out, "rekap-2025-03.xlsx")
    stale_month, kept_month = _plant(month, "kanwil.xlsx")
    _run(initialized, "export", "--month", "2025-03", "--out", out, "--quiet")
    assert not [p for p in stale + stale_month if p.exists()]
    assert all(p.exists() for p in kept + kept_month)


def test_the_next_backup_removes_its_stale_temporary_files_and_doctor_lists_them(
    initialized, tmp_path
):
    copies = tmp_path / "copies"
    copies.mkdir()
    stale, kept = _plant(copies, "backup.db")
    beside, _ = _plant(initialized.parent, "backup.db")
    report = subprocess.run(
        adurabi_argv("doctor", "--json"), capture_output=True, text=True, env=env_for(initialized)
    )
    assert report.returncode == 0, report.stderr
    check = {c["name"]: c for c in json.loads(report.stdout)["checks"]}["temporary_files"]
    assert check["status"] == "warn"
    for path in beside:
        if path.name.endswith(".tmp"):
            assert path.name in check["message"]
    _run(initialized, "backup", copies / "backup.db")
    assert not [p for p in stale if p.exists()]
    assert all(p.exists() for p in kept)
    assert all(p.exists() for p in beside)  # doctor only reads
