"""`adurabi import complaints|news FILE`: a spreadsheet in, all or nothing (DESIGN 8).

The file is read and every row validated first, outside any transaction, so that a large
file never holds the database's write lock while it is parsed. Any bad row rejects the
whole file with every bad row listed (ImportRejected). Then one write transaction checks
the reference data is still the one the rows were validated against (else validates them
again), finds duplicates, skips them, and inserts the rest in bulk: a crash or a kill at any
moment leaves the database as it was.

Duplicates, reported and never inserted twice: a complaint's number or external reference
already stored or repeated in the file; a news item's normalised URL. Rows without any of
these (template entries, posts without a link) are compared on their content: a complaint
on its satker, received date and summary; a news item on its satker, date, media, title and
outlet.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import compress
from operator import itemgetter, not_
from pathlib import Path
from typing import Any

from adurabi_cli.db import export as exim_db
from adurabi_cli.db import reference as reference_db
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.batch import (
    Columns,
    columns_of,
    extend,
    picked,
    repeats,
    size,
    without,
)
from adurabi_cli.errors import AdurabiError, ImportRejected, InvalidInput
from adurabi_cli.excel.columns import (
    COMPLAINTS,
    CONFIDENTIAL_TEXT,
    KIND_WORDS,
    NEWS,
    columns_for,
)
from adurabi_cli.excel.reader import ImportTable, open_table
from adurabi_cli.services import complaints as complaint_service
from adurabi_cli.services import news_items as news_service
from adurabi_cli.services.forked import can_fork, in_child
from adurabi_cli.services.refdata import RefData, load_refdata

# progress(phase, rows done, rows expected or None): "check" while reading the file, then
# "write" (or "duplicates" for a dry run) once for the transaction.
Progress = Callable[[str, int, int | None], None]
# Rows read, typed and checked at a time (and the step of the progress bar).
BATCH = 5000
# A CSV of at least this many lines is read and checked in two parts at once: the rows
# down to about this share of its lines by a forked child, the others here after reading
# past those (a little under half each way: the child's result comes back pickled).
PARALLEL_LINES = 20_000
_HEAD_SHARE = 0.52
_KINDS = (COMPLAINTS, NEWS)


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    file: str
    kind: str
    rows: int
    imported: int
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "rows": self.rows,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "dry_run": self.dry_run,
        }


@dataclass
class _Batch:
    """The valid rows of a file prepared for insert, column by column, with their
    spreadsheet row numbers."""

    columns: Columns
    numbers: list[int]


def import_file(
    store: Store,
    kind: str,
    path: Path | str,
    *,
    operator: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import complaints or news from an .xlsx or .csv file in one transaction.

    Raises InvalidInput for a file that cannot be used (missing, damaged, encrypted, not
    UTF-8, no header, missing or merged header cells, no data rows) and ImportRejected
    listing every bad row as (row, column, reason); nothing is written then.
    """
    if kind not in _KINDS:
        columns_for(kind)  # raises the standard message
    with _collector_paused():
        return _import(store, kind, Path(path), operator, dry_run, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file is imported.

    An import makes a few objects per cell and keeps them to the end, which sets off
    Python's collector every few hundred allocations, each time walking the rows kept so
    far: about a tenth of a 100,000-row import. Its objects form no cycles (reference
    counting frees them), so the collector is paused and restored as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(
    store: Store,
    kind: str,
    path: Path,
    operator: str,
    dry_run: bool,
    progress: Progress | None,
) -> ImportReport:
    today = clock.today()
    with store.read() as conn:
        ref = load_refdata(conn)
        key = _reference_key(conn, ref)
    batch = _validated(path, kind, ref, today, progress)
    if progress is not None:
        progress("duplicates" if dry_run else "write", len(batch.numbers), len(batch.numbers))
    note = f"imported from {path.name}"
    if dry_run:
        with store.read() as conn:
            duplicates = _duplicates(conn, kind, batch)
    else:
        with store.write() as conn:
            current = load_refdata(conn)
            if _reference_key(conn, current) != key:
                # A satker, term or holiday changed while the file was read: check again
                # against what is stored now, inside the lock.
                ref = current
                batch = _validated(path, kind, ref, today, None)
            duplicates = _duplicates(conn, kind, batch)
            fresh = without(batch.columns, duplicates)
            entity = complaint_service.ENTITY if kind == COMPLAINTS else news_service.ENTITY
            with exim_db.bulk_import(conn, entity, size(fresh)):
                if kind == COMPLAINTS:
                    complaint_service.insert_complaint_columns(
                        conn, ref, fresh, operator, note=note, duplicates_checked=True
                    )
                else:
                    news_service.insert_news_columns(conn, ref, fresh, operator, note=note)
    return ImportReport(
        file=str(path),
        kind=kind,
        rows=len(batch.numbers),
        imported=len(batch.numbers) - len(duplicates),
        duplicates=[
            {"row": batch.numbers[index], "reason": reason}
            for index, reason in sorted(duplicates.items())
        ],
        dry_run=dry_run,
    )


def _reference_key(conn: Any, ref: RefData) -> tuple[Any, ...]:
    """Everything validation depends on, to tell whether it changed since."""
    return (
        ref.satker,
        ref.vocab,
        ref.labels,
        ref.media_groups,
        ref.sla_days,
        reference_db.holiday_days(conn),
    )


# --- reading and validating -----------------------------------------------------------------


def _validated(
    path: Path, kind: str, ref: RefData, today: date, progress: Progress | None
) -> _Batch:
    """Every row of the file prepared for insert, or ImportRejected listing every bad one.

    A large CSV is read in two parts at once where the system allows (services.forked):
    the first by a forked copy of this process, the second here.
    """
    check = _checker(kind, ref, today)
    with open_table(path, kind) as table:
        total = table.size_hint
        if progress is not None:
            progress("check", 0, total)
        large = (total or 0) >= PARALLEL_LINES
        head = table.split(_HEAD_SHARE) if large and can_fork() else None
        if head is not None:
            with in_child(partial(check, head, None)) as theirs:
                rest = check(table, progress)
                found = theirs()
            checked = found if found is not None else check(head, progress, rest.read)
            checked.add(rest)
        else:
            checked = check(table, progress)
        if progress is not None:
            progress("check", checked.read, checked.read)
        where = _where(path, table)
        header_row = table.header_row
    if checked.problems:
        raise ImportRejected(
            f"{where}: {_count_rows(checked.problems)} bad row(s); nothing was imported",
            checked.problems,
        )
    if not checked.numbers:
        raise InvalidInput(
            f"{where} has no {KIND_WORDS[kind]} rows below its header (row {header_row}); "
            "nothing was imported"
        )
    return _Batch(columns=checked.columns, numbers=checked.numbers)


@dataclass
class _Checked:
    """Rows read and checked: the good ones prepared column by column, with their row
    numbers, and the problems of the bad ones as ImportRejected lists them."""

    columns: Columns
    numbers: list[int] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    read: int = 0  # rows read, good or bad

    def add(self, more: _Checked) -> None:
        """The rows of more (read further down the file) below these."""
        extend(self.columns, more.columns)
        self.numbers += more.numbers
        self.problems += more.problems
        self.read += more.read


def _checker(
    kind: str, ref: RefData, today: date
) -> Callable[[ImportTable, Progress | None, int], _Checked]:
    """check(table, progress, rows read before): the table's rows read BATCH at a time.

    A clean batch is typed and checked column by column; a batch holding any bad or unusual
    row goes row by row, which names each problem.
    """
    prepare_many = _batch_preparer(kind, ref, today)
    prepare = _complaint_preparer(ref, today) if kind == COMPLAINTS else _news_preparer(ref, today)
    fields = complaint_service.ROW_FIELDS if kind == COMPLAINTS else news_service.ROW_FIELDS

    def check(table: ImportTable, progress: Progress | None, before: int = 0) -> _Checked:
        checked = _Checked(columns={name: [] for name in fields})
        for batch in table.batches(BATCH):
            columns = table.typed_columns(batch, today=today)
            prepared = None if columns is None else prepare_many(columns, len(batch))
            if prepared is not None:
                extend(checked.columns, prepared)
                checked.numbers += map(itemgetter(0), batch)
            else:
                rows = []
                for record in table.records(today=today, rows=batch):
                    if record.problems:
                        checked.problems += record.problems
                        continue
                    try:
                        rows.append(prepare(record.values))
                    except AdurabiError as exc:
                        checked.problems.append(
                            (record.number, _column(table, exc.field), exc.message)
                        )
                        continue
                    checked.numbers.append(record.number)
                extend(checked.columns, columns_of(rows, fields))
            checked.read += len(batch)
            if progress is not None:
                progress("check", before + checked.read, table.size_hint)
        return checked

    return check


def _batch_preparer(
    kind: str, ref: RefData, today: date
) -> Callable[[Mapping[str, list[Any]], int], Columns | None]:
    """Rows prepared a batch at a time (None: the batch goes row by row)."""
    if kind == NEWS:
        return news_service.news_batches(ref, today)
    prepare = complaint_service.complaint_batches(ref, today)

    def check(columns: Mapping[str, list[Any]], count: int) -> Columns | None:
        prepared = prepare(columns, count)
        if prepared is None or CONFIDENTIAL_TEXT in prepared["summary"]:
            return None  # _complaint_preparer says which rows hold the placeholder
        return prepared

    return check


def _complaint_preparer(ref: RefData, today: date) -> Callable[[Mapping[str, Any]], dict]:
    prepare = complaint_service.prepare_complaint

    def check(values: Mapping[str, Any]) -> dict[str, Any]:
        row = prepare(ref, values, today=today, imported=True)
        if row["summary"] == CONFIDENTIAL_TEXT:
            # The placeholder of an export made without --include-personal, not a summary.
            raise InvalidInput(
                f"holds {CONFIDENTIAL_TEXT}, the placeholder a recap writes for a "
                "confidential complaint; import a recap made with --include-personal",
                field="summary",
            )
        return row

    return check


def _news_preparer(ref: RefData, today: date) -> Callable[[Mapping[str, Any]], dict]:
    prepare = news_service.prepare_news

    def check(values: Mapping[str, Any]) -> dict[str, Any]:
        return prepare(ref, values, today=today)

    return check


def _column(table: ImportTable, name: str | None) -> str:
    """The header a problem's field has in the file (or the standard one)."""
    if not name:
        return "-"
    name = name.lstrip("-")
    if name in table.headers:
        return table.headers[name]
    for column in columns_for(table.kind):
        if column.field == name:
            return column.header
    return name


def _where(path: Path, table: ImportTable) -> str:
    return f"sheet {table.sheet!r} of {path.name}" if table.sheet else path.name


def _count_rows(problems: list[tuple[int, str, str]]) -> int:
    return len({row for row, _, _ in problems})


# --- duplicates -----------------------------------------------------------------------------


def _duplicates(conn: Any, kind: str, batch: _Batch) -> dict[int, str]:
    """Index -> reason for every row already stored or repeating an earlier row."""
    names = [f"row {number}" for number in batch.numbers]
    columns = batch.columns
    if kind == COMPLAINTS:
        found = complaint_service.duplicates_among(conn, columns)
        keyless = _keyless(found, columns["number"], columns["external_ref"])
        content = ("satker_id", "received_on", "summary")
        stored = exim_db.stored_complaint_contents
        reasons = (
            "complaint {} has the same satker, received date and summary",
            "same satker, received date and summary as {}",
        )
    else:
        found = news_service.duplicates_among(conn, columns, names=names)
        keyless = _keyless(found, columns["url_key"])
        content = ("satker_id", "published_on", "title", "media", "outlet")
        stored = exim_db.stored_news_contents
        reasons = (
            "news {} has the same satker, date, media, title and outlet (and no URL)",
            "same satker, date, media, title and outlet as {}",
        )
    # Rows without any key are compared on their content.
    keys = list(zip(*(picked(columns[name], keyless) for name in content), strict=True))
    held = stored(conn, {key[:2] for key in keys}) if keys else {}
    found.update(_same_content(keyless, keys, held, *reasons, names=names))
    return found


def _keyless(skip: Mapping[int, str], *keys: list[Any]) -> list[int]:
    """The indexes of the rows none of whose keys is set, less those in skip."""
    keyed = map(any, zip(*keys, strict=True))
    found = compress(range(len(keys[0])), map(not_, keyed))
    return [index for index in found if index not in skip] if skip else list(found)


def _same_content(
    indexes: list[int],
    keys: list[tuple[Any, ...]],
    stored: Mapping[tuple[Any, ...], Any],
    stored_reason: str,
    repeat_reason: str,
    *,
    names: list[str],
) -> dict[int, str]:
    """Index -> reason for the rows (indexes, their content keys) whose content is stored
    (stored: key -> the stored record's number or id) or repeats an earlier row's."""
    found = {
        index: repeat_reason.format(names[earlier]) for index, earlier in repeats(keys, indexes)
    }
    for index, key in zip(indexes, keys, strict=True) if stored else ():
        if key in stored:
            found[index] = stored_reason.format(stored[key])
    return found
