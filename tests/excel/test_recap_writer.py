"""The recap workbooks: sheets, numbers equal to the recap, privacy, nihil, round trip."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from adurabi_cli.domain.letterhead import Office
from adurabi_cli.excel.reader import read_table
from adurabi_cli.excel.recap_writer import write_kanwil_recap, write_satker_recap
from tests.excel.helpers import chart_sheets, find_row, formula_cells

WITA = timezone(timedelta(hours=8))
AT = datetime(2025, 4, 1, 6, 0, tzinfo=WITA)
TODAY = date(2025, 4, 30)


def entry(code, name, received, resolved, open_, overdue, pct, groups, state, reported):
    total = sum(groups.values())
    return {
        "code": code,
        "name": name,
        "complaints": {
            "received": received,
            "resolved": resolved,
            "open": open_,
            "overdue": overdue,
            "on_time_pct": pct,
            "by_status": {"diterima": received, "selesai": 0},
            "by_channel": {"whatsapp": received},
            "by_category": {"pungli": received},
        },
        "news": {
            "total": total,
            "by_media": {"online": total},
            "by_group": groups,
            "by_sentiment": {"positif": total},
            "engagement": {"views": 7 * total, "total": 7 * total},
        },
        "reported": reported,
        "compliance": {
            "state": state,
            "complaints_received": received,
            "news_published": total,
            "last_entry_at": datetime(2025, 3, 30, 9, 15, tzinfo=WITA) if received else None,
        },
    }


def groups(website=0, massa=0, sosial=0, other=0):
    return {"website": website, "media-massa": massa, "media-sosial": sosial, "lainnya": other}


RECAP = {
    "month": "2025-03",
    "satker": [
        entry("kanwil", "Kantor Wilayah", 4, 2, 3, 1, 66.7, groups(2, 3, 1), "Lengkap",
              {"complaints": True, "news": True}),
        entry("lapas-kerobokan", "Lapas Kerobokan", 0, 0, 1, 1, None, groups(sosial=2), "Nihil",
              {"complaints": "nil", "news": True}),
        entry("rutan-bangli", "Rutan Bangli", 1, 1, 0, 0, 100.0, groups(), "Belum melapor",
              {"complaints": True, "news": False}),
    ],
    "totals": {
        "satker": 3,
        "complaints": {
            "received": 5, "resolved": 3, "open": 4, "overdue": 2, "on_time_pct": 75.0,
            "by_status": {"diterima": 5, "selesai": 0},
            "by_channel": {"whatsapp": 5},
            "by_category": {"pungli": 5},
        },
        "news": {
            "total": 8, "by_group": groups(2, 3, 3), "by_media": {"online": 8},
            "by_sentiment": {"positif": 8}, "engagement": {"total": 56},
        },
        "reporting": {"lengkap": 1, "nihil": 1, "belum_melapor": 1},
    },
}  # fmt: skip

# A month in which nothing was recorded: one satker, not reported.
EMPTY_RECAP = {
    "month": "2025-03",
    "satker": [entry("kanwil", "Kantor Wilayah", 0, 0, 0, 0, None, groups(), "Belum melapor",
                     {"complaints": False, "news": False})],
    "totals": {"complaints": {}, "news": {}, "reporting": {"belum_melapor": 1}},
}  # fmt: skip

COMPLAINTS = [
    {
        "number": "PGD-2025-00001",
        "satker": "kanwil",
        "received_on": date(2025, 3, 3),
        "channel": "whatsapp",
        "category": "pungli",
        "summary": "Petugas meminta uang\nsaat kunjungan",
        "complainant_name": "Made Sudarsana",
        "complainant_contact": "081234567890",
        "anonymous": False,
        "confidential": True,
        "external_ref": "LPR-2025-77",
        "status": "selesai",
        "due_on": date(2025, 3, 21),
        "extended": False,
        "resolved_on": date(2025, 3, 20),
        "resolution": "Petugas dibina",
        "officer": "Ketut Ari",
        "officer_nip": "198504122010011003",
        "overdue": False,
    },
    {
        "number": "PGD-2025-00002",
        "satker": "rutan-bangli",
        "received_on": date(2025, 2, 27),
        "channel": "langsung",
        "category": "kualitas-layanan",
        "summary": "=antrean panjang",
        "complainant_name": None,
        "complainant_contact": None,
        "anonymous": True,
        "confidential": False,
        "external_ref": None,
        "status": "diproses",
        "due_on": date(2025, 3, 19),
        "extended": True,
        "resolved_on": None,
        "resolution": None,
        "officer": None,
        "officer_nip": None,
        "overdue": True,
    },
]
NEWS = [
    {
        "satker": "kanwil",
        "published_on": date(2025, 3, 5),
        "title": "Kanwil gelar rapat koordinasi",
        "media": "online",
        "outlet": "Bali Post",
        "url": "https://www.balipost.com/news/2025/03/05/rakor",
        "category": "kegiatan",
        "sentiment": "positif",
        "views": 120,
        "likes": 14,
        "comments": None,
        "shares": 2,
        "also_satker": "lapas-kerobokan; rutan-bangli",
    },
    {
        "satker": "lapas-kerobokan",
        "published_on": date(2025, 3, 6),
        "title": "+ Klarifikasi isu",
        "media": "instagram",
        "outlet": "@lapaskerobokan",
        "url": None,
        "category": "klarifikasi",
        "sentiment": "netral",
        "views": 300,
        "likes": None,
        "comments": 5,
        "shares": None,
        "also_satker": None,
    },
]


@pytest.fixture
def kanwil_book(tmp_path):
    return write_kanwil_recap(
        tmp_path / "rekap-2025-03.xlsx", RECAP, COMPLAINTS, NEWS, generated_at=AT
    )


def test_kanwil_workbook_has_the_four_sheets_and_no_formulas(kanwil_book):
    wb = openpyxl.load_workbook(kanwil_book)
    assert wb.sheetnames == ["Ringkasan", "Pengaduan", "Berita", "Kepatuhan"]
    assert formula_cells(kanwil_book) == []
    for ws in wb:
        # The letterhead (the office settings' defaults), a blank row, the title block.
        assert [ws[f"A{n}"].value for n in range(1, 8)] == [
            "KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA",
            "KANTOR WILAYAH BALI",
            None,
            "Rekapitulasi Pengaduan dan Berita",
            "Satker: Seluruh satker (3 satker)",
            "Bulan Maret 2025",
            "Dibuat: 01/04/2025 06:00 WITA",
        ]
        assert ws["A1"].font.bold and ws["A1"].font.name == "Calibri"
        assert ws.page_setup.orientation == "landscape"


def test_every_sheet_prints_on_a4_fit_to_width_with_its_header_on_every_page(kanwil_book):
    wb = openpyxl.load_workbook(kanwil_book)
    for ws in wb:
        setup = ws.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        header = int(ws.freeze_panes[1:]) - 1
        assert ws.print_title_rows == f"${header}:${header}"
        assert ws.oddFooter.center.text == "Halaman &P dari &N"
        margins = ws.page_margins
        assert margins.footer < margins.bottom and margins.header < margins.top
        # The header row is tall enough for its wrapped labels (two lines at least here).
        assert ws.row_dimensions[header].height >= 33, ws.title
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Calibri"}, ws.title
        numbers = [c for row in ws.iter_rows() for c in row if type(c.value) is int]
        # Counts with thousands separators; percentages (at most 100) with one decimal.
        assert {c.number_format for c in numbers} in ({"#,##0"}, {"#,##0", "0.0"}), ws.title


def test_wrapped_names_get_rows_tall_enough_to_print(tmp_path):
    long_name = "Lembaga Pemasyarakatan Perempuan Kelas IIA Kerobokan dan Sekitarnya di Bali"
    recap = {**RECAP, "satker": [{**RECAP["satker"][0], "name": long_name}]}
    path = write_kanwil_recap(tmp_path / "r.xlsx", recap, [], [], generated_at=AT)
    ws = openpyxl.load_workbook(path)["Ringkasan"]
    row = find_row(ws, long_name)
    assert ws.row_dimensions[row].height == 48.0  # three lines of the 44-wide column
    # The totals row: its reporting states ("Lengkap 1, Nihil 1, ...") wrap in their column.
    assert ws.row_dimensions[row + 1].height == 63.0


def test_ringkasan_rows_and_totals_equal_the_recap(kanwil_book):
    ws = openpyxl.load_workbook(kanwil_book)["Ringkasan"]
    header = find_row(ws, "Nama Satker")
    assert ws.freeze_panes == f"A{header + 1}"
    headers = [c.value for c in ws[header]]
    assert "Kode Satker" not in headers
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in ws.iter_rows(
        min_row=header + 1, max_row=header + 4, values_only=True)}  # fmt: skip
    kanwil = rows["Kantor Wilayah"]
    assert kanwil["Pengaduan Diterima"] == 4 and kanwil["Terlambat"] == 1
    assert kanwil["% Tepat Waktu"] == pytest.approx(66.7)
    assert (kanwil["Berita Website"], kanwil["Berita Media Massa"]) == (2, 3)
    assert kanwil["Berita Media Sosial"] == 1 and kanwil["Jumlah Berita"] == 6
    assert kanwil["Interaksi"] == 42
    assert rows["Lapas Kerobokan"]["Status Pelaporan"] == "Nihil"
    assert rows["Lapas Kerobokan"]["% Tepat Waktu"] is None
    assert rows["Rutan Bangli"]["Status Pelaporan"] == "Belum melapor"
    totals = rows["Jumlah"]
    expected = RECAP["totals"]
    assert totals["Pengaduan Diterima"] == expected["complaints"]["received"]
    assert totals["Selesai"] == expected["complaints"]["resolved"]
    assert totals["Masih Terbuka"] == expected["complaints"]["open"]
    assert totals["Terlambat"] == expected["complaints"]["overdue"]
    assert totals["% Tepat Waktu"] == expected["complaints"]["on_time_pct"]
    assert totals["Jumlah Berita"] == expected["news"]["total"]
    assert totals["Berita Media Sosial"] == 3 and totals["Interaksi"] == 56
    assert isinstance(totals["Pengaduan Diterima"], int)
    assert ws.cell(row=header + 4, column=1).font.bold
    assert ws.auto_filter.ref == f"A{header}:N{header + 3}"
    assert chart_sheets(kanwil_book) == ["Ringkasan"]


def _signature(ws, place="Denpasar"):
    """The signature block's (row, column, text) cells, from the place and date down."""
    cells = [(c.row, c.column, c.value) for row in ws.iter_rows() for c in row if c.value]
    start = next(i for i, cell in enumerate(cells) if str(cell[2]).startswith(f"{place}, "))
    return cells[start:]


