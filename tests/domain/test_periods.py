"""Periods: parsing of quarters, years and ranges, and their days and labels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.periods import Period, PeriodChoice, parse_quarter, parse_year
from adurabi_cli.errors import InvalidInput

TODAY = date(2026, 8, 15)


@given(st.integers(2000, 2025), st.integers(1, 4), st.sampled_from(["Q", "q", ""]))
def test_a_quarter_is_three_whole_months(year, quarter, letter):
    period = parse_quarter(f"{year}-{letter}{quarter}", today=TODAY)
    assert period.first == date(year, 3 * quarter - 2, 1)
    assert (period.last + timedelta(days=1)).day == 1
    assert [m.month for m in period.months()] == [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]
    assert period.key == f"{year}-Q{quarter}"
    assert Period.from_json(period.as_json()) == period


@given(st.integers(2000, 2026))
def test_a_year_runs_from_january_to_december(year):
    period = parse_year(str(year), today=TODAY)
    assert (period.first, period.last) == (date(year, 1, 1), date(year, 12, 31))
    assert len(period.months()) == 12
    assert period.label_id == f"Tahun {year}"


@given(st.dates(date(2000, 1, 1), TODAY), st.dates(date(2000, 1, 1), TODAY))
def test_a_range_holds_both_ends_or_is_refused(a, b):
    choice = PeriodChoice(start=a.isoformat(), end=b.isoformat())
    if a > b:
        with pytest.raises(InvalidInput, match="is after --to"):
            choice.resolve(today=TODAY)
    else:
        period = choice.resolve(today=TODAY)
        assert (period.first, period.last) == (a, b)
        assert period.months()[0].first_day <= a and period.months()[-1].last_day >= b


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (PeriodChoice(quarter="2026-Q5"), "quarter '2026-Q5' is not valid"),
        (PeriodChoice(quarter="2026-0"), "is not valid"),
        (PeriodChoice(quarter="2026-Q4"), "Q4 2026 is in the future"),
        (PeriodChoice(year="1999"), "year 1999 is before 2000"),
        (PeriodChoice(year="2027"), "2027 is in the future"),
        (PeriodChoice(year="26"), "year '26' is not valid"),
        (PeriodChoice(month="2026-03", year="2026"), "give only one of --month, --year"),
        (PeriodChoice(end="2026-01-01"), "--to needs --from"),
        (PeriodChoice(start="2026-08-16"), "is in the future"),
    ],
)
def test_bad_periods_are_refused(choice, message):
    with pytest.raises(InvalidInput, match=message):
        choice.resolve(today=TODAY)


def test_labels_of_each_kind():
    assert PeriodChoice(month="2026-03").resolve(today=TODAY).heading_id == "Bulan Maret 2026"
    assert PeriodChoice(quarter="2026-3").resolve(today=TODAY).heading_id == "Triwulan III 2026"
    assert PeriodChoice(year="2025").resolve(today=TODAY).phrase_id == "tahun 2025"
    ranged = PeriodChoice(start="01/03/2026", end="2026-04-15").resolve(today=TODAY)
    assert ranged.heading_id == "Periode 01/03/2026 s.d. 15/04/2026"
    assert ranged.key == "2026-03-01_2026-04-15"
    assert PeriodChoice().resolve(today=TODAY).key == "2026-08"
