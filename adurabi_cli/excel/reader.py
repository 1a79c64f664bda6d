"""Reading complaints or news from an .xlsx or .csv file for import.

`open_table(path, kind)` finds the sheet (Pengaduan / Berita, else the first), the header
row (below any title block), and maps each header, Indonesian or field name, to its column;
`table.records(today=...)` then yields each data row with its cells typed (dates, whole
numbers, yes/no, trimmed text) and the problems found, as ImportRejected wants them.

    with open_table(path, "complaints") as table:
        for row in table.records(today=today):
            ...  # row.number, row.values (field -> value), row.problems
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain, islice
from operator import call, itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from adurabi_cli.domain.cells import (
    FALSE_WORDS,
    TRUE_WORDS,
    is_blank,
    to_bool,
    to_date,
    to_int,
    to_text,
)
from adurabi_cli.domain.dates import MIN_YEAR
from adurabi_cli.domain.memo import Memo
from adurabi_cli.domain.text import on_one_line
from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.columns import (
    BOOL,
    COMPLAINTS,
    DATE,
    DATETIME,
    INT,
    KIND_WORDS,
    NEWS,
    SHEET_NAMES,
    TOTAL_LABEL,
    ExcelColumn,
    columns_for,
    describe_headers,
    find_column,
    header_key,
    is_known_header,
)
from adurabi_cli.excel.sources import CsvRecords, Rows, Source, open_source

# The export's title block is seven rows; leave room for a satker's own.
HEADER_SEARCH_ROWS = 30
_TOTAL_KEY = TOTAL_LABEL.casefold()


class ImportRow(NamedTuple):
    """One data row: its number as a spreadsheet shows it, typed values, problems found."""

    number: int
    values: dict[str, Any]
    problems: list[tuple[int, str, str]]


@dataclass
class ImportTable:
    """An import file opened on its header row; read its rows once."""

    path: Path
    kind: str
    sheet: str | None
    header_row: int
    columns: tuple[ExcelColumn, ...]
    # Field -> the header as the file spells it, for messages.
    headers: dict[str, str]
    size_hint: int | None
    _positions: tuple[int, ...] = field(repr=False)
    # Header cells left blank, and how many cells the header row has: data under either
    # is a value without a column.
    _unnamed: tuple[int, ...] = field(repr=False)
    _width: int = field(repr=False)
    _rows: Rows = field(repr=False)
    _close: Callable[[], None] = field(repr=False)
    # The CSV reader under _rows, which can start another where it stands, and the rows
    # the header search read from it ahead of _rows' first (for split).
    _records: CsvRecords | None = field(default=None, repr=False)
    _ahead: list[tuple[int, Sequence[Any]]] = field(default_factory=list, repr=False)
    _converters: dict[date, list[tuple[str, int, Callable[[Any], Any]]]] = field(
        default_factory=dict, repr=False
    )

    def __enter__(self) -> ImportTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._close()

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, field -> raw cell value) of every data row, untyped.

        Blank rows and the export's own totals row (`Jumlah` in the first column) are
        skipped; derived columns (Terlambat) and ignored ones (id, created_at) left out.
        """
        pairs = self._pairs()
        for number, cells in self._data(self._rows):
            yield number, {name: cells[position] for name, position in pairs}

    def split(self, fraction: float) -> ImportTable | None:
        """Split off the rows up to the first one ending past `fraction` of the file's
        lines: the table returned reads them (in another process: see services.forked),
        and this one the rows after them, reading past the others without checking them.
        Call it before reading any row.

        None where the file cannot be read from its middle (a workbook, a CSV with unusual
        line breaks) or the cut falls within the rows the header search read ahead or at
        the end; this table then reads on as before.
        """
        records = self._records
        if records is None or not records.can_split:
            return None
        cut = int(records.lines * fraction)
        if not records.line < cut < records.lines:
            return None
        head = records.rest(after=self._ahead[-1][0] if self._ahead else self.header_row)
        self._rows, self._records = _past(records, cut), None
        return replace(self, _rows=chain(self._ahead, _until(head, cut)), _ahead=[])

    def batches(self, size: int) -> Iterator[list[tuple[int, Sequence[Any]]]]:
        """The data rows (as `_data` gives them) in lists of at most size, read a batch at
        a time."""
        while rows := list(islice(self._rows, size)):
            if batch := self._kept(rows):
                yield batch

    def _kept(self, rows: list[tuple[int, Sequence[Any]]]) -> list[tuple[int, Sequence[Any]]]:
        """`_data` of a list of rows, looked at down the list in C while every row is full
        width, holds a value and is not the totals row (the common case)."""
        lines = list(map(itemgetter(1), rows))
        if min(map(len, lines)) >= self._width and all(map(any, lines)):
            heads = set(map(itemgetter(min(self._positions)), lines))
            if not any(_is_total(head) for head in heads):
                return rows
        return list(self._data(rows))

    def typed_columns(
        self, rows: Sequence[tuple[int, Sequence[Any]]], *, today: date
    ) -> dict[str, list[Any]] | None:
        """Field -> its typed values down a batch of rows, one column at a time.

        None when some row needs a look of its own (a cell that does not convert, a
        required cell empty, a value without a header, a row of spaces): `records` then
        types that batch row by row and names every problem. A clean batch, the common
        case, costs one C-level map per column instead of a Python loop per row.
        """
        width = self._width
        lines = list(map(itemgetter(1), rows))  # each padded to the header's width at least
        if max(map(len, lines)) > width and any(
            not is_blank(cell) for cells in lines for cell in cells[width:]
        ):
            return None
        # Cells past the header's width (blank, as just checked) are cut off here.
        columns = list(zip(*lines, strict=False))
        if any(not is_blank(cell) for position in self._unnamed for cell in columns[position]):
            return None
        values: dict[str, list[Any]] = {}
        try:
            for name, position, convert in self._typing(today):
                values[name] = _typed_column(convert, columns[position])
        except InvalidInput:
            return None
        required = (c.field for c in self.columns if c.required)
        if any(None in values[name] for name in required):
            return None
        return values

    def records(
        self, *, today: date, rows: Iterable[tuple[int, Sequence[Any]]] | None = None
    ) -> Iterator[ImportRow]:
        """Every data row (or those of rows, a batch) with its cells typed; problems as
        (row, column header, reason).

        A row whose cells are all spaces is skipped like a blank one.
        """
        typed = self._typing(today)
        required = [(c.field, self.headers[c.field]) for c in self.columns if c.required]
        unnamed, width = self._unnamed, self._width
        names = [name for name, _, _ in typed]
        converters = [convert for _, _, convert in typed]
        # A trailing 0 makes the getter return a tuple even for one column; map stops short
        # of it.
        cells_of = itemgetter(*(position for _, position, _ in typed), 0)
        for number, cells in self._data(self._rows if rows is None else rows):
            try:
                # One pass per row in C while every cell is fine (the common case).
                values = dict(zip(names, map(call, converters, cells_of(cells)), strict=True))
            except InvalidInput:
                values, problems = self._typed_slowly(number, cells, typed)
            else:
                if None in values.values():
                    if list(values.values()).count(None) == len(values):
                        continue
                    problems = [
                        (number, header, "is empty; it is required")
                        for name, header in required
                        if values[name] is None
                    ]
                else:
                    problems = []
            if unnamed or len(cells) > width:
                from openpyxl.utils import get_column_letter  # rare: only for messages

                stray = [p for p in unnamed if not is_blank(cells[p])]
                stray += [p for p in range(width, len(cells)) if not is_blank(cells[p])]
                for position in stray:
                    # The column's letter: "row 3, column B: has a value but no header".
                    column = get_column_letter(position + 1)
                    problems.append((number, column, "has a value but no header"))
            yield ImportRow(number, values, problems)

    def _typing(self, today: date) -> list[tuple[str, int, Callable[[Any], Any]]]:
        """(field, position, converter) of each column read; the converters' memos kept for
        the whole file."""
        if today not in self._converters:
            self._converters[today] = [
                (c.field, position, _converter(c, today))
                for c, position in zip(self.columns, self._positions, strict=True)
                if not c.derived
            ]
        return self._converters[today]

    def _typed_slowly(
        self, number: int, cells: Sequence[Any], typed: list[tuple[str, int, Any]]
    ) -> tuple[dict[str, Any], list[tuple[int, str, str]]]:
        """Each cell on its own, collecting every problem of the row in column order."""
        values: dict[str, Any] = {}
        problems: list[tuple[int, str, str]] = []
        required = {c.field for c in self.columns if c.required}
        for name, position, convert in typed:
            try:
                values[name] = convert(cells[position])
            except InvalidInput as exc:
                problems.append((number, self.headers[name], exc.message))
                continue
            if values[name] is None and name in required:
                problems.append((number, self.headers[name], "is empty; it is required"))
        return values, problems

    def _pairs(self) -> list[tuple[str, int]]:
        return [
            (c.field, p)
            for c, p in zip(self.columns, self._positions, strict=True)
            if not c.derived
        ]

    def _data(self, rows: Iterable[tuple[int, Sequence[Any]]]) -> Rows:
        """Data rows padded to the header's width; blank ones and the totals row skipped."""
        width = self._width
        first = min(self._positions)
        padding = (None,) * width
        for number, cells in rows:
            size = len(cells)
            # Counted in C: a row of empty cells (None in a workbook, "" in a CSV).
            if cells.count(None) + cells.count("") == size:
                continue
            if size < width:
                cells = (*cells, *padding[: width - size])
            if _is_total(cells[first]):
                continue
            yield number, cells


