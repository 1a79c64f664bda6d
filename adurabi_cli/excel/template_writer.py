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
from pathlib import Path

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

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
from adurabi_cli.excel.values import DATE_FORMAT, NO, WRAP, YES, set_safe
from adurabi_cli.excel.workbook import (
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    generated_label,
    new_workbook,
)

INSTRUCTIONS_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
# Rows of the entry sheet that carry drop-downs and checks, and rows drawn as a form.
VALIDATED_ROWS = 5000
FORMATTED_ROWS = 100
REQUIRED_FILL = PatternFill("solid", fgColor="C55A11")
_HAIR = Side(style="hair", color="BFBFBF")
GRID = Border(left=_HAIR, right=_HAIR, top=_HAIR, bottom=_HAIR)
TEXT_FORMAT = "@"
KIND_TITLES = {COMPLAINTS: "Pengaduan", NEWS: "Berita"}


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
    for number, kind in enumerate(kinds, 1):
        letter = get_column_letter(number)
        values = lists.values(kind)
        ws.cell(row=1, column=number, value=kind)
        for row, (slug, _label) in enumerate(values, 2):
            set_safe(ws.cell(row=row, column=number), slug)
        if values:
            last = len(values) + 1
            ranges[kind] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def _write_entry_sheet(
    ws: Worksheet, columns: Sequence[ExcelColumn], ranges: Mapping[str, str]
) -> None:
    last_row = VALIDATED_ROWS + 1
    for number, column in enumerate(columns, 1):
        letter = get_column_letter(number)
        header = set_safe(ws.cell(row=1, column=number), column.header)
        header.font, header.alignment = HEADER_FONT, HEADER_ALIGNMENT
        header.fill = REQUIRED_FILL if column.required else HEADER_FILL
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        # Column styles apply to every cell Excel creates below, not just the drawn rows.
        dimension.number_format = _entry_format(column)
        if column.multiline:
            dimension.alignment = WRAP
        for row in range(2, FORMATTED_ROWS + 2):
            cell = ws.cell(row=row, column=number)
            cell.number_format = dimension.number_format
            cell.border = GRID
            if column.multiline:
                cell.alignment = WRAP
        validation = _validation(column, letter, ranges)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(validation)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "Halaman &P dari &N"


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
            formula1=f"={ranges[column.choices]}",
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
        (f"Formulir Isian {KIND_TITLES[kind]} untuk adurabi", TITLE_FONT),
        (f"Dibuat: {generated_label(generated_at)}", None),
        (None, None),
        ("Cara mengisi", SUBTITLE_FONT),
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
            "yang disebutkan, lalu ulangi. Data yang sudah tercatat (nomor, tautan atau "
            "referensi yang sama) dilewati, tidak dicatat dua kali.",
            None,
        ),
        (None, None),
        ("Kolom", SUBTITLE_FONT),
    ]
    for text, font in lines:
        ws.append([text])
        if font is not None:
            ws.cell(row=ws.max_row, column=1).font = font
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
        ws.append(["Daftar Satker"])
        ws.cell(row=ws.max_row, column=1).font = SUBTITLE_FONT
        _table(ws, ["Kode", "Nama Resmi"], [[code, name] for code, name in lists.satker])
    for letter, width in zip("ABCDE", (28, 22, 8, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _table(ws: Worksheet, headers: list[str], rows: list[list[object]]) -> None:
    ws.append([])
    start = ws.max_row
    for number, text in enumerate(headers, 1):
        cell = set_safe(ws.cell(row=start, column=number), text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    for values in rows:
        row = ws.max_row + 1
        for number, value in enumerate(values, 1):
            cell = set_safe(ws.cell(row=row, column=number), value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")


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
