"""Replies sent to complainants (`complaint reply`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from adurabi_cli.db.models import ComplaintReply

reply_t = ComplaintReply.__table__  # type: ignore[attr-defined]

REPLY_FIELDS = (
    "replied_on", "via", "note", "satisfaction", "response_days", "created_by", "created_at",
)  # fmt: skip


def insert_reply(conn: Connection, row: dict[str, Any]) -> int:
    return conn.execute(reply_t.insert().values(**row)).inserted_primary_key[0]


def replies_of(conn: Connection, complaint_id: int) -> list[dict[str, Any]]:
    """A complaint's replies, oldest first."""
    r = reply_t.c
    query = (
        select(r.id, *(r[f] for f in REPLY_FIELDS))
        .where(r.complaint_id == complaint_id)
        .order_by(r.replied_on, r.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def set_response_days(conn: Connection, changes: list[tuple[int, int]]) -> None:
    """(reply id, working days) pairs: after the complaint's day received was corrected."""
    if not changes:
        return
    statement = (
        reply_t.update()
        .where(reply_t.c.id == bindparam("rid"))
        .values(response_days=bindparam("n"))
    )
    conn.execute(statement, [{"rid": rid, "n": n} for rid, n in changes])