def _until(records: CsvRecords, cut: int) -> Rows:
    """The records up to the first one ending at or past line `cut`."""
    for row in records:
        yield row
        if records.line >= cut:
            return


def _past(records: CsvRecords, cut: int) -> Rows:
    """The records after the first one ending at or past line `cut` (read past the others)."""
    for _ in records:
        if records.line >= cut:
            break
    yield from records


def _is_total(head: Any) -> bool:
    """Whether a row's first cell marks the export's totals row (Jumlah)."""
    return type(head) is str and head.strip().casefold() == _TOTAL_KEY


def open_table(path: Path | str, kind: str) -> ImportTable:
    """Open an import file of complaints or news; InvalidInput says why one cannot be used."""
    columns_for(kind)
    path = Path(path)
    source = open_source(path, SHEET_NAMES[kind])
    try:
        return _table(path, kind, source)
    except BaseException:
        source.close()
        raise


def read_table(path: Path | str, kind: str, *, today: date) -> tuple[ImportTable, list[ImportRow]]:
    """Every typed row of a file at once, for small files and tests."""
    with open_table(path, kind) as table:
        return table, list(table.records(today=today))


# --- finding the header -----------------------------------------------------------------------


def _table(path: Path, kind: str, source: Source) -> ImportTable:
    found = None
    readings: list[list[tuple[int, Sequence[Any]]]] = []
    for variant in source.variants:
        rows = variant()
        scanned = list(islice(rows, HEADER_SEARCH_ROWS))
        readings.append(scanned)
        for index, (number, cells) in enumerate(scanned):
            if _looks_like_header(kind, cells):
                found = number, cells, scanned[index + 1 :], rows
                break
        if found:
            break
    if found is None:
        raise InvalidInput(_no_header_reason(path, kind, source, readings))
    header_row, cells, ahead, reading = found
    _check_merges(source, header_row)
    columns, positions, headers, unnamed = _map_header(kind, source, header_row, cells)
    # Trailing blank header cells are padding; data beyond the last named one is checked.
    # Named ones include columns import ignores (id, created_at of a `list --csv` file).
    width = max(p for p, cell in enumerate(cells) if not is_blank(cell)) + 1
    size = None if source.size_hint is None else max(source.size_hint - header_row, 0)
    return ImportTable(
        path=path,
        kind=kind,
        sheet=source.sheet,
        header_row=header_row,
        columns=columns,
        headers=headers,
        size_hint=size,
        _positions=positions,
        _unnamed=tuple(p for p in unnamed if p < width),
        _width=width,
        _rows=chain(ahead, reading),
        _close=source.close,
        _records=reading if isinstance(reading, CsvRecords) else None,
        _ahead=ahead,
    )


