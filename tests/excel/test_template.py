"""`adurabi template`: the entry workbook, its drop-downs, and that what is filled imports."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from adurabi_cli.domain.status import normalise_status
from adurabi_cli.domain.vocab import pick_sentiment
from adurabi_cli.excel.columns import template_columns
from adurabi_cli.excel.reader import read_table
from adurabi_cli.excel.template_writer import END_MARK, VALIDATED_ROWS
from tests.dbtarget import ENGINE

TODAY = date(2025, 4, 30)


def list_values(wb, validation):
    """The values a list validation offers, read from the hidden sheet it points at."""
    sheet, ref = validation.formula1.lstrip("=").split("!")
    return [c.value for row in wb[sheet.strip("'")][ref.replace("$", "")] for c in row]


def validations(ws):
    return {str(dv.sqref).split(":")[0][:-1]: dv for dv in ws.data_validations.dataValidation}


def test_complaint_template_offers_the_databases_lists(cli, initialized, tmp_path):
    cli("satker", "update", "rutan-negara", "--inactive")
    cli("vocab", "add", "channel", "tiktok-live", "--label", "TikTok Live")
    out = tmp_path / "isian.xlsx"
    result = cli("template", "complaints", "--out", out)
    assert result.stdout == f"{out}\n"
    assert "adurabi import complaints" in result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Petunjuk", "Pengaduan", "Daftar"]
    assert wb["Daftar"].sheet_state == "hidden"
    assert wb.active.title == "Pengaduan"
    ws = wb["Pengaduan"]
    columns = template_columns("complaints")
    assert [c.value for c in ws[1]] == [c.header for c in columns]
    assert ws.freeze_panes == "A2"
    assert ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["G2"].number_format == "@"  # a phone number keeps its leading zero
    rules = validations(ws)
    satker = list_values(wb, rules["A"])
    assert "kanwil" in satker and "rutan-negara" not in satker and len(satker) == 18
    assert list_values(wb, rules["C"])[-1] == "tiktok-live"
    assert "pungli" in list_values(wb, rules["D"])
    assert list_values(wb, rules["H"]) == ["ya", "tidak"]
    assert list_values(wb, rules["K"]) == [
        "diterima", "diverifikasi", "diproses", "selesai", "ditolak", "dialihkan"
    ]  # fmt: skip
    assert rules["A"].errorStyle == "warning" and rules["C"].errorStyle == "stop"
    for letter in ("B", "L"):
        assert (rules[letter].type, rules[letter].formula2) == ("date", "TODAY()")
    assert str(rules["A"].sqref) == "A2:A5001"
    # The last checked row ends in a mark (blank to import); the form prints without it.
    assert ws.max_row == VALIDATED_ROWS + 1 and ws["A5001"].value == END_MARK
    assert ws.print_area == "'Pengaduan'!$A$1:$M$101"
    guide = [row[0] for row in wb["Petunjuk"].iter_rows(values_only=True) if row[0]]
    assert guide[0] == "Formulir Isian Pengaduan untuk adurabi"
    assert any("adurabi import complaints" in line for line in guide)
    assert "Lembaga Pemasyarakatan Kelas IIA Kerobokan" in [
        row[1] for row in wb["Petunjuk"].iter_rows(values_only=True)
    ]


def test_news_template_lists_media_categories_and_sentiments(cli, initialized, tmp_path):
    out = tmp_path / "berita.xlsx"
    cli("template", "news", "-o", out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Berita"]
    rules = validations(ws)
    assert "instagram" in list_values(wb, rules["D"])
    assert list_values(wb, rules["G"])[0] == "kegiatan"
    assert list_values(wb, rules["H"]) == ["positif", "netral", "negatif"]
    assert rules["I"].type == "whole"
    assert rules["F"].type == "custom"


def test_what_a_satker_fills_in_reads_cleanly(cli, ref, tmp_path):
    out = tmp_path / "isian.xlsx"
    cli("template", "complaints", "--out", out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Pengaduan"]
    ws.append(
        ["lapas-kerobokan", datetime(2025, 3, 24), "whatsapp", "pungli", "Diminta uang",
         "Made", "081234567890", "tidak", "ya", "LPR-1", "selesai", datetime(2025, 3, 28),
         "Petugas dibina"]
    )  # fmt: skip
    ws["A3"], ws["B3"], ws["E3"] = "Rumah Tahanan Negara Kelas IIB Bangli", "25/03/2025", " x "
    ws["A4"], ws["B4"], ws["E4"], ws["H4"] = "kanwil", 45741, "Tanpa nama", "ya"
    filled = tmp_path / "terisi.xlsx"
    wb.save(filled)
    _, rows = read_table(filled, "complaints", today=TODAY)
    # openpyxl appends below the template's last checked row, whose end mark is not read.
    assert [r.number for r in rows] == [3, 4, VALIDATED_ROWS + 2]
    assert not [p for r in rows for p in r.problems]
    by_number = {r.number: r.values for r in rows}
    assert by_number[3]["received_on"] == date(2025, 3, 25)
    assert by_number[4]["received_on"] == date(2025, 3, 25)
    appended = by_number[VALIDATED_ROWS + 2]
    assert appended["complainant_contact"] == "081234567890"
    for values in by_number.values():
        ref.satker_of(values["satker"])
        for kind in ("channel", "category"):
            if values.get(kind):
                ref.term(kind, values[kind])
        if values.get("status"):
            normalise_status(values["status"])
    assert ref.satker_of(by_number[3]["satker"])["code"] == "rutan-bangli"
    assert pick_sentiment("netral") == "netral"


def test_refusals_change_nothing(cli, initialized, tmp_path):
    out = tmp_path / "isian.xlsx"
    out.write_bytes(b"punya saya")
    result = cli("template", "complaints", "--out", out, code=1)
    assert result.stderr == f"Error: {out} already exists; use --force to replace it\n"
    assert out.read_bytes() == b"punya saya"
    cli("template", "complaints", "--out", out, "--force")
    assert openpyxl.load_workbook(out).sheetnames[1] == "Pengaduan"
    assert "name it *.xlsx" in cli("template", "news", "--out", tmp_path / "a.xls", code=1).stderr
    missing = tmp_path / "tidak-ada" / "a.xlsx"
    assert "does not exist" in cli("template", "news", "--out", missing, code=1).stderr
    assert "is a folder" in cli("template", "news", "--out", tmp_path, code=1).stderr
    assert cli("template", "surat", "--out", out, code=2)
    database = ["adurabi.db"] if ENGINE == "sqlite" else []
    assert sorted(p.name for p in tmp_path.iterdir()) == [*database, "isian.xlsx"]


def test_a_refused_output_file_is_told_in_indonesian(cli, initialized, tmp_path, monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")
    missing = tmp_path / "tidak-ada" / "a.xlsx"
    result = cli("templat", "news", "--out", missing, code=1)
    assert result.stderr == f"Error: folder {missing.parent} tidak ada\n"
    (tmp_path / "berkas").write_text("x")
    result = cli("templat", "news", "--out", tmp_path / "berkas" / "a.xlsx", code=1)
    assert result.stderr == f"Error: {tmp_path / 'berkas'} bukan folder\n"
    (tmp_path / "map.xlsx").mkdir()
    result = cli("templat", "news", "--out", tmp_path / "map.xlsx", code=1)
    assert result.stderr.startswith("Error: ") and "adalah folder" in result.stderr


def test_needs_a_database(cli, tmp_path):
    result = cli("template", "news", "--out", tmp_path / "b.xlsx", code=3)
    assert "run `adurabi init`" in result.stderr  # no file / no schema on a server
    assert not (tmp_path / "b.xlsx").exists()


@pytest.mark.parametrize("kind", ["complaints", "news"])
def test_template_rows_are_not_read_as_data(cli, initialized, tmp_path, kind):
    out = tmp_path / "kosong.xlsx"
    cli("template", kind, "--out", out)
    table, rows = read_table(out, kind, today=TODAY)
    assert table.header_row == 1 and rows == []


@pytest.mark.parametrize("kind", ["complaints", "news"])
def test_template_prints_like_the_recaps(cli, initialized, tmp_path, kind):
    out = tmp_path / "isian.xlsx"
    cli("template", kind, "--out", out)
    wb = openpyxl.load_workbook(out)
    for ws in (wb["Petunjuk"], wb.worksheets[1]):
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape", 9, 1, 0,
        )  # fmt: skip
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == "Halaman &P dari &N"
        assert ws.page_margins.footer < ws.page_margins.bottom
    entry = wb.worksheets[1]
    assert entry.print_title_rows == "$1:$1"
    # Two-line labels ("Tanggal Diterima", "Nama Media/Akun") get a row tall enough for them.
    assert entry.row_dimensions[1].height >= 33
    # The instructions' column table: a row of a long list of choices is several lines tall.
    petunjuk = wb["Petunjuk"]
    heights = [petunjuk.row_dimensions[r].height or 15 for r in range(1, petunjuk.max_row + 1)]
    assert max(heights) >= 48
