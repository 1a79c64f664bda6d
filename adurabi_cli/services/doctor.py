"""`adurabi doctor`: what state the database file and its folder are in, check by check.

On a database server (PostgreSQL) the checks of an SQLite file and its folder do not apply:
they are listed as `skip` with the reason, so the report keeps the same checks in the same
order on every engine.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from adurabi_cli import tempfiles
from adurabi_cli.db import complaints as complaint_db
from adurabi_cli.db import files as files_db
from adurabi_cli.db import maintenance as db
from adurabi_cli.db import migrations
from adurabi_cli.db import news as news_db
from adurabi_cli.db.engine import safe_url, sqlite_path, to_url
from adurabi_cli.db.filesystem import Filesystem, filesystem_of, network_risk, network_warning
from adurabi_cli.db.permissions import folder_sharing
from adurabi_cli.db.reference import list_satker, table_counts
from adurabi_cli.db.store import (
    ROLLBACK_NOTE,
    SIDECARS,
    SQLITE_HEADER,
    Store,
    open_store,
    sidecar_problem,
    warn_once,
)
from adurabi_cli.domain.clock import today
from adurabi_cli.errors import StorageError
from adurabi_cli.i18n import N_, _
from adurabi_cli.services.maintenance import human_size

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
# Why each check of an SQLite file is skipped on a database server.
SERVER_SKIPS = (
    ("integrity", N_("the server checks its own pages; use pg_amcheck to verify them")),
    ("foreign_keys", N_("the server enforces every reference itself")),
    ("journal_mode", N_("SQLite's setting; the server keeps its own write-ahead log")),
    ("filesystem", N_("the data lives on the server, not in a file on this machine")),
    ("disk", N_("free space is the server's, watched on the server")),
    ("permissions", N_("access is the server's roles and grants, not file modes")),
    ("temporary_files", N_("a server database has no file beside which they could be left")),
)
LOW_DISK_BYTES = 500 * 1024 * 1024
INACTIVE_DAYS = 30


@dataclass
class Check:
    name: str
    status: str
    message: str


@dataclass
class Diagnosis:
    location: str
    checks: list[Check] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, status: str, message: str) -> None:
        self.checks.append(Check(name, status, message))

    @property
    def failure(self) -> Check | None:
        return next((c for c in self.checks if c.status == FAIL), None)

    @property
    def status(self) -> str:
        found = {c.status for c in self.checks}
        return FAIL if FAIL in found else WARN if WARN in found else OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "status": self.status,
            "checks": [c.__dict__ for c in self.checks],
            "data": self.data,
        }


def diagnose(target: str, *, quick: bool = False) -> Diagnosis:
    """Every check of `adurabi doctor`, in order; never writes to an SQLite file."""
    url = to_url(target)
    try:
        path = sqlite_path(url)
    except Exception:  # a malformed URL: the opening below says so, as every command does
        path = None
    diagnosis = Diagnosis(str(path) if path is not None else safe_url(url))
    diagnosis.data["program_schema_version"] = migrations.LATEST
    folder = path.parent if path is not None and path.parent.is_dir() else None
    fs = filesystem_of(folder) if folder is not None else None
    store = _open(diagnosis, target, path)
    try:
        usable = store is not None and _schema_check(diagnosis, store)
        if store is not None and usable:
            usable = _content_checks(diagnosis, store, fs, quick)
        if path is not None and folder is not None and fs is not None:
            _folder_checks(diagnosis, path, fs)
        elif store is not None and usable and path is None:
            for name, why in SERVER_SKIPS:
                diagnosis.add(
                    name,
                    SKIP,
                    _("skipped on {store}: {why}").format(store=_engine_name(store), why=_(why)),
                )
        if store is not None and usable:
            _guarded(diagnosis, "counts", lambda: _counts_check(diagnosis, store))
            _guarded(diagnosis, "duplicates", lambda: _duplicates_check(diagnosis, store))
            _guarded(diagnosis, "activity", lambda: _activity_check(diagnosis, store))
    finally:
        if store is not None:
            store.close()
    return diagnosis


def _content_checks(diagnosis: Diagnosis, store: Store, fs: Filesystem | None, quick: bool) -> bool:
    """integrity, foreign_keys and journal_mode; False when the content is damaged."""
    if store.dialect != "sqlite":
        return True  # a server's own checks; see SERVER_SKIPS
    if not _guarded(diagnosis, "integrity", lambda: _integrity_check(diagnosis, store, quick)):
        return False
    _guarded(diagnosis, "foreign_keys", lambda: _foreign_key_check(diagnosis, store))
    if store.path is not None:
        _guarded(diagnosis, "journal_mode", lambda: _journal_check(diagnosis, store, fs))
    return True


def _folder_checks(diagnosis: Diagnosis, path: Path, fs: Filesystem) -> None:
    """filesystem, disk and permissions: about where the file lives, even when it is damaged."""
    if fs.network:
        warn_once(network_warning(path.parent, fs, _(ROLLBACK_NOTE)))
    _filesystem_check(diagnosis, fs)
    _disk_check(diagnosis, path)
    if path.is_file():
        _permissions_check(diagnosis, path)
    _leftovers_check(diagnosis, path.parent)


def _leftovers_check(diagnosis: Diagnosis, folder: Path) -> None:
    """Temporary files of backups, exports or `init`s killed before their rename."""
    stale = tempfiles.stale_in(folder)
    diagnosis.data["stale_temporary_files"] = [str(p) for p in stale]
    if not stale:
        diagnosis.add(
            "temporary_files",
            OK,
            _("no temporary file of a killed run in {folder}").format(folder=folder),
        )
        return
    total = sum(_size(p) for p in stale)
    names = ", ".join(p.name for p in stale)
    diagnosis.add(
        "temporary_files",
        WARN,
        _(
            "{count_stale} temporary file(s) of killed runs ({total_size}) in {folder}: {names}; "
            "the next backup or export into that folder removes them, or delete them"
        ).format(count_stale=len(stale), total_size=human_size(total), folder=folder, names=names),
    )


def _guarded(diagnosis: Diagnosis, name: str, check: Callable[[], bool | None]) -> bool:
    """Run a check that reads the database; a storage error is that check's failure.

    Returns False when the later checks should not read the database any more.
    """
    try:
        return check() is not False
    except StorageError as exc:
        diagnosis.add(name, FAIL, exc.message)
        return False


def _open(diagnosis: Diagnosis, target: str, path: Path | None) -> Store | None:
    """The 'file' check: the file is there, readable and an SQLite database."""
    if path is None:
        # A server URL (or an SQLite URI): the normal opening connects and validates it.
        name = "file" if to_url(target).startswith("sqlite") else "connection"
        try:
            # An older schema is reported by the schema check, not refused here.
            store = open_store(target, read_only=True, older_schema=True)
        except StorageError as exc:
            diagnosis.add(name, FAIL, exc.message)
            return None
        version = store.server_version
        user = store.engine.url.username
        diagnosis.data["server_version"] = version
        diagnosis.add(
            name,
            OK,
            _("connected to {store} {value}")
            .format(store=_engine_name(store), value=version or "")
            .rstrip()
            + (_(" as {user}").format(user=user) if user else ""),
        )
        return store
    problem = _file_problem(path)
    if problem:
        diagnosis.add("file", FAIL, problem)
        return None
    size = path.stat().st_size
    wal = _size(Path(f"{path}-wal"))
    diagnosis.data.update(size_bytes=size, wal_bytes=wal)
    extra = _(" plus {size} of write-ahead log").format(size=human_size(wal)) if wal else ""
    diagnosis.add(
        "file",
        OK,
        _("readable SQLite file of {size}{extra}").format(size=human_size(size), extra=extra),
    )
    return db.open_for_inspection(path)


def _file_problem(path: Path) -> str | None:
    sidecar = sidecar_problem(path)
    if sidecar is not None:
        return sidecar
    if not path.exists():
        return _("no database at {path}; run `adurabi init`").format(path=path)
    if path.is_dir():
        return _("{path} is a folder, not a database file").format(path=path)
    if not path.is_file():  # reading a pipe's header would block forever
        return _("{path} is not a database file (a device, a pipe or a socket)").format(path=path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
    if header != SQLITE_HEADER:
        return _("{path} is not an adurabi database (not an SQLite file)").format(path=path)
    return None


def _schema_check(diagnosis: Diagnosis, store: Store) -> bool:
    """Whether the file holds an adurabi schema this program can use."""
    try:
        with store.read() as conn:
            has_schema = migrations.has_schema_table(conn)
            other_tables = migrations.has_any_table(conn)
            version = migrations.current_version(conn) if has_schema else 0
    except StorageError as exc:
        diagnosis.add("schema", FAIL, exc.message)
        return False
    latest = migrations.LATEST
    diagnosis.data["schema_version"] = version
    if not has_schema:
        if other_tables:
            diagnosis.add(
                "schema",
                FAIL,
                _("{location} is not an adurabi database").format(location=store.location),
            )
        else:
            diagnosis.add(
                "schema",
                FAIL,
                _("{location} has no adurabi schema; run `adurabi init`").format(
                    location=store.location
                ),
            )
        return False
    if version > latest:
        diagnosis.add(
            "schema",
            FAIL,
            _(
                "written by a newer adurabi (schema {version}, this program knows {latest}); "
                "upgrade adurabi to use it"
            ).format(version=version, latest=latest),
        )
        return False
    if version < latest:
        diagnosis.add(
            "schema",
            WARN,
            _(
                "schema {version}, this program knows {latest}; `adurabi init` (or the next "
                "command that writes) upgrades it"
            ).format(version=version, latest=latest),
        )
    else:
        diagnosis.add(
            "schema",
            OK,
            _("schema {version}, the version this program knows").format(version=version),
        )
    return True


def _integrity_check(diagnosis: Diagnosis, store: Store, quick: bool) -> bool:
    pragma = "quick_check" if quick else "integrity_check"
    with store.read() as conn:
        problems = db.integrity_problems(conn, quick=quick)
        diagnosis.data["pages"] = db.page_stats(conn)
    diagnosis.data["integrity"] = problems or [OK]
    if problems:
        more = _(" (and {value} more)").format(value=len(problems) - 1) if len(problems) > 1 else ""
        diagnosis.add(
            "integrity",
            FAIL,
            _(
                "the database at {location} is damaged: {value}{more}; restore it from a backup"
            ).format(location=store.location, value=problems[0], more=more),
        )
        return False
    diagnosis.add("integrity", OK, _("{pragma} found no damage").format(pragma=pragma))
    return True


def _foreign_key_check(diagnosis: Diagnosis, store: Store) -> None:
    with store.read() as conn:
        problems = db.foreign_key_problems(conn)
    diagnosis.data["foreign_key_problems"] = problems
    if problems:
        text = ", ".join(
            _("{rows} row(s) of {table} point to a missing {parent}").format(
                rows=p["rows"], table=p["table"], parent=p["parent"]
            )
            for p in problems
        )
        diagnosis.add("foreign_keys", WARN, text)
    else:
        diagnosis.add("foreign_keys", OK, "every reference points to an existing row")


def _journal_check(diagnosis: Diagnosis, store: Store, fs: Filesystem | None) -> None:
    with store.read() as conn:
        mode = db.journal_mode(conn)
    network = fs is not None and fs.network
    expected = "delete" if network else "wal"
    diagnosis.data["journal_mode"] = mode
    if mode == expected:
        why = (
            _("a rollback journal, as a network filesystem needs")
            if network
            else _("write-ahead log")
        )
        diagnosis.add("journal_mode", OK, f"{mode} ({why})")
    elif network:
        diagnosis.add(
            "journal_mode",
            WARN,
            _(
                "the file uses {mode}, which does not work on a network filesystem; the next "
                "adurabi command that writes switches it to delete once no other program has it "
                "open"
            ).format(mode=mode),
        )
    else:
        # Harmless (a backup copy, a file moved from a share): the next writer switches it.
        diagnosis.add(
            "journal_mode",
            OK,
            _(
                "{mode}; the next adurabi command that writes to the file switches it to {expected}"
            ).format(mode=mode, expected=expected),
        )


def _filesystem_check(diagnosis: Diagnosis, fs: Filesystem) -> None:
    diagnosis.data["filesystem"] = {
        "type": fs.fstype,
        "mount_point": fs.mount_point,
        "source": fs.source,
        "network": fs.network,
        "origin": fs.origin,
    }
    if fs.network:
        diagnosis.add("filesystem", WARN, network_risk(fs))
    else:
        local = "" if fs.fstype is None else _(", a local disk")
        diagnosis.add("filesystem", OK, f"{fs.description}{local}")


def _disk_check(diagnosis: Diagnosis, path: Path) -> None:
    size = _size(path) + _size(Path(f"{path}-wal"))
    free = shutil.disk_usage(path.parent).free
    diagnosis.data["free_bytes"] = free
    status, text = disk_verdict(free, size, path.parent)
    diagnosis.add("disk", status, text)


def disk_verdict(free: int, size: int, folder: Path) -> tuple[str, str]:
    """Warn when the disk cannot take growth, or a backup or VACUUM of the file."""
    if free < LOW_DISK_BYTES:
        return WARN, (
            _(
                "only {free_size} free in {folder}; keep at least {minimum} free so "
                "writes and backups do not fail"
            ).format(
                free_size=human_size(free),
                folder=folder,
                minimum=human_size(LOW_DISK_BYTES),
            )
        )
    if free < 2 * size:
        return WARN, (
            _(
                "only {free_size} free in {folder}, less than twice the database ({size}); a "
                "backup or VACUUM there may not fit"
            ).format(free_size=human_size(free), folder=folder, size=human_size(size))
        )
    return OK, _("{free_size} free in {folder}").format(free_size=human_size(free), folder=folder)


def _permissions_check(diagnosis: Diagnosis, path: Path) -> None:
    folder = path.parent
    info = path.stat()
    sharing = folder_sharing(folder)
    problems = permission_problems(
        path=path,
        file_mode=info.st_mode,
        file_gid=info.st_gid,
        folder_gid=sharing.gid,
        folder_group_writable=sharing.group_writable,
        folder_setgid=sharing.setgid,
        can_write_file=os.access(path, os.W_OK),
        can_write_folder=os.access(folder, os.W_OK | os.X_OK),
        unwritable_sidecars=[
            s
            for s in (Path(f"{path}{suffix}") for suffix in SIDECARS)
            if s.exists() and not os.access(s, os.W_OK)
        ],
    )
    diagnosis.data["permissions"] = {
        "mode": f"{stat.S_IMODE(info.st_mode):04o}",
        "group": _group_name(info.st_gid),
        "folder_mode": f"{stat.S_IMODE(folder.stat().st_mode):04o}",
        "folder_group": _group_name(sharing.gid),
        "shared": sharing.shared,
    }
    if problems:
        diagnosis.add("permissions", WARN, "; ".join(problems))
    elif sharing.shared:
        diagnosis.add(
            "permissions",
            OK,
            _("writable by you and by group {gid}").format(gid=_group_name(sharing.gid)),
        )
    else:
        diagnosis.add("permissions", OK, "writable by you (the folder is not shared with a group)")


def permission_problems(
    *,
    path: Path,
    file_mode: int,
    file_gid: int,
    folder_gid: int,
    folder_group_writable: bool,
    folder_setgid: bool,
    can_write_file: bool,
    can_write_folder: bool,
    unwritable_sidecars: list[Path],
) -> list[str]:
    """Sentences for what stops you, or the folder's group, from writing the database."""
    folder = path.parent
    problems = []
    if not can_write_file:
        problems.append(
            _("you cannot write to {path}; commands that change data will fail").format(path=path)
        )
    if not can_write_folder:
        problems.append(
            _(
                "you cannot create files in {folder}; SQLite needs to create its journal there"
            ).format(folder=folder)
        )
    for sidecar in unwritable_sidecars:
        problems.append(
            _("you cannot write to {sidecar}; ask its owner to make it group-writable").format(
                sidecar=sidecar
            )
        )
    if folder_group_writable or folder_setgid:
        group = _group_name(folder_gid)
        if not file_mode & stat.S_IWGRP:
            problems.append(
                _(
                    "the folder is shared with group {group} but the file is not group-writable; "
                    "run: chmod g+rw {path}"
                ).format(group=group, path=path)
            )
        if file_gid != folder_gid:
            problems.append(
                _(
                    "the file belongs to group {file_gid}, the folder to {group}; run: chgrp "
                    "{group} {path}"
                ).format(file_gid=_group_name(file_gid), group=group, path=path)
            )
        if not folder_setgid:
            problems.append(
                _(
                    "the folder is group-writable but not setgid, so SQLite's -wal and -shm files "
                    "get each operator's own group; run: chmod g+s {folder}"
                ).format(folder=folder)
            )
    return problems


