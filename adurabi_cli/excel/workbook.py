"""Writing recap sheets the way docs/design.md section 8 asks, whatever the sheet.

`SheetWriter` streams one write-only sheet through openpyxl's public API: letterhead (kop)
and title block, bold frozen header with filter, column widths, typed cells (`values.cell`:
real dates shown dd/mm/yyyy, wrapped long text, text that looks like a formula kept as
text; a web address linked whole and shown as one line of its column, `short_url`), a
totals row, a signature block and the print setup (`print_setup`: A4 landscape, fit to
width, header rows repeated, footer inside the margin). Rows with wrapped
text are given the height it needs (`domain.print_layout`), since no spreadsheet program
fits them when it opens or prints the file. Fonts, fills and alignments are the workbook's
named styles (`new_workbook` registers them, all in one font), so a data cell carries at most
a style name and a number format. `saving.atomic_save` then writes the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from copy import copy
from datetime import datetime
from itertools import chain
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from adurabi_cli.domain.dates import Month, format_date_id
from adurabi_cli.domain.periods import Period
from adurabi_cli.domain.print_layout import BOLD_WIDTH, fits_one_line, row_height, short_url
from adurabi_cli.excel.columns import PCT, TEXT, TOTAL_LABEL, URL, ExcelColumn
from adurabi_cli.excel.values import cell, link_target

REPORT_TITLE = "Rekapitulasi Pengaduan dan Berita"
PAPER_A4 = "9"

# The workbook's own font (openpyxl's default): every named style below names it too, so
# bold text never falls back to another face.
FONT_NAME = "Calibri"
# Names of the workbook's styles, as Excel's cell style gallery lists them.
TITLE, SUBTITLE, NOTE = "adurabi Judul", "adurabi Subjudul", "adurabi Catatan"
HEADER, REQUIRED_HEADER = "adurabi Kepala Kolom", "adurabi Kepala Kolom Wajib"
TOTAL, WRAP, LINK = "adurabi Jumlah", "adurabi Teks Panjang", "adurabi Tautan"
KOP, SIGNER = "adurabi Kop", "adurabi Penanda Tangan"
TITLE_SIZE, KOP_SIZE = 14, 12
# Inches. The footer sits inside the bottom margin, the header inside the top one.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3)
FOOTER_TEXT = "Halaman &P dari &N"

# Excel keeps at most this many hyperlinks on one worksheet; the rest are written as text.
MAX_LINKS = 65_530

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


def _font(**extra: Any) -> Font:
    return Font(name=FONT_NAME, size=extra.pop("size", 11), **extra)


def named_styles() -> list[NamedStyle]:
    """The styles of every workbook (new objects each time: a style belongs to one book)."""
    header = {
        "font": _font(bold=True, color="FFFFFF"),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": Border(bottom=Side(style="thin", color="000000")),
    }
    return [
        NamedStyle(KOP, font=_font(bold=True, size=KOP_SIZE)),
        NamedStyle(TITLE, font=_font(bold=True, size=TITLE_SIZE)),
        NamedStyle(SUBTITLE, font=_font(bold=True)),
        NamedStyle(NOTE, font=_font(italic=True, color="595959")),
        NamedStyle(HEADER, fill=PatternFill("solid", fgColor="1F4E78"), **header),
        NamedStyle(REQUIRED_HEADER, fill=PatternFill("solid", fgColor="C55A11"), **header),
        NamedStyle(
            TOTAL,
            font=_font(bold=True),
            fill=PatternFill("solid", fgColor="DDEBF7"),
            border=Border(top=Side(style="thin", color="000000")),
            # A long total (the reporting states' counts) wraps within its column.
            alignment=Alignment(wrap_text=True),
        ),
        # Bottom-aligned as the cells beside them, so a row reads along its last line.
        NamedStyle(WRAP, font=_font(), alignment=Alignment(wrap_text=True)),
        NamedStyle(
            LINK,
            font=_font(color="0563C1", underline="single"),
            alignment=Alignment(wrap_text=True),
        ),
        NamedStyle(SIGNER, font=_font(bold=True, underline="single")),
    ]


def print_setup(ws: Any, *, title_rows: str | None = None, landscape: bool = True) -> None:
    """A4, fit to the page's width (as many pages down as needed), the header rows repeated
    on every page, "Halaman 1 dari N" in the footer; set before a write-only sheet's rows."""
    if title_rows:
        ws.print_title_rows = title_rows
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup = ws.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = PAPER_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.page_margins = copy(MARGINS)
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.center.text = FOOTER_TEXT
    ws.oddFooter.right.text = "adurabi"


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float | None:
    """The height a header row needs for its wrapped (bold) labels; None for one line."""
    return row_height(zip(headers, (w * BOLD_WIDTH for w in widths), strict=False))


