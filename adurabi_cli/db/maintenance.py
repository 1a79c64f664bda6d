"""Looking after an SQLite store: online backup, integrity checks, page statistics."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, exists, select

from adurabi_cli import tempfiles
from adurabi_cli.db.engine import make_engine, sqlite_path, to_url
from adurabi_cli.db.models import Complaint, News, NilReport, Satker
from adurabi_cli.db.permissions import create_database_file
from adurabi_cli.db.store import Store, storage_error
from adurabi_cli.errors import StorageError
from adurabi_cli.i18n import _

# 1024 pages (4 MB at the default page size) per step: a step takes milliseconds.
STEP_PAGES = 1024
# A copy that a rollback-journal writer restarts this often is finished in one step instead.
MAX_RESTARTS = 3
INTEGRITY_LIMIT = 20

satker_t = Satker.__table__  # type: ignore[attr-defined]
complaint_t = Complaint.__table__  # type: ignore[attr-defined]
news_t = News.__table__  # type: ignore[attr-defined]
nil_t = NilReport.__table__  # type: ignore[attr-defined]


def open_for_inspection(path: Path) -> Store:
    """A store on an SQLite file as it is: no validation, no upgrade, no journal switch, and
    connections that cannot write (engine.read_only_uri). `doctor` only reads through it."""
    url = to_url(str(path))
    return Store(url=url, engine=make_engine(url, read_only=True), path=sqlite_path(url))


# --- checks -------------------------------------------------------------------------------


def integrity_problems(
    conn: Connection, *, quick: bool = False, limit: int = INTEGRITY_LIMIT
) -> list[str]:
    """What `PRAGMA integrity_check` (or the faster quick_check) finds; [] when intact."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = [row[0] for row in conn.exec_driver_sql(f"PRAGMA {pragma}({int(limit)})")]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(conn: Connection) -> list[dict[str, Any]]:
    """Rows whose parent row is missing, counted per table and parent table."""
    rows = conn.exec_driver_sql(
        'SELECT "table", parent, count(*) FROM pragma_foreign_key_check '
        'GROUP BY "table", parent ORDER BY "table", parent'
    )
    return [{"table": table, "parent": parent, "rows": count} for table, parent, count in rows]


