"""Building and inspecting workbooks in tests."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def formula_cells(path: Path) -> list[str]:
    """Sheet parts of the package holding any formula element."""
    with zipfile.ZipFile(path) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet") and FORMULA.search(archive.read(name))
        ]


def chart_sheets(path: Path) -> list[str]:
    """The titles of the sheets that show a chart, read from the package."""
    wb = openpyxl.load_workbook(path, read_only=True)
    titles = wb.sheetnames
    wb.close()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        return [
            titles[number - 1]
            for number in range(1, len(titles) + 1)
            if f"xl/worksheets/_rels/sheet{number}.xml.rels" in names
            and b"/drawing" in archive.read(f"xl/worksheets/_rels/sheet{number}.xml.rels")
        ]


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path)
    return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]


def find_row(ws: Any, first_value: Any) -> int:
    """The number of the first row whose first cell holds first_value."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first_value:
            return row[0].row
    raise AssertionError(f"no row starts with {first_value!r}")


def make_xlsx(
    path: Path,
    rows: list[list[Any]],
    *,
    title: str = "Sheet1",
    merges: tuple[str, ...] = (),
    extra_sheets: tuple[str, ...] = (),
    hidden: tuple[str, ...] = (),
) -> Path:
    """A workbook as a satker might save it: one sheet of rows, optionally merged cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for name in extra_sheets:
        other = wb.create_sheet(name)
        other.append(["x"])
        if name in hidden:
            other.sheet_state = "hidden"
    if extra_sheets:
        wb.move_sheet(ws, offset=len(extra_sheets))
    wb.save(path)
    return path
