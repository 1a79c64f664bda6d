"""`adurabi copy-db`: a whole database from one engine into another (SQLite <-> PostgreSQL).

The source is read in one snapshot, so operators may keep working on it meanwhile (what
they enter after the start is not copied). The target must be empty: a new SQLite file, or
an empty PostgreSQL database (created with createdb, without `adurabi init`). Every row
goes in one transaction on the target; the counts of every table are compared before it
commits, so a failed or interrupted copy leaves the target as empty as it was.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from adurabi_cli.db import transfer
from adurabi_cli.db.engine import safe_url, sqlite_path, to_url
from adurabi_cli.db.store import Store, open_store, sidecar_problem
from adurabi_cli.errors import InvalidInput, RuleViolation, StorageError
from adurabi_cli.i18n import _

BATCH_ROWS = 10_000
# More rows than this at once only costs memory; SQLite's driver cannot even take a count
# beyond a C int.
MAX_BATCH_ROWS = 1_000_000
# Called after every batch: (table, rows of it copied so far, rows of it in all).
Progress = Callable[[str, int, int], None]


@dataclass
class CopyResult:
    source: str
    target: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def copy_database(
    source: str,
    target: str,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: Progress | None = None,
    on_start: Callable[[dict[str, int]], None] | None = None,
) -> CopyResult:
    """Copy every row of source into the empty database target; returns the verified counts.

    on_start, if given, is called once with the rows per table before any is copied.
    """
    if not 1 <= batch_rows <= MAX_BATCH_ROWS:
        raise InvalidInput(
            _("--batch must be from 1 to {MAX_BATCH_ROWS}, got {batch_rows}").format(
                MAX_BATCH_ROWS=MAX_BATCH_ROWS, batch_rows=batch_rows
            ),
            field="batch",
        )
    _refuse_same(source, target)
    path = sqlite_path(to_url(target))
    problem = sidecar_problem(path) if path is not None else None
    if problem is not None:  # before the source is opened: closing it removes its -wal
        raise StorageError(problem)
    started = time.monotonic()
    src = open_store(source, read_only=True)
    try:
        created_file = _new_file(target)
        try:
            dst = open_store(target, create=True)
        except BaseException:
            if created_file is not None:
                _remove_file(created_file)
            raise
        try:
            result = CopyResult(src.location, dst.location)
            _copy(src, dst, result, batch_rows, progress, on_start)
        except BaseException:
            dst.close()
            if created_file is not None:
                _remove_file(created_file)
            raise
        dst.close()
    finally:
        src.close()
    result.seconds = time.monotonic() - started
    return result


def _copy(
    src: Store,
    dst: Store,
    result: CopyResult,
    batch_rows: int,
    progress: Progress | None,
    on_start: Callable[[dict[str, int]], None] | None,
) -> None:
    with src.read() as reading, dst.write() as writing:
        present = {name: n for name, n in transfer.row_counts(writing).items() if n}
        if present:
            held = ", ".join(f"{n} {name}" for name, n in present.items())
            raise RuleViolation(
                _(
                    "{location} already holds data ({held}); copy-db fills only "
                    "an empty database: a new SQLite file, or a PostgreSQL "
                    "database made with createdb and not `adurabi init`"
                ).format(location=dst.location, held=held)
            )
        expected = transfer.row_counts(reading)
        if on_start is not None:
            on_start(expected)
        for table in transfer.copied_tables():
            done = 0
            total = expected[table.name]
            if progress is not None:
                progress(table.name, 0, total)
            for rows in transfer.read_batches(reading, table, batch_rows):
                transfer.write_batch(writing, table, rows)
                done += len(rows)
                if progress is not None:
                    progress(table.name, done, total)
        transfer.after_copy(writing)
        copied = transfer.row_counts(writing)
        if copied != expected:
            wrong = ", ".join(
                f"{name}: {copied[name]} of {expected[name]}"
                for name in expected
                if copied[name] != expected[name]
            )
            # Leaving the with-block by this error rolls the whole copy back.
            raise StorageError(
                _("the copy's counts do not match ({wrong}); nothing was written").format(
                    wrong=wrong
                )
            )
        result.counts = copied


def _refuse_same(source: str, target: str) -> None:
    src, dst = to_url(source), to_url(target)
    src_path, dst_path = sqlite_path(src), sqlite_path(dst)
    same = src == dst
    if src_path is not None and dst_path is not None:
        same = same or os.path.realpath(src_path) == os.path.realpath(dst_path)
    if same:
        raise InvalidInput(
            _("--from and --to both name {value}; give another target").format(
                value=safe_url(source)
            )
        )


def _new_file(target: str) -> Path | None:
    """The SQLite file the copy is about to create, to remove if the copy fails."""
    path = sqlite_path(to_url(target))
    if path is None or path.exists():
        return None
    return path


def _remove_file(path: Path) -> None:
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
