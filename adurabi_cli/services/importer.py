"""`adurabi import complaints|news FILE`: a spreadsheet in, all or nothing (docs/design.md 8).

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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from adurabi_cli.db import complaints as complaint_db
from adurabi_cli.db import news as news_db
from adurabi_cli.db import reference as reference_db
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.repeats import repeats
from adurabi_cli.errors import AdurabiError, ImportRejected, InvalidInput
from adurabi_cli.excel.columns import (
    COMPLAINTS,
    CONFIDENTIAL_TEXT,
    KIND_WORDS,
    NEWS,
    columns_for,
)
from adurabi_cli.excel.reader import ImportTable, open_table
from adurabi_cli.excel.sources import DEFAULT_MAX_UNPACKED_MB
from adurabi_cli.i18n import N_, _
from adurabi_cli.services import complaints as complaint_service
from adurabi_cli.services import news as news_service
from adurabi_cli.services.refdata import RefData, load_refdata

# progress(phase, rows done, rows expected or None): "check" while checking the rows, then
# "write" (or "duplicates" for a dry run) once for the transaction.
Progress = Callable[[str, int, int | None], None]
# Rows checked between two steps of the progress bar.
STEP = 5000
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
    # The months (YYYY-MM) of the rows written: received_on of complaints, published_on of news.
    months: list[str] = field(default_factory=list)

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
    """The valid rows of a file prepared for insert, with their spreadsheet row numbers."""

    rows: list[dict[str, Any]]
    numbers: list[int]


def import_file(
    store: Store,
    kind: str,
    path: Path | str,
    *,
    operator: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    max_unpacked_mb: int = DEFAULT_MAX_UNPACKED_MB,
) -> ImportReport:
    """Import complaints or news from a workbook (.xlsx, .xls, .ods) or .csv file in one
    transaction.

    Raises InvalidInput for a file that cannot be used (missing, damaged, encrypted, not
    UTF-8, unpacking to more than max_unpacked_mb, no header, missing or merged header
    cells, no data rows) and ImportRejected listing every problem of every bad row as
    (row, column, reason); nothing is written then.
    """
    if kind not in _KINDS:
        columns_for(kind)  # raises the standard message
    if max_unpacked_mb < 1:
        raise InvalidInput(
            _("--max-unpacked {max_unpacked_mb} is not a size; give megabytes, 1 or more").format(
                max_unpacked_mb=max_unpacked_mb
            ),
            field="max_unpacked",
        )
    path = Path(path)
    today = clock.today()
    months: set[str] = set()
    with store.read() as conn:
        ref = load_refdata(conn)
        key = _reference_key(conn, ref)
    with open_table(path, kind, max_unpacked_mb=max_unpacked_mb) as table:
        batch = _validated(path, table, ref, today, progress)
        if progress is not None:
            phase = "duplicates" if dry_run else "write"
            progress(phase, len(batch.numbers), len(batch.numbers))
        if dry_run:
            with store.read() as conn:
                duplicates = _duplicates(conn, kind, batch)
        else:
            with store.write() as conn:
                current = load_refdata(conn)
                if _reference_key(conn, current) != key:
                    # A satker, term or holiday changed while the file was read: check
                    # again against what is stored now, inside the lock.
                    ref = current
                    batch = _validated(path, table, ref, today, None)
                duplicates = _duplicates(conn, kind, batch)
                fresh = [row for i, row in enumerate(batch.rows) if i not in duplicates]
                note = f"imported from {path.name}"
                dated = "received_on" if kind == COMPLAINTS else "published_on"
                months = {f"{row[dated]:%Y-%m}" for row in fresh}
                if kind == COMPLAINTS:
                    complaint_service.insert_complaints(
                        conn, ref, fresh, operator, note=note, duplicates_checked=True
                    )
                else:
                    news_service.insert_news(conn, ref, fresh, operator, note=note)
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
        months=sorted(months),
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


# --- validating -------------------------------------------------------------------------------


def _validated(
    path: Path, table: ImportTable, ref: RefData, today: date, progress: Progress | None
) -> _Batch:
    """Every row of the file prepared for insert, or ImportRejected listing every problem
    of every bad one."""
    prepare = _preparer(table.kind, ref, today)
    total = table.size_hint
    if progress is not None:
        progress("check", 0, total)
    batch = _Batch(rows=[], numbers=[])
    problems: list[tuple[int, str, str]] = []
    for read, record in enumerate(table.records(today=today), 1):
        found = list(record.problems)
        given = record.values
        if found:
            # The fields already refused as cells are not checked again.
            refused = _fields_of(table, found)
            given = {k: v for k, v in given.items() if k not in refused}
        try:
            row = prepare(given)
        except AdurabiError as exc:
            found += [
                (record.number, _column(table, problem.field), problem.message)
                for problem in _all_problems(exc)
                if _column(table, problem.field) not in {column for _, column, _ in found}
            ]
        else:
            if not found:
                batch.rows.append(row)
                batch.numbers.append(record.number)
        problems += sorted(found, key=lambda p: _order(table, p[1]))
        if progress is not None and read % STEP == 0:
            progress("check", read, total)
    if progress is not None:
        progress("check", total, total)
    where = (
        _("sheet {sheet!r} of {name}").format(sheet=table.sheet, name=path.name)
        if table.sheet
        else path.name
    )
    if problems:
        raise ImportRejected(
            _("{where}: {value} bad row(s); nothing was imported").format(
                where=where, value=len({row for row, _, _ in problems})
            ),
            problems,
        )
    if not batch.numbers:
        raise InvalidInput(
            _(
                "{where} has no {value} rows below its header (row "
                "{header_row}); nothing was imported"
            ).format(where=where, value=KIND_WORDS[table.kind], header_row=table.header_row)
        )
    return batch


def _preparer(kind: str, ref: RefData, today: date) -> Callable[[Mapping[str, Any]], dict]:
    if kind == NEWS:
        return lambda values: news_service.prepare_news(ref, values, today=today)

    def check(values: Mapping[str, Any]) -> dict[str, Any]:
        row = complaint_service.prepare_complaint(ref, values, today=today, imported=True)
        if row["summary"] == CONFIDENTIAL_TEXT:
            # The placeholder of an export made without --include-personal, not a summary.
            raise InvalidInput(
                _(
                    "holds {CONFIDENTIAL_TEXT}, the placeholder a recap writes "
                    "for a confidential complaint; import a recap made with "
                    "--include-personal"
                ).format(CONFIDENTIAL_TEXT=CONFIDENTIAL_TEXT),
                field="summary",
            )
        return row

    return check


def _all_problems(exc: AdurabiError) -> list[AdurabiError]:
    """The error and the others found in the same row with it (see domain.problems)."""
    return [exc, *getattr(exc, "others", ())]


def _fields_of(table: ImportTable, problems: Sequence[tuple[int, str, str]]) -> set[str]:
    headers = {column for _, column, _ in problems}
    return {name for name, header in table.headers.items() if header in headers}


def _order(table: ImportTable, header: str) -> int:
    """Where a problem's column stands in the file (problems of a row in column order)."""
    for name, position in zip((c.field for c in table.columns), table.positions, strict=True):
        if table.headers[name] == header:
            return position
    return len(table.positions) + len(header)


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


