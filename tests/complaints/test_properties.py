"""Property tests where complaint input is open-ended: text, numbers, flags, search patterns."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adurabi_cli.db.models import Complaint, max_length
from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.complaints import (
    LIKE_ESCAPE,
    clean_line,
    clean_summary,
    format_number,
    is_overdue,
    like_pattern,
    parse_flag,
    parse_number,
    parse_ref,
)
from adurabi_cli.domain.dates import format_date_id
from adurabi_cli.domain.status import STATUSES, is_open
from adurabi_cli.domain.vocab import DEFAULT_VOCAB
from adurabi_cli.errors import AdurabiError, InvalidInput
from adurabi_cli.services.complaints import prepare_complaint
from adurabi_cli.services.refdata import RefData

TODAY = date(2025, 4, 30)
ascii_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20)


@pytest.fixture(scope="module")
def memory_db():
    conn = sqlite3.connect(":memory:")
    yield conn
    conn.close()


@settings(max_examples=300)
@given(needle=ascii_text, haystack=ascii_text)
def test_like_pattern_matches_exactly_the_substrings(memory_db, needle, haystack):
    found = memory_db.execute(
        f"SELECT ? LIKE ? ESCAPE '{LIKE_ESCAPE}'", (haystack, like_pattern(needle))
    ).fetchone()[0]
    # SQLite's LIKE ignores ASCII case; % _ and \ in the needle are plain characters.
    assert bool(found) == (needle.lower() in haystack.lower())


@given(st.integers(2000, 9999), st.integers(1, 99_999_999))
def test_numbers_round_trip(year, sequence):
    number = format_number(year, sequence)
    assert parse_number(number) == (year, sequence)
    assert parse_ref(number.lower()) == number
    assert parse_ref(f" {sequence} ") == sequence


@given(st.text(max_size=40))
def test_refs_are_ids_numbers_or_refused(text):
    try:
        key = parse_ref(text)
    except InvalidInput:
        return
    assert isinstance(key, int) or key.startswith("PGD-")


SUMMARY_MAX = max_length(Complaint, "summary")


@given(st.text(max_size=SUMMARY_MAX + 50))
def test_summaries_are_trimmed_bounded_and_never_empty(text):
    try:
        summary = clean_summary(text, limit=SUMMARY_MAX)
    except InvalidInput as exc:
        assert exc.field == "summary"
        return
    assert summary == summary.strip() and summary
    assert len(summary) <= SUMMARY_MAX
    assert "\r" not in summary and "\x00" not in summary


@given(st.text(max_size=60))
def test_one_line_values_have_single_spaces(text):
    try:
        value = clean_line(text, what="name", limit=40, field="complainant_name")
    except InvalidInput as exc:
        assert exc.field == "complainant_name"
        return
    blank = all(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text)
    assert (value is None) == blank
    if value is not None:
        assert value == " ".join(value.split()) and len(value) <= 40
        assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in value)


@given(st.one_of(st.booleans(), st.integers(0, 1), st.text(max_size=8)))
def test_flags_are_yes_no_or_refused(value):
    try:
        flag = parse_flag(value, field="anonymous")
    except InvalidInput as exc:
        assert exc.field == "anonymous"
        return
    assert isinstance(flag, bool)
    if isinstance(value, bool):
        assert flag is value


@given(st.sampled_from(STATUSES), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_overdue_only_when_open_and_past_due(status, due):
    assert is_overdue(status, due, TODAY) == (is_open(status) and due < TODAY)


def _ref() -> RefData:
    satker = {"kanwil": {"id": 1, "code": "kanwil", "name": "Kanwil Bali", "active": True}}
    vocab = {kind: [t.slug for t in terms] for kind, terms in DEFAULT_VOCAB.items()}
    labels = {(kind, t.slug): t.label for kind, terms in DEFAULT_VOCAB.items() for t in terms}
    return RefData(satker, vocab, labels, {}, WorkingCalendar(), 14)


REF = _ref()
received_dates = st.dates(date(2000, 1, 1), TODAY)


@settings(max_examples=200)
@given(
    received=received_dates,
    as_text=st.sampled_from(["date", "iso", "id"]),
    summary=st.text(max_size=200),
    name=st.one_of(st.none(), st.text(max_size=30)),
)
def test_prepare_accepts_or_names_the_field(received, as_text, summary, name):
    value = {"date": received, "iso": received.isoformat(), "id": format_date_id(received)}
    raw = {
        "satker": "kanwil",
        "received_on": value[as_text],
        "summary": summary,
        "complainant_name": name,
    }
    try:
        row = prepare_complaint(REF, raw, today=TODAY)
    except AdurabiError as exc:
        assert exc.field in {"summary", "complainant_name"}
        return
    assert row["received_on"] == received
    assert row["summary"] == clean_summary(summary, limit=SUMMARY_MAX)
    assert row["due_on"] > received
    assert REF.calendar.is_working_day(row["due_on"])
    assert REF.calendar.working_days_between(received, row["due_on"]) == 14


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)))
def test_future_received_dates_are_refused(day):
    raw = {"satker": "kanwil", "received_on": day, "summary": "x"}
    if day <= TODAY:
        assert prepare_complaint(REF, raw, today=TODAY)["received_on"] == day
    else:
        with pytest.raises(InvalidInput) as caught:
            prepare_complaint(REF, raw, today=TODAY)
        assert caught.value.field == "received_on"
