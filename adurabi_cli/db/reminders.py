"""Queries for reminders: the complaints to chase and the reminders already sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from adurabi_cli.db.models import Complaint, Reminder
from adurabi_cli.domain.status import OPEN_STATUSES

complaint_t = Complaint.__table__  # type: ignore[attr-defined]
reminder_t = Reminder.__table__  # type: ignore[attr-defined]


def open_due_by(conn: Connection, day: date) -> list[tuple[int, str, date]]:
    """(satker_id, number, due_on) of open complaints due on or before `day`, by due date."""
    c = complaint_t.c
    query = (
        select(c.satker_id, c.number, c.due_on)
        .where(c.status.in_(OPEN_STATUSES), c.due_on <= day, c.deleted_at.is_(None))
        .order_by(c.due_on, c.number)
    )
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def sent_on(conn: Connection, day: date) -> set[tuple[str, int | None, str]]:
    """(kind, satker_id, recipient) of every reminder sent on `day`."""
    r = reminder_t.c
    query = select(r.kind, r.satker_id, r.recipient).where(r.sent_on == day)
    return {tuple(row) for row in conn.execute(query)}  # type: ignore[misc]


def record(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(reminder_t.insert(), row)