def _texts(cells: Sequence[Any]) -> list[str]:
    return [str(v) for v in cells if not is_blank(v)]


def _header_score(kind: str, cells: Sequence[Any]) -> int:
    """How many cells name this kind's columns, or 0 when none names a required one.

    Two, one of them required, make a header row: a title line names none, and the first
    such row wins, so data below it never counts. Unknown columns beside them are then
    reported by name rather than hiding the header.
    """
    known = [header_key(text) for text in _texts(cells) if is_known_header(kind, text)]
    if len(known) < 2 or not set(known) & _required_keys(kind):
        return 0
    return len(known)


def _looks_like_header(kind: str, cells: Sequence[Any]) -> bool:
    """A header row of this kind, and not rather one of the other kind."""
    score = _header_score(kind, cells)
    return score > 0 and score >= _header_score(_other(kind), cells)


def _other(kind: str) -> str:
    return NEWS if kind == COMPLAINTS else COMPLAINTS


def _required_keys(kind: str) -> set[str]:
    return {
        key
        for column in columns_for(kind)
        if column.required
        for key in (header_key(column.header), header_key(column.field))
    }


def _no_header_reason(
    path: Path, kind: str, source: Source, readings: list[list[tuple[int, Sequence[Any]]]]
) -> str:
    where = f"sheet {source.sheet!r} of {path.name}" if source.sheet else path.name
    other = _other(kind)
    scanned = readings[0]
    if any(_looks_like_header(other, cells) for reading in readings for _, cells in reading):
        return (
            f"{where} holds {KIND_WORDS[other]} columns, not {KIND_WORDS[kind]} ones; "
            f"use `adurabi import {other}`"
        )
    if not any(_texts(cells) for _, cells in scanned):
        return f"{where} has no rows"
    required = [c for c in columns_for(kind) if c.required]
    return (
        f"{where} has no header row naming the columns (such as "
        f"{describe_headers(required)}) in its first {HEADER_SEARCH_ROWS} rows"
    )