# --- duplicates -----------------------------------------------------------------------------


def _duplicates(conn: Any, kind: str, batch: _Batch) -> dict[int, str]:
    """Index -> reason for every row already stored or repeating an earlier row."""
    names = [_("row {number}").format(number=number) for number in batch.numbers]
    rows = batch.rows
    if kind == COMPLAINTS:
        found = complaint_service.find_duplicates(conn, rows)
        keys = ("number", "external_ref")
        content = ("satker_id", "received_on", "summary")
        stored = complaint_db.stored_contents
        reasons = (
            N_("complaint {value} has the same satker, received date and summary"),
            N_("same satker, received date and summary as {value}"),
        )
    else:
        found = news_service.find_duplicates(conn, rows, names=names)
        keys = ("url_key",)
        content = ("satker_id", "published_on", "title", "media", "outlet")
        stored = news_db.stored_contents
        reasons = (
            N_("news {value} has the same satker, date, media, title and outlet (and no URL)"),
            N_("same satker, date, media, title and outlet as {value}"),
        )
    # Rows without any key are compared on their content.
    keyless = {
        index: tuple(row[name] for name in content)
        for index, row in enumerate(rows)
        if index not in found and not any(row.get(name) for name in keys)
    }
    held = stored(conn, {key[:2] for key in keyless.values()}) if keyless else {}
    stored_reason, repeat_reason = reasons
    for index, earlier in repeats(keyless).items():
        found[index] = _(repeat_reason).format(value=names[earlier])
    for index, key in keyless.items():
        if key in held:
            found[index] = _(stored_reason).format(value=held[key])
    return found
