"""Cell values as spreadsheets hold them, read as Python values."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.cells import serial_to_date, to_bool, to_date, to_int, to_text
from adurabi_cli.errors import InvalidInput

TODAY = date(2025, 4, 30)
EPOCH = date(1899, 12, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 3, 24), date(2025, 3, 24)),
        (datetime(2025, 3, 24, 10, 15), date(2025, 3, 24)),
        ("2025-03-24", date(2025, 3, 24)),
        ("  24/03/2025 ", date(2025, 3, 24)),
        ("4/3/2025", date(2025, 3, 4)),
        (45740, date(2025, 3, 24)),
        (45740.75, date(2025, 3, 24)),
        ("45740", date(2025, 3, 24)),
        ("today", TODAY),
        ("kemarin", date(2025, 4, 29)),
    ],
)
def test_to_date_reads_cells_text_and_serial_numbers(value, expected):
    assert to_date(value, today=TODAY) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_cells_are_none(value):
    assert to_date(value, today=TODAY) is None
    assert to_int(value) is None
    assert to_bool(value) is None
    assert to_text(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-05-01", "is in the future"),
        (date(2025, 5, 1), "is in the future"),
        (45800, "is in the future"),
        ("31/02/2025", "Februari 2025 has 28 days"),
        ("1999-12-31", "before 2000"),
        (date(1999, 12, 31), "before 2000"),
        (100, "falls before 2000"),
        ("Maret 2025", "is not a date"),
        (True, "is not a date"),
    ],
)
def test_to_date_refuses_with_a_reason(value, message):
    with pytest.raises(InvalidInput, match=message):
        to_date(value, today=TODAY)


def test_deadlines_may_lie_ahead():
    assert to_date("2025-05-20", today=TODAY, allow_future=True) == date(2025, 5, 20)
    assert to_date(45797, today=TODAY, allow_future=True) == date(2025, 5, 20)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_serial_numbers_round_trip(day):
    serial = (day - EPOCH).days
    assert serial_to_date(serial) == day
    assert to_date(serial, today=date(2100, 1, 1)) == day
    assert to_date(str(serial), today=date(2100, 1, 1)) == day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12500, 12500),
        (12500.0, 12500),
        ("12500", 12500),
        ("12.500", 12500),
        ("12,500", 12500),
        ("1.234.567", 1234567),
        (" 7 ", 7),
        (0, 0),
    ],
)
def test_to_int_reads_grouped_digits(value, expected):
    assert to_int(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "is negative"),
        (-5, "is negative"),
        (1.5, "is not a whole number"),
        ("1.5", "is not a whole number"),
        ("12.50", "is not a whole number"),
        ("banyak", "is not a whole number"),
        (True, "is not a whole number"),
        (10**16, "implausibly large"),
    ],
)
def test_to_int_refuses_with_a_reason(value, message):
    with pytest.raises(InvalidInput, match=message):
        to_int(value)


@given(st.integers(min_value=0, max_value=10**12))
def test_indonesian_and_english_grouping_read_the_same(number):
    english = f"{number:,}"
    assert to_int(english) == number
    assert to_int(english.replace(",", ".")) == number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ya", True),
        ("YA", True),
        (" true ", True),
        ("1", True),
        (1, True),
        (True, True),
        ("tidak", False),
        ("False", False),
        ("0", False),
        (0, False),
        (False, False),
    ],
)
def test_to_bool_reads_yes_and_no(value, expected):
    assert to_bool(value) is expected


@pytest.mark.parametrize("value", ["mungkin", 2, "t"])
def test_to_bool_refuses_anything_else(value):
    with pytest.raises(InvalidInput, match="is not yes or no; use ya or tidak"):
        to_bool(value)


def test_to_text_strips_stray_spaces_and_keeps_lines_where_asked():
    assert to_text("  Lapas   Kerobokan\u00a0") == "Lapas Kerobokan"
    assert to_text(" baris satu  \r\n baris dua \n") == "baris satu baris dua"
    assert to_text(" baris satu  \r\n baris dua \n", multiline=True) == "baris satu\n baris dua"
    assert to_text(12345.0) == "12345"
    assert to_text(12.5) == "12.5"
    assert to_text(date(2025, 3, 1)) == "2025-03-01"
    assert to_text(datetime(2025, 3, 1)) == "2025-03-01"
    assert to_text(datetime(2025, 3, 1) + timedelta(hours=9)) == "2025-03-01 09:00:00"
