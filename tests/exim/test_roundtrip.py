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


LONG_URLS = [
    "https://www.balipost.com/news/2025/03/05/kanwil-kemenkumham-bali-gelar-rakor?utm_source=fb",
    "https://bali.tribunnews.com/2025/03/07/berita-ü/a/b/c/d/e/f/g/h/i/j/k#komentar",
]
SHORT_URL = "https://x.id/b/1"


def test_long_web_addresses_print_short_and_import_whole(cli, initialized, tmp_path):
    """The Berita sheet shows a long address as one line of its column and links it whole;
    importing the workbook stores every address as it was."""
    for day, url in enumerate([*LONG_URLS, SHORT_URL], 3):
        cli("news", "add", "--satker", "kanwil", "--title", f"Berita {day}", "--media", "online",
            "--date", f"2025-03-{day:02d}", "--url", url)  # fmt: skip
    cli("export", "--out", tmp_path, "--quiet")
    kanwil = tmp_path / f"rekap-{MONTH}.xlsx"
    _, _, shown = table_of(openpyxl.load_workbook(kanwil)["Berita"], "Satker")
    assert [row["Tautan"] for row in shown] == [
        "balipost.com/…bali-gelar-rakor",
        "bali.tribunnews.com/…/d/e/f/g/h/i/j/k",
        SHORT_URL,
    ]

    other = tmp_path / "kosong.db"
    cli("--db", other, "init")
    news = cli.json("--db", other, "import", "news", kanwil)
    assert (news["rows"], news["imported"]) == (3, 3)
    query = "SELECT url FROM news ORDER BY published_on"
    assert (
        db_rows(other, query)
        == db_rows(initialized, query)
        == [(url,) for url in [*LONG_URLS, SHORT_URL]]
    )
