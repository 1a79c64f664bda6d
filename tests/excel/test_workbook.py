"""The sheet writer: safe text, real dates, formatting, links and the atomic save."""

from __future__ import annotations

import errno
import os
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.writer.excel import ExcelWriter

from adurabi_cli.domain.dates import Month
from adurabi_cli.errors import InvalidInput, StorageError
from adurabi_cli.excel.columns import export_columns
from adurabi_cli.excel.saving import atomic_save
from adurabi_cli.excel.workbook import SheetWriter, generated_label, new_workbook, title_lines
from tests.excel.helpers import formula_cells

WITA = timezone(timedelta(hours=8))
AT = datetime(2025, 4, 1, 7, 30, tzinfo=WITA)
HOSTILE = [
    '=HYPERLINK("http://evil","klik")',
    "=1+1",
    "+62 812 3456 789",
    "-5 poin",
    "@SUM(A1:A2)",
    "\tcmd",
    "\rcmd",
    "#N/A",
    "#DIV/0!",
]


def _complaint_book(tmp_path: Path, records: list[dict], **kwargs) -> Path:
    wb = new_workbook()
    sheet = SheetWriter(
        wb,
        "Pengaduan",
        export_columns("complaints", include_personal=True),
        title_block=title_lines("Kanwil", Month(2025, 3), AT, "Daftar pengaduan"),
    )
    for record in records:
        sheet.append_record(record)
    sheet.finish()
    sheet.totals({"satker": f"{len(records)} pengaduan"})
    return atomic_save(wb, tmp_path / "out.xlsx")


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    records = [
        {"number": text, "summary": text, "complainant_contact": text, "resolution": text}
        for text in HOSTILE
    ]
    path = _complaint_book(tmp_path, records)
    assert formula_cells(path) == []
    ws = openpyxl.load_workbook(path)["Pengaduan"]
    for row, text in enumerate(HOSTILE, 8):
        for column in ("A", "F", "H", "P"):
            cell = ws[f"{column}{row}"]
            # XML reads a carriage return back as a newline; the writer says so up front.
            assert cell.value == text.replace("\r", "\n")
            assert cell.data_type == "s"
            # Excel's quote prefix keeps it text when an operator edits the cell.
            assert cell.quotePrefix is (text[0] != "\r")


def test_cells_are_typed_and_formatted(tmp_path):
    path = _complaint_book(
        tmp_path,
        [
            {
                "number": "PGD-2025-00001",
                "satker": "kanwil",
                "received_on": date(2025, 3, 24),
                "summary": "Antrean\nkunjungan panjang",
                "anonymous": False,
                "confidential": True,
                "due_on": date(2025, 4, 15),
                "resolved_on": datetime(2025, 4, 2, 9, 0),
                "overdue": False,
                "external_ref": "bad\x00\x07ref",
                "resolution": "x" * 40_000,
            }
        ],
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["Pengaduan"]
    assert [ws[f"A{n}"].value for n in range(1, 5)] == [
        "Rekapitulasi Pengaduan dan Berita",
        "Satker: Kanwil",
        "Bulan Maret 2025",
        "Dibuat: 01/04/2025 07:30 WITA",
    ]
    assert ws["A1"].font.bold and ws["A7"].font.bold
    assert ws["A7"].value == "Nomor Pengaduan" and ws["Q7"].value == "Terlambat"
    assert ws.freeze_panes == "A8"
    assert ws.auto_filter.ref == "A7:W8"  # with --include-personal: Berkas Bukti last
    assert ws.column_dimensions["F"].width == 50
    received = ws["C8"]
    assert received.value == datetime(2025, 3, 24) and received.is_date
    assert received.number_format == "dd/mm/yyyy"
    assert ws["O8"].value == datetime(2025, 4, 2)
    assert ws["F8"].alignment.wrap_text
    assert (ws["I8"].value, ws["J8"].value, ws["Q8"].value) == ("tidak", "ya", "tidak")
    assert ws["K8"].value == "badref"
    assert len(ws["P8"].value) == 32767
    assert ws["A9"].value == "Jumlah" and ws["B9"].value == "1 pengaduan"
    assert ws["A9"].font.bold
    setup = ws.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.print_title_rows == "$7:$7"


LONG_URL = "https://www.balipost.com/news/2025/03/05/rakor-layanan?utm_source=fb"


def test_news_urls_are_hyperlinks(tmp_path):
    wb = new_workbook()
    sheet = SheetWriter(wb, "Berita", export_columns("news"), title_block=["Berita"])
    urls = [f"https://balipost.com/berita/{n}?a=1&b=2" for n in range(50)]
    for url in urls:
        sheet.append_record({"satker": "kanwil", "title": "Judul", "url": url, "views": 3})
    sheet.append_record({"satker": "kanwil", "title": "Tanpa tautan", "url": "bukan tautan"})
    sheet.append_record({"satker": "kanwil", "title": "Unicode", "url": "https://bali.id/berita-ü"})
    sheet.append_record({"satker": "kanwil", "title": "Panjang", "url": LONG_URL})
    sheet.finish()
    assert sheet.link_count == 52
    path = atomic_save(wb, tmp_path / "news.xlsx")
    ws = openpyxl.load_workbook(path)["Berita"]
    for row, url in enumerate(urls, 4):
        assert ws[f"F{row}"].value == url
        assert ws[f"F{row}"].hyperlink.target == url
        assert ws[f"F{row}"].font.underline == "single"
    assert ws["F54"].value == "bukan tautan" and ws["F54"].hyperlink is None
    # Written as it is stored (LibreOffice writes non-ASCII addresses so too): import reads it
    # back unchanged.
    assert ws["F55"].value == "https://bali.id/berita-ü"
    assert ws["F55"].hyperlink.target == "https://bali.id/berita-ü"
    # A long address shows as one line of its column, its link whole; the row one line tall.
    assert ws["F56"].value == "balipost.com/…/03/05/rakor-layanan"
    assert ws["F56"].hyperlink.target == LONG_URL
    assert ws.row_dimensions[56].height is None
    assert ws["I4"].value == 3
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))  # every part well-formed
        rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert rels.count("<Relationship ") == 52
    assert "&amp;b=2" in rels


