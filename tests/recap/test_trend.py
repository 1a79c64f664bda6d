"""`adurabi trend` and the `Per Bulan` sheet of a quarter's or a year's workbooks."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from tests.recap.test_recap import by_code, dump

MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"]


def test_each_month_is_the_recap_of_that_month(cli, scenario):
    data = cli.json("trend", "--months", "4")
    assert data["months"] == MONTHS
    for index, month in enumerate(MONTHS):
        recap = cli.json("recap", "--month", month)
        rows = by_code(recap)
        assert [r["code"] for r in data["satker"]] == list(rows)  # active satker, in order
        for row in data["satker"]:
            got = row["months"][index]
            complaints, news = rows[row["code"]]["complaints"], rows[row["code"]]["news"]
            assert got == {
                "month": month,
                "received": complaints["received"],
                "closed": complaints["closed"],
                "closed_on_time": complaints["closed_on_time"],
                "on_time_pct": complaints["on_time_pct"],
                "news": news["total"],
                "engagement": news["engagement"]["total"],
            }, (row["code"], month)
        totals = data["totals"]["months"][index]
        assert totals["received"] == recap["totals"]["complaints"]["received"]
        assert totals["on_time_pct"] == recap["totals"]["complaints"]["on_time_pct"]
        assert totals["engagement"] == recap["totals"]["news"]["engagement"]["total"]


def test_kanwil_in_march(cli, scenario):
    data = cli.json("trend", "--months", "2", "--satker", "kanwil")
    assert data["months"] == ["2025-03", "2025-04"]
    (kanwil,) = data["satker"]
    # K3, K9, K5, K4, K8 received (K6 deleted); K2, K3, K7, K8 closed, K2, K3, K8 on time.
    assert kanwil["months"][0] == {
        "month": "2025-03",
        "received": 5,
        "closed": 4,
        "closed_on_time": 3,
        "on_time_pct": 75.0,
        "news": 3,
        "engagement": 168,
    }
    assert data["totals"]["months"] == kanwil["months"]


def test_piped_rows_and_the_terminal_table(cli, scenario, monkeypatch):
    lines = cli("trend", "--months", "3", "-s", "kanwil", "-s", "lapas-tabanan").stdout
    assert lines.splitlines() == [
        "kanwil\t2025-02\t2\t0\t0\t\t1\t7",
        "kanwil\t2025-03\t5\t4\t3\t75.0\t3\t168",
        "kanwil\t2025-04\t0\t1\t0\t0.0\t0\t0",
        "lapas-tabanan\t2025-02\t0\t0\t0\t\t0\t0",
        "lapas-tabanan\t2025-03\t1\t0\t0\t\t1\t10",
        "lapas-tabanan\t2025-04\t0\t0\t0\t\t1\t3",
    ]
    header = cli("trend", "--months", "1", "-s", "kanwil", "--csv").stdout.splitlines()[0]
    assert header == "satker,month,received,closed,closed_on_time,on_time_pct,news,engagement"
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "150")
    table = cli("trend", "--months", "3", "-s", "kanwil", "-s", "lapas-tabanan").stdout
    assert "Tren Pengaduan dan Berita — Februari 2025 s.d. April 2025 (3 bulan)" in table
    assert "▃█▁" in table  # kanwil's complaints received: 2, 5, 0
    assert " █▁" in table  # % on time: none closed in February, 75.0, 0.0
    assert "JUMLAH" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--months", "0"), "--months 0 is out of range; use 1 to 120"),
        (("--months", "121"), "--months 121 is out of range"),
        (("--satker", "nowhere"), "unknown satker 'nowhere'"),
        (("--satker", "rutan-negara"), "rutan-negara"),
        (("--json", "--csv"), "choose one of --json and --csv"),
    ],
)
def test_bad_input_is_one_error_line(cli, scenario, initialized, args, message):
    before = dump(initialized)
    result = cli("trend", *args, code=1)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(initialized) == before


def _line_charts(path) -> int:
    with zipfile.ZipFile(path) as book:
        charts = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
        return sum(b"lineChart" in book.read(n) for n in charts)


def test_a_quarters_workbooks_carry_a_sheet_per_month_and_a_line_chart(cli, scenario, tmp_path):
    out = tmp_path / "out"
    cli("export", "--quarter", "2025-Q1", "--out", out, "--satker", "kanwil", "--quiet")
    quarter = cli.json("recap", "--quarter", "2025-Q1")
    kanwil_book = out / "rekap-2025-Q1.xlsx"
    book = load_workbook(kanwil_book)
    assert book.sheetnames == ["Ringkasan", "Pengaduan", "Berita", "Kepatuhan", "Per Bulan"]
    rows = list(book["Per Bulan"].iter_rows(values_only=True))
    header = rows.index(("Nama Satker", "Jan 2025", "Feb 2025", "Mar 2025", "Jumlah"))
    end = next(i for i in range(header, len(rows)) if rows[i][0] == "Jumlah")
    shown = {row[0]: row for row in rows[header + 1 : end]}
    for entry in by_code(quarter).values():
        assert shown[entry["name"]][-1] == entry["complaints"]["received"], entry["name"]
    assert shown["Kantor Wilayah Kementerian Hukum dan HAM Bali"][1:] == (1, 2, 5, 8)
    assert list(shown) == [entry["name"] for entry in by_code(quarter).values()]
    assert rows[end][-1] == quarter["totals"]["complaints"]["received"]
    per_month = rows.index(("Bulan", "Pengaduan Diterima", "% Tepat Waktu", "Berita", "Interaksi"))
    assert [r[0] for r in rows[per_month + 1 :] if r[0]] == ["Jan 2025", "Feb 2025", "Mar 2025"]
    assert _line_charts(kanwil_book) == 1
    own = out / "2025-Q1" / "kanwil.xlsx"
    assert load_workbook(own).sheetnames == ["Ringkasan", "Pengaduan", "Berita", "Per Bulan"]
    assert _line_charts(own) == 1


def test_a_years_workbook_has_a_column_per_month_and_a_months_has_none(cli, scenario, tmp_path):
    cli("export", "--year", "2025", "--out", tmp_path / "y", "--satker", "kanwil", "--quiet")
    rows = list(
        load_workbook(tmp_path / "y" / "rekap-2025.xlsx")["Per Bulan"].iter_rows(values_only=True)
    )
    header = next(r for r in rows if r[0] == "Nama Satker")
    assert header[1:] == (
        "Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "Mei 2025", "Jun 2025", "Jul 2025",
        "Agu 2025", "Sep 2025", "Okt 2025", "Nov 2025", "Des 2025", "Jumlah",
    )  # fmt: skip
    cli("export", "--month", "2025-03", "--out", tmp_path / "m", "--satker", "kanwil", "--quiet")
    assert "Per Bulan" not in load_workbook(tmp_path / "m" / "rekap-2025-03.xlsx").sheetnames
