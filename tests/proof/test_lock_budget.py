"""The lock budget: a writer gives up with exit 3 and DESIGN.md section 7's sentence, having
written nothing, when another program holds the write lock longer than ADURABI_LOCK_TIMEOUT;
readers are not held up meanwhile; and the same write succeeds once the lock is let go.
On PostgreSQL the lock is every table held in EXCLUSIVE mode (see helpers.WriteLock).

(tests/test_store.py holds the satker-add case; here every kind of write, all at once.)
"""

from __future__ import annotations

import subprocess
import time

import pytest

from adurabi_cli.db.engine import safe_url
from tests.proof.helpers import WriteLock, adurabi_argv, env_for, table_digests

BUDGET = 1.5

WRITES = {
    "complaint add": ["complaint", "add", "-s", "kanwil", "--summary", "Antrean lama",
                      "--external-ref", "LAPOR-LOCK-1"],
    "complaint update": ["complaint", "update", "1", "--status", "selesai", "--note", "Beres"],
    "complaint nil": ["complaint", "nil", "-s", "rutan-negara", "--month", "2025-03"],
    "news add": ["news", "add", "-s", "kanwil", "--media", "online", "-t", "Bakti sosial",
                 "--url", "https://balipost.example/lock"],
    "news update": ["news", "update", "1", "--likes", "99"],
    "holiday add": ["holiday", "add", "2025-05-02", "Cuti bersama"],
    "import": ["import", "complaints", "pengaduan.csv"],
}  # fmt: skip
READS = {
    "recap": ["recap", "--month", "2025-04", "--json"],
    "complaint list": ["complaint", "list", "--json"],
    "monitor": ["monitor", "--once", "--json"],
}


LATER = ("complaint add", "complaint update", "news update", "import")


@pytest.fixture
def stocked(initialized, cli, tmp_path):
    """Data to update, and the file `import` reads (the working folder is tmp_path)."""
    (tmp_path / "pengaduan.csv").write_text(
        "satker,received_on,summary,external_ref\n"
        "kanwil,2025-04-02,Antrean panjang,LAPOR-IMPORT-1\n"
        "rutan-bangli,2025-04-03,Biaya tambahan,LAPOR-IMPORT-2\n"
    )
    cli("complaint", "add", "-s", "lapas-kerobokan", "--summary", "Pungli kunjungan")
    cli("news", "add", "-s", "kanwil", "--media", "online", "-t", "Kegiatan")
    return initialized


def _start(db, args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        adurabi_argv(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(db, ADURABI_LOCK_TIMEOUT=str(BUDGET)),
    )


def test_every_write_past_the_budget_exits_3_and_writes_nothing(stocked, cli):
    before = table_digests(stocked)
    holder = WriteLock(stocked)
    try:
        started = time.monotonic()
        writers = {name: _start(stocked, args) for name, args in WRITES.items()}
        # Readers are not held up by the lock (WAL), even while the writers wait.
        for name, args in READS.items():
            assert cli(*args).stdout.strip().startswith(("{", "[")), name
        outcomes = {name: (p.wait(timeout=60), time.monotonic() - started, *p.communicate())
                    for name, p in writers.items()}  # fmt: skip
        assert table_digests(stocked) == before
    finally:
        holder.release()
    sentence = (
        f"Error: the database at {safe_url(str(stocked))} is locked by another program "
        f"(waited {BUDGET:g} s); "
        "try again when it has finished"
    )
    for name in WRITES:
        code, waited, out, err = outcomes[name]
        assert code == 3, (name, err)
        assert err.strip() == sentence, (name, err)
        assert out == ""
        assert waited >= BUDGET, (name, waited)
    assert table_digests(stocked) == before


def test_once_the_lock_is_let_go_the_same_writes_succeed(stocked, cli):
    holder = WriteLock(stocked)
    try:
        writers = {name: _start(stocked, WRITES[name]) for name in LATER}
        time.sleep(0.3)
    finally:
        holder.release()  # well within the budget
    for name, process in writers.items():
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, (name, err)
    complaints = cli.json("complaint", "list")
    assert {c["external_ref"] for c in complaints} == {
        None,
        "LAPOR-LOCK-1",
        "LAPOR-IMPORT-1",
        "LAPOR-IMPORT-2",
    }
    assert cli.json("complaint", "show", "1")["status"] == "selesai"
    assert cli.json("news", "show", "1")["likes"] == 99
