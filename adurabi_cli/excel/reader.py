"""Reading complaints or news from a workbook (.xlsx, .xls, .ods) or a .csv file for import.

`open_table(path, kind)` finds the sheet (Pengaduan / Berita, else the first visible), the
header row (below any title block), maps each header, Indonesian or field name, to its
column, and reads the data rows; `table.records(today=...)` then gives each data row with
its cells typed (dates, whole numbers, yes/no, trimmed text) by the column's kind and every
problem found, as ImportRejected wants them.

    with open_table(path, "complaints") as table:
        for row in table.records(today=today):
            ...  # row.number, row.values (field -> value), row.problems
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple

from adurabi_cli.domain.cells import is_blank, to_bool, to_date, to_int, to_text
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
    URL,
    ExcelColumn,
    columns_for,
    describe_headers,
    find_column,
    header_key,
    is_known_header,
)
from adurabi_cli.excel.sources import (
    DEFAULT_MAX_UNPACKED_MB,
    Rows,
    Source,
    column_letter,
    open_source,
)
from adurabi_cli.i18n import _

# The export's title block is seven rows; leave room for a satker's own.
HEADER_SEARCH_ROWS = 30
_TOTAL_KEY = TOTAL_LABEL.casefold()
# A date written day/month/year or month/day/year.
_SLASHED = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", re.ASCII)
FORMULA_PROBLEM = (
    "holds a formula without a computed value; open the file in Excel or LibreOffice, "
    "save it again (or paste the values) and import it"
)


class ImportRow(NamedTuple):
    """One data row: its number as a spreadsheet shows it, typed values, problems found."""

    number: int
    values: dict[str, Any]
    problems: list[tuple[int, str, str]]


@dataclass
class ImportTable:
    """An import file read from its header row on."""

    path: Path
    kind: str
    sheet: str | None
    header_row: int
    columns: tuple[ExcelColumn, ...]
    # Field -> the header as the file spells it, for messages.
    headers: dict[str, str]
    positions: tuple[int, ...] = field(repr=False)
    # Header cells left blank, and how many cells the header row has: data under either
    # is a value without a column.
    unnamed: tuple[int, ...] = field(repr=False)
    width: int = field(repr=False)
    formulas: frozenset[tuple[int, int]] = field(default=frozenset(), repr=False)
    # (row, column index) -> the web address a cell links to (xlsx): what a web address
    # column holds, whatever the cell shows (an export shows long ones shortened).
    links: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)
    # The data rows, padded to the header's width; blank ones and the totals row left out.
    data: list[tuple[int, Sequence[Any]]] = field(default_factory=list, repr=False)

    def __enter__(self) -> ImportTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.data = []

    @property
    def size_hint(self) -> int:
        return len(self.data)

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, field -> raw cell value) of every data row, untyped.

        Derived columns (Terlambat) and ignored ones (id, created_at) are left out.
        """
        pairs = self._pairs()
        for number, cells in self.data:
            yield number, {name: cells[position] for name, position in pairs}

    def records(self, *, today: date) -> Iterator[ImportRow]:
        """Every data row with its cells typed; every problem of a row as (row, column
        header, reason). A row whose cells are all spaces is skipped like a blank one.

        Raises InvalidInput when a date column holds month/day/year dates (decided over
        the whole file, so no row is read the other way round).
        """
        self._check_date_order()
        typed = [
            (name, position, _converter(column, today))
            for column, (name, position) in zip(self._read_columns(), self._pairs(), strict=True)
        ]
        required = {c.field for c in self.columns if c.required}
        for number, cells in self.data:
            values: dict[str, Any] = {}
            problems: list[tuple[int, str, str]] = []
            for name, position, convert in typed:
                header = self.headers[name]
                cell = cells[position]
                if (number, position) in self.formulas and is_blank(cell):
                    problems.append((number, header, FORMULA_PROBLEM))
                    values[name] = None
                    continue
                try:
                    values[name] = convert(cell)
                except InvalidInput as exc:
                    problems.append((number, header, exc.message))
                    values[name] = None
                    continue
                if values[name] is None and name in required:
                    problems.append((number, header, _("is empty; it is required")))
            if not problems and all(value is None for value in values.values()):
                continue
            for position, cell in enumerate(cells):
                if (position in self.unnamed or position >= self.width) and not is_blank(cell):
                    # The column's letter: "row 3, column B: has a value but no header".
                    problems.append((number, column_letter(position), "has a value but no header"))
            yield ImportRow(number, values, problems)

    def _read_columns(self) -> list[ExcelColumn]:
        return [c for c in self.columns if not c.derived]

    def _pairs(self) -> list[tuple[str, int]]:
        return [
            (c.field, p) for c, p in zip(self.columns, self.positions, strict=True) if not c.derived
        ]

    def data_rows(self, rows: Iterable[tuple[int, Sequence[Any]]]) -> Rows:
        """Data rows padded to the header's width; blank ones skipped. The export's totals
        row (Jumlah) closes the table: what follows it (notes, the Berita sheet's best
        items) is not data. A web address column's cell gives the address it links to."""
        width = self.width
        first = min(self.positions)
        linked = [p for c, p in zip(self.columns, self.positions, strict=True) if c.kind == URL]
        for number, cells in rows:
            if all(map(is_blank, cells)):
                continue
            if len(cells) < width:
                cells = (*cells, *(None,) * (width - len(cells)))
            for position in linked if self.links else ():
                target = self.links.get((number, position))
                if target is not None:
                    cells = [*cells]
                    cells[position] = target
            if _is_total(cells[first]):
                return
            yield number, cells

    def _check_date_order(self) -> None:
        """Refuse a date column written month first (03/25/2025): some of its dates would
        otherwise be refused and the others, such as 03/04/2025, read as the wrong day."""
        for column, position in zip(self.columns, self.positions, strict=True):
            if column.kind not in (DATE, DATETIME):
                continue
            for number, cells in self.data:
                cell = cells[position]
                match = _SLASHED.fullmatch(cell) if type(cell) is str else None
                if match and int(match.group(1)) <= 12 < int(match.group(2)) <= 31:
                    raise InvalidInput(
                        _(
                            "{name}: dates in column {value!r} look like MM/DD/YYYY (row "
                            "{number}: {value2}); save the file with dd/mm/yyyy dates "
                            "and import it again"
                        ).format(
                            name=self.path.name,
                            value=self.headers[column.field],
                            number=number,
                            value2=cell.strip(),
                        )
                    )


