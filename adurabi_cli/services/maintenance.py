"""`adurabi backup`: a checked copy of the database while others keep writing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from adurabi_cli.db import maintenance as db
from adurabi_cli.db.store import SIDECARS, Store, sidecar_problem
from adurabi_cli.errors import InvalidInput, RuleViolation, StorageError
from adurabi_cli.i18n import _


def backup(store: Store, dest: Path, *, force: bool = False) -> db.BackupResult:
    """A checked copy of the store at dest; an existing dest only with force."""
    if store.dialect == "postgresql":
        raise InvalidInput(_use_pg_dump(store, dest))
    if store.dialect != "sqlite":
        raise InvalidInput(
            _("backup copies SQLite databases; this one is {dialect}: use its own tool").format(
                dialect=store.dialect
            )
        )
    dest = Path(os.path.abspath(dest.expanduser()))
    folder = dest.parent
    if not folder.is_dir():
        raise InvalidInput(
            _("cannot write {dest}: folder {folder} does not exist").format(
                dest=dest, folder=folder
            ),
            field="DEST",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(
            _("cannot write {dest}: folder {folder} is not writable").format(
                dest=dest, folder=folder
            ),
            field="DEST",
        )
    if dest.is_dir():
        raise InvalidInput(
            _("{dest} is a folder; give a file name such as {value}").format(
                dest=dest, value=dest / "adurabi-backup.db"
            ),
            field="DEST",
        )
    live = db.database_file(store)
    if live is not None and _is_live_file(dest, live):
        raise RuleViolation(
            _("{dest} is the database itself (or one of its files); choose another").format(
                dest=dest
            )
        )
    problem = sidecar_problem(dest)
    if problem is not None:
        raise StorageError(problem)
    if (dest.exists() or dest.is_symlink()) and not force:
        raise RuleViolation(
            _("{dest} already exists; use --force to replace it").format(dest=dest), field="DEST"
        )
    return db.backup_database(store, dest)


def _use_pg_dump(store: Store, dest: Path) -> str:
    """The sentence sending a PostgreSQL user to pg_dump, with the command to run."""
    from adurabi_cli.db.engine import libpq_url

    command = f"pg_dump --format=custom --file {dest} '{libpq_url(store.url)}'"
    missing = (
        "" if shutil.which("pg_dump") else _(" (pg_dump comes with the postgresql-client package)")
    )
    return _(
        "backup copies SQLite files; a PostgreSQL database is backed up with pg_dump, "
        "e.g. {command}{missing}"
    ).format(command=command, missing=missing)


def _is_live_file(dest: Path, live: Path) -> bool:
    """True when dest names the database or its -wal/-shm/-journal, through any symlink."""
    real = Path(os.path.realpath(dest))
    live_real = Path(os.path.realpath(live))
    names = {live_real, *(Path(f"{live_real}{suffix}") for suffix in SIDECARS)}
    if real in names:
        return True
    return dest.exists() and live.exists() and os.path.samefile(dest, live)


def human_size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"