def _counts_check(diagnosis: Diagnosis, store: Store) -> None:
    with store.read() as conn:
        counts = table_counts(conn)
        # An older schema may predate the evidence files (schema step 14).
        if diagnosis.data.get("schema_version") == migrations.LATEST:
            counts["files"], counts["files_bytes"] = files_db.totals(conn)
    diagnosis.data["counts"] = counts
    evidence = (
        _(", {files} evidence file(s) of {size}").format(
            files=counts["files"], size=human_size(counts["files_bytes"])
        )
        if "files" in counts
        else ""
    )
    diagnosis.add(
        "counts",
        OK,
        _(
            "{satker} satker, {complaints} complaints ({complaints_deleted} deleted), {news} news "
            "({news_deleted} deleted){evidence}"
        ).format(
            satker=counts["satker"],
            complaints=counts["complaints"],
            complaints_deleted=counts["complaints_deleted"],
            news=counts["news"],
            news_deleted=counts["news_deleted"],
            evidence=evidence,
        ),
    )


def _duplicates_check(diagnosis: Diagnosis, store: Store) -> None:
    """Records an upgrade found to repeat another one's key: kept, listed here to resolve."""
    if diagnosis.data.get("schema_version") != migrations.LATEST:
        diagnosis.add(
            "duplicates",
            SKIP,
            "the schema is older; `adurabi init` (or the next command that writes) upgrades it",
        )
        return
    with store.read() as conn:
        refs = complaint_db.unkeyed_external_refs(conn)
        urls = news_db.unkeyed_urls(conn)
    diagnosis.data["duplicate_external_refs"] = refs
    diagnosis.data["duplicate_news_urls"] = urls
    if not refs and not urls:
        diagnosis.add(
            "duplicates", OK, "no two complaints share an external ref, no two news a link"
        )
        return
    found = []
    if refs:
        pairs = ", ".join(
            _("{number} and {held_by} ({external_ref})").format(
                number=r["number"], held_by=r["held_by"], external_ref=r["external_ref"]
            )
            if r["held_by"]
            else f"{r['number']} ({r['external_ref']})"
            for r in refs
        )
        found.append(
            _(
                "{count_refs} complaint(s) share an external ref with another, in another case or "
                "spacing: {pairs}; delete the duplicate or correct its ref (complaint update REF "
                "--external-ref ...)"
            ).format(count_refs=len(refs), pairs=pairs)
        )
    if urls:
        pairs = ", ".join(
            _("#{id} and #{held_by}").format(id=u["id"], held_by=u["held_by"])
            if u["held_by"]
            else f"#{u['id']}"
            for u in urls
        )
        found.append(
            _(
                "{count_urls} news item(s) link to an item another one links to (a share link, "
                "mobile or AMP address of it): {pairs}; delete the duplicate (news delete ID)"
            ).format(count_urls=len(urls), pairs=pairs)
        )
    diagnosis.add("duplicates", WARN, "; ".join(found))


def _activity_check(diagnosis: Diagnosis, store: Store) -> None:
    # Local midnight, made aware: the store keeps timestamps in UTC.
    since = datetime.combine(today() - timedelta(days=INACTIVE_DAYS), time.min).astimezone()
    with store.read() as conn:
        quiet = db.satker_without_activity(conn, since)
        active = len(list_satker(conn, active=True))
    diagnosis.data["inactive_satker"] = quiet
    diagnosis.data["inactive_since"] = since.date()
    if quiet:
        names = ", ".join(s["name"] for s in quiet)
        diagnosis.add(
            "activity",
            WARN,
            _(
                "{count_quiet} of {active} active satker recorded nothing in the last "
                "{INACTIVE_DAYS} days: {names}"
            ).format(
                count_quiet=len(quiet), active=active, INACTIVE_DAYS=INACTIVE_DAYS, names=names
            ),
        )
    else:
        diagnosis.add(
            "activity",
            OK,
            _("every active satker recorded something in the last {INACTIVE_DAYS} days").format(
                INACTIVE_DAYS=INACTIVE_DAYS
            ),
        )


def _engine_name(store: Store) -> str:
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(store.dialect, store.dialect)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _group_name(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)
