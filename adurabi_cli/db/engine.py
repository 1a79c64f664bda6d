"""Engines from a URL or a bare path, with the settings every connection needs.

SQLite: pragmas on every connection and our own BEGIN. PostgreSQL (psycopg 3, the
`postgres` extra): a lock wait bounded like SQLite's busy timeout, and the partial
indexes' conditions, which the models only declare for SQLite.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url

from adurabi_cli.config import lock_timeout
from adurabi_cli.errors import StorageError

# Seconds to wait for a PostgreSQL server to answer before giving up on it.
CONNECT_TIMEOUT = 10
POSTGRES_DRIVER = "postgresql+psycopg"
POSTGRES_EXTRA = "pip install 'adurabi[postgres]'"


def to_url(target: str) -> str:
    """A bare path means an SQLite file; anything with '://' is an SQLAlchemy URL.

    `postgresql://` and `postgres://` without a driver mean psycopg 3, the driver the
    `postgres` extra installs (SQLAlchemy's own default would be psycopg2).
    """
    if "://" in target:
        scheme, rest = target.split("://", 1)
        if scheme in ("postgresql", "postgres"):
            return f"{POSTGRES_DRIVER}://{rest}"
        return target
    return "sqlite:///" + str(Path(target).expanduser().absolute())


# Parameters of a URL that carry a secret, or say where one is kept (libpq's names; compared
# without regard to case, after percent-decoding, as SQLAlchemy parses them).
SECRET_PARAMETERS = frozenset({"password", "sslpassword", "passfile"})
HIDDEN = "***"
_MARK = "adurabi-hidden-value"  # a stand-in that URL quoting leaves as it is


def safe_url(target: str) -> str:
    """The URL or path as every message shows it: the password and each secret-bearing
    parameter replaced by ***. The one function for it: nothing shows a URL otherwise."""
    if "://" not in target:
        return target
    try:
        url = make_url(target)
        hidden = {key: _MARK for key in url.query if key.lower() in SECRET_PARAMETERS}
        shown = url.update_query_dict(hidden).render_as_string(hide_password=True)
    except Exception:  # unparsable: show nothing that might be a secret
        return target.split("://", 1)[0] + "://..."
    return shown.replace(_MARK, HIDDEN)


def url_secrets(target: str) -> list[str]:
    """The secret values a URL carries (password, secret parameters), to keep out of text."""
    try:
        url = make_url(target)
    except Exception:
        return []
    found = [url.password] if url.password else []
    for key, value in url.query.items():
        if key.lower() in SECRET_PARAMETERS:
            found += [value] if isinstance(value, str) else list(value)
    return [secret for secret in found if secret]


def libpq_url(url: str) -> str:
    """A PostgreSQL URL as psql and pg_dump take it: no SQLAlchemy driver, no password, no
    secret-bearing parameter (they read ~/.pgpass or PGPASSWORD)."""
    parsed = make_url(url)
    bare = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query={k: v for k, v in parsed.query.items() if k.lower() not in SECRET_PARAMETERS},
    )
    return bare.render_as_string(hide_password=False)


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
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(parsed)
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


def _postgresql_engine(parsed: URL) -> Engine:
    if parsed.drivername == POSTGRES_DRIVER and importlib.util.find_spec("psycopg") is None:
        raise StorageError(f"PostgreSQL needs the psycopg driver; install it with {POSTGRES_EXTRA}")
    partial_indexes_for("postgresql")
    connect_args: dict[str, object] = {}
    if parsed.drivername == POSTGRES_DRIVER:
        connect_args["application_name"] = "adurabi"
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT
        if "options" not in parsed.query:
            # A writer waiting for another's row lock gives up after the same budget as on
            # SQLite, and the error says the database is locked (exit 3).
            # lock_timeout=0 would mean "wait forever" to the server: 1 ms is "do not wait".
            wait = max(1, int(lock_timeout() * 1000))
            connect_args["options"] = f"-c lock_timeout={wait}"
    # pre_ping: `monitor` keeps its engine for hours, across server restarts.
    return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


_indexed_for: set[str] = set()


def partial_indexes_for(dialect: str) -> None:
    """Give the partial indexes their condition for another dialect, from the SQLite one.

    Once per process; creating the schema or comparing it on that dialect needs it.
    """
    if dialect in _indexed_for:
        return
    from sqlmodel import SQLModel

    import adurabi_cli.db.models  # noqa: F401  (every table in the metadata)

    for table in SQLModel.metadata.tables.values():
        for index in table.indexes:
            where = index.dialect_options["sqlite"]["where"]
            if where is not None:
                index.dialect_kwargs[f"{dialect}_where"] = where
    _indexed_for.add(dialect)


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