def test_ringkasan_ends_with_the_signature_block_of_the_office_settings(tmp_path, kanwil_book):
    ws = openpyxl.load_workbook(kanwil_book)["Ringkasan"]
    block = _signature(ws)
    assert [text for _, _, text in block] == [
        "Denpasar, 1 April 2025",
        "Kepala Kantor Wilayah",
        "(" + "." * 40 + ")",
        "NIP " + "." * 30,
    ]
    rows = [row for row, _, _ in block]
    # Room to sign: three blank rows between the title and the name.
    assert rows == [rows[0], rows[0] + 1, rows[0] + 5, rows[0] + 6]
    assert {column for _, column, _ in block} == {12}  # within the printed columns A:N
    assert ws.cell(row=rows[2], column=12).font.bold

    office = Office(
        name="KEMENTERIAN HUKUM REPUBLIK INDONESIA | KANTOR WILAYAH BALI",
        address="Jalan Contoh No. 1, Denpasar",
        signer_name="I Made Contoh, S.H., M.H.",
        signer_nip="197001011990031001",
        place="Badung",
    )
    path = write_satker_recap(
        tmp_path / "s.xlsx", RECAP, "kanwil", [], [], generated_at=AT, office=office
    )
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        assert [ws[f"A{n}"].value for n in range(1, 5)] == [
            "KEMENTERIAN HUKUM REPUBLIK INDONESIA",
            "KANTOR WILAYAH BALI",
            "Jalan Contoh No. 1, Denpasar",
            None,
        ]
    assert [text for _, _, text in _signature(wb["Ringkasan"], "Badung")] == [
        "Badung, 1 April 2025",
        "Kepala Kantor Wilayah",
        "I Made Contoh, S.H., M.H.",
        "NIP 197001011990031001",
    ]


