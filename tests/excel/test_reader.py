"""Reading import files: every form operators save, and every way a file can be unusable."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.hyperlink import Hyperlink

from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.reader import open_table, read_table
from adurabi_cli.excel.sources import csv_lines
from tests.excel.helpers import make_xlsx

TODAY = date(2025, 4, 30)
HEADER = ["Satker", "Tanggal Diterima", "Ringkasan Pengaduan", "Kanal", "Anonim"]


def values(path, kind="complaints"):
    table, rows = read_table(path, kind, today=TODAY)
    return table, [(r.number, r.values, r.problems) for r in rows]


@pytest.mark.parametrize(
    "content",
    [
        "Satker,Tanggal Diterima,Ringkasan Pengaduan\nkanwil,24/03/2025,Antre lama\n",
        "\ufeffSatker;Tanggal Diterima;Ringkasan Pengaduan\r\nkanwil;2025-03-24;Antre lama\r\n",
        "satker\treceived_on\tsummary\nkanwil\t45740\tAntre lama\n",
        " SATKER , tanggal  DITERIMA ,Summary\n  kanwil ,24/03/2025, Antre lama \n",
    ],
)
def test_csv_in_every_common_form(tmp_path, content):
    path = tmp_path / "isian.csv"
    path.write_text(content, encoding="utf-8")
    table, rows = values(path)
    assert (table.sheet, table.header_row) == (None, 1)
    assert rows == [
        (2, {"satker": "kanwil", "received_on": date(2025, 3, 24), "summary": "Antre lama"}, [])
    ]


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    path = tmp_path / "isian.csv"
    path.write_text(
        "satker,received_on,summary,anonymous\n"
        '  kanwil , 24/03/2025 ,"baris satu\nbaris dua",ya\n'
        "\n"
        ",,,\n"
        "Lapas Kelas IIA Kerobokan,2025-03-25,  Antre   lama ,TIDAK\n"
        "kanwil,31/02/2025,,mungkin\n",
        encoding="utf-8",
    )
    _, rows = values(path)
    assert rows[0] == (
        2,
        {
            "satker": "kanwil",
            "received_on": date(2025, 3, 24),
            "summary": "baris satu\nbaris dua",
            "anonymous": True,
        },
        [],
    )
    assert rows[1][0] == 5
    assert rows[1][1]["satker"] == "Lapas Kelas IIA Kerobokan"
    assert rows[1][1]["summary"] == "Antre   lama"
    assert rows[1][1]["anonymous"] is False
    number, _, problems = rows[2]
    assert number == 6
    assert problems == [
        (6, "received_on", "'31/02/2025' is not a valid date; Februari 2025 has 28 days"),
        (6, "summary", "is empty; it is required"),
        (6, "anonymous", "'mungkin' is not yes or no; use ya or tidak"),
    ]


def test_xlsx_dates_as_cells_text_and_serial_numbers(tmp_path):
    path = make_xlsx(
        tmp_path / "isian.xlsx",
        [
            HEADER,
            ["kanwil", datetime(2025, 3, 24), "Satu", "whatsapp", True],
            ["kanwil", "24/03/2025", "Dua", None, "ya"],
            ["kanwil", 45740, "Tiga", None, 0],
            ["kanwil", "2025-05-02", "Empat", None, None],
        ],
        title="Pengaduan",
    )
    table, rows = values(path)
    assert table.sheet == "Pengaduan" and table.header_row == 1
    assert [r[1]["received_on"] for r in rows[:3]] == [date(2025, 3, 24)] * 3
    assert [r[1]["anonymous"] for r in rows[:3]] == [True, True, False]
    assert rows[3][2] == [(5, "Tanggal Diterima", "date 02/05/2025 is in the future")]


def test_header_below_a_title_block_and_totals_row_skipped(tmp_path):
    path = make_xlsx(
        tmp_path / "rekap.xlsx",
        [
            ["Rekapitulasi Pengaduan dan Berita"],
            ["Satker: Kanwil"],
            ["Bulan Maret 2025"],
            [],
            ["Judul", "Tanggal Terbit", "Satker", "Media"],
            ["Rakor", datetime(2025, 3, 5), "kanwil", "online"],
            [],
            ["Jumlah", "1 berita"],
        ],
        title="Berita",
        extra_sheets=("Ringkasan",),
    )
    table, rows = values(path, "news")
    assert (table.sheet, table.header_row) == ("Berita", 5)
    assert [c.field for c in table.columns] == ["title", "published_on", "satker", "media"]
    assert table.headers["published_on"] == "Tanggal Terbit"
    assert rows == [
        (6, {"title": "Rakor", "published_on": date(2025, 3, 5), "satker": "kanwil",
             "media": "online"}, [])
    ]  # fmt: skip


def test_a_row_of_spaces_is_blank(tmp_path):
    """Such as the end mark of a template's checked rows (a workbook written through lxml
    keeps it as a space): no row, rather than a row missing its required cells."""
    path = tmp_path / "isian.csv"
    path.write_text("Satker,Tanggal Diterima,Ringkasan Pengaduan\nkanwil,01/03/2025,Satu\n , ,  \n")
    _, rows = values(path)
    assert [(number, problems) for number, _, problems in rows] == [(2, [])]


def test_first_visible_sheet_when_none_is_named(tmp_path):
    path = make_xlsx(
        tmp_path / "register.xlsx",
        [HEADER, ["kanwil", "01/03/2025", "Satu", None, None]],
        title="Register 2025",
        extra_sheets=("Tersembunyi",),
        hidden=("Tersembunyi",),
    )
    table, rows = values(path)
    assert table.sheet == "Register 2025" and len(rows) == 1


def test_program_columns_are_ignored_and_derived_ones_not_imported(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "id,number,satker,received_on,summary,overdue,created_at\n"
        "7,PGD-2025-00007,kanwil,2025-03-01,Satu,true,2025-03-01T10:00:00+08:00\n"
    )
    table, rows = values(path)
    assert [c.field for c in table.columns] == [
        "number", "satker", "received_on", "summary", "overdue"
    ]  # fmt: skip
    assert rows[0][1] == {
        "number": "PGD-2025-00007",
        "satker": "kanwil",
        "received_on": date(2025, 3, 1),
        "summary": "Satu",
    }


def test_values_under_no_header_are_problems(tmp_path):
    path = make_xlsx(
        tmp_path / "x.xlsx",
        [
            ["Satker", None, "Tanggal Diterima", "Ringkasan Pengaduan"],
            ["kanwil", "lupa", "01/03/2025", "Satu", None, "catatan"],
            ["kanwil", None, "01/03/2025", "Dua"],
        ],
    )
    _, rows = values(path)
    assert rows[0][2] == [
        (2, "B", "has a value but no header"),
        (2, "F", "has a value but no header"),
    ]
    assert rows[1][2] == []


def test_rows_api_and_size_hint(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("satker,received_on,summary\n" + "kanwil,2025-03-01,x\n" * 5)
    with open_table(path, "complaints") as table:
        assert table.size_hint == 5
        assert next(table.rows()) == (
            2, {"satker": "kanwil", "received_on": "2025-03-01", "summary": "x"}
        )  # fmt: skip


CELLS = st.sampled_from(["", " ", "kanwil", "Jumlah", " JUMLAH ", "x", "0"])


def _csv_outcome(lines, delimiter):
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        return list(reader), reader.line_num
    except csv.Error as exc:
        return str(exc), reader.line_num


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab;," \r\n\t\x85\u2028\x0b\x0c', max_size=40), st.sampled_from(";,"))
def test_csv_lines_read_as_a_stringio_does(text, delimiter):
    expected = _csv_outcome(io.StringIO(text, newline=""), delimiter)
    assert _csv_outcome(csv_lines(text), delimiter) == expected
    plain = text.translate(dict.fromkeys(map(ord, "\x85\u2028\x0b\x0c")))
    assert _csv_outcome(csv_lines(plain), delimiter) == _csv_outcome(
        io.StringIO(plain, newline=""), delimiter
    )


# --- refusals ----------------------------------------------------------------------------------


def refused(path, kind="complaints"):
    with pytest.raises(InvalidInput) as caught:
        read_table(path, kind, today=TODAY)
    return caught.value.message


def test_missing_unknown_and_repeated_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Satker,Ringkasan Pengaduan,Kanal\nkanwil,x,email\n")
    assert refused(path) == ("a.csv is missing required column(s) Tanggal Diterima (header row 1)")
    path.write_text("Satker,Tanggal Diterima,Ringkasan Pengaduan,Catatan\n")
    assert refused(path).startswith(
        "a.csv: unknown column(s) 'Catatan' in row 1; valid: Nomor Pengaduan, Satker,"
    )
    path.write_text("No,Satker,Tanggal Diterima,Ringkasan Pengaduan,Petugas,Paraf,Catatan\n")
    assert refused(path).startswith(
        "a.csv: unknown column(s) 'No', 'Petugas', 'Paraf', 'Catatan' in row 1; valid:"
    )
    path.write_text("Satker,satker,Tanggal Diterima,Ringkasan Pengaduan\n")
    assert "both hold Satker; keep one" in refused(path)


def test_a_file_of_the_other_kind_or_without_header(tmp_path):
    path = tmp_path / "berita.csv"
    path.write_text("Satker,Tanggal Terbit,Judul,Media\nkanwil,2025-03-01,x,online\n")
    assert refused(path) == (
        "berita.csv holds news columns, not complaint ones; use `adurabi import news`"
    )
    complaints = tmp_path / "pengaduan.csv"
    complaints.write_text("Satker,Tanggal Diterima,Ringkasan Pengaduan,Kategori\n")
    assert refused(complaints, "news") == (
        "pengaduan.csv holds complaint columns, not news ones; use `adurabi import complaints`"
    )
    path.write_text("nama,alamat\nBudi,Denpasar\n")
    assert "has no header row naming the columns (such as Satker, Tanggal Diterima" in refused(path)
    assert refused(make_xlsx(tmp_path / "kosong.xlsx", [])) == (
        "sheet 'Sheet1' of kosong.xlsx has no rows"
    )


def test_merged_header_or_data_cells(tmp_path):
    rows = [["Rekap"], [], ["Satker", "Tanggal Diterima", "Ringkasan Pengaduan", None]]
    rows.append(["kanwil", "01/03/2025", "x"])
    title_only = make_xlsx(tmp_path / "ok.xlsx", rows, merges=("A1:D1",))
    assert len(read_table(title_only, "complaints", today=TODAY)[1]) == 1
    header = make_xlsx(tmp_path / "h.xlsx", rows, merges=("C3:D3",))
    assert refused(header).startswith("header cells C3:D3 of sheet 'Sheet1' in h.xlsx are merged")
    data = make_xlsx(tmp_path / "d.xlsx", [*rows, ["kanwil", None, "y"]], merges=("B4:B5",))
    assert refused(data).startswith("cells B4:B5 of sheet 'Sheet1' in d.xlsx are merged")


def test_unusable_files(tmp_path):
    good = make_xlsx(tmp_path / "good.xlsx", [HEADER, ["kanwil", "01/03/2025", "x"]])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:2000])
    assert refused(truncated) == "truncated.xlsx is damaged (not a readable .xlsx workbook)"

    text = tmp_path / "text.xlsx"
    text.write_text("Satker,Tanggal Diterima\n")
    assert refused(text).startswith("text.xlsx is not an Excel workbook (.xlsx)")

    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(cfb + "EncryptionInfo".encode("utf-16-le") + bytes(64)
                       + "EncryptedPackage".encode("utf-16-le") + bytes(512))  # fmt: skip
    assert refused(locked).startswith("locked.xlsx is password-protected")
    old = tmp_path / "old.xls"
    old.write_bytes(cfb + "Workbook".encode("utf-16-le") + bytes(512))
    assert refused(old) == "old.xls is damaged (not a readable .xls workbook)"

    docx = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert refused(docx) == "surat.xlsx is a zip file but not an Excel workbook"
    ods = tmp_path / "a.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert refused(ods) == "a.ods is damaged (not a readable .ods workbook)"
    xlsb = tmp_path / "a.xlsb"
    with zipfile.ZipFile(xlsb, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x00")
    assert refused(xlsb) == "a.xlsb is damaged (not a readable .xlsb workbook)"

    latin = tmp_path / "latin.csv"
    latin.write_bytes("Satker,Tanggal Diterima,Ringkasan Pengaduan\nkanwil,x,Ñ\n".encode("cp1252"))
    assert refused(latin) == (
        "latin.csv is not UTF-8 text (line 2); save it as 'CSV UTF-8' and try again"
    )
    utf16 = tmp_path / "u.csv"
    utf16.write_text("Satker\tTanggal Diterima\n", encoding="utf-16")
    assert refused(utf16).startswith("u.csv is UTF-16 text")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert refused(empty) == "empty.csv is empty"
    assert refused(tmp_path / "nope.csv") == f"no file at {tmp_path / 'nope.csv'}"
    assert refused(tmp_path) == f"{tmp_path} is a folder, not a file"


def test_a_broken_csv_is_refused(tmp_path):
    path = tmp_path / "rusak.csv"
    path.write_text('satker,received_on,summary\nkanwil,2025-03-01,"' + "x" * 200_000 + '"\n')
    assert refused(path).startswith("rusak.csv is not a readable CSV file (line 2: field larger")


# --- reading a CSV from its middle --------------------------------------------------------------


def _csv_rows(path, lines):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER[:3], *lines])


def _all(table):
    return [(n, list(cells)) for batch in table.batches(7) for n, cells in batch]


NEWS_HEADER = ["Satker", "Tanggal Terbit", "Judul", "Media", "Tautan"]
LONG = "https://www.balipost.com/news/2025/03/05/rakor-layanan?utm_source=fb&x=ü"


def _edit_sheet(path, old: bytes, new: bytes):
    """path with its first sheet's XML edited, as another program might have written it."""
    edited = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(item, data)
    return edited


