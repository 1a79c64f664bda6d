"""`adurabi export`: the files, their sheets and cells, and the numbers of `recap --json`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.excel.helpers import chart_sheets, formula_cells
from tests.exim.conftest import MONTH, PERSONAL, SECRET, every_cell_text, table_of, totals_of

ACTIVE = 18  # the 19 seeded satker less rutan-negara, deactivated by the fixture
MARCH_NUMBERS = [
    "PGD-2025-00003",  # rutan-bangli, February, still open
    "PGD-2025-00005",  # kanwil, February, closed only in April
    "PGD-2025-00001",
    "PGD-2025-00006",
    "PGD-2025-00002",
    "PGD-2025-00004",
]


@pytest.fixture
def exported(cli, seeded, tmp_path):
    out = tmp_path / "rekap"
    result = cli("export", "--out", out)
    return out, result


def test_writes_the_kanwil_file_and_one_per_active_satker_and_prints_each_path(exported, cli):
    out, result = exported
    paths = result.stdout.splitlines()
    assert paths[0] == str(out / f"rekap-{MONTH}.xlsx")
    codes = [s["code"] for s in cli.json("satker", "list", "--active")]
    assert len(codes) == ACTIVE
    assert paths[1:] == [str(out / MONTH / f"{code}.xlsx") for code in codes]
    assert all(Path(p).is_file() for p in paths)
    assert not (out / MONTH / "rutan-negara.xlsx").exists()
    assert f"Wrote {ACTIVE + 1} workbook(s) for March 2025" in result.stderr
    # Nothing but the workbooks: no temporary file left behind.
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == sorted(
        Path(p).name for p in paths
    )


def test_quiet_prints_nothing_and_month_defaults_to_previous(cli, seeded, tmp_path):
    result = cli("export", "--out", tmp_path / "r", "--quiet")
    assert result.stdout == "" and result.stderr == ""
    assert (tmp_path / "r" / "rekap-2025-03.xlsx").is_file()
    assert len(list((tmp_path / "r" / "2025-03").iterdir())) == ACTIVE


def test_kanwil_sheets_title_block_and_formatting(exported):
    out, _ = exported
    wb = openpyxl.load_workbook(out / f"rekap-{MONTH}.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Pengaduan", "Berita", "Kepatuhan"]
    for ws in wb:
        # Below the letterhead (two lines and a blank row).
        assert ws["A2"].value == "KANTOR WILAYAH BALI" and ws["A3"].value is None
        assert ws["A4"].value == "Rekapitulasi Pengaduan dan Berita"
        assert ws["A5"].value == f"Satker: Seluruh satker ({ACTIVE} satker)"
        assert ws["A6"].value == "Bulan Maret 2025"
        assert ws["A7"].value.startswith("Dibuat: 30/04/2025 ")
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in ws.oddFooter.center.text
    ws = wb["Pengaduan"]
    header, headers, rows = table_of(ws, "Nomor Pengaduan")
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:{ws.cell(header, len(headers)).column_letter}" + str(
        header + len(rows)
    )
    assert all(ws.cell(header, col).font.bold for col in range(1, len(headers) + 1))
    # A summary longer than its column wraps, in a row tall enough for it; a short one fits.
    summary = headers.index("Ringkasan Pengaduan") + 1
    cells = [ws.cell(header + n, summary) for n in range(1, len(rows) + 1)]
    assert [len(c.value) > 50 for c in cells] == [c.alignment.wrap_text is True for c in cells]
    assert all(ws.row_dimensions[c.row].height >= 33 for c in cells if c.alignment.wrap_text)
    assert ws.column_dimensions["F"].width >= 40
    assert chart_sheets(out / f"rekap-{MONTH}.xlsx") == ["Ringkasan"]


def test_ringkasan_rows_and_totals_equal_recap_json(exported, cli):
    out, _ = exported
    recap = cli.json("recap", "--month", MONTH)
    ws = openpyxl.load_workbook(out / f"rekap-{MONTH}.xlsx")["Ringkasan"]
    _, headers, rows = table_of(ws, "Nama Satker")
    assert "Kode Satker" not in headers  # the printed recap names satker, --json codes them
    assert [r["Nama Satker"] for r in rows] == [e["name"] for e in recap["satker"]]
    for row, entry in zip(rows, recap["satker"], strict=True):
        assert_summary_equals(row, entry)
        assert row["Status Pelaporan"] == entry["compliance"]["state"]
    totals = totals_of(ws, "Nama Satker")
    assert_summary_equals(totals, recap["totals"])
    reporting = recap["totals"]["reporting"]
    assert totals["Status Pelaporan"] == (
        f"Lengkap {reporting['lengkap']}, Nihil {reporting['nihil']}, "
        f"Berjalan {reporting['berjalan']}, Belum {reporting['belum_melapor']}"
    )
    # The scenario's own numbers, so the comparison cannot pass on two empty recaps.
    assert (totals["Pengaduan Diterima"], totals["Masih Terbuka"], totals["Terlambat"]) == (4, 4, 3)
    assert (totals["Selesai"], totals["Jumlah Berita"]) == (1, 3)
    assert isinstance(totals["Pengaduan Diterima"], int)


def assert_summary_equals(row: dict, entry: dict) -> None:
    complaints, news = entry["complaints"], entry["news"]
    assert row["Pengaduan Diterima"] == complaints["received"]
    assert row["Selesai"] == complaints["resolved"]
    assert row["Masih Terbuka"] == complaints["open"]
    assert row["Terlambat"] == complaints["overdue"]
    assert row["% Tepat Waktu"] == complaints["on_time_pct"]
    groups = news["by_group"]
    assert row["Berita Website"] == groups["website"]
    assert row["Berita Media Massa"] == groups["media-massa"]
    assert row["Berita Media Sosial"] == groups["media-sosial"]
    assert row["Berita Lainnya"] == groups["lainnya"]
    assert row["Jumlah Berita"] == news["total"]
    assert row["Interaksi"] == news["engagement"]["total"]


def test_pengaduan_rows_are_the_month_and_the_open_carry_over(exported, cli):
    out, _ = exported
    recap = cli.json("recap", "--month", MONTH)
    ws = openpyxl.load_workbook(out / f"rekap-{MONTH}.xlsx")["Pengaduan"]
    header, headers, rows = table_of(ws, "Nomor Pengaduan")
    assert [r["Nomor Pengaduan"] for r in rows] == MARCH_NUMBERS
    by_number = {r["Nomor Pengaduan"]: r for r in rows}
    carried = by_number["PGD-2025-00005"]
    assert carried["Status"] == "ditolak" and carried["Terlambat"] == "ya"
    assert carried["Tanggal Selesai"] == datetime(2025, 4, 2)
    assert by_number["PGD-2025-00004"]["Diperpanjang"] == "ya"
    assert by_number["PGD-2025-00004"]["Terlambat"] == "tidak"
    # Real date cells shown dd/mm/yyyy, yes/no as ya/tidak.
    received = headers.index("Tanggal Diterima") + 1
    cell = ws.cell(header + 1, received)
    assert cell.value == datetime(2025, 2, 12) and cell.is_date
    assert cell.number_format == "dd/mm/yyyy"
    assert by_number["PGD-2025-00003"]["Anonim"] == "ya"
    # The totals row counts the rows and the overdue ones, as the recap does.
    totals = totals_of(ws, "Nomor Pengaduan")
    assert totals["Satker"] == f"{len(MARCH_NUMBERS)} pengaduan"
    assert totals["Terlambat"] == recap["totals"]["complaints"]["overdue"] == 3
    received_in_month = [r for r in rows if r["Tanggal Diterima"].month == 3]
    assert len(received_in_month) == recap["totals"]["complaints"]["received"]


def test_berita_rows_links_and_totals(exported, cli):
    out, _ = exported
    recap = cli.json("recap", "--month", MONTH)
    ws = openpyxl.load_workbook(out / f"rekap-{MONTH}.xlsx")["Berita"]
    header, headers, rows = table_of(ws, "Satker")
    assert [(r["Satker"], r["Judul"]) for r in rows] == [
        ("kanwil", "Kanwil gelar rapat koordinasi pengaduan"),
        ("lapas-kerobokan", "+ Klarifikasi isu pungli"),
        ("rutan-bangli", "=1+1 bakti sosial"),
    ]
    assert len(rows) == recap["totals"]["news"]["total"]
    link = ws.cell(header + 1, headers.index("Tautan") + 1)
    assert link.hyperlink.target == "https://www.balipost.com/news/2025/03/05/rakor?utm_source=fb"
    assert rows[0]["Dilihat"] == 120 and rows[1]["Disukai"] is None
    totals = totals_of(ws, "Satker")
    assert totals["Tanggal Terbit"] == "3 berita"
    assert (totals["Dilihat"], totals["Disukai"], totals["Komentar"], totals["Dibagikan"]) == (
        420,
        14,
        5,
        2,
    )


def test_kepatuhan_states_per_satker(exported, cli):
    out, _ = exported
    recap = cli.json("recap", "--month", MONTH)
    ws = openpyxl.load_workbook(out / f"rekap-{MONTH}.xlsx")["Kepatuhan"]
    _, _, rows = table_of(ws, "Nama Satker")
    codes = {e["name"]: e["code"] for e in recap["satker"]}
    states = {codes[r["Nama Satker"]]: r for r in rows}
    assert {code: r["Status Pelaporan"] for code, r in states.items()} == {
        e["code"]: e["compliance"]["state"] for e in recap["satker"]
    }
    assert states["kanim-singaraja"]["Laporan Pengaduan"] == "Nihil"
    assert states["kanwil"]["Status Pelaporan"] == "Lengkap"
    assert states["lapas-kerobokan"]["Laporan Berita"] == "Ada"


def test_satker_file_holds_only_that_satker(exported, cli):
    out, _ = exported
    recap = cli.json("recap", "--month", MONTH, "--satker", "lapas-kerobokan")
    wb = openpyxl.load_workbook(out / MONTH / "lapas-kerobokan.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Pengaduan", "Berita"]
    ws = wb["Ringkasan"]
    assert ws["A5"].value == "Satker: Lembaga Pemasyarakatan Kelas IIA Kerobokan"
    _, _, rows = table_of(ws, "Nama Satker")
    assert len(rows) == 1
    assert_summary_equals(rows[0], recap["satker"][0])
    _, _, complaints = table_of(wb["Pengaduan"], "Nomor Pengaduan")
    assert [r["Nomor Pengaduan"] for r in complaints] == ["PGD-2025-00001", "PGD-2025-00002"]
    _, _, news = table_of(wb["Berita"], "Satker")
    assert [r["Judul"] for r in news] == ["+ Klarifikasi isu pungli"]
    # A satker with nothing this month still gets a valid workbook saying so.
    empty = openpyxl.load_workbook(out / MONTH / "bapas-denpasar.xlsx")
    for name in ("Pengaduan", "Berita"):
        texts = [c.value for c in empty[name]["A"] if c.value]
        assert any(str(t).startswith("Nihil: tidak ada") for t in texts), texts


def test_satker_option_limits_the_satker_files_not_the_kanwil_file(cli, seeded, tmp_path):
    out = tmp_path / "r"
    result = cli("export", "--out", out, "-s", "rutan-bangli", "-s", "Kantor Wilayah Kementerian "
                 "Hukum dan HAM Bali")  # fmt: skip
    assert result.stdout.splitlines() == [
        str(out / f"rekap-{MONTH}.xlsx"),
        str(out / MONTH / "kanwil.xlsx"),
        str(out / MONTH / "rutan-bangli.xlsx"),
    ]
    ws = openpyxl.load_workbook(out / f"rekap-{MONTH}.xlsx")["Ringkasan"]
    assert len(table_of(ws, "Nama Satker")[2]) == ACTIVE
    wb = openpyxl.load_workbook(out / MONTH / "rutan-bangli.xlsx")
    _, _, complaints = table_of(wb["Pengaduan"], "Nomor Pengaduan")
    assert [r["Nomor Pengaduan"] for r in complaints] == ["PGD-2025-00003"]


def test_a_month_with_no_data_gives_valid_workbooks_saying_nihil(cli, initialized, tmp_path):
    out = tmp_path / "r"
    cli("export", "--month", "2024-07", "--out", out, "-s", "kanwil")
    wb = openpyxl.load_workbook(out / "rekap-2024-07.xlsx")
    assert "Nihil: tidak ada pengaduan maupun berita pada bulan Juli 2024" in [
        c.value for c in wb["Ringkasan"]["A"]
    ]
    for name in ("Pengaduan", "Berita"):
        texts = [c.value for c in wb[name]["A"] if c.value]
        assert any(str(t).startswith("Nihil: tidak ada") for t in texts), texts
    totals = totals_of(wb["Ringkasan"], "Nama Satker")
    assert totals["Pengaduan Diterima"] == 0 and totals["Jumlah Berita"] == 0
    assert chart_sheets(out / "rekap-2024-07.xlsx") == []  # no chart of nothing
    assert openpyxl.load_workbook(out / "2024-07" / "kanwil.xlsx").sheetnames == [
        "Ringkasan",
        "Pengaduan",
        "Berita",
    ]


def test_without_include_personal_no_identity_and_no_confidential_summary(exported, cli, tmp_path):
    out, _ = exported
    files = sorted(out.rglob("*.xlsx"))
    assert len(files) == ACTIVE + 1
    for path in files:
        text = "\n".join(every_cell_text(path))
        for secret in (*PERSONAL, SECRET, "Wayan Sudira"):
            assert secret not in text, f"{secret!r} found in {path.name}"
        headers = {c for c in every_cell_text(path) if c in ("Nama Pengadu", "Kontak Pengadu")}
        assert headers == set()
    ws = openpyxl.load_workbook(out / f"rekap-{MONTH}.xlsx")["Pengaduan"]
    rows = {r["Nomor Pengaduan"]: r for r in table_of(ws, "Nomor Pengaduan")[2]}
    assert rows["PGD-2025-00001"]["Ringkasan Pengaduan"] == "(dirahasiakan)"

    full = tmp_path / "full"
    cli("export", "--out", full, "--include-personal", "-s", "lapas-kerobokan")
    text = "\n".join(every_cell_text(full / f"rekap-{MONTH}.xlsx"))
    assert all(secret in text for secret in (*PERSONAL, SECRET))
    ws = openpyxl.load_workbook(full / MONTH / "lapas-kerobokan.xlsx")["Pengaduan"]
    rows = {r["Nomor Pengaduan"]: r for r in table_of(ws, "Nomor Pengaduan")[2]}
    assert rows["PGD-2025-00001"]["Nama Pengadu"] == PERSONAL[0]
    assert rows["PGD-2025-00001"]["Ringkasan Pengaduan"] == SECRET


def test_formula_like_text_is_stored_as_text(exported):
    out, _ = exported
    path = out / f"rekap-{MONTH}.xlsx"
    assert formula_cells(path) == []
    wb = openpyxl.load_workbook(path)
    seen = {}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen[cell.value] = cell.quotePrefix
    assert seen == {
        '=HYPERLINK("http://evil.example/x","klik")': True,
        "+1 antrean kunjungan terlalu panjang": True,
        "-1 informasi remisi tidak jelas": True,
        "@x paspor belum terbit": True,
        "+ Klarifikasi isu pungli": True,
        "=1+1 bakti sosial": True,
        "@lapaskerobokan": True,
    }
    assert formula_cells(out / MONTH / "lapas-kerobokan.xlsx") == []


def test_rerun_replaces_each_file_whole(cli, seeded, tmp_path):
    out = tmp_path / "r"
    cli("export", "--out", out, "-q", "-s", "kanim-denpasar")
    first = (out / f"rekap-{MONTH}.xlsx").stat().st_ino
    cli(
        "complaint", "add", "--satker", "kanim-denpasar", "--summary", "Baru",
        "--received", "2025-03-28",
    )  # fmt: skip
    cli("export", "--out", out, "-q", "-s", "kanim-denpasar")
    assert (out / f"rekap-{MONTH}.xlsx").stat().st_ino != first  # renamed into place
    ws = openpyxl.load_workbook(out / MONTH / "kanim-denpasar.xlsx")["Pengaduan"]
    assert "Baru" in [r["Ringkasan Pengaduan"] for r in table_of(ws, "Nomor Pengaduan")[2]]
    assert sorted(p.name for p in out.rglob("*")) == [MONTH, "kanim-denpasar.xlsx",
                                                      f"rekap-{MONTH}.xlsx"]  # fmt: skip


def test_a_failure_part_way_leaves_no_half_file(cli, seeded, tmp_path, monkeypatch):
    out = tmp_path / "r"
    cli("export", "--out", out, "-q", "-s", "kanwil", "-s", "rutan-bangli")
    before = (out / MONTH / "rutan-bangli.xlsx").read_bytes()

    from adurabi_cli.excel import recap_writer

    real = recap_writer._news_rows

    def failing(records, sums, tally):
        for record in real(records, sums, tally):
            if record["satker"] == "rutan-bangli":
                raise OSError(28, "No space left on device")
            yield record

    monkeypatch.setattr(recap_writer, "_news_rows", failing)
    # The Kanwil file fails on its Berita sheet: nothing is replaced.
    result = cli("export", "--out", out, "-s", "rutan-bangli", code=3)
    assert result.stdout == ""
    assert "Error: " in result.stderr and "disk is full" in result.stderr
    assert (out / MONTH / "rutan-bangli.xlsx").read_bytes() == before
    names = sorted(p.name for p in out.rglob("*"))
    assert names == sorted([MONTH, "kanwil.xlsx", "rutan-bangli.xlsx", f"rekap-{MONTH}.xlsx"])
