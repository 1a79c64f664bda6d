"""Engines from a URL or a bare path, with the settings every connection needs.

SQLite: pragmas on every connection and our own BEGIN. PostgreSQL (psycopg 3, the
`postgres` extra): a lock wait bounded like SQLite's busy timeout, and the partial
indexes' conditions, which the models only declare for SQLite.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url

from adurabi_cli.config import lock_timeout
from adurabi_cli.errors import StorageError
from adurabi_cli.i18n import _

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


def make_engine(url: str, *, journal_mode: str = "wal", read_only: bool = False) -> Engine:
    """Create the engine; for SQLite set pragmas on every connection and take over BEGIN.

    read_only: no connection can write (see read_only_uri for an SQLite file).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(parsed)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    timeout = lock_timeout()
    # WAL is safe from corruption with synchronous=NORMAL; a rollback journal (the fallback on
    # network filesystems) needs FULL to survive a power cut at the wrong moment.
    synchronous = "NORMAL" if journal_mode.lower() == "wal" else "FULL"
    path = sqlite_path(url)
    uri = read_only_uri(path) if read_only and path is not None else None
    if uri is None:
        engine = create_engine(url, connect_args={"timeout": timeout})
    else:
        engine = create_engine(
            url,
            creator=lambda: sqlite3.connect(
                uri, uri=True, timeout=timeout, check_same_thread=False
            ),
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # The driver's own implicit BEGIN is deferred; we issue BEGIN ourselves (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
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


WAL_HEADER_BYTE = 18  # 2 there: the file is in WAL mode (the only journal mode it records)


def read_only_uri(path: Path) -> str | None:
    """How a read-only command opens an SQLite file: None for a plain connection, else the
    `file:` URI of a connection that cannot write.

    A file this process may write, in a folder it may write, gets a plain connection kept
    from writing by `PRAGMA query_only`: SQLite may still do its own housekeeping (roll back
    a crashed writer's journal, remove its empty -wal and -shm on closing), never a change of
    ours. Elsewhere `mode=ro`. A file in WAL mode needs a -shm file beside it, which a
    read-only folder cannot get: when the file has no -wal (it was closed cleanly, so all of
    it is in the file) and nobody can change it (a read-only mount, or no write permission
    bit at all) it is opened `immutable=1`, without locks; otherwise SQLite refuses it and the
    error says why (storage_error).
    """
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
        return None
    uri = f"file:{quote(str(path))}?mode=ro"
    if _in_wal_mode(path) and not os.path.lexists(f"{path}-wal") and _unchangeable(path):
        uri += "&immutable=1"
    return uri


def _in_wal_mode(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(WAL_HEADER_BYTE)
            return handle.read(1) == b"\x02"
    except OSError:
        return False


def _unchangeable(path: Path) -> bool:
    """Nobody can write the file: it is on a read-only mount or has no write bit at all."""
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    try:
        return not path.stat().st_mode & 0o222
    except OSError:
        return False


def _postgresql_engine(parsed: URL) -> Engine:
    if parsed.drivername == POSTGRES_DRIVER and importlib.util.find_spec("psycopg") is None:
        raise StorageError(
            _("PostgreSQL needs the psycopg driver; install it with {POSTGRES_EXTRA}").format(
                POSTGRES_EXTRA=POSTGRES_EXTRA
            )
        )
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


def file_journal_mode(engine: Engine, path: Path) -> str:
    """The journal mode of the file as it is, without changing it.

    SQLite says, except on a connection opened immutable, which reports "delete" for every
    file: then the file's header does. The header is read only for a file nobody can write:
    closing any descriptor of the file drops every POSIX lock this process holds on it, the
    locks of SQLite's own open connections included, and a writer elsewhere could then
    checkpoint and reset the write-ahead log under them (a "malformed" read).
    """
    with engine.connect() as conn:
        mode = str(conn.connection.driver_connection.execute("PRAGMA journal_mode").fetchone()[0])
    if mode != "wal" and _unchangeable(path) and _in_wal_mode(path):
        return "wal"
    return mode
