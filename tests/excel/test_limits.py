"""Workbooks within Excel's limits: validation formulas as the file format stores them, at
most MAX_LINKS hyperlinks a sheet, text cut at Excel's cell limit, sheet names of at most 31
characters."""

from __future__ import annotations

import re
import zipfile

import openpyxl

from adurabi_cli.excel.recap_writer import write_kanwil_recap, write_satker_recap
from adurabi_cli.excel.values import MAX_CELL_TEXT
from adurabi_cli.excel.workbook import MAX_LINKS
from tests.excel.test_recap_writer import AT, COMPLAINTS, NEWS, RECAP

# What Excel refuses in a sheet name, besides more than 31 characters.
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _sheet_xml(path, title: str) -> str:
    """The XML of the sheet called title."""
    titles = openpyxl.load_workbook(path, read_only=True).sheetnames
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{titles.index(title) + 1}.xml").decode()


def test_excel_takes_the_limits_as_written():
    assert MAX_LINKS == 65_530
    assert MAX_CELL_TEXT == 32_767


def test_template_validations_are_stored_without_an_equals_sign(cli, initialized, tmp_path):
    for kind, title in (("complaints", "Pengaduan"), ("news", "Berita")):
        out = tmp_path / f"{kind}.xlsx"
        cli("template", kind, "--out", out)
        formulas = re.findall(r"<formula[12]>([^<]*)</formula[12]>", _sheet_xml(out, title))
        assert formulas, kind
        assert [f for f in formulas if f.startswith("=")] == []
        assert any(re.fullmatch(r"'Daftar'!\$A\$2:\$A\$\d+", f) for f in formulas), kind


def test_links_beyond_excels_limit_are_text_with_a_note(tmp_path):
    count = MAX_LINKS + 2
    news = [{"url": f"https://x.id/{n}"} for n in range(count)]
    path = write_kanwil_recap(tmp_path / "rekap.xlsx", RECAP, [], news, generated_at=AT)
    # Read from the package: loading 65,000 links through openpyxl takes longer than writing.
    xml = _sheet_xml(path, "Berita")
    refs = re.findall(r'<hyperlink [^>]*ref="([A-Z]+\d+)"', xml)
    first = 11  # the row after the letterhead (two lines), the title block and the header
    assert len(refs) == MAX_LINKS
    assert refs[0] == f"F{first}" and refs[-1] == f"F{first + MAX_LINKS - 1}"
    texts = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"[^>]*><is><t>([^<]*)</t>', xml))
    assert texts[f"F{first + MAX_LINKS}"] == f"https://x.id/{MAX_LINKS}"
    assert texts[f"F{first + count - 1}"] == f"https://x.id/{count - 1}"
    note = (
        "2 tautan terakhir ditulis sebagai teks biasa: Excel menyimpan paling banyak "
        "65.530 tautan dalam satu lembar."
    )
    # Below the totals row and a blank one.
    assert texts[f"A{first + count + 2}"] == note


def test_a_month_within_the_limit_has_every_link_and_no_note(tmp_path):
    path = write_kanwil_recap(tmp_path / "rekap.xlsx", RECAP, COMPLAINTS, NEWS, generated_at=AT)
    ws = openpyxl.load_workbook(path)["Berita"]
    linked = [c.hyperlink.target for c in ws["F"] if c.hyperlink is not None]
    assert linked == [n["url"] for n in NEWS if (n.get("url") or "").startswith("https://")]
    assert not any("tautan terakhir" in str(c.value) for c in ws["A"])


def test_text_over_excels_limit_is_cut_with_a_marker(tmp_path):
    long = "x" * (MAX_CELL_TEXT + 10)
    complaint = {**COMPLAINTS[0], "summary": long, "resolution": "y" * MAX_CELL_TEXT}
    path = write_kanwil_recap(
        tmp_path / "rekap.xlsx", RECAP, [complaint], [], generated_at=AT, include_personal=True
    )
    ws = openpyxl.load_workbook(path)["Pengaduan"]
    assert ws["F11"].value == "x" * (MAX_CELL_TEXT - 1) + "…"
    assert ws["P11"].value == "y" * MAX_CELL_TEXT


def test_every_sheet_name_fits_excel(cli, initialized, tmp_path):
    books = [
        write_kanwil_recap(tmp_path / "k.xlsx", RECAP, COMPLAINTS, NEWS, generated_at=AT),
        write_kanwil_recap(tmp_path / "empty.xlsx", RECAP, [], [], generated_at=AT),
        write_satker_recap(tmp_path / "s.xlsx", RECAP, "kanwil", COMPLAINTS, NEWS, generated_at=AT),
    ]
    for kind in ("complaints", "news"):
        cli("template", kind, "--out", tmp_path / f"{kind}.xlsx")
        books.append(tmp_path / f"{kind}.xlsx")
    for path in books:
        for title in openpyxl.load_workbook(path, read_only=True).sheetnames:
            assert 0 < len(title) <= 31 and not _BAD_TITLE.search(title), (path.name, title)
