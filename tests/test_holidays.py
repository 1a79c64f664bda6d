"""Public holidays stored in the database: every operator counts deadlines with the same days."""

from __future__ import annotations

import json

import pytest

from tests import dbtarget
from tests.conftest import run_adurabi

# A `holidays` package that knows no holiday at all, as an operator with another release of
# the package (or a broken one) would have it: put first on the path of a subprocess.
STUB = '__version__ = "0.0"\n\n\ndef country_holidays(*args, **kwargs):\n    return {}\n'


@pytest.fixture
def other_package(tmp_path):
    folder = tmp_path / "other-holidays"
    (folder / "holidays").mkdir(parents=True)
    (folder / "holidays" / "__init__.py").write_text(STUB, encoding="utf-8")
    return {"PYTHONPATH": str(folder)}


def _due(result) -> str:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["due_on"]


def test_operators_with_different_holiday_packages_get_the_same_deadline(
    initialized, other_package
):
    add = ("complaint", "add", "-s", "kanwil", "--summary", "Antrean", "--received", "2025-03-24")
    mine = run_adurabi("--db", initialized, *add, "--json")
    theirs = run_adurabi("--db", initialized, *add, "--json", env=other_package)
    # Nyepi (29/03) and the Idul Fitri days are skipped in both, though the other package
    # knows none of them.
    assert _due(mine) == _due(theirs) == "2025-04-15"


def test_init_stores_the_years_kept_and_a_rerun_adds_nothing(cli, initialized):
    days = dbtarget.rows(initialized, "SELECT day FROM official_holiday")
    years = {int(str(row["day"])[:4]) for row in days}
    assert min(years) == 2000 and years >= set(range(2000, 2036))  # to ten years ahead
    before = dbtarget.dump(initialized)
    assert "Nothing to do" in cli("init").stderr
    assert dbtarget.dump(initialized) == before


def test_refresh_is_idempotent(cli, initialized):
    before = dbtarget.dump(initialized)
    first = cli.json("holiday", "refresh", "--years", "2024-2026")
    assert (first["added"], first["removed"], first["renamed"], first["days"]) == (0, 0, 0, 53)
    cli("holiday", "refresh")
    assert dbtarget.dump(initialized) == before


def test_refresh_puts_back_what_the_package_says_and_deadlines_follow(cli, initialized):
    dbtarget.execute(initialized, "DELETE FROM official_holiday WHERE day = '2025-03-31'")
    dbtarget.execute(
        initialized, "UPDATE official_holiday SET name = 'Lain' WHERE day = '2025-03-29'"
    )
    ref = cli.json("complaint", "add", "-s", "kanwil", "--summary", "A", "--received", "2025-03-24")
    assert ref["due_on"] == "2025-04-14"  # counted with the stored days
    result = cli.json("holiday", "refresh", "--years", "2025")
    assert (result["added"], result["removed"], result["renamed"]) == (1, 0, 1)
    assert result["recomputed"] == 1
    assert cli.json("complaint", "show", ref["number"])["due_on"] == "2025-04-15"
    names = {r["day"]: r["name"] for r in cli.json("holiday", "list", "--year", "2025")}
    assert names["2025-03-29"] == "Hari Suci Nyepi"


@pytest.mark.parametrize("years", ["1999", "2036", "2030-2099", "1990-2001", "abc", "2026-2024"])
def test_refresh_refuses_years_outside_those_kept(cli, initialized, years):
    before = dbtarget.dump(initialized)
    result = cli("holiday", "refresh", "--years", years, code=1)
    assert result.stderr.startswith("Error: --years harus")
    assert len(result.stderr.splitlines()) == 1
    assert dbtarget.dump(initialized) == before


def test_a_year_not_stored_is_refused_with_the_way_to_store_it(cli, initialized):
    dbtarget.execute(initialized, "DELETE FROM official_holiday WHERE day >= '2024-01-01'")
    add = ("complaint", "add", "-s", "kanwil", "--summary", "A", "--received", "2025-03-24")
    result = cli(*add, code=1)
    assert "hari libur nasional tahun 2025 belum tersimpan" in result.stderr
    assert "holiday refresh --years 2025" in result.stderr
    assert dbtarget.count(initialized, "complaint") == 0
    cli("holiday", "refresh", "--years", "2025")
    assert cli.json(*add, "--json")["due_on"] == "2025-04-15"


def test_a_national_holiday_cannot_be_removed_nor_added_again(cli, initialized):
    before = dbtarget.dump(initialized)
    result = cli("holiday", "remove", "2025-03-29", code=1)
    assert "hari libur nasional (Hari Suci Nyepi)" in result.stderr
    assert "tidak dapat dihapus" in result.stderr
    result = cli("holiday", "add", "2025-03-29", "Nyepi lagi", code=1)
    assert "sudah hari libur nasional" in result.stderr
    assert dbtarget.dump(initialized) == before
