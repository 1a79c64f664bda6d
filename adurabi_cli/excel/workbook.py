"""Writing recap sheets the way docs/design.md section 8 asks, whatever the sheet.

`SheetWriter` streams one write-only sheet: title block, bold frozen header with filter,
column widths, typed cells (real dates shown dd/mm/yyyy, wrapped long text, link-styled
URLs, text that looks like a formula kept as text), a totals row and the print setup.
Data rows take the rendered-XML path of `fastrows` where openpyxl allows it, else
openpyxl's cells; `saving.atomic_save` then writes the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from itertools import chain
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from adurabi_cli.domain.dates import Month, format_date_id
from adurabi_cli.domain.periods import Period
from adurabi_cli.excel import fastrows
from adurabi_cli.excel.columns import PCT, TOTAL_LABEL, URL, ExcelColumn
from adurabi_cli.excel.links import SheetLinks, reserve_dimension
from adurabi_cli.excel.values import INT_FORMAT, PCT_FORMAT, column_cells, set_safe

REPORT_TITLE = "Rekapitulasi Pengaduan dan Berita"
PAPER_A4 = "9"

TITLE_FONT = Font(bold=True, size=14)
SUBTITLE_FONT = Font(bold=True, size=11)
NOTE_FONT = Font(italic=True, color="595959")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))
TOTAL_FONT = Font(bold=True)
TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_BORDER = Border(top=Side(style="thin", color="000000"))

# Offsets of Indonesia's three time zones, named as Indonesians name them.
_ZONES = {7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT"}


def generated_label(at: datetime) -> str:
    """`30/04/2025 10:15 WITA`: when a workbook was made, in the time zone it carries."""
    offset = at.utcoffset()
    zone = ""
    if offset is not None:
        seconds = int(offset.total_seconds())
        sign = "+" if seconds >= 0 else "-"
        hours, rest = divmod(abs(seconds), 3600)
        zone = " " + _ZONES.get(seconds, f"UTC{sign}{hours:02d}:{rest // 60:02d}")
    return f"{format_date_id(at.date())} {at:%H:%M}{zone}"


def month_line(month: Month | Period) -> str:
    """`Bulan Maret 2025` (or a period's heading, `Triwulan III 2026`)."""
    return month.heading_id if isinstance(month, Period) else f"Bulan {month.label_id}"


def title_lines(unit: str, month: Month | Period, generated_at: datetime, *extra: str) -> list[str]:
    """The title block every recap sheet opens with."""
    return [
        REPORT_TITLE,
        f"Satker: {unit}",
        month_line(month),
        f"Dibuat: {generated_label(generated_at)}",
        *extra,
    ]


def peek(rows: Iterable[Any]) -> tuple[bool, Iterator[Any]]:
    """Whether rows holds anything, and an iterator over all of it (first item included)."""
    iterator = iter(rows)
    for first in iterator:
        return True, chain((first,), iterator)
    return False, iter(())


def new_workbook(*, write_only: bool = True) -> Workbook:
    """An empty workbook stamped with the program as its author."""
    wb = Workbook(write_only=write_only)
    wb.properties.creator = "adurabi"
    if not write_only:
        wb.remove(wb.active)
    return wb


class SheetWriter:
    """One sheet of a write-only workbook: title block, header, rows, totals, print setup.

    Create it, call `append`/`append_record(s)` for the data rows, `finish` to set the
    filter over them, then `totals`, `note`, `section`... for what follows. Column widths,
    frozen panes and fit-to-page are set before the first row, as write-only mode needs.
    `fast=False` keeps data rows on openpyxl's cell path (the tests compare both).
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[ExcelColumn],
        *,
        title_block: Sequence[str] = (),
        landscape: bool = True,
        fast: bool = True,
    ) -> None:
        self.ws = workbook.create_sheet(title)
        self.columns = tuple(columns)
        self.fields = tuple(c.field for c in self.columns)
        self.row = 0
        self.width = len(self.columns)
        self.header_row = len(title_block) + 2 if title_block else 1
        self.first_data_row = self.header_row + 1
        self.last_data_row = self.header_row
        self._prepare(landscape)
        for number, line in enumerate(title_block):
            self._append([self._styled(line, TITLE_FONT if number == 0 else SUBTITLE_FONT)])
        if title_block:
            self._append([])
        self._append([self._header_cell(c.header) for c in self.columns])
        # The links and the fast path hook into the sheet's writer, which now exists.
        self._links: SheetLinks | None = None
        for index, column in enumerate(self.columns, 1):
            if column.kind == URL:
                self._links = SheetLinks(self.ws, get_column_letter(index))
        cells = [column_cells(self.ws, c, self._links) for c in self.columns]
        self._convert = [c.convert for c in cells]
        self._render = [(c.render, get_column_letter(i)) for i, c in enumerate(cells, 1)]
        self.fast = (
            fast
            and (self._links is None or self._links.streaming)
            and fastrows.install(self.ws, self._render_row)
        )

    # -- rows --

    def append(self, values: Sequence[Any]) -> None:
        """One data row, values in column order."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self.row += 1
        if self.fast:
            self.ws.append(fastrows.FastRow((values,)))
        else:
            if self._links is not None:
                self._links.next_row = self.row
            self.ws.append([convert(v) for convert, v in zip(self._convert, values, strict=True)])
        self.last_data_row = self.row

    def append_record(self, record: Mapping[str, Any]) -> None:
        """One data row from a record keyed by field name; missing fields stay blank."""
        self.append([record.get(f) for f in self.fields])

    def append_records(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Every record; returns how many were written."""
        start = self.row
        fields = self.fields
        for record in records:
            self.append([record.get(f) for f in fields])
        return self.row - start

    def note(self, text: str) -> None:
        """A line of explanation below the data (not part of any table)."""
        self._append([self._styled(text, NOTE_FONT)])

    def blank(self) -> None:
        self._append([])

    def section(self, text: str) -> None:
        """A bold caption starting a small table further down the sheet."""
        self._append([self._styled(text, SUBTITLE_FONT)])

    def header(self, headers: Sequence[str]) -> None:
        """A header row for a small table further down the sheet."""
        self._append([self._header_cell(h) for h in headers])

    def plain_row(self, values: Sequence[Any]) -> None:
        """A row outside the main table: values made safe, otherwise unformatted."""
        self._append([set_safe(WriteOnlyCell(self.ws), v) for v in values])

    def totals(self, values: Mapping[str, Any], *, label: str = TOTAL_LABEL) -> None:
        """The totals row, values keyed by field: label in the first column unless given,
        bold on a tinted band."""
        cells = []
        for index, column in enumerate(self.columns):
            value = values.get(column.field, label if index == 0 else None)
            cell = WriteOnlyCell(self.ws)
            cell.font, cell.fill, cell.border = TOTAL_FONT, TOTAL_FILL, TOTAL_BORDER
            set_safe(cell, value)
            if column.kind == PCT:
                cell.number_format = PCT_FORMAT
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = INT_FORMAT
            cells.append(cell)
        self._append(cells)

    def finish(self, *, filter_data: bool = True) -> None:
        """Set the filter over the header and data rows written so far."""
        if filter_data and self.columns:
            last = get_column_letter(len(self.columns))
            self.ws.auto_filter.ref = f"A{self.header_row}:{last}{self.last_data_row}"

    @property
    def link_count(self) -> int:
        return len(self._links) if self._links is not None else 0

    # -- internals --

    def _dimension(self) -> str:
        return f"A1:{get_column_letter(max(self.width, 1))}{max(self.row, 1)}"

    def _render_row(self, values: Sequence[Any], row: int) -> str:
        if row != self.row:
            # openpyxl and this writer count rows alike; anything else would misplace links.
            raise RuntimeError(f"row {row} written as row {self.row}")
        cells = [
            render(value, f"{letter}{row}", row)
            for (render, letter), value in zip(self._render, values, strict=True)
            if value is not None
        ]
        return f'<row r="{row}">{"".join(cells)}</row>'

    def _append(self, cells: list[Any]) -> None:
        self.row += 1
        self.width = max(self.width, len(cells))
        self.ws.append(cells)

    def _prepare(self, landscape: bool) -> None:
        ws = self.ws
        reserve_dimension(ws, self._dimension)
        for index, column in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        if self.columns:
            ws.freeze_panes = f"A{self.header_row + 1}"
            ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        setup = ws.page_setup
        setup.orientation = "landscape" if landscape else "portrait"
        setup.paperSize = PAPER_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.oddFooter.left.text = "&A"
        ws.oddFooter.center.text = "Halaman &P dari &N"
        ws.oddFooter.right.text = "adurabi"

    def _styled(self, text: str, font: Font) -> Any:
        cell = WriteOnlyCell(self.ws)
        cell.font = font
        return set_safe(cell, text)

    def _header_cell(self, text: str) -> Any:
        cell = WriteOnlyCell(self.ws)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment, cell.border = HEADER_ALIGNMENT, HEADER_BORDER
        return set_safe(cell, text)
