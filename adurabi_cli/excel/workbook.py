"""Writing workbooks the way DESIGN section 8 asks, whatever the sheet.

`SheetWriter` streams one write-only sheet: title block, bold frozen header with filter,
column widths, typed cells (real dates shown dd/mm/yyyy, wrapped long text, link-styled
URLs), a totals row and the print setup. Every text cell goes through `safe_text`, so a
value like `=HYPERLINK(...)` or `+62 812...` stays text and never becomes a formula.
`atomic_save` writes the file beside its final name and renames it into place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from adurabi_cli.domain.dates import Month, format_date_id
from adurabi_cli.errors import InvalidInput, StorageError
from adurabi_cli.excel.columns import BOOL, DATE, DATETIME, INT, PCT, URL, ExcelColumn
from adurabi_cli.excel.links import SheetLinks, StreamingExcelWriter, link_target

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.0"
YES, NO = "ya", "tidak"
REPORT_TITLE = "Rekapitulasi Pengaduan dan Berita"
TOTAL_LABEL = "Jumlah"
PAPER_A4 = "9"
# Excel keeps at most this many characters in a cell.
MAX_CELL_TEXT = 32767
# Leading characters that make a spreadsheet read text as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

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
WRAP = Alignment(wrap_text=True, vertical="top")
LINK_FONT = Font(color="0563C1", underline="single")

# Offsets of Indonesia's three time zones, named as Indonesians name them.
_ZONES = {7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT"}


# --- values ---------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text a cell can hold: control characters Excel refuses dropped, line ends as the
    file will read them back (XML turns a carriage return into a newline), cut at its limit."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def needs_guard(text: str) -> bool:
    """Whether text would be read as a formula or an error code rather than as text."""
    return text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES


def guard_cell(cell: Any, text: str) -> Any:
    """Make cell hold text as a string, with Excel's quote prefix so editing keeps it text."""
    cell.value = text
    # Assigning the value typed "=..." as a formula and "#N/A" as an error: undo that.
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def excel_datetime(value: datetime) -> datetime:
    """Excel has no time zones: an aware timestamp is shown in local time."""
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(microsecond=0)


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


def month_line(month: Month) -> str:
    """`Bulan Maret 2025`."""
    return f"Bulan {month.label_id}"


def title_lines(unit: str, month: Month, generated_at: datetime, *extra: str) -> list[str]:
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


# --- a write-only sheet ---------------------------------------------------------------------