def new_workbook(*, write_only: bool = True) -> Workbook:
    """An empty workbook stamped with the program as its author, holding our styles."""
    wb = Workbook(write_only=write_only)
    wb.properties.creator = "adurabi"
    if not write_only:
        wb.remove(wb.active)
    for style in named_styles():
        wb.add_named_style(style)
    return wb


class SheetWriter:
    """One sheet of a write-only workbook: title block, header, rows, totals, print setup.

    Create it, call `append`/`append_record(s)` for the data rows, `finish` to set the
    filter over them, then `totals`, `note`, `section`... for what follows. Column widths,
    frozen panes and fit-to-page are set before the first row, as write-only mode needs.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[ExcelColumn],
        *,
        title_block: Sequence[str] = (),
        kop: Sequence[str] = (),
        landscape: bool = True,
    ) -> None:
        self.ws = workbook.create_sheet(title)
        self.columns = tuple(columns)
        self.fields = tuple(c.field for c in self.columns)
        self.widths = tuple(c.width for c in self.columns)
        self.row = 0
        above = [*kop, *([None] if kop else []), *title_block]
        self.header_row = len(above) + 2 if above else 1
        self.first_data_row = self.header_row + 1
        self.last_data_row = self.header_row
        self.link_count = 0
        # Web addresses written as plain text because the sheet had MAX_LINKS links.
        self.unlinked = 0
        self._prepare(landscape)
        for line in kop:
            self._append([cell(self.ws, line, style=KOP)])
        if kop:
            self._append([])
        for number, line in enumerate(title_block):
            self._append([cell(self.ws, line, style=TITLE if number == 0 else SUBTITLE)])
        if above:
            self._append([])
        self.header([c.header for c in self.columns])

    # -- rows --

    def append(self, values: Sequence[Any]) -> None:
        """One data row, values in column order, as tall as its wrapped text needs."""
        cells = zip(self.columns, values, strict=True)
        made = [None if v is None else self._data_cell(c, v) for c, v in cells]
        self._append(made, self._height(made))
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
        self._append([cell(self.ws, text, style=NOTE)])

    def blank(self) -> None:
        self._append([])

    def section(self, text: str) -> None:
        """A bold caption starting a small table further down the sheet."""
        self._append([cell(self.ws, text, style=SUBTITLE)])

    def header(self, headers: Sequence[str]) -> None:
        """A header row (of the main table, or of a small table further down the sheet),
        as tall as its wrapped labels need."""
        self._append(
            [cell(self.ws, h, style=HEADER) for h in headers],
            header_height(headers, self.widths),
        )

    def plain_row(self, values: Sequence[Any]) -> None:
        """A row outside the main table: values made safe, long text wrapped in the main
        table's text columns, otherwise unformatted."""
        made = [
            cell(self.ws, v, style=WRAP if self._cut(n, v) else None) for n, v in enumerate(values)
        ]
        self._append(made, self._height(made))

    def signature(self, lines: Sequence[str]) -> None:
        """The place, date and signing official, below everything, at the right of the
        printed table: the name line bold and underlined."""
        self.blank()
        start = signature_column(self.widths)
        for number, line in enumerate(lines):
            style = SIGNER if number == len(lines) - 2 else None
            self._append([None] * start + [cell(self.ws, line, style=style) if line else None])

    def totals(self, values: Mapping[str, Any], *, label: str = TOTAL_LABEL) -> None:
        """The totals row, values keyed by field: label in the first column unless given,
        bold on a tinted band."""
        cells = []
        for index, column in enumerate(self.columns):
            value = values.get(column.field, label if index == 0 else None)
            # Typed by its value (a count under Terlambat, a label under a date), but a
            # percentage keeps its format.
            kind = PCT if column.kind == PCT else None
            made = cell(self.ws, value, kind, TOTAL)
            if made is None:
                made = WriteOnlyCell(self.ws)
                made.style = TOTAL
            cells.append(made)
        self._append(cells, self._height(cells, bold=True))

    def finish(self, *, filter_data: bool = True) -> None:
        """Set the filter over the header and data rows written so far."""
        if filter_data and self.columns:
            last = get_column_letter(len(self.columns))
            self.ws.auto_filter.ref = f"A{self.header_row}:{last}{self.last_data_row}"

    # -- internals --

    def _data_cell(self, column: ExcelColumn, value: Any) -> Any:
        """A value of the column as the sheet takes it: typed, styled, linked."""
        target = link_target(value) if column.kind == URL else None
        if target is not None and self.link_count >= MAX_LINKS:
            self.unlinked += 1
            target = None
        if target is None:
            # Wrapped where it does not fit: a short text prints whole as it is, unstyled.
            wraps = isinstance(value, str) and not fits_one_line(value, column.width)
            return cell(self.ws, value, column.kind, WRAP if wraps else None)
        # The address as one line of the column prints it; the link keeps it whole.
        made = cell(self.ws, short_url(target, column.width), TEXT, LINK)
        made.hyperlink = target
        self.link_count += 1
        return made

    def _cut(self, index: int, value: Any) -> bool:
        """Whether value is text of a text column that does not fit one line: it wraps, so
        that no text is cut at its column's edge on paper."""
        return (
            isinstance(value, str)
            and index < len(self.columns)
            and self.columns[index].kind in (TEXT, URL)
            and not fits_one_line(value, self.widths[index])
        )

    def _height(self, cells: Sequence[Any], *, bold: bool = False) -> float | None:
        """The height a row of these cells needs for the text of its wrapped columns."""
        narrowing = BOLD_WIDTH if bold else 1.0
        texts = []
        for index, made in enumerate(cells):
            value = made.value if isinstance(made, Cell) else made
            if self._cut(index, value):
                texts.append((value, self.widths[index] * narrowing))
        return row_height(texts)

    def _append(self, cells: list[Any], height: float | None = None) -> None:
        self.row += 1
        if height is None:
            self.ws.append(cells)
            return
        # A write-only sheet takes a row's height before the row, and writes the row at once:
        # the height is dropped after, or 100,000 tall rows would hold 100,000 of them.
        self.ws.row_dimensions[self.row].height = height
        self.ws.append(cells)
        del self.ws.row_dimensions[self.row]

    def _prepare(self, landscape: bool) -> None:
        ws = self.ws
        for index, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if self.columns:
            ws.freeze_panes = f"A{self.header_row + 1}"
        title_rows = f"{self.header_row}:{self.header_row}" if self.columns else None
        print_setup(ws, title_rows=title_rows, landscape=landscape)


def signature_column(widths: Sequence[float], room: float = 36) -> int:
    """The column (from 0) the signature block starts in: the rightmost one leaving it at
    least room width units within the table, which is what prints."""
    total = 0.0
    for index in range(len(widths) - 1, -1, -1):
        total += widths[index]
        if total >= room:
            return index
    return 0
