"""Opening, creating, validating and upgrading the database file."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from adurabi_cli.db.migrations import LATEST
from tests.conftest import run_adurabi
from tests.dbtarget import ENGINE, drop_kept_index, dump, execute, scalar, table_names

FIXTURES = Path(__file__).parent / "fixtures"


def _digest(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def test_init_creates_the_database_and_seeds_satker(cli, db_path):
    result = cli("init")
    assert "Created the database" in result.stderr
    assert "Added 19 satker" in result.stderr
    satker = cli.json("satker", "list")
    assert len(satker) == 19
    assert satker[0] == {
        "code": "kanwil",
        "name": "Kantor Wilayah Kementerian Hukum dan HAM Bali",
        "kind": "kanwil",
        "active": True,
        "contact_name": None,
        "email": None,
        "phone": None,
        "aliases": "Kanwil Bali; Kanwil Kemenkumham Bali",
    }
    if ENGINE == "sqlite":
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cli.json("info")["engine"] == ENGINE


def test_init_twice_changes_nothing_and_says_so(cli, db_path):
    cli("init")
    cli("satker", "update", "kanwil", "--name", "Kanwil Kemenkum Bali")
    result = cli("init")
    assert "Nothing to do" in result.stderr
    assert cli.json("satker", "list")[0]["name"] == "Kanwil Kemenkum Bali"


def test_init_with_a_satker_file(cli, tmp_path):
    csv = tmp_path / "units.csv"
    csv.write_text("code;name;kind\nkanwil-x;Kanwil X;kanwil\nlapas-y;Lapas Y;lapas\n")
    cli("init", "--satker-file", csv)
    assert [s["code"] for s in cli.json("satker", "list")] == ["kanwil-x", "lapas-y"]


def test_init_with_a_bad_satker_file_creates_nothing(cli, tmp_path, db_path):
    csv = tmp_path / "units.csv"
    csv.write_text("code,name,kind\nBad Code,X,lapas\n")
    result = cli("init", "--satker-file", csv, code=1)
    assert "row 2, column code" in result.stderr
    if ENGINE == "sqlite":
        assert not db_path.exists()
    assert table_names(db_path) == []


@pytest.mark.sqlite_only
def test_every_command_refuses_a_missing_database(cli, db_path):
    result = cli("satker", "list", code=3)
    assert result.stderr.strip() == f"Error: no database at {db_path}; run `adurabi init`"
    assert not db_path.exists()


def test_db_option_wins_over_environment(cli, tmp_path):
    other = tmp_path / "other.db"
    cli("--db", other, "init")
    assert other.exists()
    info = cli.json("--db", other, "info")
    assert info["location"] == str(other)
    assert info["source"] == "--db"
    assert info["operator"] == "tester"
    assert info["schema_version"] == LATEST
    assert info["counts"]["satker"] == 19


def test_operator_option(cli, initialized):
    assert cli.json("--operator", "budi", "info")["operator"] == "budi"


def test_default_location_is_the_user_data_folder(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("ADURABI_DB")
    cli("init")
    info = cli.json("info")
    assert info["source"] == "default"
    assert info["location"].startswith(str(tmp_path / "home"))
    assert info["location"].endswith("adurabi.db")


def test_a_folder_is_refused(cli, tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    for args in (("init",), ("satker", "list")):
        result = cli("--db", folder, *args, code=3)
        assert result.stderr.strip() == f"Error: {folder} is a folder, not a database file"


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(cli, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Catatan rapat humas, bukan database.\n" * 20)
    before = _digest(path)
    for args in (("init",), ("satker", "list")):
        result = cli("--db", path, *args, code=3)
        assert (
            result.stderr.strip()
            == f"Error: {path} is not an adurabi database (not an SQLite file)"
        )
    assert _digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_another_programs_sqlite_database_is_refused_and_untouched(cli, tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE stuff (x)")
        conn.execute("INSERT INTO stuff VALUES (1)")
    conn.close()
    before = _digest(path)
    for args in (("init",), ("info",)):
        result = cli("--db", path, *args, code=3)
        assert "is not an adurabi database" in result.stderr
    assert _digest(path) == before


@pytest.mark.sqlite_only
def test_a_corrupt_database_is_refused(cli, initialized):
    data = bytearray(initialized.read_bytes())
    # Keep the header, scribble over the schema page.
    data[100:4096] = b"\xff" * (4096 - 100)
    initialized.write_bytes(bytes(data))
    before = _digest(initialized)
    result = cli("satker", "list", code=3)
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "damaged" in result.stderr or "not an adurabi database" in result.stderr
    assert _digest(initialized) == before


@pytest.mark.sqlite_only
def test_a_truncated_database_is_refused(cli, initialized):
    data = initialized.read_bytes()
    initialized.write_bytes(data[:1500])
    result = cli("satker", "list", code=3)
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr


def test_a_newer_schema_is_refused_untouched(cli, initialized):
    execute(
        initialized,
        "INSERT INTO schema_migration VALUES (?, 'from the future', '2030-01-01 00:00:00')",
        LATEST + 1,
    )
    before = dump(initialized), _digest(initialized) if ENGINE == "sqlite" else None
    result = cli("satker", "list", code=3)
    assert f"newer adurabi (schema {LATEST + 1}" in result.stderr
    assert (dump(initialized), _digest(initialized) if ENGINE == "sqlite" else None) == before


@pytest.mark.sqlite_only
def test_a_read_only_database_refuses_writes_and_allows_reads(cli, initialized):
    url = f"sqlite:///file:{initialized}?mode=ro&uri=true"
    before = cli.json("satker", "list")
    assert cli.json("--db", url, "satker", "list") == before
    result = cli(
        "--db",
        url,
        "satker",
        "add",
        "lapas-baru",
        "--name",
        "Lapas Baru",
        "--kind",
        "lapas",
        code=3,
    )
    assert "read-only" in result.stderr
    assert cli.json("satker", "list") == before


def test_schema_1_gets_the_partial_index_of_close_dates(cli, initialized):
    """Migration 2, on either engine: the plain index of version 1 becomes the partial one."""
    # Added by migration 15.
    drop_kept_index(initialized, "complaint_text")
    execute(initialized, "DROP INDEX ix_complaint_resolved")
    execute(initialized, "CREATE INDEX ix_complaint_resolved ON complaint (resolved_on)")
    # Added by migrations 3 to 5.
    execute(initialized, "DROP TABLE news_nil_report")
    execute(initialized, "DROP TABLE official_holiday")
    execute(initialized, "DROP TABLE reminder")
    execute(initialized, "DROP TABLE operator")
    execute(initialized, "ALTER TABLE history DROP COLUMN login")
    for column in ("contact_name", "email", "phone"):
        execute(initialized, f"ALTER TABLE satker DROP COLUMN {column}")
    # Added by migration 7.
    for column in ("officer", "officer_nip"):
        execute(initialized, f"ALTER TABLE complaint DROP COLUMN {column}")
    # Added by migration 8.
    execute(initialized, "DROP INDEX ux_complaint_external_key")
    execute(initialized, "ALTER TABLE complaint DROP COLUMN external_key")
    execute(
        initialized,
        "CREATE UNIQUE INDEX ux_complaint_external_ref ON complaint (external_ref) "
        "WHERE external_ref IS NOT NULL AND deleted_at IS NULL",
    )
    # Added by migration 10.
    execute(initialized, "DROP TABLE complaint_reply")
    # Added by migration 11.
    execute(initialized, "ALTER TABLE satker DROP COLUMN aliases")
    # Added by migration 12.
    execute(initialized, "DROP INDEX ux_complaint_forwarded_from")
    execute(initialized, "ALTER TABLE complaint DROP COLUMN forwarded_from_id")
    # Added by migration 13.
    execute(initialized, "ALTER TABLE complaint DROP COLUMN sla_days")
    # Added by migration 14.
    execute(initialized, "DROP TABLE complaint_file")
    # Added by migration 16.
    execute(initialized, "DROP TABLE period_close")
    # Added by migration 17.
    execute(initialized, "DROP TABLE news_satker")
    # Added by migration 18.
    drop_kept_index(initialized, "complaint_span")
    execute(initialized, "DELETE FROM schema_migration WHERE version > 1")
    cli("init")  # upgrades; the commands that only read refuse an older schema
    assert cli.json("info")["schema_version"] == LATEST
    if ENGINE == "sqlite":
        sql = "SELECT sql FROM sqlite_master WHERE name = 'ix_complaint_resolved'"
    else:
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_complaint_resolved'"
    assert "resolved_on IS NOT NULL" in scalar(initialized, sql).replace("(", "").replace(")", "")


def test_schema_v1_file_upgrades_in_place_with_nothing_lost(cli, tmp_path):
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", path)
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    conn.close()
    cli("--db", path, "init")
    info = cli.json("--db", path, "info")
    assert info["schema_version"] == LATEST
    assert info["counts"]["official_holidays"] > 500  # 2000 to ten years ahead, from the package
    with sqlite3.connect(path) as conn:
        for table, rows in before.items():
            if table == "schema_migration":
                continue
            after = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()[: len(rows)]
            # Columns added since version 1 come after the old ones.
            assert [row[: len(rows[0])] for row in after] == rows
        # The shipped registry's short names for the satker it lists.
        aliases = dict(conn.execute("SELECT code, aliases FROM satker"))
        sla_days = [row[0] for row in conn.execute("SELECT sla_days FROM complaint")]
    conn.close()
    assert aliases["lapas-kerobokan"] == "LP Kerobokan"
    # Each stored complaint keeps the working days of the setting it was given.
    assert set(sla_days) == {14}


@pytest.mark.sqlite_only
def test_upgraded_v1_file_has_the_same_schema_as_a_new_one(cli, tmp_path, db_path):
    cli("init")
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", path)
    cli("--db", path, "init")

    def shape(p):
        with sqlite3.connect(p) as conn:
            rows = conn.execute(
                "SELECT type, name, tbl_name, type = 'index' AND sql FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
            columns = {
                t: [c[1:3] for c in conn.execute(f"PRAGMA table_info({t})")]
                for (kind, t, _, _) in rows
                if kind == "table"
            }
        conn.close()
        return sorted(rows), columns

    assert shape(path) == shape(db_path)


@pytest.mark.sqlite_only
def test_a_held_write_lock_past_the_budget_exits_3(initialized):
    """Another program holding the write lock makes a writer give up with exit 3, unchanged."""
    holder = sqlite3.connect(initialized, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        start = time.monotonic()
        result = run_adurabi(
            "satker",
            "add",
            "lapas-baru",
            "--name",
            "Lapas Baru",
            "--kind",
            "lapas",
            env={"ADURABI_LOCK_TIMEOUT": "1"},
        )
        waited = time.monotonic() - start
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 3, result.stderr
    assert "locked by another program" in result.stderr
    assert "Traceback" not in result.stderr
    assert waited >= 1
    with sqlite3.connect(initialized) as conn:
        assert (
            conn.execute("SELECT count(*) FROM satker WHERE code='lapas-baru'").fetchone()[0] == 0
        )
    conn.close()


@pytest.mark.sqlite_only
def test_a_writer_waits_for_a_short_lock_and_succeeds(initialized, cli):
    holder = sqlite3.connect(initialized, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    timer.start()
    try:
        result = run_adurabi(
            "satker",
            "add",
            "lapas-baru",
            "--name",
            "Lapas Baru",
            "--kind",
            "lapas",
            env={"ADURABI_LOCK_TIMEOUT": "10"},
        )
    finally:
        timer.join()
        holder.close()
    assert result.returncode == 0, result.stderr
    assert "lapas-baru" in [s["code"] for s in cli.json("satker", "list")]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("pragma, expected", [("foreign_keys", 1), ("synchronous", 1)])
def test_connections_get_the_sqlite_settings(initialized, pragma, expected):
    from adurabi_cli.db.store import open_store

    store = open_store(str(initialized))
    try:
        with store.read() as conn:
            assert conn.exec_driver_sql(f"PRAGMA {pragma}").scalar() == expected
    finally:
        store.close()