class SheetWriter:
    """One sheet of a write-only workbook: title block, header, rows, totals, print setup.

    Create it, call `append`/`append_record` for each row, `totals` once if wanted, and
    `finish` before saving. Column widths, frozen panes and fit-to-page are set before the
    first row, as write-only mode needs.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[ExcelColumn],
        *,
        title_block: Sequence[str] = (),
        landscape: bool = True,
    ) -> None:
        self.ws = workbook.create_sheet(title)
        self.columns = tuple(columns)
        self.fields = tuple(c.field for c in self.columns)
        self.row = 0
        self.header_row = len(title_block) + 2 if title_block else 1
        self.first_data_row = self.header_row + 1
        self.last_data_row = self.header_row
        self._links: SheetLinks | None = None
        self._prepare(landscape)
        for number, line in enumerate(title_block):
            self._append([self._styled(line, TITLE_FONT if number == 0 else SUBTITLE_FONT)])
        if title_block:
            self._append([])
        self._append([self._header_cell(c.header) for c in self.columns])
        self._converters = [self._converter(c, i) for i, c in enumerate(self.columns, 1)]

    # -- rows --

    def append(self, values: Sequence[Any]) -> None:
        """One data row, values in column order."""
        self.row += 1
        self.ws.append([convert(v) for convert, v in zip(self._converters, values, strict=True)])
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
        """Set the filter over header and data rows; the print setup is already in place."""
        if filter_data and self.columns:
            last = get_column_letter(len(self.columns))
            self.ws.auto_filter.ref = (
                f"A{self.header_row}:{last}{max(self.last_data_row, self.header_row)}"
            )

    @property
    def link_count(self) -> int:
        return len(self._links) if self._links is not None else 0

    # -- internals --

    def _append(self, cells: list[Any]) -> None:
        self.row += 1
        self.ws.append(cells)

    def _prepare(self, landscape: bool) -> None:
        ws = self.ws
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

    def _cached(self, **style: Any) -> Any:
        cell = WriteOnlyCell(self.ws)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell

    def _converter(self, column: ExcelColumn, index: int) -> Callable[[Any], Any]:
        """How one column's values become cells; styled cells are made once and reused.

        Reuse is safe: a write-only sheet serialises each row as it is appended.
        """
        kind = column.kind
        if kind in (DATE, DATETIME):
            return _date_converter(self, kind)
        if kind == BOOL:
            return _bool_converter(self)
        if kind in (INT, PCT):
            styled = self._cached(number_format=PCT_FORMAT) if kind == PCT else None
            return _number_converter(self, styled)
        if kind == URL:
            # Built after the header row is written: the links hook into the sheet's writer.
            self._links = SheetLinks(self.ws, get_column_letter(index))
            return _url_converter(self, self._cached(font=LINK_FONT))
        if column.multiline:
            return _text_converter(self._cached(alignment=WRAP), self._cached(alignment=WRAP))
        return _text_converter(None, self._cached())


def set_safe(cell: Any, value: Any) -> Any:
    """Put value in cell: text kept as text (never a formula), yes/no as ya/tidak, dates
    with the dd/mm/yyyy format, numbers as they are. Works on any openpyxl cell."""
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = YES if value else NO
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, datetime):
        cell.value = excel_datetime(value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        text = clean_text(str(value))
        if needs_guard(text):
            return guard_cell(cell, text)
        cell.value = text
        cell.data_type = "s"
    return cell


def _text_converter(plain: Any, guarded: Any) -> Callable[[Any], Any]:
    """Text cells: `plain` (a reused styled cell, or None for a bare value) unless the text
    would read as a formula, then `guarded` with the quote prefix."""

    def convert(value: Any) -> Any:
        if value is None:
            return None
        text = value if type(value) is str else _as_text(value)
        if "\r" in text or ILLEGAL_CHARACTERS_RE.search(text) or len(text) > MAX_CELL_TEXT:
            text = clean_text(text)
        if not text:
            return None
        if text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES:
            return guard_cell(guarded, text)
        if plain is None:
            return text
        plain.value = text
        plain.data_type = "s"
        return plain

    return convert


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime):
        return format_date_id(value.date()) + f" {value:%H:%M}"
    if isinstance(value, date):
        return format_date_id(value)
    return str(value)


def _date_converter(sheet: SheetWriter, kind: str) -> Callable[[Any], Any]:
    cell = sheet._cached(number_format=DATETIME_FORMAT if kind == DATETIME else DATE_FORMAT)
    as_text = _text_converter(None, sheet._cached())

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):
            cell.value = excel_datetime(value) if kind == DATETIME else value.date()
        elif isinstance(value, date):
            cell.value = value
        else:
            return as_text(value)
        return cell

    return convert


def _bool_converter(sheet: SheetWriter) -> Callable[[Any], Any]:
    as_text = _text_converter(None, sheet._cached())

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool | int):
            return YES if value else NO
        return as_text(value)

    return convert


def _number_converter(sheet: SheetWriter, styled: Any) -> Callable[[Any], Any]:
    as_text = _text_converter(None, sheet._cached())

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return as_text(value)
        if styled is None:
            return value
        styled.value = value
        return styled

    return convert


def _url_converter(sheet: SheetWriter, cell: Any) -> Callable[[Any], Any]:
    as_text = _text_converter(None, sheet._cached())

    def convert(value: Any) -> Any:
        target = link_target(value)
        if target is None:
            return as_text(value)
        cell.value = clean_text(value.strip())
        cell.data_type = "s"
        # The row this value lands on: append() counts the row before converting.
        sheet._links.add(cell, sheet.row, target)  # type: ignore[union-attr]
        return cell

    return convert


# --- saving ---------------------------------------------------------------------------------


def check_output_folder(folder: Path) -> None:
    """Refuse a folder that is missing, not a folder, or not writable, before any work."""
    if not folder.exists():
        raise InvalidInput(f"folder {folder} does not exist")
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"folder {folder} is not writable")


def new_workbook(*, write_only: bool = True) -> Workbook:
    """An empty workbook stamped with the program as its author."""
    wb = Workbook(write_only=write_only)
    wb.properties.creator = "adurabi"
    if not write_only:
        wb.remove(wb.active)
    return wb


def atomic_save(workbook: Workbook, path: Path) -> Path:
    """Write workbook to path through a temporary file in the same folder, then rename.

    The file under the final name is always either the previous one or the complete new
    one: a crash, a full disk or an interrupt leaves no half-written workbook behind.
    """
    path = Path(path)
    folder = path.parent
    try:
        check_output_folder(folder)
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder, not a workbook file")
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except BaseException as exc:
        discard(workbook)
        if isinstance(exc, OSError):
            raise _storage_error(exc, path) from exc
        raise
    try:
        with os.fdopen(handle, "w+b") as out:
            if workbook.write_only and not workbook.worksheets:
                workbook.create_sheet()
            with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
                workbook.properties.modified = datetime.now().replace(microsecond=0)
                StreamingExcelWriter(workbook, archive).write_data()
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        _remove_quietly(temporary)
        discard(workbook)
        if isinstance(exc, OSError):
            raise _storage_error(exc, path) from exc
        raise
    _sync_folder(folder)
    return path


def discard(workbook: Workbook) -> None:
    """Drop a write-only workbook that will not be saved, with the temporary files its
    sheets stream to (openpyxl would otherwise keep them until the process ends)."""
    for ws in workbook.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        with contextlib.suppress(Exception):
            if rows is not None:
                rows.close()
            if writer is not None:
                writer.close()
                if os.path.exists(writer.out):
                    writer.cleanup()


def _default_mode() -> int:
    """What a plain open() would give a new file: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _storage_error(exc: OSError, path: Path) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return StorageError(f"the disk is full; {path} was not written")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"cannot write {path}: permission denied or read-only")
    return StorageError(f"cannot write {path}: {exc.strerror or exc}")


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
