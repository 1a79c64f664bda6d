"""Pure complaint rules: status moves with their side effects, numbers, references."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.complaints import (
    cell_text,
    format_number,
    format_numbers,
    parse_number,
    parse_ref,
    status_move,
)
from adurabi_cli.domain.status import CLOSED_STATUSES, OPEN_STATUSES, STATUSES, allowed_moves
from adurabi_cli.errors import InvalidInput, RuleViolation

TODAY = date(2025, 4, 30)


def test_closing_sets_the_close_date_and_resolution():
    assert status_move("diproses", "resolved", " Petugas ditegur ", today=TODAY) == {
        "status": "selesai",
        "resolved_on": TODAY,
        "resolution": "Petugas ditegur",
    }
    april_2 = date(2025, 4, 2)
    moved = status_move("diterima", "dialihkan", "Ke Polda", today=TODAY, closed_on=april_2)
    assert moved["resolved_on"] == april_2


def test_reopening_clears_them_and_open_moves_touch_nothing_else():
    assert status_move("ditolak", "diproses", "Keberatan", today=TODAY) == {
        "status": "diproses",
        "resolved_on": None,
        "resolution": None,
    }
    assert status_move("diterima", "verified", None, today=TODAY) == {"status": "diverifikasi"}


@pytest.mark.parametrize(
    "current, requested, note, closed_on, message",
    [
        ("diterima", "diterima", None, None, "already diterima; allowed: diverifikasi, diproses"),
        ("selesai", "selesai", "x", None, "already selesai; allowed: diproses"),
        ("diproses", "diterima", None, None, "allowed: selesai, ditolak, dialihkan"),
        ("selesai", "ditolak", "x", None, "cannot move from selesai to ditolak; allowed: diproses"),
        ("diproses", "selesai", None, None, "closing as selesai needs --note (the resolution)"),
        ("dialihkan", "diproses", " ", None, "reopening needs --note"),
        ("diterima", "diproses", None, TODAY, "--on is the close date"),
        ("selesai", "diproses", "x", TODAY, "--on is the close date"),
        ("diterima", "finished", None, None, "unknown status 'finished'"),
    ],
)
def test_refused_moves(current, requested, note, closed_on, message):
    with pytest.raises((RuleViolation, InvalidInput)) as caught:
        status_move(current, requested, note, today=TODAY, closed_on=closed_on)
    assert message in str(caught.value)


@given(st.sampled_from(STATUSES), st.sampled_from(STATUSES), st.booleans())
def test_every_pair_of_statuses_follows_the_rules(current, target, with_note):
    note = "alasan" if with_note else None
    try:
        fields = status_move(current, target, note, today=TODAY)
    except RuleViolation as exc:
        refused_move = target not in allowed_moves(current)
        needs_note = not with_note and (target in CLOSED_STATUSES or current in CLOSED_STATUSES)
        assert refused_move or needs_note
        if refused_move:
            assert "allowed: " in str(exc)
        return
    assert target in allowed_moves(current)
    assert fields["status"] == target
    closes = current in OPEN_STATUSES and target in CLOSED_STATUSES
    reopens = current in CLOSED_STATUSES
    assert ("resolved_on" in fields) == (closes or reopens)
    if closes:
        assert fields["resolved_on"] == TODAY and fields["resolution"] == "alasan"


def test_numbers_and_refs():
    assert format_number(2025, 42) == "PGD-2025-00042"
    assert format_number(2025, 123456) == "PGD-2025-123456"
    assert format_numbers(2025, 99_998, 3) == [
        format_number(2025, n) for n in (99_998, 99_999, 100_000)
    ]
    assert format_numbers(2025, 1, 0) == []
    assert parse_number(" pgd-2025-00042 ") == (2025, 42)
    assert parse_ref("PGD-2025-00042") == "PGD-2025-00042"
    assert parse_ref("42") == 42
    for bad in ("PGD-2025-0042", "PGD-2025-00000", "PGD-25-00001", "42a", "", "-1"):
        with pytest.raises(InvalidInput):
            parse_ref(bad)


def test_cell_values_become_text():
    assert cell_text(None) is None
    assert cell_text(123456.0) == "123456"
    assert cell_text(12.5) == "12.5"
    assert cell_text(True) == "true"
    assert cell_text(date(2025, 3, 24)) == "2025-03-24"
