"""Data rows of a write-only sheet written as XML text, not as openpyxl cell objects.

openpyxl serialises each cell by building an ElementTree element and walking it through a
generic namespace-aware serialiser: about 20 microseconds a cell without lxml, most of an
export's time. A recap's data rows have a handful of known cell shapes (inline text, a
number, a styled date), so `RowRenderer` renders them directly with the same style ids,
the same escaping and the same markup openpyxl would write, and `install` lets those rows
through openpyxl's own row stream. Everything else about the workbook (title rows, header,
styles, print setup, packaging) stays openpyxl's.

The hook uses openpyxl's write-only internals (`_values_to_row`, the sheet writer's
`write_row`, et_xmlfile's `_file`); `install` returns False where they are missing or lxml
does the writing, and the caller keeps openpyxl's cell path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import LXML

# date(1899, 12, 30).toordinal(): Excel's day 0 in the 1900 date system.
_EXCEL_DAY_ZERO = 693594


class FastRow(tuple):
    """(values,): a data row handed to `ws.append`, rendered when openpyxl writes it."""


RenderCell = Callable[[Any, str], str]


def install(ws: Any, render: Callable[[Sequence[Any], int], str]) -> bool:
    """Route FastRow rows of the write-only sheet ws through render(values, row_number).

    Call after the sheet's first row is appended (its writer exists then). Other rows keep
    openpyxl's path. Returns False, changing nothing, when openpyxl's internals differ.
    """
    writer = getattr(ws, "_writer", None)
    if LXML or writer is None or not hasattr(ws, "_values_to_row"):
        return False
    to_row, write_row = ws._values_to_row, writer.write_row

    def values_to_row(values: Any, row_idx: int) -> Any:
        return values if type(values) is FastRow else to_row(values, row_idx)

    def fast_write_row(xf: Any, row: Any, row_idx: int) -> None:
        if type(row) is FastRow:
            xf._file(render(row[0], row_idx))
        else:
            write_row(xf, row, row_idx)

    ws._values_to_row = values_to_row
    writer.write_row = fast_write_row
    return True


def escape(text: str) -> str:
    """Character data as XML needs it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def style_attr(style_id: int) -> str:
    return f' s="{style_id}"' if style_id else ""


def text_cell(ref: str, text: str, style: str = "") -> str:
    """An inline string cell; text already cleaned of characters XML cannot hold."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"{style}><is><t{space}>{escape(text)}</t></is></c>'


def number_cell(ref: str, value: int | float, style: str = "") -> str:
    if type(value) is int:
        return f'<c r="{ref}" t="n"{style}><v>{value}</v></c>'
    if not math.isfinite(value):
        return ""
    return f'<c r="{ref}" t="n"{style}><v>{value:.16g}</v></c>'


def date_cell(ref: str, value: date, style: str) -> str:
    """A date or a (naive) timestamp as Excel's serial day number, shown by style."""
    serial: int | float = value.toordinal() - _EXCEL_DAY_ZERO
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        serial = serial + (seconds + value.microsecond / 1e6) / 86400
        return f'<c r="{ref}" t="n"{style}><v>{serial:.16g}</v></c>'
    return f'<c r="{ref}" t="n"{style}><v>{serial}</v></c>'
