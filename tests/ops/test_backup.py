"""`adurabi backup DEST`: a consistent, checked copy while others keep writing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from adurabi_cli.db.maintenance import backup_database
from adurabi_cli.db.store import open_store
from adurabi_cli.errors import InvalidInput
from adurabi_cli.services.maintenance import backup
from tests.conftest import run_adurabi
from tests.ops.helpers import corrupt_index_page, count, integrity, journal_mode

# The SQLite file itself: skipped when the suite runs on PostgreSQL.
pytestmark = pytest.mark.sqlite_only


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", "-journal")))


def test_backup_writes_a_checked_copy_that_adurabi_opens(cli, initialized, tmp_path):
    cli("satker", "add", "lapas-baru", "--name", "Lapas Baru", "--kind", "lapas")
    dest = tmp_path / "backups" / "adurabi-2025-04-30.db"
    dest.parent.mkdir()
    result = cli("backup", dest)
    assert result.stdout == f"{dest}\n"
    assert result.stderr.startswith(f"Backed up {initialized} (")
    assert "the copy passed integrity_check" in result.stderr
    assert integrity(dest) == ["ok"]
    assert journal_mode(dest) == "delete"  # one self-contained file
    assert not Path(f"{dest}-wal").exists()
    assert leftovers(dest.parent) == []
    # The copy is a working adurabi database with the same data.
    info = run_adurabi("--db", dest, "info", "--json")
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["counts"]["satker"] == 20
    assert cli.json("--db", dest, "satker", "list") == cli.json("satker", "list")


def test_backup_json_describes_the_copy(cli, initialized, tmp_path):
    dest = tmp_path / "copy.db"
    data = cli.json("backup", dest)
    assert data["path"] == str(dest)
    assert data["source"] == str(initialized)
    assert data["size_bytes"] == dest.stat().st_size
    assert data["pages"] * 4096 == data["size_bytes"]
    assert data["integrity"] == "ok"
    assert data["restarts"] == 0
    assert data["seconds"] >= 0


def test_an_existing_dest_is_refused_unless_forced(cli, initialized, tmp_path):
    dest = tmp_path / "copy.db"
    dest.write_bytes(b"yesterday's backup")
    result = cli("backup", dest, code=1)
    assert result.stderr == f"Error: {dest} already exists; use --force to replace it\n"
    assert result.stdout == ""
    assert dest.read_bytes() == b"yesterday's backup"
    cli("backup", dest, "--force")
    assert integrity(dest) == ["ok"]
    assert count(dest, "satker") == 19


def test_a_dest_in_a_missing_folder_is_refused(cli, initialized, tmp_path):
    dest = tmp_path / "no-such-folder" / "copy.db"
    result = cli("backup", dest, code=1)
    assert result.stderr == (f"Error: cannot write {dest}: folder {dest.parent} does not exist\n")
    assert not dest.parent.exists()


def test_a_folder_as_dest_is_refused(cli, initialized, tmp_path):
    target = tmp_path / "backups"
    target.mkdir()
    result = cli("backup", target, "--force", code=1)
    assert f"Error: {target} is a folder; give a file name" in result.stderr
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("name", ["adurabi.db", "adurabi.db-wal", "link.db"])
def test_the_database_itself_is_never_a_dest(cli, initialized, tmp_path, name):
    (tmp_path / "link.db").symlink_to(initialized)
    before = cli.json("satker", "list")
    size = initialized.stat().st_size
    result = cli("backup", tmp_path / name, "--force", code=1)
    assert "is the database itself (or one of its files); choose another" in result.stderr
    assert initialized.stat().st_size == size
    assert cli.json("satker", "list") == before


def test_a_missing_database_is_not_backed_up(cli, db_path, tmp_path):
    dest = tmp_path / "copy.db"
    result = cli("backup", dest, code=3)
    assert result.stderr == f"Error: no database at {db_path}; run `adurabi init`\n"
    assert not dest.exists()


def test_a_damaged_database_gives_no_backup(cli, initialized, tmp_path):
    corrupt_index_page(initialized)
    before = initialized.read_bytes()
    dest = tmp_path / "out" / "copy.db"
    dest.parent.mkdir()
    result = cli("backup", dest, code=3)
    assert result.stderr.startswith("Error: the backup copy failed its integrity check (")
    assert len(result.stderr.splitlines()) == 1
    assert not dest.exists()
    assert list(dest.parent.iterdir()) == []
    assert initialized.read_bytes() == before


def test_backup_from_another_engine_is_refused():
    url = "postgresql+psycopg://humas:rahasia@db/adurabi"
    store = SimpleNamespace(dialect="postgresql", url=url, location="postgresql://db/adurabi")
    with pytest.raises(InvalidInput, match="backed up with pg_dump") as caught:
        backup(store, Path("/tmp/never.db"))  # type: ignore[arg-type]
    assert "'postgresql://humas@db/adurabi'" in caught.value.message
    assert "rahasia" not in caught.value.message


def test_a_network_share_database_is_backed_up_with_one_warning(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_FS_TYPE", "smb3")
    dest = initialized.parent / "copy.db"
    result = cli("backup", dest)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1
    assert integrity(dest) == ["ok"]


# --- while others write -------------------------------------------------------------------


def _writer(conn_path: Path):
    """A second connection that commits one history row each time it is called."""
    conn = sqlite3.connect(conn_path, isolation_level=None, timeout=5)
    state = {"n": 0}

    def write(_remaining: int, _total: int) -> None:
        state["n"] += 1
        conn.execute(
            "INSERT INTO history (entity, entity_id, at, operator, action) "
            "VALUES ('test', ?, '2025-04-30 01:00:00', 'writer', 'note')",
            (state["n"],),
        )

    return conn, state, write


def _grow(path: Path, rows: int = 3000) -> None:
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO history (entity, entity_id, at, operator, action, note) "
        "VALUES ('seed', ?, '2025-04-01 01:00:00', 'seed', 'note', ?)",
        [(i, "x" * 200) for i in range(rows)],
    )
    conn.commit()
    conn.close()


def test_a_wal_backup_in_steps_is_one_snapshot_while_a_writer_commits_between_steps(
    initialized, tmp_path
):
    _grow(initialized)
    before = count(initialized, "history")
    conn, state, write = _writer(initialized)
    store = open_store(str(initialized))
    try:
        result = backup_database(store, tmp_path / "copy.db", step_pages=8, progress=write)
    finally:
        store.close()
        conn.close()
    assert state["n"] > 10  # the writer committed between many steps
    assert result.restarts == 0
    assert count(tmp_path / "copy.db", "history") == before
    assert count(initialized, "history") == before + state["n"]
    assert integrity(tmp_path / "copy.db") == ["ok"]


def test_a_rollback_journal_backup_restarted_by_writers_finishes_in_one_step(
    initialized, tmp_path, monkeypatch
):
    monkeypatch.setenv("ADURABI_FS_TYPE", "nfs4")
    _grow(initialized)
    store = open_store(str(initialized))
    conn, _, write = _writer(initialized)
    try:
        assert store.journal_mode == "delete"
        result = backup_database(
            store, tmp_path / "copy.db", step_pages=8, max_restarts=2, progress=write
        )
    finally:
        store.close()
        conn.close()
    assert result.restarts == 3  # the third restart switched to one step
    copied = count(tmp_path / "copy.db", "history")
    assert 3000 < copied <= count(initialized, "history")
    assert integrity(tmp_path / "copy.db") == ["ok"]
    assert leftovers(tmp_path) == []


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from datetime import datetime, timezone
    from adurabi_cli.db.models import History
    from adurabi_cli.db.store import open_store

    store = open_store(sys.argv[1])
    stop, ready = Path(sys.argv[2]), Path(sys.argv[3])
    table = History.__table__
    done = 0
    while done < 4000 and not stop.exists():
        with store.write() as conn:  # two rows per transaction: a copy holds pairs only
            for _ in range(2):
                conn.execute(table.insert(), {
                    "entity": "load", "entity_id": done, "at": datetime.now(timezone.utc),
                    "operator": "cron", "action": "note", "note": "x" * 300,
                })
        done += 1
        if done == 20:
            ready.touch()
        time.sleep(0.001)
    store.close()
    print(done)
    """
)