def test_pengaduan_leaves_out_personal_data_unless_asked(tmp_path, kanwil_book):
    ws = openpyxl.load_workbook(kanwil_book)["Pengaduan"]
    header = find_row(ws, "Nomor Pengaduan")
    headers = [c.value for c in ws[header]]
    assert "Nama Pengadu" not in headers and "Kontak Pengadu" not in headers
    first = dict(zip(headers, [c.value for c in ws[header + 1]], strict=True))
    assert first["Ringkasan Pengaduan"] == "(dirahasiakan)"
    assert first["Tanggal Diterima"] == datetime(2025, 3, 3)
    assert ws.cell(row=header + 1, column=3).number_format == "dd/mm/yyyy"
    second = dict(zip(headers, [c.value for c in ws[header + 2]], strict=True))
    assert second["Ringkasan Pengaduan"] == "=antrean panjang"
    assert second["Terlambat"] == "ya" and second["Diperpanjang"] == "ya"
    assert ws.cell(row=header + 3, column=1).value == "Jumlah"
    assert ws.cell(row=header + 3, column=2).value == "2 pengaduan"
    assert ws.cell(row=header + 3, column=headers.index("Terlambat") + 1).value == 1

    full = write_kanwil_recap(
        tmp_path / "full.xlsx", RECAP, COMPLAINTS, NEWS, generated_at=AT, include_personal=True
    )
    ws = openpyxl.load_workbook(full)["Pengaduan"]
    header = find_row(ws, "Nomor Pengaduan")
    headers = [c.value for c in ws[header]]
    first = dict(zip(headers, [c.value for c in ws[header + 1]], strict=True))
    assert first["Nama Pengadu"] == "Made Sudarsana"
    assert first["Kontak Pengadu"] == "081234567890"
    assert first["Ringkasan Pengaduan"] == "Petugas meminta uang\nsaat kunjungan"


