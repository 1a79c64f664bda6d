"""Workbooks other than .xlsx, the unpacking limit, month-first dates, every problem of a row."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.excel.helpers import make_xlsx
from tests.exim.conftest import db_rows, snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def unchanged(initialized):
    """Call with the import's arguments: asserts exit 1, one `Error:` line first, and the
    database untouched; returns stderr."""

    def check(cli, *args) -> str:
        before = snapshot(initialized)
        result = cli("import", *map(str, args), code=1)
        assert result.stderr.startswith("Error: "), result.stderr
        assert snapshot(initialized) == before
        return result.stderr

    return check


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_legacy_excel_and_libreoffice_files_import(cli, initialized, suffix):
    """The templates, filled in and saved by LibreOffice as .xls and .ods."""
    complaints = cli.json("import", "complaints", FIXTURES / f"isian-pengaduan{suffix}", "--json")
    news = cli.json("import", "news", FIXTURES / f"isian-berita{suffix}", "--json")
    assert (complaints["imported"], news["imported"]) == (2, 2)
    assert db_rows(
        initialized,
        "SELECT s.code, received_on, channel, summary, complainant_name, anonymous, external_ref "
        "FROM complaint c JOIN satker s ON s.id = c.satker_id ORDER BY c.id",
    ) == [
        ("kanwil", "2025-03-24", "whatsapp", "Antrean kunjungan lama", "Made", 0, "LPR-1"),
        ("lapas-kerobokan", "2025-03-25", "email", "Petugas tidak ramah", None, 1, None),
    ]
    assert db_rows(
        initialized,
        "SELECT s.code, published_on, title, media, url, views, likes "
        "FROM news n JOIN satker s ON s.id = n.satker_id ORDER BY n.id",
    ) == [
        ("kanwil", "2025-03-05", "Sosialisasi layanan", "online", "https://balipost.com/a",
         100, None),
        ("rutan-bangli", "2025-03-06", "Kunjungan kerja", "instagram", None, None, 250),
    ]  # fmt: skip
    # The same files again: every row a duplicate.
    again = cli.json("import", "complaints", FIXTURES / f"isian-pengaduan{suffix}", "--json")
    assert again["imported"] == 0


def _declaring(path: Path, size: int) -> Path:
    """path, its first member's uncompressed size in the central directory set to size."""
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))
    return path


def test_a_workbook_declaring_a_huge_member_is_refused_before_reading(
    cli, unchanged, initialized, tmp_path
):
    path = tmp_path / "bom.xlsx"
    make_xlsx(path, [["Satker", "Tanggal Diterima", "Ringkasan Pengaduan"]])
    _declaring(path, 3 * 2**30)
    with zipfile.ZipFile(path) as archive:
        assert max(m.file_size for m in archive.infolist()) == 3 * 2**30
    error = unchanged(cli, "complaints", path)
    assert error.splitlines()[0] == (
        "Error: bom.xlsx unpacks to more than 200 MB; if it is a genuine workbook, raise the "
        "limit with --max-unpacked MB"
    )


def test_the_unpacking_limit_counts_what_is_inflated_and_can_be_raised(
    cli, unchanged, initialized, tmp_path
):
    path = tmp_path / "besar.xlsx"
    rows = [["Satker", "Tanggal Diterima", "Ringkasan Pengaduan"]]
    rows += [["kanwil", "2025-03-24", "Aduan " + "x" * 200 + str(i)] for i in range(6000)]
    make_xlsx(path, rows)
    assert "unpacks to more than 1 MB" in unchanged(cli, "complaints", path, "--max-unpacked", "1")
    assert "--max-unpacked 0 is not a size" in unchanged(
        cli, "complaints", path, "--max-unpacked", "0"
    )
    assert cli.json("import", "complaints", path, "--max-unpacked", "5", "--json")["imported"] == (
        6000
    )


def test_a_member_larger_than_it_declares_is_damage(cli, unchanged, tmp_path):
    path = tmp_path / "bohong.xlsx"
    make_xlsx(path, [["Satker", "Tanggal Diterima", "Ringkasan Pengaduan"], ["kanwil", "x", "y"]])
    with zipfile.ZipFile(path) as archive:
        names = [m.filename for m in archive.infolist()]
    index = next(i for i, name in enumerate(names) if name.startswith("xl/worksheets/"))
    data = bytearray(path.read_bytes())
    central = -1
    for _ in range(index + 1):
        central = data.index(b"PK\x01\x02", central + 1)
    struct.pack_into("<I", data, central + 24, 10)
    path.write_bytes(bytes(data))
    assert "bohong.xlsx is damaged" in unchanged(cli, "complaints", path)


