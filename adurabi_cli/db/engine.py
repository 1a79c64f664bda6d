"""Engines from a URL or a bare path, with the SQLite settings every connection needs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_LOCK_TIMEOUT = 30.0


def lock_timeout() -> float:
    """Seconds a writer waits for another program's lock (ADURABI_LOCK_TIMEOUT)."""
    raw = os.environ.get("ADURABI_LOCK_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value > 0 else DEFAULT_LOCK_TIMEOUT


def to_url(target: str) -> str:
    """A bare path means an SQLite file; anything with '://' is an SQLAlchemy URL."""
    if "://" in target:
        return target
    return "sqlite:///" + str(Path(target).expanduser().absolute())


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other engines and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def make_engine(url: str, *, journal_mode: str = "wal") -> Engine:
    """Create the engine; for SQLite set pragmas on every connection and take over BEGIN."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    timeout = lock_timeout()
    # WAL is safe from corruption with synchronous=NORMAL; a rollback journal (the fallback on
    # network filesystems) needs FULL to survive a power cut at the wrong moment.
    synchronous = "NORMAL" if journal_mode.lower() == "wal" else "FULL"
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # The driver's own implicit BEGIN is deferred; we issue BEGIN ourselves (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A deferred transaction that reads then writes fails at once with "database is
        # locked" whatever the timeout; writers take the lock up front instead.
        if conn.get_execution_options().get("adurabi_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def apply_file_pragmas(engine: Engine, journal_mode: str) -> str:
    """Set the journal mode (a setting stored in the file) once the file is known to be ours.

    Returns the mode in force. Leaving WAL needs every other connection closed; when another
    program holds the file open the mode stays as it is rather than failing the command.
    """
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        current = driver.execute("PRAGMA journal_mode").fetchone()[0].lower()
        if current == journal_mode.lower():
            return current
        try:
            return driver.execute(f"PRAGMA journal_mode = {journal_mode}").fetchone()[0].lower()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            return current