def _is_total(head: Any) -> bool:
    """Whether a row's first cell marks the export's totals row (Jumlah)."""
    return type(head) is str and head.strip().casefold() == _TOTAL_KEY


def open_table(
    path: Path | str, kind: str, *, max_unpacked_mb: int = DEFAULT_MAX_UNPACKED_MB
) -> ImportTable:
    """Open an import file of complaints or news; InvalidInput says why one cannot be used."""
    columns_for(kind)
    path = Path(path)
    source = open_source(path, SHEET_NAMES[kind], max_unpacked_mb=max_unpacked_mb)
    return _table(path, kind, source)


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
    table = ImportTable(
        path=path,
        kind=kind,
        sheet=source.sheet,
        header_row=header_row,
        columns=columns,
        headers=headers,
        positions=positions,
        unnamed=tuple(p for p in unnamed if p < width),
        width=width,
        formulas=source.formulas,
        links=source.links,
    )
    table.data = list(table.data_rows(chain(ahead, reading)))
    return table


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
    where = (
        _("sheet {sheet!r} of {name}").format(sheet=source.sheet, name=path.name)
        if source.sheet
        else path.name
    )
    other = _other(kind)
    scanned = readings[0]
    if any(_looks_like_header(other, cells) for reading in readings for _, cells in reading):
        return _(
            "{where} holds {other_words} columns, not {kind_words} ones; "
            "use `adurabi import {other}`"
        ).format(
            where=where, other_words=KIND_WORDS[other], kind_words=KIND_WORDS[kind], other=other
        )
    if not any(_texts(cells) for _, cells in scanned):
        return _("{where} has no rows").format(where=where)
    required = [c for c in columns_for(kind) if c.required]
    return _(
        "{where} has no header row naming the columns (such as {headers}) in its first {rows} rows"
    ).format(where=where, headers=describe_headers(required), rows=HEADER_SEARCH_ROWS)


def _check_merges(source: Source, header_row: int) -> None:
    for first, last, ref in source.merges:
        if last < header_row:
            continue  # a merged title above the header is fine
        what = "header cells" if first <= header_row else "cells"
        raise InvalidInput(
            _(
                "{what} {ref} of sheet {sheet!r} in {name} are merged; "
                "unmerge them so that every column has its own header and "
                "every row its own values"
            ).format(what=what, ref=ref, sheet=source.sheet, name=source.name)
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
                _(
                    "{name}: columns {value!r} and {text!r} (row {header_row}) "
                    "both hold {header}; keep one"
                ).format(
                    name=source.name,
                    value=headers[column.field],
                    text=text,
                    header_row=header_row,
                    header=column.header,
                )
            )
        columns.append(column)
        positions.append(position)
        headers[column.field] = text
    if unknown:
        names = ", ".join(repr(u) for u in unknown)
        raise InvalidInput(
            _("{name}: unknown column(s) {names} in row {header_row}; valid: {value}").format(
                name=source.name,
                names=names,
                header_row=header_row,
                value=describe_headers(columns_for(kind)),
            )
        )
    missing = [c for c in columns_for(kind) if c.required and c.field not in headers]
    if missing:
        raise InvalidInput(
            _("{name} is missing required column(s) {value} (header row {header_row})").format(
                name=source.name, value=describe_headers(missing), header_row=header_row
            )
        )
    return tuple(columns), tuple(positions), headers, tuple(unnamed)


# --- typing values ----------------------------------------------------------------------------


def _converter(column: ExcelColumn, today: date) -> Callable[[Any], Any]:
    """How a column's cells are typed. Dates, yes/no words and chosen values repeat down
    a file: each distinct one is converted once (1, 1.0 and True kept apart)."""
    kind = column.kind
    if kind in (DATE, DATETIME):
        return _cached(partial(to_date, today=today, allow_future=column.future_ok))
    if kind == INT:
        return to_int
    if kind == BOOL:
        return _cached(to_bool)
    if column.multiline:
        return partial(to_text, multiline=True)
    if column.choices:
        return _cached(to_text)
    return to_text


def _cached(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lru_cache(maxsize=4096, typed=True)(convert)