def test_backup_while_another_process_keeps_writing(initialized, tmp_path):
    _grow(initialized, rows=2000)
    stop, ready = tmp_path / "stop", tmp_path / "ready"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(initialized), str(stop), str(ready)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "ADURABI_LOCK_TIMEOUT": "20"},
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        dest = tmp_path / "copy.db"
        result = run_adurabi("backup", dest, "--json")
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert result.returncode == 0, result.stderr
    transactions = int(out)
    assert integrity(dest) == ["ok"]
    copied = count(dest, "history") - 2000
    assert copied % 2 == 0  # never half a transaction
    assert 40 <= copied <= 2 * transactions
    # Nothing the writer committed was lost to the backup.
    assert count(initialized, "history") == 2000 + 2 * transactions
    reopened = run_adurabi("--db", dest, "info")
    assert reopened.returncode == 0, reopened.stderr


def test_the_database_is_recognised_behind_a_uri(cli, initialized):
    url = f"sqlite:///file:{initialized}?mode=ro&uri=true"
    result = cli("--db", url, "backup", initialized, "--force", code=1)
    assert "is the database itself" in result.stderr
    copy = initialized.parent / "from-uri.db"
    cli("--db", url, "backup", copy)
    assert integrity(copy) == ["ok"]


def test_an_interrupted_backup_leaves_nothing_behind(initialized, tmp_path):
    _grow(initialized)
    dest = tmp_path / "out" / "copy.db"
    dest.parent.mkdir()

    def interrupt(remaining: int, _total: int) -> None:
        raise KeyboardInterrupt

    store = open_store(str(initialized))
    try:
        with pytest.raises(KeyboardInterrupt):
            backup_database(store, dest, step_pages=8, progress=interrupt)
        # The source is still usable by the same store afterwards.
        with store.write() as conn:
            conn.exec_driver_sql("INSERT INTO setting VALUES ('after', '1')")
    finally:
        store.close()
    assert list(dest.parent.iterdir()) == []