def test_generated_label_names_indonesian_time_zones():
    assert generated_label(datetime(2025, 3, 1, 9, 5, tzinfo=WITA)) == "01/03/2025 09:05 WITA"
    wib = timezone(timedelta(hours=7))
    assert generated_label(datetime(2025, 3, 1, 9, 5, tzinfo=wib)).endswith("WIB")
    assert generated_label(datetime(2025, 3, 1, 9, 5, tzinfo=UTC)).endswith("UTC+00:00")
    assert generated_label(datetime(2025, 3, 1, 9, 5)) == "01/03/2025 09:05"


def test_aware_timestamps_are_written_at_the_time_of_their_zone(tmp_path):
    """The services give the office's zone; the machine's own zone plays no part."""
    from adurabi_cli.excel.columns import DATETIME, ExcelColumn

    wb = new_workbook()
    sheet = SheetWriter(wb, "S", [ExcelColumn("at", "Waktu", DATETIME)])
    at = datetime(2025, 3, 1, 1, 0, tzinfo=UTC)
    sheet.append([at.astimezone(WITA)])
    sheet.finish()
    path = atomic_save(wb, tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(path)["S"]["A2"]
    assert cell.value == datetime(2025, 3, 1, 9, 0)
    assert cell.number_format == "dd/mm/yyyy hh:mm"


# --- saving ---------------------------------------------------------------------------------


def _small_book():
    wb = new_workbook()
    SheetWriter(wb, "S", export_columns("news")).finish()
    return wb


def test_save_refuses_missing_or_unwritable_folders(tmp_path, monkeypatch):
    with pytest.raises(InvalidInput, match=r"folder .*nope does not exist"):
        atomic_save(_small_book(), tmp_path / "nope" / "a.xlsx")
    (tmp_path / "file").write_text("x")
    with pytest.raises(InvalidInput, match="is not a folder"):
        atomic_save(_small_book(), tmp_path / "file" / "a.xlsx")
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(InvalidInput, match="is a folder, not a workbook"):
        atomic_save(_small_book(), tmp_path / "dir.xlsx")
    real_access = os.access

    def access(path, mode):
        return False if Path(path) == tmp_path else real_access(path, mode)

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(StorageError, match="is not writable"):
        atomic_save(_small_book(), tmp_path / "a.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.xlsx", "file"]


def test_a_failed_save_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "rekap.xlsx"
    atomic_save(_small_book(), target)
    before = target.read_bytes()

    def disk_full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "write_data", disk_full)
    with pytest.raises(StorageError, match=r"the disk is full; .*rekap\.xlsx was not written"):
        atomic_save(_small_book(), target)

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ExcelWriter, "write_data", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_save(_small_book(), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["rekap.xlsx"]


def test_overwriting_keeps_the_file_mode(tmp_path):
    target = tmp_path / "rekap.xlsx"
    atomic_save(_small_book(), target)
    os.chmod(target, 0o640)
    atomic_save(_small_book(), target)
    assert target.stat().st_mode & 0o777 == 0o640
    assert openpyxl.load_workbook(target).sheetnames == ["S"]


# --- values at the edges --------------------------------------------------------------------

EDGE_COMPLAINTS = [
    {
        "number": "PGD-2025-00001",
        "satker": "kanwil",
        "received_on": date(2025, 3, 24),
        "channel": "whatsapp",
        "summary": "  spasi di depan & <tag> \"kutip\" 'satu'\nbaris dua\ttab ",
        "complainant_name": "Ni Luh Putu Ayu Ñ ü 日本",
        "complainant_contact": "+62 812-3456",
        "anonymous": True,
        "confidential": 0,
        "external_ref": 12345,
        "status": "diproses",
        "due_on": datetime(2025, 4, 15, 13, 45, 30),
        "extended": 1,
        "resolved_on": "bukan tanggal",
        "resolution": "=cmd|' /C calc'!A0",
        "overdue": True,
    },
    {"number": "#REF!", "summary": "\r\nbaris\x00 kontrol\x1f", "received_on": None},
    {"summary": "x" * 40_000, "extended": "mungkin", "overdue": None},
]
EDGE_NEWS = [
    {"satker": "kanwil", "published_on": date(2025, 1, 1), "title": "Judul", "media": "online",
     "url": "https://bali.id/a?x=1&y=2", "views": 0, "likes": 12.5, "comments": True,
     "shares": "banyak"},
    {"satker": "kanwil", "url": "ftp://bukan-web", "views": 10**12},
    {"satker": "kanwil", "url": "https://x.id/" + "a" * 2100},
]  # fmt: skip


def test_values_at_the_edges(tmp_path):
    wb = new_workbook()
    for title, kind, records in (
        ("Pengaduan", "complaints", EDGE_COMPLAINTS),
        ("Berita", "news", EDGE_NEWS),
    ):
        sheet = SheetWriter(
            wb, title, export_columns(kind, include_personal=True), title_block=["T"]
        )
        sheet.append_records(records)
        sheet.finish()
        sheet.totals({})
    path = atomic_save(wb, tmp_path / "edges.xlsx")
    cells = _cells(path)
    assert cells[("Pengaduan", "F4")][0].startswith("  spasi di depan & <tag>")
    assert cells[("Pengaduan", "F4")][6] is True
    assert cells[("Pengaduan", "P4")][:4] == ("=cmd|' /C calc'!A0", "s", "General", True)
    assert cells[("Pengaduan", "M4")][0] == datetime(2025, 4, 15)
    assert cells[("Pengaduan", "O4")][0] == "bukan tanggal"
    assert cells[("Pengaduan", "K4")][0] == "12345"
    assert cells[("Pengaduan", "A5")][:4] == ("#REF!", "s", "General", True)
    assert cells[("Pengaduan", "F5")][0] == "\nbaris kontrol"
    assert cells[("Berita", "F4")][7] == "https://bali.id/a?x=1&y=2"
    assert ("Berita", "F5") in cells and cells[("Berita", "F5")][7] is None
    assert cells[("Berita", "F6")][7] is None
    assert cells[("Berita", "J4")][0] == 12.5 and cells[("Berita", "K4")][0] == "ya"
    assert cells[("Berita", "I5")][:3] == (10**12, "n", "#,##0")
    assert formula_cells(path) == []


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate): (
            cell.value,
            cell.data_type,
            cell.number_format,
            cell.quotePrefix,
            cell.font.bold,
            cell.font.underline,
            cell.alignment.wrap_text,
            cell.hyperlink.target if cell.hyperlink else None,
        )
        for ws in wb
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }
