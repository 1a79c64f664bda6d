"""Deadlines of open complaints follow the working-day calendar."""

from __future__ import annotations

from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import history
from adurabi_cli.domain.calendar import WorkingCalendar, due_date, extended_due_date
from adurabi_cli.domain.clock import now


def deadline_for(received, extended: bool, calendar: WorkingCalendar, sla_days: int):
    """The due date of a complaint received on `received`, extended once or not."""
    due = due_date(received, calendar, sla_days)
    return extended_due_date(due, calendar, sla_days) if extended else due


def follow_calendar(
    conn: Any, calendar: WorkingCalendar, sla_days: int, *, operator: str, reason: str
) -> int:
    """Open complaints' deadlines counted again on the calendar, each with the working days
    it was given (sla_days for one without); returns how many moved. Each move is a line of
    the complaint's history (action `deadline`, the reason as its note)."""
    moves = []
    for cid, received, extended, due, given in db.open_deadlines(conn):
        new_due = deadline_for(received, extended, calendar, given or sla_days)
        if new_due != due:
            moves.append((cid, due, new_due))
    if not moves:
        return 0
    db.set_due_dates(conn, [(cid, new_due) for cid, _, new_due in moves])
    at = now()
    history.record(
        conn,
        [
            history.entry(
                "complaint",
                cid,
                "deadline",
                operator,
                at,
                field="due_on",
                old=due,
                new=new_due,
                note=reason,
            )
            for cid, due, new_due in moves
        ],
    )
    return len(moves)