def database_file(store: Store) -> Path | None:
    """The file behind the store, also when it was opened through a `file:` URI."""
    if store.path is not None:
        return store.path
    with store.read() as conn:
        for _seq, name, file in conn.exec_driver_sql("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
    return None


def journal_mode(conn: Connection) -> str:
    return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()


def page_stats(conn: Connection) -> dict[str, int]:
    """Page size, pages in the file and free pages (space a VACUUM would give back)."""
    stats = {
        name: int(conn.exec_driver_sql(f"PRAGMA {name}").scalar() or 0)
        for name in ("page_size", "page_count", "freelist_count")
    }
    stats["size_bytes"] = stats["page_size"] * stats["page_count"]
    return stats


def satker_without_activity(conn: Connection, since: datetime) -> list[dict[str, Any]]:
    """Active satker that created or changed no complaint or news, nor declared nil, since."""
    recent = []
    for table in (complaint_t, news_t):
        # Two tests, not an OR: the first uses the (satker_id, created_at) index.
        recent.append(
            exists().where(table.c.satker_id == satker_t.c.id, table.c.created_at >= since)
        )
        recent.append(
            exists().where(table.c.satker_id == satker_t.c.id, table.c.updated_at >= since)
        )
    recent.append(exists().where(nil_t.c.satker_id == satker_t.c.id, nil_t.c.created_at >= since))
    query = (
        select(satker_t.c.code, satker_t.c.name)
        .where(and_(satker_t.c.active.is_(True), *(~test for test in recent)))
        .order_by(satker_t.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


# --- backup -------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    size_bytes: int
    pages: int
    seconds: float
    restarts: int


class _TooManyRestarts(Exception):
    pass


Progress = Callable[[int, int], None]


def backup_database(
    store: Store,
    dest: Path,
    *,
    step_pages: int = STEP_PAGES,
    max_restarts: int = MAX_RESTARTS,
    progress: Progress | None = None,
) -> BackupResult:
    """Copy the store to dest with SQLite's online backup while others keep writing.

    The copy goes to a temporary file beside dest, is switched to a rollback journal (one
    self-contained file that opens even from read-only media), must pass integrity_check, and
    only then replaces dest. Nothing is left under dest or beside it on failure. progress,
    if given, is called after each step with the pages remaining and the pages in total.
    """
    tempfiles.remove_stale(dest.parent)
    # Named before it exists, so that an interrupt at any moment after leaves a name to remove.
    tmp = tempfiles.temporary_name(dest)
    start = time.monotonic()
    try:
        create_database_file(tmp)
        target = sqlite3.connect(tmp, isolation_level=None)
        try:
            restarts = _copy(store, target, dest, step_pages, max_restarts, progress)
            pages, problems = _seal(target, dest)
        finally:
            target.close()
        if problems:
            raise StorageError(
                _(
                    "the backup copy failed its integrity check ({value}); no "
                    "backup was written; run `adurabi doctor` on {location}"
                ).format(value=problems[0], location=store.location)
            )
        _fsync(tmp)
        os.replace(tmp, dest)
        _fsync(dest.parent)
    except BaseException:
        tempfiles.remove(tmp)
        raise
    return BackupResult(dest, dest.stat().st_size, pages, time.monotonic() - start, restarts)


def _copy(
    store: Store,
    target: sqlite3.Connection,
    dest: Path,
    step_pages: int,
    max_restarts: int,
    progress: Progress | None,
) -> int:
    """Run the online backup; returns how often a writer made it start over."""
    raw = store.engine.raw_connection()
    source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
    restarts = 0
    left: int | None = None
    may_give_up = False  # only a stepped rollback-journal copy switches to one step

    def step(_status: int, remaining: int, total: int) -> None:
        # Running Python between steps also lets Ctrl-C stop a long copy. A step that did not
        # bring the end nearer was restarted by a writer (or waited for its lock).
        nonlocal restarts, left
        if left is not None and remaining >= left:
            restarts += 1
            if may_give_up and restarts > max_restarts:
                raise _TooManyRestarts
        left = remaining
        if progress is not None:
            progress(remaining, total)

    try:
        if journal_mode_of(source) == "wal":
            # A read transaction held across the steps pins one snapshot: the copy does not
            # restart, and WAL writers are not blocked by a reader at all.
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            try:
                source.backup(target, pages=step_pages, progress=step)
            finally:
                source.execute("ROLLBACK")
            return restarts
        # Rollback journal: a read lock blocks writers, so copy in steps and let them in
        # between; each commit restarts the copy, and after a few it is done in one step.
        may_give_up = True
        try:
            source.backup(target, pages=step_pages, progress=step)
        except _TooManyRestarts:
            may_give_up = False
            source.backup(target, pages=-1, progress=step)
        return restarts
    except sqlite3.Error as exc:
        raise _backup_error(exc, store, dest) from exc
    finally:
        raw.close()


def _seal(target: sqlite3.Connection, dest: Path) -> tuple[int, list[str]]:
    """Make the copy one self-contained file and check it: (pages, integrity problems)."""
    try:
        target.execute("PRAGMA journal_mode = DELETE").fetchone()
        rows = [r[0] for r in target.execute(f"PRAGMA integrity_check({INTEGRITY_LIMIT})")]
        pages = int(target.execute("PRAGMA page_count").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if "full" in str(exc).lower():
            raise _disk_full(dest) from exc
        return 0, [str(exc)]
    return pages, [] if rows == ["ok"] else rows


def journal_mode_of(connection: sqlite3.Connection) -> str:
    return str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def _backup_error(exc: sqlite3.Error, store: Store, dest: Path) -> StorageError:
    if "full" in str(exc).lower():
        return _disk_full(dest)
    return storage_error(exc, store.location)


def _disk_full(dest: Path) -> StorageError:
    return StorageError(
        _("the disk holding {parent} is full; no backup was written").format(parent=dest.parent)
    )


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entry list, to disk before and after the rename."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # folders cannot be opened on some systems; the rename is still atomic
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
