"""The proof: export a month with personal data, import its sheets into an empty database,
export again, and get the same rows."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.exim.conftest import MONTH, PERSONAL, SECRET, db_rows, table_of

# The title block's fourth line holds the generation time; everything below it must match.
BELOW_TITLE = 5


def sheet_cells(path: Path, sheet: str) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [tuple(row) for row in ws.iter_rows(min_row=BELOW_TITLE, values_only=True)]


def test_export_import_export_gives_the_same_rows(cli, seeded, tmp_path):
    first = tmp_path / "pertama"
    cli("export", "--out", first, "--include-personal", "--quiet")
    kanwil = first / f"rekap-{MONTH}.xlsx"

    other = tmp_path / "kosong.db"
    cli("--db", other, "init")
    # The registry is reference data, not part of the recap: make it the same.
    cli("--db", other, "satker", "update", "rutan-negara", "--inactive")
    complaints = cli.json("--db", other, "import", "complaints", kanwil)
    news = cli.json("--db", other, "import", "news", kanwil)
    assert (complaints["rows"], complaints["imported"], complaints["duplicates"]) == (6, 6, [])
    assert (news["rows"], news["imported"], news["duplicates"]) == (3, 3, [])

    second = tmp_path / "kedua"
    cli("--db", other, "export", "--out", second, "--include-personal", "--quiet")
    for sheet in ("Pengaduan", "Berita"):
        a, b = sheet_cells(kanwil, sheet), sheet_cells(second / kanwil.name, sheet)
        assert a == b, sheet
        assert len(a) > 3
    for path in sorted((first / MONTH).iterdir()):
        for sheet in ("Pengaduan", "Berita"):
            assert sheet_cells(path, sheet) == sheet_cells(second / MONTH / path.name, sheet)
    # Ringkasan: every number equal; only reporting states may differ (nil reports are not
    # part of the sheets), so they are compared apart.
    rows_a = table_of(openpyxl.load_workbook(kanwil)["Ringkasan"], "Nama Satker")[2]
    rows_b = table_of(openpyxl.load_workbook(second / kanwil.name)["Ringkasan"], "Nama Satker")[2]
    strip = [{k: v for k, v in r.items() if k != "Status Pelaporan"} for r in rows_a]
    assert strip == [{k: v for k, v in r.items() if k != "Status Pelaporan"} for r in rows_b]
    singaraja = "Kantor Imigrasi Kelas II TPI Singaraja"
    assert [r["Status Pelaporan"] for r in rows_a if r["Nama Satker"] != singaraja] == [
        r["Status Pelaporan"] for r in rows_b if r["Nama Satker"] != singaraja
    ]

    # The identity and the confidential summary travelled, and the stored rows agree.
    text = {str(v) for row in sheet_cells(second / kanwil.name, "Pengaduan") for v in row}
    assert {*PERSONAL, SECRET} <= text
    fields = (
        "number, received_on, channel, category, summary, complainant_name, "
        "complainant_contact, anonymous, confidential, external_ref, status, due_on, "
        "extended, resolved_on, resolution"
    )
    wanted = "(" + ", ".join(f"'PGD-2025-0000{n}'" for n in range(1, 7)) + ")"
    query = f"SELECT {fields} FROM complaint WHERE number IN {wanted} ORDER BY number"
    assert db_rows(seeded, query) == db_rows(other, query)
    query = (
        "SELECT published_on, title, media, outlet, url, url_key, category, sentiment, views, "
        "likes, comments, shares FROM news "
        "WHERE published_on BETWEEN '2025-03-01' AND '2025-03-31' "
        "AND title != 'Nonaktif' ORDER BY published_on"
    )
    assert db_rows(seeded, query) == db_rows(other, query)

    # Importing the same file again doubles nothing.
    again = cli.json("--db", other, "import", "complaints", kanwil)
    assert (again["imported"], len(again["duplicates"])) == (0, 6)
    again = cli.json("--db", other, "import", "news", kanwil)
    assert (again["imported"], len(again["duplicates"])) == (0, 3)


def test_a_satker_file_imports_too(cli, seeded, tmp_path):
    out = tmp_path / "r"
    cli("export", "--out", out, "--include-personal", "-q", "-s", "lapas-kerobokan")
    other = tmp_path / "kosong.db"
    cli("--db", other, "init")
    path = out / MONTH / "lapas-kerobokan.xlsx"
    assert cli.json("--db", other, "import", "complaints", path)["imported"] == 2
    assert cli.json("--db", other, "import", "news", path)["imported"] == 1
    assert db_rows(other, "SELECT number, complainant_name FROM complaint ORDER BY 1") == [
        ("PGD-2025-00001", PERSONAL[0]),
        ("PGD-2025-00002", PERSONAL[2]),
    ]
