"""The entry workbook a satker fills in offline and imports (`adurabi template`).

Sheets: `Petunjuk` (how to fill it in, what each column holds, the valid values), the entry
sheet named as the export names it (`Pengaduan` / `Berita`, so import finds it) with the
import headers on row 1, drop-down lists and date checks, and a hidden `Daftar` sheet
holding the lists. Text columns are formatted as text so Excel keeps the leading zero of a
phone number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from pathlib import Path

from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from adurabi_cli.domain.print_layout import row_height
from adurabi_cli.excel.columns import (
    BOOL,
    COMPLAINTS,
    DATE,
    INT,
    NEWS,
    SHEET_NAMES,
    URL,
    ExcelColumn,
    template_columns,
)
from adurabi_cli.excel.saving import atomic_save
from adurabi_cli.excel.values import DATE_FORMAT, NO, YES, cell
from adurabi_cli.excel.workbook import (
    HEADER,
    REQUIRED_HEADER,
    SUBTITLE,
    TITLE,
    WRAP,
    generated_label,
    header_height,
    new_workbook,
    print_setup,
)

INSTRUCTIONS_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
# Rows of the entry sheet that carry drop-downs and checks, and rows drawn as a form.
VALIDATED_ROWS = 5000
FORMATTED_ROWS = 100
# What the last checked row's first cell holds. LibreOffice saves a sheet's checks only down
# to 1,000 rows below its last cell holding something (formats and the checks themselves do
# not count): this cell, blank to import, keeps all of them in a template it saves again.
END_MARK = " "
_HAIR = Side(style="hair", color="BFBFBF")
GRID = Border(left=_HAIR, right=_HAIR, top=_HAIR, bottom=_HAIR)
WRAP_TEXT = Alignment(wrap_text=True, vertical="top")
TEXT_FORMAT = "@"
KIND_TITLES = {COMPLAINTS: "Pengaduan", NEWS: "Berita"}
# Columns A to E of the instructions sheet.
INSTRUCTION_WIDTHS = (28, 22, 8, 60, 60)


@dataclass
class TemplateLists:
    """The values the drop-downs offer, from the database's current vocabulary."""

    # (code, official name) of each active satker.
    satker: list[tuple[str, str]]
    # Choice kind (status, channel, category, media, news_category, sentiment) ->
    # (slug, label) in display order.
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def values(self, kind: str) -> list[tuple[str, str]]:
        if kind == "satker":
            return self.satker
        if kind == "bool":
            return [(YES, "Ya"), (NO, "Tidak")]
        return self.choices.get(kind, [])


def write_template(path: Path, kind: str, lists: TemplateLists, *, generated_at: datetime) -> Path:
    """Write the entry workbook for `complaints` or `news` to path (atomically)."""
    columns = template_columns(kind)
    wb = new_workbook(write_only=False)
    instructions = wb.create_sheet(INSTRUCTIONS_SHEET)
    entry = wb.create_sheet(SHEET_NAMES[kind])
    hidden = wb.create_sheet(LISTS_SHEET)
    ranges = _write_lists(hidden, columns, lists)
    _write_entry_sheet(entry, columns, ranges)
    _write_instructions(instructions, kind, columns, lists, generated_at)
    wb.active = wb.index(entry)
    instructions.sheet_view.tabSelected = False
    return atomic_save(wb, path)


def _write_lists(
    ws: Worksheet, columns: Sequence[ExcelColumn], lists: TemplateLists
) -> dict[str, str]:
    """One column per drop-down on the hidden sheet; returns choice kind -> range formula."""
    ws.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    kinds = list(dict.fromkeys(c.choices for c in columns if c.choices))
    lists_by_column = [[kind, *(slug for slug, _label in lists.values(kind))] for kind in kinds]
    for row in zip_longest(*lists_by_column):
        ws.append([cell(ws, value) for value in row])
    for number, values in enumerate(lists_by_column, 1):
        if len(values) > 1:
            letter = get_column_letter(number)
            ranges[values[0]] = (
                f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values)}"
            )
    return ranges


def _write_entry_sheet(
    ws: Worksheet, columns: Sequence[ExcelColumn], ranges: Mapping[str, str]
) -> None:
    last_row = VALIDATED_ROWS + 1
    drawn_rows = range(2, FORMATTED_ROWS + 2)
    ws.append(
        [cell(ws, c.header, style=REQUIRED_HEADER if c.required else HEADER) for c in columns]
    )
    for number, column in enumerate(columns, 1):
        letter = get_column_letter(number)
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        # Column styles apply to every cell Excel creates below, not just the drawn rows.
        for target in (dimension, *(ws.cell(row=r, column=number) for r in drawn_rows)):
            if column.multiline:
                target.alignment = WRAP_TEXT
            target.number_format = _entry_format(column)
            if target is not dimension:
                target.border = GRID
        validation = _validation(column, letter, ranges)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(validation)
    ws.row_dimensions[1].height = header_height(
        [c.header for c in columns], [c.width for c in columns]
    )
    ws.cell(row=last_row, column=1).value = END_MARK
    ws.freeze_panes = "A2"
    last_column = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last_column}1"
    print_setup(ws, title_rows="1:1")
    # The form as drawn, not the empty rows down to the end mark.
    ws.print_area = f"A1:{last_column}{drawn_rows[-1]}"


def _entry_format(column: ExcelColumn) -> str:
    if column.kind == DATE:
        return DATE_FORMAT
    if column.kind in (INT, BOOL):
        return "General"
    return TEXT_FORMAT


