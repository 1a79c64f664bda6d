"""The store: the only place that opens connections and runs transactions."""

from __future__ import annotations

import os
import sqlite3
import sys
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from adurabi_cli import tempfiles
from adurabi_cli.db import migrations
from adurabi_cli.db.engine import (
    HIDDEN,
    apply_file_pragmas,
    file_journal_mode,
    lock_timeout,
    make_engine,
    safe_url,
    sqlite_path,
    to_url,
    url_secrets,
)
from adurabi_cli.db.filesystem import Filesystem, filesystem_of, network_warning
from adurabi_cli.db.locks import lock_setup
from adurabi_cli.db.permissions import create_database_file
from adurabi_cli.errors import AdurabiError, Duplicate, RuleViolation, StorageError
from adurabi_cli.i18n import N_, _

SQLITE_HEADER = b"SQLite format 3\x00"
# The files SQLite keeps beside a database while it is in use, named after it.
SIDECARS = ("-wal", "-shm", "-journal")

# SQLite: a write takes the database's one write lock at BEGIN (see engine.py). PostgreSQL:
# a read is one snapshot (REPEATABLE READ; READ COMMITTED would give each statement its own,
# and a recap's queries would disagree); a write is READ COMMITTED, each statement seeing
# what others committed, and takes row locks where it reads before it writes (the year's
# tracking-number counter, the record it changes: see locks.py).
_READ_OPTIONS: dict[str, dict[str, object]] = {
    "postgresql": {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True},
}
_WRITE_OPTIONS: dict[str, dict[str, object]] = {
    "sqlite": {"adurabi_write": True},
    "postgresql": {"isolation_level": "READ COMMITTED", "adurabi_write": True},
}
ROLLBACK_NOTE = N_("adurabi uses a rollback journal instead of WAL there")


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
    def server_version(self) -> str | None:
        """The database server's version ('15.18') once connected; None for SQLite."""
        if self.dialect == "sqlite":
            return None
        info = self.engine.dialect.server_version_info
        return ".".join(map(str, info)) if info else None

    @property
    def location(self) -> str:
        """Where the data lives, for messages: the file path or the URL without password."""
        if self.path is not None:
            return str(self.path)
        return safe_url(self.url)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction: every query inside sees one consistent snapshot."""
        with (
            self._translated(),
            self.engine.connect().execution_options(**_READ_OPTIONS.get(self.dialect, {})) as conn,
            conn.begin(),
        ):
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One short write transaction that commits or rolls back whole."""
        with (
            self._translated(),
            self.engine.connect().execution_options(
                **_WRITE_OPTIONS.get(self.dialect, {"adurabi_write": True})
            ) as conn,
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
            raise Duplicate(
                _("the record would repeat one already stored ({value})").format(value=_reason(exc))
            ) from exc
        except DBAPIError as exc:
            raise storage_error(exc, self.location) from exc


def storage_error(exc: DBAPIError | sqlite3.Error, location: str) -> AdurabiError:
    """One sentence for a database failure, by what the driver said."""
    reason = _reason(exc).lower()
    server = _server_error(exc, location)
    if server is not None:
        return server
    if "locked" in reason or "busy" in reason:
        return StorageError(
            _(
                "the database at {location} is locked by another program "
                "(waited {value:g} s); try again when it has finished"
            ).format(location=location, value=lock_timeout())
        )
    cause = getattr(exc.orig if isinstance(exc, DBAPIError) else exc, "sqlite_errorname", None)
    if cause in ("SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_CANTINIT"):
        return StorageError(
            _(
                "cannot read {location} here: it is in WAL mode and SQLite "
                "needs its -shm file beside it, in a folder this user cannot "
                "write; read it from a folder that can be written, or read a "
                "backup (`adurabi backup` writes files that open anywhere)"
            ).format(location=location)
        )
    if cause == "SQLITE_READONLY_ROLLBACK":
        return StorageError(
            _(
                "the database at {location} holds the unfinished write of a "
                "program that stopped (its -journal file); it can be read "
                "once a command has opened it where it can be written (that "
                "rolls the write back)"
            ).format(location=location)
        )
    if "readonly" in reason or "read-only" in reason:
        return StorageError(
            _("the database at {location} is read-only; nothing was changed").format(
                location=location
            )
        )
    if "full" in reason:
        return StorageError(
            _("the disk holding {location} is full; nothing was changed").format(location=location)
        )
    if "not a database" in reason:
        return StorageError(_("{location} is not an adurabi database").format(location=location))
    if "malformed" in reason or "corrupt" in reason:
        return StorageError(
            _("the database at {location} is damaged ({value}); restore it from a backup").format(
                location=location, value=_reason(exc)
            )
        )
    if isinstance(exc, OperationalError | sqlite3.OperationalError) and "unable to open" in reason:
        return StorageError(_("cannot open the database at {location}").format(location=location))
    return StorageError(
        _("database problem at {location}: {value}").format(location=location, value=_reason(exc))
    )


def _server_error(
    exc: DBAPIError | sqlite3.Error, location: str
) -> StorageError | RuleViolation | None:
    """The sentence for what a database server (PostgreSQL) reported, by its SQLSTATE."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(orig, "sqlstate", None)
    reason = _reason(exc)
    if state is None:
        if type(orig).__module__.startswith("psycopg") and type(orig).__name__ in (
            "OperationalError",
            "InterfaceError",
        ):
            # Refused, unreachable, unknown host or a bad password: psycopg says which.
            said = reason.rsplit("FATAL:", 1)[-1].strip()
            if said.startswith("database") and said.endswith("does not exist"):
                return _no_database(said, location)
            return StorageError(
                _("cannot connect to the database at {location}: {reason}").format(
                    location=location, reason=reason
                )
            )
        return None
    if state == "3D000":
        return _no_database(reason, location)
    if state.startswith(("08", "28", "57P")):
        return StorageError(
            _("cannot connect to the database at {location}: {reason}").format(
                location=location, reason=reason
            )
        )
    if state in ("55P03", "57014", "40P01", "40001"):
        return StorageError(
            _(
                "the database at {location} is locked by another program "
                "(waited {value:g} s); try again when it has finished"
            ).format(location=location, value=lock_timeout())
        )
    if state == "25006":
        return StorageError(
            _("the database at {location} is read-only; nothing was changed").format(
                location=location
            )
        )
    if state == "53100":
        return StorageError(
            _("the database server of {location} is out of disk space").format(location=location)
        )
    if state == "42501":
        # Privileges and row-level security (operator accounts): a refusal, not a fault.
        return RuleViolation(
            _("the database refuses this to its user at {location}: {reason}").format(
                location=location, reason=reason
            )
        )
    return None


def _no_database(said: str, location: str) -> StorageError:
    return StorageError(
        _(
            "{said} on the server of {location}; create it (createdb), then run `adurabi init`"
        ).format(said=said, location=location)
    )


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


# What a new database is filled with in the transaction that creates its schema.
Populate = Callable[[Connection], None]


def open_store(
    target: str,
    *,
    create: bool = False,
    make_folder: bool = False,
    populate: Populate | None = None,
    read_only: bool = False,
    older_schema: bool = False,
) -> Store:
    """Open and validate the database at target (path or URL), upgrading its schema.

    With create=False a missing SQLite file is refused rather than created, so a mistyped
    path never leaves an empty database behind. Nothing is written to a file that is not
    an adurabi database. A database this call creates gets its schema, and what populate
    writes, in one transaction; a new SQLite file appears under its name only once they
    are in (see _create_file).

    read_only (the commands that only read): the database is opened as it is, never
    changed: no journal-mode switch, no schema upgrade (an older schema is refused, saying
    how to upgrade it, unless older_schema: `backup` copies any version), no write (see
    engine.read_only_uri); read-only files, folders and media are fine.
    """
    if read_only and create:
        raise ValueError("a database cannot be created read-only")
    url = to_url(target)
    try:
        path = sqlite_path(url)
    except Exception as exc:  # SQLAlchemy's parser raises several kinds for a malformed URL
        raise StorageError(
            _("cannot use the database URL {value!r}").format(value=safe_url(url))
        ) from exc
    fs: Filesystem | None = None
    journal_mode = "wal"
    if path is not None:
        if create and make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        _check_sqlite_file(path, create=create)
        fs = filesystem_of(path.parent)
        if fs.network:
            journal_mode = "delete"
    linked = False
    if path is not None and create and not path.exists():
        linked = _create_file(path, populate)
    location = str(path) if path is not None else safe_url(url)
    try:
        engine = make_engine(url, journal_mode=journal_mode, read_only=read_only)
    except StorageError:
        raise
    except Exception as exc:  # a malformed URL, a driver unknown or not installed
        hint = ""
        if isinstance(exc, ImportError) and backend_of_or_none(url) == "postgresql":
            hint = " (adurabi talks to PostgreSQL through psycopg 3: postgresql://...)"
        raise StorageError(
            _("cannot use the database URL {value!r}: {value2}{hint}").format(
                value=safe_url(target), value2=_hidden(str(exc), url), hint=hint
            )
        ) from exc
    store = Store(url=url, engine=engine, path=path, journal_mode=journal_mode, filesystem=fs)
    try:
        _prepare(
            store,
            create=create,
            populate=populate,
            read_only=read_only,
            older_schema=older_schema,
        )
        store.created = store.created or linked
    except (DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        raise storage_error(exc, location) from exc
    except BaseException:
        engine.dispose()
        raise
    for text in store.warnings:
        warn_once(text)
    return store


def backend_of_or_none(url: str) -> str | None:
    try:
        return make_url(url).get_backend_name()
    except Exception:
        return None


def _hidden(text: str, url: str) -> str:
    """text without the URL's secrets, should the driver have quoted them."""
    for secret in url_secrets(url):
        text = text.replace(secret, HIDDEN)
    return text


def _network_warnings(store: Store, wanted: str, *, reading: bool = False) -> list[str]:
    fs = store.filesystem
    if fs is None or not fs.network or store.path is None:
        return []
    if store.journal_mode == wanted:
        fallback = _(ROLLBACK_NOTE)
    elif reading:
        fallback = _(
            "the journal mode stays {mode} until a command that writes switches it"
        ).format(mode=store.journal_mode)
    else:
        fallback = _(
            "the journal mode stays {mode} because another program has the file open"
        ).format(mode=store.journal_mode)
    return [network_warning(store.path.parent, fs, fallback)]


def sidecar_problem(path: Path) -> str | None:
    """Why path cannot be a database: it is the -wal, -shm or -journal of the one beside it.

    SQLite finds those files by name: a database made or written under such a name would be
    taken for the other database's log, and corrupt it (an idle reader leaves an empty -wal).
    """
    for suffix in SIDECARS:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            owner = path.with_name(path.name.removesuffix(suffix))
            if os.path.lexists(owner):
                return _(
                    "{path} is the {suffix} file of the database {owner}, not a database; "
                    "name the database file itself or another file"
                ).format(path=path, suffix=suffix, owner=owner)
    return None


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    problem = sidecar_problem(path)
    if problem is not None:
        raise StorageError(problem)
    if path.is_dir():
        raise StorageError(_("{path} is a folder, not a database file").format(path=path))
    if path.exists() and not path.is_file():  # reading a pipe's header would block forever
        raise StorageError(
            _("{path} is not a database file (a device, a pipe or a socket)").format(path=path)
        )
    if not path.exists():
        if not create:
            raise StorageError(_("no database at {path}; run `adurabi init`").format(path=path))
        if not path.parent.is_dir():
            raise StorageError(
                _("cannot create {path}: folder {parent} does not exist").format(
                    path=path, parent=path.parent
                )
            )
        if not os.access(path.parent, os.W_OK):
            raise StorageError(
                _("cannot create {path}: folder {parent} is not writable").format(
                    path=path, parent=path.parent
                )
            )
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from exc
    if header == b"" and create:
        return
    if header != SQLITE_HEADER:
        raise StorageError(
            _("{path} is not an adurabi database (not an SQLite file)").format(path=path)
        )


def _create_file(path: Path, populate: Populate | None) -> bool:
    """Build a new database (schema, then populate) in a temporary file beside path and link
    it to path; True once it is there.

    A run killed at any moment leaves either no file at path or a whole one, never a file
    without its schema. The link fails rather than replace a file that appeared at path
    meanwhile: then False, and that file is opened as it is. Where the filesystem has no
    hard links (FAT, exFAT, some network shares) an empty file is made at path instead
    (never replacing one either) and the schema goes into it in one transaction, as the
    caller then does for any empty file: a kill at the wrong moment can leave that empty
    file, which the next `init` or `demo` fills.
    """
    tempfiles.remove_stale(path.parent)
    # Named before it exists, so that an interrupt at any moment after leaves a name to remove.
    tmp = tempfiles.temporary_name(path)
    try:
        # Before SQLite does, so the file gets the shared folder's group and mode (kept by
        # the link: it is the same file).
        create_database_file(tmp)
        url = to_url(str(tmp))
        # A rollback journal: the commit is in the file itself, which is whole once closed.
        building = Store(url=url, engine=make_engine(url, journal_mode="delete"), path=tmp)
        building.journal_mode = "delete"
        try:
            _prepare(building, create=True, populate=populate)
        finally:
            building.close()
        tempfiles.sync(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:
            create_database_file(path)
            return False
        tempfiles.sync(path.parent)
        return True
    except (DBAPIError, sqlite3.Error) as exc:
        raise storage_error(exc, str(path)) from exc
    except OSError as exc:
        raise StorageError(
            _("cannot create {path}: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    finally:
        tempfiles.remove(tmp)


def _prepare(
    store: Store,
    *,
    create: bool,
    populate: Populate | None = None,
    read_only: bool = False,
    older_schema: bool = False,
) -> None:
    """Validate what is there, then create or upgrade the schema and set the journal mode
    (read_only: validate only)."""
    with store.engine.connect() as conn:
        has_schema = migrations.has_schema_table(conn)
        if not has_schema and migrations.has_any_table(conn):
            raise StorageError(
                _("{location} is not an adurabi database").format(location=store.location)
            )
        version = migrations.current_version(conn) if has_schema else 0
        conn.rollback()
    if version > migrations.LATEST:
        raise StorageError(
            _(
                "{location} was written by a newer adurabi (schema "
                "{version}, this program knows {LATEST}); upgrade adurabi to "
                "use it"
            ).format(location=store.location, version=version, LATEST=migrations.LATEST)
        )
    if version == 0 and not create:
        raise StorageError(
            _("{location} has no adurabi schema; run `adurabi init`").format(
                location=store.location
            )
        )
    if read_only:
        if version < migrations.LATEST and not older_schema:
            raise StorageError(
                _(
                    "{location} has schema {version} and this program reads "
                    "schema {LATEST}; upgrade it with `adurabi init` (on a copy, "
                    "if it cannot be written here)"
                ).format(location=store.location, version=version, LATEST=migrations.LATEST)
            )
        if store.path is not None:
            store.journal_mode = file_journal_mode(store.engine, store.path)
            store.warnings = _network_warnings(store, "delete", reading=True)
        return
    if store.path is not None:
        wanted = store.journal_mode
        store.journal_mode = apply_file_pragmas(store.engine, wanted)
        store.warnings = _network_warnings(store, wanted)
    if version == 0:
        with store.write() as conn:
            lock_setup(conn)
            # Another process may have created it while we waited for the lock.
            if not migrations.has_schema_table(conn):
                migrations.create_schema(conn)
                if populate is not None:
                    populate(conn)
                store.created = True
    elif version < migrations.LATEST:
        with store.write() as conn:
            lock_setup(conn)
            store.upgraded = migrations.upgrade(conn, migrations.current_version(conn))
