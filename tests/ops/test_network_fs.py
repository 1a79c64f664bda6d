"""On a network filesystem the store warns once and uses a rollback journal instead of WAL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from adurabi_cli.db.store import open_store
from tests.conftest import run_adurabi
from tests.ops.helpers import count, journal_mode

# The SQLite file itself: skipped when the suite runs on PostgreSQL.
pytestmark = pytest.mark.sqlite_only

RISK = "SQLite on nfs4 may corrupt under concurrent writers; move the file to a local disk"


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Warning:")]


def test_init_on_a_network_share_uses_a_rollback_journal_and_warns_once(cli, db_path, monkeypatch):
    monkeypatch.setenv("ADURABI_FS_TYPE", "nfs4")
    result = cli("init")
    assert warnings_in(result.stderr) == [
        f"Warning: {db_path.parent} is on a network filesystem; {RISK} "
        "(adurabi uses a rollback journal instead of WAL there)"
    ]
    assert "Created the database" in result.stderr
    assert journal_mode(db_path) == "delete"
    assert not Path(f"{db_path}-wal").exists()
    info = cli.json("info")
    assert info["journal_mode"] == "delete"


def test_every_command_warns_once_and_keeps_its_exit_code(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_FS_TYPE", "nfs4")
    listed = cli("satker", "list", "--json")
    assert len(warnings_in(listed.stderr)) == 1
    refused = cli("satker", "add", "kanwil", "--name", "X", "--kind", "kanwil", code=1)
    assert len(warnings_in(refused.stderr)) == 1
    assert "Error: satker kanwil already exists" in refused.stderr


def test_no_warning_and_wal_on_a_local_disk(cli, initialized):
    result = cli("satker", "list")
    assert warnings_in(result.stderr) == []
    assert journal_mode(initialized) == "wal"


def test_a_file_moves_between_wal_and_rollback_journal_with_its_filesystem(
    cli, initialized, monkeypatch
):
    assert journal_mode(initialized) == "wal"
    monkeypatch.setenv("ADURABI_FS_TYPE", "cifs")
    listed = cli("satker", "list")  # a command that only reads leaves the journal as it is
    assert journal_mode(initialized) == "wal"
    assert "the journal mode stays wal until a command that writes switches it" in listed.stderr
    cli("init")  # one that writes switches it
    assert journal_mode(initialized) == "delete"
    monkeypatch.delenv("ADURABI_FS_TYPE")
    cli("init")
    assert journal_mode(initialized) == "wal"


def test_rollback_journal_connections_sync_fully(initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_FS_TYPE", "nfs")
    store = open_store(str(initialized))
    try:
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert store.journal_mode == "delete"
    finally:
        store.close()


def test_opening_twice_in_one_command_warns_once(initialized, monkeypatch, capsys):
    monkeypatch.setenv("ADURABI_FS_TYPE", "nfs")
    for _ in range(2):
        open_store(str(initialized)).close()
    assert len(warnings_in(capsys.readouterr().err)) == 1


def test_wal_stays_when_another_program_holds_the_file_open(cli, initialized, monkeypatch):
    holder = sqlite3.connect(initialized)
    holder.execute("SELECT count(*) FROM satker").fetchone()
    try:
        monkeypatch.setenv("ADURABI_FS_TYPE", "nfs4")
        result = cli("init")
        assert journal_mode(initialized) == "wal"
    finally:
        holder.close()
    [warning] = warnings_in(result.stderr)
    assert "the journal mode stays wal because another program has the file open" in warning


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from adurabi_cli.db.models import History
    from adurabi_cli.db.store import open_store

    store = open_store(sys.argv[1])
    for i in range(int(sys.argv[2])):
        with store.write() as conn:
            conn.execute(History.__table__.insert(), {
                "entity": "test", "entity_id": i, "at": datetime.now(timezone.utc),
                "operator": sys.argv[3], "action": "note",
            })
    store.close()
    """
)


def test_two_writers_on_a_rollback_journal_lose_nothing(initialized):
    """A sanity check of the fallback mode: BEGIN IMMEDIATE and the busy timeout still hold."""
    env = {"ADURABI_FS_TYPE": "nfs4", "ADURABI_LOCK_TIMEOUT": "20"}
    # Switch the journal first: two processes opening a WAL file at once keep each other in WAL.
    assert run_adurabi("init", env=env).returncode == 0
    assert journal_mode(initialized) == "delete"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(initialized), "150", name],
            env={**os.environ, **env},
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("budi", "ketut")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    assert count(initialized, "history") == 300
    assert journal_mode(initialized) == "delete"
    assert run_adurabi("init", env=env).returncode == 0