def test_month_first_dates_refuse_the_whole_file(cli, unchanged, tmp_path):
    path = tmp_path / "us.csv"
    path.write_text(
        "Satker,Tanggal Diterima,Ringkasan Pengaduan\n"
        "kanwil,03/04/2025,Aduan satu\n"  # would read as 3 April
        "kanwil,03/25/2025,Aduan dua\n"  # only makes sense as March 25
    )
    error = unchanged(cli, "complaints", path)
    assert error.splitlines() == [
        "Error: us.csv: dates in column 'Tanggal Diterima' look like MM/DD/YYYY (row 3: "
        "03/25/2025); save the file with dd/mm/yyyy dates and import it again"
    ]
    day_first = tmp_path / "id.csv"
    day_first.write_text(
        "Satker,Tanggal Diterima,Ringkasan Pengaduan\n"
        "kanwil,03/04/2025,Aduan satu\n"
        "kanwil,25/03/2025,Aduan dua\n"
    )
    assert cli.json("import", "complaints", day_first, "--json")["imported"] == 2


def test_a_month_first_date_anywhere_refuses_the_whole_file_unread(cli, unchanged, tmp_path):
    # 3,000 rows that read either way, then one row whose other date column only fits as
    # month/day: nothing of the file is stored as day/month, also not with --dry-run.
    path = tmp_path / "us-late.csv"
    rows = ["Satker,Tanggal Diterima,Ringkasan Pengaduan,Status,Tanggal Selesai,Tindak Lanjut"]
    rows += [f"kanwil,03/04/2025,Aduan {n},,," for n in range(3000)]
    rows.append("kanwil,03/04/2025,Aduan akhir,selesai,04/21/2025,Dijawab")
    path.write_text("\n".join(rows) + "\n")
    for extra in ([], ["--dry-run"]):
        error = unchanged(cli, "complaints", path, *extra)
        assert error.splitlines() == [
            "Error: us-late.csv: dates in column 'Tanggal Selesai' look like MM/DD/YYYY (row "
            "3002: 04/21/2025); save the file with dd/mm/yyyy dates and import it again"
        ]


def test_every_problem_of_a_row_is_listed(cli, unchanged, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "satker,received_on,channel,summary,anonymous,external_ref\n"
        "lapas-entah,31/02/2025,merpati,,mungkin,LPR-1\n"
        "kanwil,2025-03-01,whatsapp,Baik,tidak,\n"
        "kanwil,2025-03-01,burung,Aduan,ya,\n"
    )
    lines = unchanged(cli, "complaints", path).splitlines()
    assert lines[0] == "Error: p.csv: 2 bad row(s); nothing was imported"
    problems = [line.split(":")[0].strip() for line in lines[1:]]
    assert problems == [
        "row 2, column satker",
        "row 2, column received_on",
        "row 2, column channel",
        "row 2, column summary",
        "row 2, column anonymous",
        "row 4, column channel",
    ]


def test_a_formula_cell_is_named_as_a_formula(cli, unchanged, tmp_path):
    path = tmp_path / "rumus.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Satker", "Tanggal Diterima", "Ringkasan Pengaduan"])
    sheet.append(["kanwil", "=DATE(2025,3,4)", "Aduan"])
    sheet.append(["kanwil", "2025-03-05", '=CONCAT("Adu","an")'])
    workbook.save(path)
    lines = unchanged(cli, "complaints", path).splitlines()
    assert lines[1].startswith("  row 2, column Tanggal Diterima: holds a formula")
    assert lines[2].startswith("  row 3, column Ringkasan Pengaduan: holds a formula")
    assert "is empty" not in "\n".join(lines)


def test_a_formula_on_another_sheet_is_not_the_read_sheets(cli, unchanged, tmp_path):
    path = tmp_path / "dua-lembar.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Daftar"
    workbook.active["C2"] = '=CONCAT("Adu","an")'
    sheet = workbook.create_sheet("Pengaduan")
    sheet.append(["Satker", "Tanggal Diterima", "Ringkasan Pengaduan"])
    sheet.append(["kanwil", "2025-03-05", None])
    workbook.save(path)
    lines = unchanged(cli, "complaints", path).splitlines()
    assert lines[1] == "  row 2, column Ringkasan Pengaduan: is empty; it is required"