def test_a_web_address_cell_gives_the_address_it_links_to(tmp_path):
    """An export shows a long address shortened and links it whole: import reads the link.
    A cell without a link gives its text; a link elsewhere (a title) changes nothing."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Berita"
    ws.append(["Rekap Berita"])
    ws.append(NEWS_HEADER)
    ws.append(["kanwil", "05/03/2025", "Rakor", "online", "balipost.com/…/rakor-layanan"])
    ws["E3"].hyperlink = LONG
    ws.append(["kanwil", "06/03/2025", "Tanpa tautan", "online", "https://bali.id/b/1"])
    ws.append(["kanwil", "07/03/2025", "Judul bertaut", "online", None])
    ws["C5"].hyperlink = "https://bali.id/judul"
    # A fragment stored apart, as LibreOffice saves one; a link over two cells.
    ws.append(["kanwil", "08/03/2025", "Bagian", "online", "bali.id/x"])
    ws["E6"].hyperlink = Hyperlink(ref="E6", target="https://bali.id/x", location="bagian")
    ws.append(["kanwil", "09/03/2025", "Dua sel", "online", "a"])
    ws.append(["kanwil", "10/03/2025", "Dua sel", "online", "b"])
    ws["E7"].hyperlink = "https://bali.id/dua"
    wb.save(tmp_path / "berita.xlsx")
    path = _edit_sheet(tmp_path / "berita.xlsx", b'ref="E7"', b'ref="E7:E8"')
    table, rows = values(path, "news")
    assert table.header_row == 2
    got = [(number, row["title"], row["url"]) for number, row, _ in rows]
    assert got == [
        (3, "Rakor", LONG),
        (4, "Tanpa tautan", "https://bali.id/b/1"),
        (5, "Judul bertaut", None),
        (6, "Bagian", "https://bali.id/x#bagian"),
        (7, "Dua sel", "https://bali.id/dua"),
        (8, "Dua sel", "https://bali.id/dua"),
    ]


def test_a_sheet_whose_links_cannot_be_read_is_damaged(tmp_path):
    rows = [NEWS_HEADER, ["kanwil", "05/03/2025", "x", "online", "y"]]
    good = make_xlsx(tmp_path / "good.xlsx", rows)
    broken = _edit_sheet(good, b"</worksheet>", b"<hyperlinks><hyperlink ref=</worksheet>")
    assert refused(broken, "news") == (
        "edited-good.xlsx is damaged (not a readable .xlsx workbook)"
    )
