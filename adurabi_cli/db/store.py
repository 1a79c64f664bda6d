"""The store: the only place that opens connections and runs transactions."""

from __future__ import annotations

import os
import sqlite3
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from adurabi_cli.db import migrations
from adurabi_cli.db.engine import apply_file_pragmas, lock_timeout, make_engine, sqlite_path, to_url
from adurabi_cli.db.filesystem import Filesystem, filesystem_of, network_warning
from adurabi_cli.db.permissions import create_database_file
from adurabi_cli.errors import Duplicate, StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
ROLLBACK_NOTE = "adurabi uses a rollback journal instead of WAL there"


@dataclass
class Store:
    """An open, validated, up-to-date adurabi database."""

    url: str
    engine: Engine
    path: Path | None
    journal_mode: str = "wal"
    created: bool = False
    upgraded: list[str] = field(default_factory=list)
    filesystem: Filesystem | None = None
    # Sentences worth a warning (network filesystem), already printed on stderr by open_store.
    warnings: list[str] = field(default_factory=list)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def location(self) -> str:
        """Where the data lives, for messages: the file path or the URL without password."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction: every query inside sees one consistent snapshot."""
        with self._translated(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One short write transaction that commits or rolls back whole."""
        with (
            self._translated(),
            self.engine.connect().execution_options(adurabi_write=True) as conn,
            conn.begin(),
        ):
            yield conn

    def schema_version(self) -> int:
        with self.read() as conn:
            return migrations.current_version(conn)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError as exc:
            raise Duplicate(f"the record would repeat one already stored ({_reason(exc)})") from exc
        except DBAPIError as exc:
            raise storage_error(exc, self.location) from exc


def storage_error(exc: DBAPIError | sqlite3.Error, location: str) -> StorageError:
    """One sentence for a database failure, by what the driver said."""
    reason = _reason(exc).lower()
    if "locked" in reason or "busy" in reason:
        return StorageError(
            f"the database at {location} is locked by another program (waited "
            f"{lock_timeout():g} s); try again when it has finished"
        )
    if "readonly" in reason or "read-only" in reason:
        return StorageError(f"the database at {location} is read-only; nothing was changed")
    if "full" in reason:
        return StorageError(f"the disk holding {location} is full; nothing was changed")
    if "not a database" in reason:
        return StorageError(f"{location} is not an adurabi database")
    if "malformed" in reason or "corrupt" in reason:
        return StorageError(
            f"the database at {location} is damaged ({_reason(exc)}); restore it from a backup"
        )
    if isinstance(exc, OperationalError | sqlite3.OperationalError) and "unable to open" in reason:
        return StorageError(f"cannot open the database at {location}")
    return StorageError(f"database problem at {location}: {_reason(exc)}")


def _reason(exc: DBAPIError | sqlite3.Error) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# Streams already warned, so a command that opens the store twice warns once; keyed by the
# stream because a test runner gives every invoked command a fresh one.
_warned: weakref.WeakKeyDictionary[TextIO, set[str]] = weakref.WeakKeyDictionary()


def warn_once(text: str) -> None:
    """One `Warning: ...` line on stderr, once per command; a warning never changes the exit."""
    stream = sys.stderr
    try:
        seen = _warned.setdefault(stream, set())
    except TypeError:  # a stream that cannot be weakly referenced: warn every time
        seen = set()
    if text in seen:
        return
    seen.add(text)
    stream.write(f"Warning: {text}\n")
    stream.flush()


def open_store(target: str, *, create: bool = False, make_folder: bool = False) -> Store:
    """Open and validate the database at target (path or URL), upgrading its schema.

    With create=False a missing SQLite file is refused rather than created, so a mistyped
    path never leaves an empty database behind. Nothing is written to a file that is not
    an adurabi database.
    """
    url = to_url(target)
    try:
        path = sqlite_path(url)
    except Exception as exc:  # SQLAlchemy's parser raises several kinds for a malformed URL
        raise StorageError(f"cannot use the database URL {_without_password(url)!r}") from exc
    fs: Filesystem | None = None
    journal_mode = "wal"
    if path is not None:
        if create and make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        _check_sqlite_file(path, create=create)
        fs = filesystem_of(path.parent)
        if fs.network:
            journal_mode = "delete"
        if create and not path.exists():
            # Before SQLite does, so the file gets the shared folder's group and mode.
            create_database_file(path)
    location = str(path) if path is not None else _without_password(url)
    try:
        engine = make_engine(url, journal_mode=journal_mode)
    except Exception as exc:  # a malformed URL or a missing driver
        raise StorageError(f"cannot use the database URL {location!r}: {exc}") from exc
    store = Store(url=url, engine=engine, path=path, journal_mode=journal_mode, filesystem=fs)
    try:
        _prepare(store, create=create)
    except (DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        raise storage_error(exc, location) from exc
    except BaseException:
        engine.dispose()
        raise
    for text in store.warnings:
        warn_once(text)
    return store


def _without_password(url: str) -> str:
    """The URL as messages may show it: error lines end up in cron mails and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparsable: show nothing that might be a secret
        return url.split("://", 1)[0] + "://..."


def _network_warnings(store: Store, wanted: str) -> list[str]:
    fs = store.filesystem
    if fs is None or not fs.network or store.path is None:
        return []
    if store.journal_mode == wanted:
        fallback = ROLLBACK_NOTE
    else:
        fallback = (
            f"the journal mode stays {store.journal_mode} because another program has the file open"
        )
    return [network_warning(store.path.parent, fs, fallback)]


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():  # reading a pipe's header would block forever
        raise StorageError(f"{path} is not a database file (a device, a pipe or a socket)")
    if not path.exists():
        if not create:
            raise StorageError(f"no database at {path}; run `adurabi init`")
        if not path.parent.is_dir():
            raise StorageError(f"cannot create {path}: folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK):
            raise StorageError(f"cannot create {path}: folder {path.parent} is not writable")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from exc
    if header == b"" and create:
        return
    if header != SQLITE_HEADER:
        raise StorageError(f"{path} is not an adurabi database (not an SQLite file)")


def _prepare(store: Store, *, create: bool) -> None:
    """Validate what is there, then create or upgrade the schema and set the journal mode."""
    with store.engine.connect() as conn:
        has_schema = migrations.has_schema_table(conn)
        if not has_schema and migrations.has_any_table(conn):
            raise StorageError(f"{store.location} is not an adurabi database")
        version = migrations.current_version(conn) if has_schema else 0
        conn.rollback()
    if version > migrations.LATEST:
        raise StorageError(
            f"{store.location} was written by a newer adurabi (schema {version}, this "
            f"program knows {migrations.LATEST}); upgrade adurabi to use it"
        )
    if version == 0 and not create:
        raise StorageError(f"{store.location} has no adurabi schema; run `adurabi init`")
    if store.path is not None:
        wanted = store.journal_mode
        store.journal_mode = apply_file_pragmas(store.engine, wanted)
        store.warnings = _network_warnings(store, wanted)
    if version == 0:
        with store.write() as conn:
            # Another process may have created it while we waited for the lock.
            if not migrations.has_schema_table(conn):
                migrations.create_schema(conn)
                store.created = True
    elif version < migrations.LATEST:
        with store.write() as conn:
            store.upgraded = migrations.upgrade(conn, migrations.current_version(conn))
