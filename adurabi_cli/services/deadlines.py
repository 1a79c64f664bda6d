"""Deadlines of open complaints follow the working-day calendar."""

from __future__ import annotations

from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.domain.calendar import WorkingCalendar, due_date, extended_due_date


def deadline_for(received, extended: bool, calendar: WorkingCalendar, sla_days: int):
    """The due date of a complaint received on `received`, extended once or not."""
    due = due_date(received, calendar, sla_days)
    return extended_due_date(due, calendar, sla_days) if extended else due


def recompute_open_deadlines(conn: Any, calendar: WorkingCalendar, sla_days: int) -> int:
    """Recompute every open complaint's due date; returns how many changed."""
    changes = []
    for cid, received, extended, due in db.open_deadlines(conn):
        new_due = deadline_for(received, extended, calendar, sla_days)
        if new_due != due:
            changes.append((cid, new_due))
    db.set_due_dates(conn, changes)
    return len(changes)