def _check_merges(source: Source, header_row: int) -> None:
    for first, last, ref in source.merges:
        if last < header_row:
            continue  # a merged title above the header is fine
        what = "header cells" if first <= header_row else "cells"
        raise InvalidInput(
            f"{what} {ref} of sheet {source.sheet!r} in {source.name} are merged; "
            "unmerge them so that every column has its own header and every row its own values"
        )


def _map_header(
    kind: str, source: Source, header_row: int, cells: Sequence[Any]
) -> tuple[tuple[ExcelColumn, ...], tuple[int, ...], dict[str, str], tuple[int, ...]]:
    columns: list[ExcelColumn] = []
    positions: list[int] = []
    headers: dict[str, str] = {}
    unknown: list[str] = []
    unnamed: list[int] = []
    for position, cell in enumerate(cells):
        if is_blank(cell):
            unnamed.append(position)
            continue
        text = " ".join(str(cell).split())
        try:
            column = find_column(kind, text)
        except InvalidInput:
            unknown.append(text)
            continue
        if column is None:
            continue
        if column.field in headers:
            raise InvalidInput(
                f"{source.name}: columns {headers[column.field]!r} and {text!r} "
                f"(row {header_row}) both hold {column.header}; keep one"
            )
        columns.append(column)
        positions.append(position)
        headers[column.field] = text
    if unknown:
        names = ", ".join(repr(u) for u in unknown)
        raise InvalidInput(
            f"{source.name}: unknown column(s) {names} in row {header_row}; "
            f"valid: {describe_headers(columns_for(kind))}"
        )
    missing = [c for c in columns_for(kind) if c.required and c.field not in headers]
    if missing:
        raise InvalidInput(
            f"{source.name} is missing required column(s) {describe_headers(missing)} "
            f"(header row {header_row})"
        )
    return tuple(columns), tuple(positions), headers, tuple(unnamed)


