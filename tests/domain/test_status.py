"""The complaint workflow, checked move by move against the rule table."""

from __future__ import annotations

from itertools import product

import pytest

from adurabi_cli.domain.status import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUS_LABELS,
    STATUSES,
    allowed_moves,
    check_move,
    is_closing,
    is_open,
    is_reopening,
    normalise_status,
    status_label,
)
from adurabi_cli.errors import InvalidInput, RuleViolation

# The rule table of DESIGN section 6, written out by hand: from -> allowed targets.
RULES: dict[str, set[str]] = {
    "diterima": {"diverifikasi", "diproses", "selesai", "ditolak", "dialihkan"},
    "diverifikasi": {"diproses", "selesai", "ditolak", "dialihkan"},
    "diproses": {"selesai", "ditolak", "dialihkan"},
    "selesai": {"diproses"},
    "ditolak": {"diproses"},
    "dialihkan": {"diproses"},
}
NOTE_REQUIRED_MESSAGES = {
    "selesai": "closing as selesai needs --note (the resolution)",
    "ditolak": "closing as ditolak needs --note (the reason)",
    "dialihkan": "closing as dialihkan needs --note (where it was forwarded)",
}


def test_vocabulary() -> None:
    assert STATUSES == ("diterima", "diverifikasi", "diproses", "selesai", "ditolak", "dialihkan")
    assert STATUSES[:3] == OPEN_STATUSES
    assert STATUSES[3:] == CLOSED_STATUSES
    assert list(STATUS_LABELS.values()) == [s.capitalize() for s in STATUSES]
    assert status_label("in_progress") == "Diproses"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("diterima", "diterima"),
        (" Diproses ", "diproses"),
        ("received", "diterima"),
        ("VERIFIED", "diverifikasi"),
        ("in_progress", "diproses"),
        ("in-progress", "diproses"),
        ("resolved", "selesai"),
        ("rejected", "ditolak"),
        ("forwarded", "dialihkan"),
    ],
)
def test_normalise_status(text: str, slug: str) -> None:
    assert normalise_status(text) == slug


@pytest.mark.parametrize("text", ["", "done", "in progress", "closed"])
def test_unknown_status_lists_the_choices(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_status(text)
    message = str(caught.value)
    assert message.startswith(f"unknown status '{text}'")
    for slug in STATUSES:
        assert slug in message
    assert "in_progress" in message
    assert "forwarded" in message


def test_is_open() -> None:
    assert all(is_open(s) for s in OPEN_STATUSES)
    assert not any(is_open(s) for s in CLOSED_STATUSES)
    assert is_open("received")
    assert not is_open("Resolved")
    with pytest.raises(InvalidInput):
        is_open("nope")


@pytest.mark.parametrize("current", STATUSES)
def test_allowed_moves_match_the_table(current: str) -> None:
    moves = allowed_moves(current)
    assert set(moves) == RULES[current]
    assert list(moves) == [s for s in STATUSES if s in moves]


@pytest.mark.parametrize(("current", "new"), list(product(STATUSES, STATUSES)))
def test_every_move_pair_with_a_note(current: str, new: str) -> None:
    if new in RULES[current]:
        check_move(current, new, "catatan tindak lanjut")
    elif new == current:
        with pytest.raises(RuleViolation, match=f"^complaint is already {new}$"):
            check_move(current, new, "catatan")
    else:
        allowed = ", ".join(allowed_moves(current))
        with pytest.raises(RuleViolation) as caught:
            check_move(current, new, "catatan")
        assert str(caught.value) == f"cannot move from {current} to {new}; allowed: {allowed}"


@pytest.mark.parametrize(("current", "new"), list(product(STATUSES, STATUSES)))
@pytest.mark.parametrize("note", [None, "", "   "])
def test_every_move_pair_without_a_note(current: str, new: str, note: str | None) -> None:
    needs_note = new in RULES[current] and (new in CLOSED_STATUSES or current in CLOSED_STATUSES)
    if new in RULES[current] and not needs_note:
        check_move(current, new, note)
        return
    with pytest.raises(RuleViolation) as caught:
        check_move(current, new, note)
    if needs_note and current in CLOSED_STATUSES:
        assert str(caught.value) == "reopening needs --note (the reason)"
    elif needs_note:
        assert str(caught.value) == NOTE_REQUIRED_MESSAGES[new]


def test_the_design_messages() -> None:
    with pytest.raises(
        RuleViolation, match=r"^cannot move from selesai to diterima; allowed: diproses$"
    ):
        check_move("selesai", "diterima", "x")
    with pytest.raises(RuleViolation, match=r"^complaint is already diproses$"):
        check_move("in_progress", "diproses", "x")


def test_check_move_accepts_aliases_and_refuses_unknown() -> None:
    check_move("received", "resolved", "sudah ditindaklanjuti")
    with pytest.raises(InvalidInput):
        check_move("diterima", "done", "x")


def test_closing_and_reopening_helpers() -> None:
    assert is_closing("diproses", "selesai")
    assert not is_closing("diterima", "diproses")
    assert is_reopening("ditolak", "diproses")
    assert not is_reopening("diterima", "diproses")
