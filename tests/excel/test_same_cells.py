"""A Kanwil workbook holds the same cells whether openpyxl writes it with lxml or without.

CI runs this module twice, without lxml and with it (.ci/run); both runs compare the
workbook with one committed description of its cells (values, types, number formats, fonts,
fills, alignment, hyperlinks) and of its sheets' layout. After an intended change of the
workbook, rewrite the description with `python -m tests.excel.test_same_cells` and read the
diff before committing it.
"""

from __future__ import annotations

import copy
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from adurabi_cli.excel.recap_writer import write_kanwil_recap
from tests.excel.test_recap_writer import AT, COMPLAINTS, NEWS, RECAP

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "excel" / "kanwil-cells.json"
EXTRA_COMPLAINTS = [
    {
        "number": "#N/A",
        "satker": "kanwil",
        "received_on": date(2025, 3, 31),
        "summary": '  spasi & <tag> "kutip"\r\nbaris\x07 dua Ñ 日本 ',
        "complainant_contact": "+62 812-3456",
        "resolution": "@SUM(A1:A2)",
        "external_ref": 12345,
        "due_on": datetime(2025, 4, 15, 13, 45, 30),
        "extended": 1,
    },
]
EXTRA_NEWS = [
    {
        "satker": "kanwil",
        "published_on": date(2025, 3, 7),
        "title": "-5 poin",
        "media": "website",
        "url": "https://bali.id/berita-ü?a=1&b=2",
        "views": 1_234_567,
        "likes": 12.5,
    },
    {"satker": "kanwil", "published_on": date(2025, 3, 8), "url": "ftp://bukan-web"},
]


def _recap() -> dict[str, Any]:
    """The tests' recap, with naive timestamps: aware ones are shown in the machine's zone."""
    recap = copy.deepcopy(RECAP)
    for entry in recap["satker"]:
        at = entry["compliance"]["last_entry_at"]
        entry["compliance"]["last_entry_at"] = at and at.replace(tzinfo=None)
    return recap


def write_book(path: Path) -> Path:
    return write_kanwil_recap(
        path,
        _recap(),
        COMPLAINTS + EXTRA_COMPLAINTS,
        NEWS + EXTRA_NEWS,
        generated_at=AT,
        include_personal=True,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _color(color: Any) -> str | None:
    if color is None:
        return None
    return color.rgb if color.type == "rgb" else f"{color.type}:{color.value}"


def describe(path: Path) -> dict[str, Any]:
    """Every sheet's layout and every written cell, as JSON can hold them."""
    wb = openpyxl.load_workbook(path)
    book: dict[str, Any] = {}
    for ws in wb:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                font, fill, alignment = cell.font, cell.fill, cell.alignment
                cells[cell.coordinate] = [
                    _plain(cell.value),
                    cell.data_type,
                    cell.number_format,
                    cell.quotePrefix,
                    [font.name, font.size, font.bold, font.italic, font.underline],
                    _color(font.color),
                    _color(fill.fgColor) if fill.fill_type else None,
                    [alignment.wrap_text, alignment.vertical, alignment.horizontal],
                    cell.hyperlink.target if cell.hyperlink else None,
                ]
        book[ws.title] = {
            "freeze_panes": ws.freeze_panes,
            "print_title_rows": ws.print_title_rows,
            "auto_filter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
            "heights": {str(k): d.height for k, d in sorted(ws.row_dimensions.items())},
            "cells": cells,
        }
    return book


def test_the_workbook_holds_the_committed_cells(tmp_path):
    got = describe(write_book(tmp_path / "rekap.xlsx"))
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert got.keys() == expected.keys()
    for sheet in expected:
        assert got[sheet] == expected[sheet], f"sheet {sheet} differs from {FIXTURE.name}"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        description = describe(write_book(Path(folder) / "rekap.xlsx"))
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for title, sheet in description.items():
        cells = sheet.pop("cells")
        layout = json.dumps(sheet, ensure_ascii=False)[1:-1]
        lines.append(f' {json.dumps(title)}: {{{layout}, "cells": {{')
        lines.append(
            ",\n".join(
                f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in cells.items()
            )
        )
        lines.append(" }},")
    lines[-1] = " }}"
    FIXTURE.write_text("{\n" + "\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"wrote {FIXTURE}", file=sys.stderr)
