"""What the proof tests measure the program with, independent of the code under test.

The database is read with the standard library's `sqlite3` directly (psycopg on PostgreSQL),
never through adurabi's store, so a bug in the store cannot hide itself.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from tests.dbtarget import rows

ROOT = Path(__file__).resolve().parents[2]
# Characters that must never reach a stored text: C0 controls but tab and line breaks, DEL.
CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f"
# The 100,000-row CSV of complaints (conftest.big_csv) and the words of its summaries.
IMPORT_ROWS = 100_000
SATKER = ["kanwil", "lapas-kerobokan", "rutan-bangli", "kanim-denpasar", "bapas-denpasar"]
WORDS = [
    "warga",
    "mengeluhkan",
    "antrean",
    "kunjungan",
    "panjang",
    "petugas",
    "ramah",
    "biaya",
    "paspor",
    "berkas",
]


def table_digests(path: Path | str) -> dict[str, str]:
    """A checksum of every table's contents (and the schema), order-independent.

    Rows are sorted by their repr, so a vacuum or a page reorganisation that changes
    nothing a reader can see keeps the same digest. On PostgreSQL (path is a URL) the same
    through psycopg, with the schema read from the catalog.
    """
    if _on_server(path):
        return _server_digests(str(path))
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        digests = {"(schema)": _digest(conn.execute("SELECT type, name, sql FROM sqlite_master"))}
        for table in tables:
            digests[table] = _digest(conn.execute(f'SELECT * FROM "{table}"'))
    finally:
        conn.close()
    return digests


def _server_digests(url: str) -> dict[str, str]:
    with _server(url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() ORDER BY table_name"
            )
        ]
        schema = conn.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = current_schema() "
            "UNION ALL SELECT tablename, indexname, indexdef, '', '' FROM pg_indexes "
            "WHERE schemaname = current_schema()"
        )
        digests = {"(schema)": _digest(schema)}
        for table in tables:
            digests[table] = _digest(conn.execute(f'SELECT * FROM "{table}"'))
    return digests


def _digest(rows) -> str:
    hashed = sorted(hashlib.sha256(repr(row).encode()).hexdigest() for row in rows)
    return hashlib.sha256("".join(hashed).encode()).hexdigest() + f":{len(hashed)}"


def integrity(path: Path | str) -> str:
    """SQLite's integrity_check; on PostgreSQL, that no index was left invalid."""
    if _on_server(path):
        with _server(str(path)) as conn:
            broken = conn.execute(
                "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid"
            ).fetchall()
        return "ok" if not broken else f"invalid indexes: {broken}"
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def foreign_key_problems(path: Path | str) -> list[tuple]:
    """SQLite's foreign_key_check; on PostgreSQL, foreign keys not enforced on every row."""
    if _on_server(path):
        return query(
            path, "SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
        )
    return query(path, "PRAGMA foreign_key_check")


def query(path: Path | str, sql: str, *params) -> list[tuple]:
    """Rows as tuples; on PostgreSQL with values as sqlite3 returns them (tests/dbtarget)."""
    if _on_server(path):
        return [tuple(row.values()) for row in rows(path, sql, *params)]
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stored_texts(path: Path | str) -> list[str]:
    """Every text value of the complaint, news and history tables."""
    texts: list[str] = []
    for table in ("complaint", "news", "history", "satker", "vocab", "holiday"):
        for row in query(path, f'SELECT * FROM "{table}"'):
            texts += [value for value in row if isinstance(value, str)]
    return texts


class WriteLock:
    """Another program holding the database's write lock until release().

    SQLite: a `BEGIN IMMEDIATE` transaction. PostgreSQL: a transaction holding every adurabi
    table in EXCLUSIVE mode, which shuts out every write and row lock but no plain read.
    """

    def __init__(self, path: Path | str) -> None:
        self.conn: Any
        if _on_server(path):
            self.conn = _server(str(path))  # psycopg begins the transaction itself
            self.conn.execute(f"LOCK TABLE {', '.join(_TABLES)} IN EXCLUSIVE MODE")
        else:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.rollback()
        self.conn.close()


_TABLES = (
    "satker",
    "vocab",
    "holiday",
    "setting",
    "number_sequence",
    "complaint",
    "news",
    "nil_report",
    "history",
)


def written_bytes(path: Path | str) -> int:
    """How far an open write transaction has got: SQLite's -wal file, a server's complaint
    table with its indexes (rows not committed yet take room all the same)."""
    if _on_server(path):
        return query(path, "SELECT pg_total_relation_size('complaint')")[0][0]
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def _on_server(path: Path | str) -> bool:
    return "://" in str(path)


def _server(url: str):
    """A psycopg connection to the test's server database, apart from adurabi's store."""
    import psycopg
    from sqlalchemy.engine import make_url

    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))


def env_for(db_path: Path, **extra: str) -> dict[str, str]:
    """The environment of an adurabi subprocess working on db_path.

    PYTHONPATH names this checkout, so `python -m adurabi_cli` runs the code under test
    whatever the working folder (another copy may be installed).
    """
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "ADURABI_DB": str(db_path), "PYTHONPATH": path, **extra}


def adurabi_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "adurabi_cli", *map(str, args)]


def assert_one_error_line(stderr: str) -> None:
    """Exit 1 or 3: exactly one `Error: ...` line, never a traceback or an internal error."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert lines[0].startswith("Error: "), stderr
    assert "unexpected internal error" not in lines[0], stderr
