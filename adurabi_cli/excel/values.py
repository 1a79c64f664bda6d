"""How values become cells: text kept as text, real dates, yes/no, numbers, links.

Every text goes through `clean_text` and, when it starts like a formula (`=`, `+`, `-`,
`@`, tab, carriage return) or reads as an error code (`#N/A`), is stored as a string with
Excel's quote prefix: never a formula, and still text when an operator edits the cell.

`column_cells` builds, for one column of a write-only sheet, both the openpyxl cell path
(`convert`) and the rendered-XML path of `fastrows` (`render`); the two write the same
values with the same styles, and the tests hold them to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font

from adurabi_cli.domain.dates import format_date_id
from adurabi_cli.excel.columns import BOOL, DATE, DATETIME, INT, PCT, URL, ExcelColumn
from adurabi_cli.excel.fastrows import date_cell, number_cell, style_attr, text_cell
from adurabi_cli.excel.links import SheetLinks, link_target

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.0"
YES, NO = "ya", "tidak"
# Excel keeps at most this many characters in a cell.
MAX_CELL_TEXT = 32767
# Leading characters that make a spreadsheet read text as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WRAP = Alignment(wrap_text=True, vertical="top")
LINK_FONT = Font(color="0563C1", underline="single")
# Control characters Excel refuses, and what XML 1.0 cannot hold at all.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text a cell can hold: unwritable characters dropped, line ends as the file will read
    them back (XML turns a carriage return into a newline), cut at Excel's limit."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _UNWRITABLE.search(text):
        text = _UNWRITABLE.sub("", text)
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


def as_text(value: Any) -> str:
    """A value that arrived where text belongs, as an operator would write it."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime):
        return format_date_id(value.date()) + f" {value:%H:%M}"
    if isinstance(value, date):
        return format_date_id(value)
    return str(value)


def set_safe(cell: Any, value: Any) -> Any:
    """Put value in any openpyxl cell: text kept as text (never a formula), yes/no as
    ya/tidak, dates with the dd/mm/yyyy format, numbers as they are."""
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


@dataclass
class ColumnCells:
    """One column's two ways to write a value: an openpyxl cell, or rendered XML."""

    convert: Callable[[Any], Any]
    render: Callable[[Any, str, int], str]


class _Styles:
    """Cells of one sheet in a given style, made once: as reusable openpyxl cells for the
    cell path, as style ids for the rendered path."""

    def __init__(self, worksheet: Any) -> None:
        self.ws = worksheet

    def cell(self, **style: Any) -> Any:
        cell = WriteOnlyCell(self.ws)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell

    def attr(self, **style: Any) -> str:
        return style_attr(self.cell(**style).style_id) if style else ""


def column_cells(worksheet: Any, column: ExcelColumn, links: SheetLinks | None) -> ColumnCells:
    """Both writers for one column. URL columns need the sheet's links, others ignore them.

    The openpyxl path reuses one styled cell per column: safe, since a write-only sheet
    serialises each row as it is appended.
    """
    styles = _Styles(worksheet)
    kind = column.kind
    if kind in (DATE, DATETIME):
        return _dates(styles, kind)
    if kind == BOOL:
        return _bools(styles)
    if kind in (INT, PCT):
        return _numbers(styles, PCT_FORMAT if kind == PCT else None)
    if kind == URL and links is not None:
        return _links(styles, links)
    if column.multiline:
        return _texts(styles, alignment=WRAP)
    return _texts(styles)


def _texts(styles: _Styles, **style: Any) -> ColumnCells:
    plain = styles.cell(**style) if style else None
    guarded = styles.cell(**style)
    plain_attr = styles.attr(**style)
    guarded_attr = styles.attr(**style, quotePrefix=True)

    def clean(value: Any) -> str:
        text = value if type(value) is str else as_text(value)
        if "\r" in text or len(text) > MAX_CELL_TEXT or _UNWRITABLE.search(text):
            text = clean_text(text)
        return text

    def convert(value: Any) -> Any:
        if value is None:
            return None
        text = clean(value)
        if not text:
            return None
        if text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES:
            return guard_cell(guarded, text)
        if plain is None:
            return text
        plain.value = text
        plain.data_type = "s"
        return plain

    def render(value: Any, ref: str, row: int) -> str:
        text = clean(value)
        if not text:
            return ""
        if text.startswith(FORMULA_PREFIXES) or text in ERROR_CODES:
            return text_cell(ref, text, guarded_attr)
        return text_cell(ref, text, plain_attr)

    return ColumnCells(convert, render)


def _dates(styles: _Styles, kind: str) -> ColumnCells:
    fmt = DATETIME_FORMAT if kind == DATETIME else DATE_FORMAT
    cell, attr = styles.cell(number_format=fmt), styles.attr(number_format=fmt)
    text = _texts(styles)

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):
            cell.value = excel_datetime(value) if kind == DATETIME else value.date()
        elif isinstance(value, date):
            cell.value = value
        else:
            return text.convert(value)
        return cell

    def render(value: Any, ref: str, row: int) -> str:
        if isinstance(value, datetime):
            day = excel_datetime(value) if kind == DATETIME else value.date()
            return date_cell(ref, day, attr)
        if isinstance(value, date):
            return date_cell(ref, value, attr)
        return text.render(value, ref, row)

    return ColumnCells(convert, render)


def _bools(styles: _Styles) -> ColumnCells:
    text = _texts(styles)

    def convert(value: Any) -> Any:
        if isinstance(value, bool | int):
            return YES if value else NO
        return text.convert(value)

    def render(value: Any, ref: str, row: int) -> str:
        if isinstance(value, bool | int):
            return text_cell(ref, YES if value else NO)
        return text.render(value, ref, row)

    return ColumnCells(convert, render)


def _numbers(styles: _Styles, fmt: str | None) -> ColumnCells:
    styled = styles.cell(number_format=fmt) if fmt else None
    attr = styles.attr(number_format=fmt) if fmt else ""
    text = _texts(styles)

    def convert(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return text.convert(value)
        if styled is None:
            return value
        styled.value = value
        return styled

    def render(value: Any, ref: str, row: int) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return text.render(value, ref, row)
        return number_cell(ref, value, attr)

    return ColumnCells(convert, render)


def _links(styles: _Styles, links: SheetLinks) -> ColumnCells:
    cell, attr = styles.cell(font=LINK_FONT), styles.attr(font=LINK_FONT)
    text = _texts(styles)

    def convert(value: Any) -> Any:
        target = link_target(value)
        if target is None:
            return text.convert(value)
        cell.value = clean_text(value.strip())
        cell.data_type = "s"
        links.add(cell, links.next_row, target)
        return cell

    def render(value: Any, ref: str, row: int) -> str:
        target = link_target(value)
        if target is None:
            return text.render(value, ref, row)
        links.add(None, row, target)
        return text_cell(ref, clean_text(value.strip()), attr)

    return ColumnCells(convert, render)
