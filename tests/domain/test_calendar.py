"""The working-day calendar and complaint deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adurabi_cli.domain.calendar import (
    DEFAULT_SLA_DAYS,
    WorkingCalendar,
    due_date,
    extended_due_date,
)
from adurabi_cli.errors import InvalidInput

CALENDAR = WorkingCalendar()
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=1, max_value=60)


def test_the_design_example() -> None:
    due = due_date(date(2025, 3, 24), CALENDAR)
    assert due == date(2025, 4, 15)
    assert extended_due_date(due, CALENDAR, DEFAULT_SLA_DAYS) == date(2025, 5, 7)
    assert DEFAULT_SLA_DAYS == 14


@pytest.mark.parametrize(
    "holiday",
    [date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 18), date(2025, 5, 1), date(2025, 12, 25)],
)
def test_public_holidays_are_not_working_days(holiday: date) -> None:
    assert holiday.weekday() < 5
    assert not CALENDAR.is_working_day(holiday)
    assert CALENDAR.holiday_name(holiday)


def test_nyepi_is_in_the_package() -> None:
    assert CALENDAR.holiday_name(date(2025, 3, 29)) == "Hari Suci Nyepi"


def test_weekends_and_ordinary_days() -> None:
    assert not CALENDAR.is_working_day(date(2025, 3, 22))
    assert not CALENDAR.is_working_day(date(2025, 3, 23))
    assert CALENDAR.is_working_day(date(2025, 3, 24))
    assert CALENDAR.holiday_name(date(2025, 3, 24)) is None


def test_extra_holidays_shift_the_deadline() -> None:
    cuti = WorkingCalendar({date(2025, 4, 2): "Cuti bersama Idul Fitri"})
    assert not cuti.is_working_day(date(2025, 4, 2))
    assert cuti.holiday_name(date(2025, 4, 2)) == "Cuti bersama Idul Fitri"
    assert due_date(date(2025, 3, 24), cuti) == date(2025, 4, 16)
    plain_dates = WorkingCalendar([date(2025, 4, 2), date(2025, 4, 3)])
    assert due_date(date(2025, 3, 24), plain_dates) == date(2025, 4, 17)
    assert plain_dates.holiday_name(date(2025, 4, 3))


def test_extra_holiday_after_the_deadline_changes_nothing() -> None:
    later = WorkingCalendar({date(2025, 4, 16): "Libur lokal"})
    assert due_date(date(2025, 3, 24), later) == date(2025, 4, 15)


def test_holidays_in_year_lists_public_and_extra_days() -> None:
    listed = dict(WorkingCalendar({date(2025, 4, 2): "Cuti bersama"}).holidays_in_year(2025))
    assert listed[date(2025, 4, 2)] == "Cuti bersama"
    assert listed[date(2025, 3, 29)] == "Hari Suci Nyepi"
    assert list(listed) == sorted(listed)


def test_add_working_days_never_counts_the_start() -> None:
    assert CALENDAR.add_working_days(date(2025, 3, 24), 1) == date(2025, 3, 25)
    assert CALENDAR.add_working_days(date(2025, 3, 28), 1) == date(2025, 4, 2)
    assert CALENDAR.add_working_days(date(2025, 3, 29), 1) == date(2025, 4, 2)


@pytest.mark.parametrize("n", [0, -1])
def test_add_working_days_needs_a_positive_count(n: int) -> None:
    with pytest.raises(InvalidInput, match="at least 1"):
        CALENDAR.add_working_days(date(2025, 3, 24), n)


def test_working_days_between() -> None:
    assert CALENDAR.working_days_between(date(2025, 3, 24), date(2025, 4, 15)) == 14
    assert CALENDAR.working_days_between(date(2025, 4, 15), date(2025, 3, 24)) == 0
    assert CALENDAR.working_days_between(date(2025, 3, 24), date(2025, 3, 24)) == 0
    assert CALENDAR.working_days_between(date(2025, 3, 28), date(2025, 4, 1)) == 0


def test_spans_across_years_and_backwards_growth() -> None:
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2030, 12, 20), 14) > date(2031, 1, 1)
    # Asking about an earlier year after a later one must not disturb what is known.
    early = calendar.add_working_days(date(2016, 6, 1), 300)
    assert calendar.working_days_between(date(2016, 6, 1), early) == 300
    assert calendar.add_working_days(date(2030, 12, 20), 14) == CALENDAR.add_working_days(
        date(2030, 12, 20), 14
    )


def test_deadline_beyond_the_last_year_is_refused() -> None:
    with pytest.raises(InvalidInput):
        WorkingCalendar().add_working_days(date(9999, 12, 1), 200)


@given(dates)
def test_due_date_is_a_working_day_strictly_after_received(received: date) -> None:
    due = due_date(received, CALENDAR)
    assert due > received
    assert CALENDAR.is_working_day(due)
    assert CALENDAR.working_days_between(received, due) == DEFAULT_SLA_DAYS


@given(dates, st.integers(min_value=0, max_value=40))
def test_due_date_is_monotonic_in_received(received: date, gap: int) -> None:
    later = received + timedelta(days=gap)
    assert due_date(received, CALENDAR) <= due_date(later, CALENDAR)


@given(dates, counts, counts)
def test_add_working_days_composes(start: date, n: int, m: int) -> None:
    in_one_step = CALENDAR.add_working_days(start, n + m)
    in_two_steps = CALENDAR.add_working_days(CALENDAR.add_working_days(start, n), m)
    assert in_one_step == in_two_steps


@settings(max_examples=50)
@given(dates, st.integers(min_value=1, max_value=30))
def test_add_working_days_matches_a_plain_day_walk(start: date, n: int) -> None:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += CALENDAR.is_working_day(day)
    assert CALENDAR.add_working_days(start, n) == day


@settings(max_examples=50)
@given(
    dates, st.sets(st.dates(min_value=date(2015, 1, 1), max_value=date(2036, 6, 30)), max_size=8)
)
def test_extra_holidays_never_bring_the_deadline_forward(received: date, extra: set[date]) -> None:
    with_extra = WorkingCalendar(extra)
    due = due_date(received, with_extra)
    assert due >= due_date(received, CALENDAR)
    assert due not in extra
    assert with_extra.is_working_day(due)


@settings(max_examples=100)
@given(dates, dates)
def test_working_days_between_counts_add_working_days(a: date, b: date) -> None:
    count = CALENDAR.working_days_between(a, b)
    if count:
        reached = CALENDAR.add_working_days(a, count)
        assert reached <= b
        assert CALENDAR.add_working_days(a, count + 1) > b
    else:
        assert b <= a or CALENDAR.add_working_days(a, 1) > b