def test_berita_links_and_engagement_totals(kanwil_book):
    ws = openpyxl.load_workbook(kanwil_book)["Berita"]
    header = find_row(ws, "Satker")
    link = ws.cell(row=header + 1, column=6)
    assert link.hyperlink.target == NEWS[0]["url"]
    assert ws.cell(row=header + 2, column=3).value == "+ Klarifikasi isu"
    totals = [c.value for c in ws[header + 3]]
    assert totals[:2] == ["Jumlah", "2 berita"]
    assert totals[8:12] == [420, 14, 5, 2]


def test_kepatuhan_states_and_last_entries(kanwil_book):
    ws = openpyxl.load_workbook(kanwil_book)["Kepatuhan"]
    header = find_row(ws, "Nama Satker")
    rows = [r for r in ws.iter_rows(min_row=header + 1, max_row=header + 4, values_only=True)]
    assert rows[0][:4] == ("Kantor Wilayah", "Ada", "Ada", "Lengkap")
    assert rows[0][6] == datetime(2025, 3, 30, 9, 15)
    assert ws.cell(row=header + 1, column=7).number_format == "dd/mm/yyyy hh:mm"
    assert rows[1][1:4] == ("Nihil", "Ada", "Nihil")
    assert rows[2][1:4] == ("Ada", "Belum", "Belum melapor")
    assert rows[1][6] is None and rows[2][6] is not None
    assert rows[3][:4] == (
        "Jumlah",
        "3 melapor",
        "2 melapor",
        "Lengkap 1, Nihil 1, Berjalan 0, Belum 1",
    )
    assert rows[3][4:6] == (5, 8)


def test_satker_workbook_and_a_month_with_nothing(tmp_path):
    path = write_satker_recap(
        tmp_path / "rutan-bangli.xlsx", RECAP, "rutan-bangli", [], [], generated_at=AT
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Ringkasan", "Pengaduan", "Berita"]
    ws = wb["Ringkasan"]
    assert ws["A5"].value == "Satker: Rutan Bangli"
    header = find_row(ws, "Nama Satker")
    assert [c.value for c in ws[header + 1]][:2] == ["Rutan Bangli", 1]
    for name in ("Pengaduan", "Berita"):
        texts = [c.value for c in wb[name]["A"] if c.value]
        assert any(str(t).startswith("Nihil: tidak ada") for t in texts), texts
    empty = EMPTY_RECAP
    path = write_kanwil_recap(tmp_path / "nihil.xlsx", empty, [], [], generated_at=AT)
    wb = openpyxl.load_workbook(path)
    assert "Nihil: tidak ada pengaduan maupun berita pada bulan Maret 2025" in [
        c.value for c in wb["Ringkasan"]["A"]
    ]
    assert chart_sheets(path) == []  # no chart of an empty month
    assert _signature(wb["Ringkasan"])[0][2] == "Denpasar, 1 April 2025"
    assert read_table(path, "complaints", today=TODAY)[1] == []


def test_written_rows_read_back_the_same(tmp_path):
    """Export with personal data, import the sheets: every field comes back unchanged."""
    path = write_kanwil_recap(
        tmp_path / "rekap.xlsx", RECAP, COMPLAINTS, NEWS, generated_at=AT, include_personal=True
    )
    table, rows = read_table(path, "complaints", today=TODAY)
    assert table.sheet == "Pengaduan" and not any(r.problems for r in rows)
    for row, record in zip(rows, COMPLAINTS, strict=True):
        assert row.values == {k: v for k, v in record.items() if k != "overdue"}
    table, rows = read_table(path, "news", today=TODAY)
    assert table.sheet == "Berita" and not any(r.problems for r in rows)
    assert [r.values for r in rows] == NEWS


_BROKEN_EXPORT = """
import sys
from tests.excel.test_recap_writer import AT, COMPLAINTS, NEWS, RECAP
from adurabi_cli.excel.recap_writer import write_kanwil_recap

def broken_rows():
    yield COMPLAINTS[0]
    raise RuntimeError("database went away")

try:
    write_kanwil_recap(sys.argv[1], RECAP, broken_rows(), NEWS, generated_at=AT)
except RuntimeError as exc:
    print(exc)
"""


def test_a_failing_row_source_leaves_nothing_behind(tmp_path):
    """No workbook, and no sheet's temporary file once the process has ended."""
    (tmp_path / "tmp").mkdir()
    (tmp_path / "out").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", _BROKEN_EXPORT, str(tmp_path / "out" / "rekap.xlsx")],
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "database went away\n" and result.stderr == ""
    assert list((tmp_path / "out").iterdir()) == []
    assert list((tmp_path / "tmp").iterdir()) == []
