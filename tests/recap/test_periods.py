"""recap and export over a quarter, a year or a range of days."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.recap.test_recap import by_code, dump

SUMMED = ("received", "resolved", "closed", "closed_on_time")


def test_a_quarter_sums_its_months_and_counts_open_at_its_end(cli, scenario):
    months = [cli.json("recap", "--month", m) for m in ("2025-01", "2025-02", "2025-03")]
    quarter = cli.json("recap", "--quarter", "2025-Q1")
    assert quarter["month"] is None
    assert quarter["period"] == {
        "kind": "quarter",
        "key": "2025-Q1",
        "from": "2025-01-01",
        "to": "2025-03-31",
        "label": "Triwulan I 2025",
    }
    totals = quarter["totals"]["complaints"]
    for key in SUMMED:
        assert totals[key] == sum(m["totals"]["complaints"][key] for m in months), key
    assert quarter["totals"]["news"]["total"] == sum(m["totals"]["news"]["total"] for m in months)
    # Open and overdue as of 31/3, as March gives them.
    for code, row in by_code(quarter).items():
        march = by_code(months[-1])[code]["complaints"]
        assert (row["complaints"]["open"], row["complaints"]["overdue"]) == (
            march["open"],
            march["overdue"],
        )


def test_a_range_of_one_month_gives_the_months_numbers(cli, scenario):
    ranged = cli.json("recap", "--from", "2025-03-01", "--to", "31/03/2025")
    month = cli.json("recap", "--month", "2025-03")
    assert ranged["period"]["kind"] == "range"
    assert ranged["satker"] == month["satker"]
    assert ranged["totals"] == month["totals"]


def test_the_year_so_far_counts_open_as_of_today(cli, scenario):
    year = cli.json("recap", "--year", "2025")
    assert year["totals"]["as_of"] == "2025-04-30"
    current = cli.json("recap", "--month", "current")
    assert year["totals"]["complaints"]["open"] == current["totals"]["complaints"]["open"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--quarter", "2025-Q5"), "quarter '2025-Q5' is not valid"),
        (("--year", "1999"), "year 1999 is before 2000"),
        (("--year", "2026"), "2026 is in the future"),
        (("--from", "2025-03-02", "--to", "2025-03-01"), "is after --to"),
    ],
)
@pytest.mark.parametrize("command", ["recap", "export"])
def test_bad_periods_are_one_error_line(
    cli, scenario, initialized, tmp_path, command, args, message
):
    before = dump(initialized)
    extra = ("--out", str(tmp_path / "out")) if command == "export" else ()
    result = cli(command, *args, *extra, code=1)
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert dump(initialized) == before
    assert not (tmp_path / "out").exists()


def test_export_of_a_quarter_names_its_files_by_the_quarter(cli, scenario, tmp_path):
    out = tmp_path / "out"
    cli("export", "--quarter", "2025-1", "--out", str(out), "--satker", "kanwil", "--quiet")
    kanwil = out / "rekap-2025-Q1.xlsx"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xlsx")) == [
        "2025-Q1/kanwil.xlsx",
        "rekap-2025-Q1.xlsx",
    ]
    sheet = load_workbook(kanwil)["Ringkasan"]
    titles = [row[0] for row in sheet.iter_rows(max_row=6, values_only=True)]
    assert "Triwulan I 2025" in titles
