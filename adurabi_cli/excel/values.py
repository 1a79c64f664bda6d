"""How values become cells: text kept as text, real dates, yes/no, numbers with separators.

`cell` is the one way a value becomes what a sheet takes. Every text goes through
`clean_text` and, when it starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return)
or reads as an error code (`#N/A`), is stored as a string with Excel's quote prefix: never
a formula, and still text when an operator edits the cell.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

from adurabi_cli.domain.dates import format_date_id
from adurabi_cli.domain.text import FORMULA_PREFIXES
from adurabi_cli.excel.columns import BOOL, DATE, DATETIME, INT, PCT

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.0"
YES, NO = "ya", "tidak"
# Excel keeps at most this many characters in a cell.
MAX_CELL_TEXT = 32767
# Control characters Excel refuses, and what XML 1.0 cannot hold at all.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBER_KINDS = (None, INT, PCT)
# Excel refuses to open a file holding a longer hyperlink address.
MAX_LINK_LENGTH = 2000


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


def excel_datetime(value: datetime) -> datetime:
    """Excel has no time zones: an aware timestamp is shown at the time of the zone it
    carries (the services give the office's)."""
    return value.replace(tzinfo=None, microsecond=0)


def as_text(value: Any) -> str:
    """A value that arrived where text belongs, as an operator would write it."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime):
        return format_date_id(value.date()) + f" {value:%H:%M}"
    if isinstance(value, date):
        return format_date_id(value)
    return str(value)


def excel_value(value: Any, kind: str | None = None) -> Any:
    """What a cell of a column of this kind holds for value; kind None types it by itself.

    yes/no as ya/tidak, numbers as numbers in number columns, dates as dates in date
    columns, anything else as cleaned text; None for nothing to write.
    """
    if value is None or isinstance(value, str):
        pass
    elif isinstance(value, bool) or (kind == BOOL and isinstance(value, int)):
        return YES if value else NO
    elif isinstance(value, int | float) and kind in _NUMBER_KINDS:
        return value if math.isfinite(value) else None
    elif isinstance(value, datetime) and kind in (None, DATE, DATETIME):
        return value.date() if kind == DATE else excel_datetime(value)
    elif isinstance(value, date) and kind in (None, DATE, DATETIME):
        return value
    else:
        value = as_text(value)
    if not value:
        return None
    if "\r" in value or len(value) > MAX_CELL_TEXT or _UNWRITABLE.search(value):
        value = clean_text(value)
    return value or None


def number_format(value: Any, kind: str | None = None) -> str | None:
    """The format a cell holding value shows it with; None for the default."""
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if kind == PCT:
        return PCT_FORMAT
    # Whole numbers with thousands separators; a fraction keeps Excel's default, which shows it.
    return INT_FORMAT if isinstance(value, int) else None


def cell(sheet: Any, value: Any, kind: str | None = None, style: str | None = None) -> Any:
    """What `sheet.append` takes for value: the value itself where the default style shows
    it, else a cell carrying the named style, the number format and Excel's quote prefix
    for text that would read as a formula. None for nothing to write."""
    value = excel_value(value, kind)
    if value is None:
        return None
    fmt = None if type(value) is str else number_format(value, kind)
    if style is None and fmt is None and not (type(value) is str and needs_guard(value)):
        return value
    made = WriteOnlyCell(sheet, value)
    if style is not None:
        made.style = style
    if fmt is not None:
        made.number_format = fmt
    if type(value) is str and needs_guard(value):
        # Assigning the value typed "=..." as a formula and "#N/A" as an error: undo that.
        made.data_type = "s"
        made.quotePrefix = True
    return made


def link_target(value: Any) -> str | None:
    """The address to link a cell to, or None when the text is no web address Excel takes."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text.lower().startswith(("http://", "https://")) or len(text) > MAX_LINK_LENGTH:
        return None
    if any(ch.isspace() or not ch.isprintable() or ch in '<>"' for ch in text):
        return None
    # As written, non-ASCII letters too (LibreOffice writes them so): import reads the link
    # back as the address, and a percent-encoded one would not give the same text again.
    return text