# --- typing values ----------------------------------------------------------------------------


def _converter(column: ExcelColumn, today: date) -> Callable[[Any], Any]:
    kind = column.kind
    if kind in (DATE, DATETIME):
        return _memoised(_date_converter(today, column.future_ok))
    if kind == INT:
        return _to_int
    if kind == BOOL:
        return _memoised(_to_bool)
    if column.multiline:
        return _block
    if column.choices:
        return _memoised(_one_line)
    return _one_line


def _memoised(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """convert, remembering each distinct cell value's result (never an error's).

    A large import repeats the same few dates, satker and yes/no words in every row, and
    parsing DD/MM/YYYY costs far more than a dictionary lookup.
    """
    return Memo(convert).__getitem__


def _block(value: Any) -> str | None:
    # The common case, text on one line, keeps its inner spaces and loses the outer ones.
    if type(value) is str and "\n" not in value and "\r" not in value:
        return value.strip() or None
    return to_text(value, multiline=True)


def _one_line(value: Any) -> str | None:
    # The common case, a plain string, costs two C calls.
    if type(value) is str:
        return " ".join(value.split()) or None
    return to_text(value)


def _date_converter(today: date, future_ok: bool) -> Callable[[Any], Any]:
    fromisoformat = date.fromisoformat
    earliest = date(MIN_YEAR, 1, 1)
    latest = date.max if future_ok else today

    def convert(value: Any) -> Any:
        # The common case, ISO text of a plausible day, without the general parser.
        if type(value) is str and len(value) == 10 and value[4] == "-":
            try:
                day = fromisoformat(value)
            except ValueError:
                day = None
            if day is not None and earliest <= day <= latest:
                return day
        return to_date(value, today=today, allow_future=future_ok)

    return convert


def _typed_column(convert: Callable[[Any], Any], cells: Sequence[Any]) -> list[Any]:
    """convert(cell) down a column; a column of plain digits (counts in a CSV), of text
    already on one line (names, links in a CSV) or of text without line breaks (summaries)
    at once."""
    if convert is _to_int and set(map(type, cells)) == {str}:
        text = "".join(cells)
        # Every cell empty or ASCII digits, none too long for _to_int's fast case.
        if text.isdigit() and text.isascii() and max(map(len, cells)) <= 15:
            return [int(cell) if cell else None for cell in cells]
    if convert is _block and set(map(type, cells)) == {str}:
        text = "".join(cells)
        if "\n" not in text and "\r" not in text:
            return [cell or None for cell in map(str.strip, cells)]
    if (
        convert is _one_line
        and set(map(type, cells)) == {str}
        and on_one_line([cell for cell in cells if cell])
    ):
        return [cell or None for cell in cells]
    return list(map(convert, cells))


def _to_int(value: Any) -> int | None:
    # The common case, plain digits, without the general parser (15 digits stay below its
    # plausibility limit).
    if type(value) is str and value.isdigit() and value.isascii() and len(value) <= 15:
        return int(value)
    return to_int(value)


_BOOL_WORDS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


def _to_bool(value: Any) -> bool | None:
    if type(value) is str:
        found = _BOOL_WORDS.get(value.strip().lower())
        if found is not None:
            return found
    return to_bool(value)
