"""Queries for complaints (pengaduan)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, bindparam, select

from adurabi_cli.db.models import Complaint
from adurabi_cli.domain.status import OPEN_STATUSES

complaint_t = Complaint.__table__  # type: ignore[attr-defined]


def open_deadlines(conn: Connection) -> list[tuple[int, date, bool, date]]:
    """(id, received_on, extended, due_on) of every stored open complaint."""
    query = select(
        complaint_t.c.id, complaint_t.c.received_on, complaint_t.c.extended, complaint_t.c.due_on
    ).where(complaint_t.c.status.in_(OPEN_STATUSES), complaint_t.c.deleted_at.is_(None))
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def set_due_dates(conn: Connection, changes: list[tuple[int, date]]) -> None:
    if not changes:
        return
    statement = (
        complaint_t.update()
        .where(complaint_t.c.id == bindparam("cid"))
        .values(due_on=bindparam("new_due"))
    )
    conn.execute(statement, [{"cid": cid, "new_due": due} for cid, due in changes])
