"""Date and month parsing as operators type them."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain import clock
from adurabi_cli.domain.dates import (
    MONTH_NAMES_ID,
    Month,
    format_date_id,
    parse_date,
    parse_month,
)
from adurabi_cli.errors import InvalidInput

TODAY = date(2025, 3, 24)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-24", date(2025, 3, 24)),
        ("  2025-03-01 ", date(2025, 3, 1)),
        ("24/03/2025", date(2025, 3, 24)),
        ("4/3/2025", date(2025, 3, 4)),
        ("today", TODAY),
        ("Hari-Ini", TODAY),
        (" TODAY ", TODAY),
        ("yesterday", date(2025, 3, 23)),
        ("kemarin", date(2025, 3, 23)),
        ("hari ini", TODAY),
        ("Hari  Ini", TODAY),
        ("15 Maret 2025", date(2025, 3, 15)),
        ("15 maret 2025", date(2025, 3, 15)),
        ("15 Mar 2025", date(2025, 3, 15)),
        ("15 Mar. 2025", date(2025, 3, 15)),
        ("1 JANUARI 2025", date(2025, 1, 1)),
        ("05-Des-2024", date(2024, 12, 5)),
        ("17 Agt 2024", date(2024, 8, 17)),
        ("10 Nopember 2024", date(2024, 11, 10)),
        ("15 March 2025", date(2025, 3, 15)),
        ("31 Dec 2024", date(2024, 12, 31)),
    ],
)
def test_parse_date_accepts_every_form(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_yesterday_crosses_month_and_year() -> None:
    assert parse_date("yesterday", today=date(2025, 1, 1)) == date(2024, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "",
        "2025/03/24",
        "24-03-2025",
        "hariini",
        "25-3",
        "2025-03-24T10:00",
        "15 Maretan 2025",
        "Maret 2025",
        "15 Maret",
        "15 Maret 25",
        "15 3 2025",
    ],
)
def test_parse_date_refuses_garbage_with_the_formats(text: str) -> None:
    with pytest.raises(
        InvalidInput,
        match="is not a date; use DD/MM/YYYY, YYYY-MM-DD, 15 Maret 2025, today or yesterday",
    ):
        parse_date(text, today=TODAY)


def test_garbage_message_quotes_the_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("x", today=TODAY)
    assert str(caught.value) == (
        "'x' is not a date; use DD/MM/YYYY, YYYY-MM-DD, 15 Maret 2025, today or yesterday"
    )


def test_future_dates_are_refused_unless_allowed() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("2030-01-01", today=TODAY)
    assert str(caught.value) == "date 01/01/2030 is in the future"
    assert parse_date("2030-01-01", today=TODAY, allow_future=True) == date(2030, 1, 1)
    with pytest.raises(InvalidInput, match="in the future"):
        parse_date("25/03/2025", today=TODAY)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-30", "Februari 2025 has 28 days"),
        ("29/02/2025", "Februari 2025 has 28 days"),
        ("2025-04-31", "April 2025 has 30 days"),
        ("2025-01-00", "Januari 2025 has 31 days"),
        ("2025-13-01", "months run from 1 to 12"),
        ("01/00/2025", "months run from 1 to 12"),
        ("30 Februari 2025", "Februari 2025 has 28 days"),
        ("0 Mar 2025", "Maret 2025 has 31 days"),
    ],
)
def test_impossible_dates_are_explained(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=f"not a valid date; {reason}"):
        parse_date(text, today=TODAY)


def test_leap_day_is_accepted() -> None:
    assert parse_date("29/02/2024", today=TODAY) == date(2024, 2, 29)


def test_years_before_2000_are_refused() -> None:
    with pytest.raises(InvalidInput, match="date 0025-03-24 is before 2000"):
        parse_date("0025-03-24", today=TODAY)


def test_format_date_id() -> None:
    assert format_date_id(date(2025, 3, 24)) == "24/03/2025"
    assert format_date_id(date(2025, 1, 5)) == "05/01/2025"


@given(dates)
def test_every_date_round_trips_in_both_formats(d: date) -> None:
    assert parse_date(d.isoformat(), today=TODAY, allow_future=True) == d
    assert parse_date(format_date_id(d), today=TODAY, allow_future=True) == d


@given(st.text(max_size=30))
def test_arbitrary_text_raises_only_invalid_input(text: str) -> None:
    try:
        result = parse_date(text, today=TODAY)
    except InvalidInput as error:
        assert str(error)
    else:
        assert date(2000, 1, 1) <= result <= TODAY


@given(st.from_regex(r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}", fullmatch=True))
def test_date_like_text_raises_only_invalid_input(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        parse_date(text, today=TODAY, allow_future=True)


def test_month_basics() -> None:
    march = Month(2025, 3)
    assert str(march) == "2025-03"
    assert march.label_id == "Maret 2025"
    assert march.first_day == date(2025, 3, 1)
    assert march.last_day == date(2025, 3, 31)
    assert Month(2024, 2).last_day == date(2024, 2, 29)
    assert march.next() == Month(2025, 4)
    assert march.previous() == Month(2025, 2)
    assert Month(2025, 12).next() == Month(2026, 1)
    assert Month(2025, 1).previous() == Month(2024, 12)
    assert march.contains(date(2025, 3, 31))
    assert not march.contains(date(2025, 4, 1))
    assert not march.contains(date(2024, 3, 15))
    assert Month.of(date(2025, 3, 24)) == march
    assert Month(2024, 12) < march < Month(2025, 10)
    assert MONTH_NAMES_ID[0] == "Januari"
    assert MONTH_NAMES_ID[-1] == "Desember"
    assert len(MONTH_NAMES_ID) == 12


@given(dates)
def test_month_of_contains_its_date_and_neighbours_chain(d: date) -> None:
    month = Month.of(d)
    assert month.contains(d)
    assert month.first_day <= d <= month.last_day
    assert month.next().previous() == month
    assert month.next().first_day == month.last_day + timedelta(days=1)
    assert str(Month.of(d)) == d.isoformat()[:7]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03", Month(2025, 3)),
        ("2024-12", Month(2024, 12)),
        ("current", Month(2025, 3)),
        ("Bulan-Ini", Month(2025, 3)),
        ("previous", Month(2025, 2)),
        ("bulan-lalu", Month(2025, 2)),
        (" PREVIOUS ", Month(2025, 2)),
        ("bulan ini", Month(2025, 3)),
        ("Bulan Lalu", Month(2025, 2)),
        ("this month", Month(2025, 3)),
        ("last month", Month(2025, 2)),
        ("maret 2025", Month(2025, 3)),
        ("Maret 2025", Month(2025, 3)),
        ("Mar 2025", Month(2025, 3)),
        ("MAR-2025", Month(2025, 3)),
        ("Des. 2024", Month(2024, 12)),
        ("Agustus 2024", Month(2024, 8)),
        ("Agt 2024", Month(2024, 8)),
        ("Mei 2024", Month(2024, 5)),
        ("May 2024", Month(2024, 5)),
        ("October 2024", Month(2024, 10)),
    ],
)
def test_parse_month(text: str, expected: Month) -> None:
    assert parse_month(text, today=TODAY) == expected


def test_previous_month_across_january() -> None:
    assert parse_month("previous", today=date(2025, 1, 15)) == Month(2024, 12)
    assert parse_month("bulan-lalu", today=date(2025, 1, 1)) == Month(2024, 12)


@pytest.mark.parametrize(
    "text",
    [
        "2025-13",
        "2025-00",
        "bulanlalu",
        "x",
        "",
        "03/2025",
        "2025-3-1",
        "Maret",
        "Maretan 2025",
        "Maret 25",
        "15 Maret 2025",
    ],
)
def test_parse_month_refuses_bad_text(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_month(text, today=TODAY)
    assert (
        str(caught.value)
        == f"month '{text.strip()}' is not valid; use YYYY-MM, Maret 2025, current or previous"
    )


def test_parse_month_refuses_future_and_ancient_months() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_month("2031-01", today=TODAY)
    assert str(caught.value) == "January 2031 is in the future"
    with pytest.raises(InvalidInput, match="in the future"):
        parse_month("2025-04", today=TODAY)
    with pytest.raises(InvalidInput, match="before 2000"):
        parse_month("1999-12", today=TODAY)
    assert parse_month("2031-01", today=TODAY, allow_future=True) == Month(2031, 1)


@given(st.text(max_size=20))
def test_parse_month_raises_only_invalid_input(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        parse_month(text, today=TODAY)


def test_invalid_month_object_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Month(2025, 13)


def test_clock_follows_adurabi_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADURABI_TODAY", "2025-03-24")
    assert clock.today() == date(2025, 3, 24)
    moment = clock.now()
    assert moment.date() == date(2025, 3, 24)
    assert moment.microsecond == 0
    assert moment.utcoffset() is not None


def test_clock_without_override_is_the_real_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADURABI_TODAY", raising=False)
    assert abs((clock.today() - date.today()).days) <= 1
    assert clock.now().microsecond == 0


def test_clock_refuses_a_bad_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADURABI_TODAY", "24/03/2025")
    with pytest.raises(InvalidInput, match="ADURABI_TODAY '24/03/2025' is not a date"):
        clock.today()


# Every name an operator may type for each month (lower case; any case is taken).
MONTH_WORDS = {
    1: ("januari", "jan", "january"),
    2: ("februari", "feb", "pebruari", "february"),
    3: ("maret", "mar", "march"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "jun", "june"),
    7: ("juli", "jul", "july"),
    8: ("agustus", "agu", "agt", "ags", "agus", "aug", "august"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "okt", "oct", "october"),
    11: ("november", "nov", "nopember"),
    12: ("desember", "des", "dec", "december"),
}


@st.composite
def typed_names(draw: st.DrawFn, month: int) -> str:
    """A name of `month` as typed: any of its names, any case, perhaps a dot after it."""
    name = draw(st.sampled_from(MONTH_WORDS[month]))
    name = "".join(c.upper() if draw(st.booleans()) else c for c in name)
    return name + draw(st.sampled_from(("", ".")))


separators = st.sampled_from((" ", "  ", "-", " - ", "\t"))


@given(dates, st.data())
def test_every_date_reads_with_its_month_named(d: date, data: st.DataObject) -> None:
    name = data.draw(typed_names(d.month))
    day = data.draw(st.sampled_from((str(d.day), f"{d.day:02d}")))
    text = f"{day}{data.draw(separators)}{name}{data.draw(separators)}{d.year}"
    assert parse_date(text, today=TODAY, allow_future=True) == d


@given(dates, st.data())
def test_every_month_reads_by_its_name(d: date, data: st.DataObject) -> None:
    month = Month.of(d)
    text = f"{data.draw(typed_names(d.month))}{data.draw(separators)}{d.year}"
    assert parse_month(text, today=TODAY, allow_future=True) == month
    assert parse_month(month.label_id, today=TODAY, allow_future=True) == month


@given(st.from_regex(r"\d{1,3}[ -][A-Za-z.]{1,10}[ -]\d{1,5}", fullmatch=True))
def test_named_date_like_text_raises_only_invalid_input(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        assert date(2000, 1, 1) <= parse_date(text, today=TODAY, allow_future=True)


@given(st.from_regex(r"[A-Za-z. -]{1,12}\d{0,5}", fullmatch=True))
def test_named_month_like_text_raises_only_invalid_input(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        assert parse_month(text, today=TODAY, allow_future=True).year >= 2000