def _validation(
    column: ExcelColumn, letter: str, ranges: Mapping[str, str]
) -> DataValidation | None:
    prompt = column.description[:255]
    if column.choices and column.choices in ranges:
        # Satker may also be typed by official name, so a miss only warns; other lists stop.
        lenient = column.choices == "satker"
        return DataValidation(
            type="list",
            # The file format stores formulas without the "=" a person types.
            formula1=ranges[column.choices],
            allow_blank=True,
            showDropDown=False,
            showErrorMessage=True,
            errorStyle="warning" if lenient else "stop",
            errorTitle=f"{column.header} tidak dikenal",
            error=(
                "Pilih dari daftar (atau tulis nama resmi satker)."
                if lenient
                else "Pilih salah satu nilai dari daftar."
            ),
            showInputMessage=True,
            promptTitle=column.header[:32],
            prompt=prompt,
        )
    if column.kind == DATE:
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="TODAY()",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tanggal tidak valid",
            error="Tulis tanggal DD/MM/YYYY, antara 01/01/2000 dan hari ini.",
            showInputMessage=True,
            promptTitle=column.header[:32],
            prompt=prompt,
        )
    if column.kind == INT:
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Bukan bilangan bulat",
            error="Tulis bilangan bulat 0 atau lebih.",
        )
    if column.kind == URL:
        return DataValidation(
            type="custom",
            # Relative to the first cell of the range, as Excel reads custom rules.
            formula1=f'OR(LEFT({letter}2,7)="http://",LEFT({letter}2,8)="https://")',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Tautan tidak valid",
            error="Tautan diawali http:// atau https://",
        )
    return None


def _write_instructions(
    ws: Worksheet,
    kind: str,
    columns: Sequence[ExcelColumn],
    lists: TemplateLists,
    generated_at: datetime,
) -> None:
    sheet = SHEET_NAMES[kind]
    word = KIND_TITLES[kind].lower()
    lines = [
        (f"Formulir Isian {KIND_TITLES[kind]} untuk adurabi", TITLE),
        (f"Dibuat: {generated_label(generated_at)}", None),
        (None, None),
        ("Cara mengisi", SUBTITLE),
        (f'1. Isi satu baris per {word} pada lembar "{sheet}", mulai baris 2.', None),
        ("2. Jangan mengubah, memindah atau menggabungkan (merge) judul kolom pada baris 1.", None),
        ("3. Kolom berjudul jingga wajib diisi; kolom lain boleh kosong.", None),
        (
            "4. Pilih nilai dari daftar (klik panah di sel) untuk kolom yang menyediakannya.",
            None,
        ),
        (
            "5. Tulis tanggal sebagai DD/MM/YYYY (misalnya 24/03/2025); "
            "tanggal tidak boleh di masa depan.",
            None,
        ),
        ("6. Jangan menambahkan baris judul, baris jumlah atau sel yang digabung.", None),
        (
            f"7. Simpan berkas ini (.xlsx), lalu periksa: adurabi import {kind} NAMA-BERKAS.xlsx "
            "--dry-run",
            None,
        ),
        (
            f"8. Bila tidak ada kesalahan, simpan ke basis data: adurabi import {kind} "
            "NAMA-BERKAS.xlsx",
            None,
        ),
        (
            "9. Bila ada baris yang salah, tidak ada yang disimpan: perbaiki baris dan kolom "
            "yang disebutkan, lalu ulangi.",
            None,
        ),
        (
            "10. Data yang sudah tercatat (nomor, tautan atau referensi yang sama) dilewati, "
            "tidak dicatat dua kali.",
            None,
        ),
        (None, None),
        ("Kolom", SUBTITLE),
    ]
    for text, style in lines:
        ws.append([cell(ws, text, style=style)])
    _table(
        ws,
        ["Judul Kolom", "Nama Field", "Wajib", "Keterangan", "Pilihan"],
        [
            [
                c.header,
                c.field,
                "wajib" if c.required else "",
                c.description,
                _choices_text(c, lists),
            ]
            for c in columns
        ],
    )
    if any(c.choices == "satker" for c in columns):
        ws.append([])
        ws.append([cell(ws, "Daftar Satker", style=SUBTITLE)])
        _table(ws, ["Kode", "Nama Resmi"], [[code, name] for code, name in lists.satker])
    for letter, width in zip("ABCDE", INSTRUCTION_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    print_setup(ws)


def _table(ws: Worksheet, headers: list[str], rows: list[list[object]]) -> None:
    """A small table of the instructions sheet, each row as tall as its wrapped text."""
    ws.append([])
    ws.append([cell(ws, text, style=HEADER) for text in headers])
    ws.row_dimensions[ws.max_row].height = header_height(headers, INSTRUCTION_WIDTHS)
    for values in rows:
        ws.append([cell(ws, value, style=WRAP) for value in values])
        ws.row_dimensions[ws.max_row].height = row_height(
            (str(v), width) for v, width in zip(values, INSTRUCTION_WIDTHS, strict=False) if v
        )


def _choices_text(column: ExcelColumn, lists: TemplateLists) -> str:
    if column.choices == "satker":
        return "Kode satker dari daftar di bawah, atau nama resminya"
    if column.choices == "bool":
        return "ya atau tidak"
    if column.choices:
        return ", ".join(
            slug if slug.lower() == label.lower() else f"{slug} ({label})"
            for slug, label in lists.values(column.choices)
        )
    if column.kind == DATE:
        return "DD/MM/YYYY"
    if column.kind == INT:
        return "bilangan bulat, 0 atau lebih"
    return ""
