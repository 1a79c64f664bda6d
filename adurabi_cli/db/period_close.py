"""Months closed once reported (tutup buku): table `period_close`, one row per close."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, tuple_

from adurabi_cli.db.locks import claim_keys, lock_read
from adurabi_cli.db.models import PeriodClose

close_t = PeriodClose.__table__  # type: ignore[attr-defined]


def claim_month(conn: Connection, key: str) -> None:
    """Hold the month's close to the end of the write transaction (PostgreSQL): of two
    operators closing or reopening one month at once, the second waits and sees the first's."""
    claim_keys(conn, "period_close.month", [key])


def open_close(conn: Connection, year: int, month: int) -> dict[str, Any] | None:
    """The close in force of a month (not reopened), or None."""
    c = close_t.c
    query = select(close_t).where(c.year == year, c.month == month, c.reopened_at.is_(None))
    row = conn.execute(lock_read(conn, query, close_t)).mappings().first()
    return dict(row) if row else None


def open_closes(conn: Connection, months: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
    """The closes in force of these (year, month) pairs, without their figures."""
    wanted = sorted(set(months))
    if not wanted:
        return []
    c = close_t.c
    query = (
        select(c.id, c.year, c.month, c.closed_at, c.closed_by)
        .where(c.reopened_at.is_(None), tuple_(c.year, c.month).in_(wanted))
        .order_by(c.year, c.month)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def insert_close(conn: Connection, row: dict[str, Any]) -> int:
    return conn.execute(close_t.insert().values(**row).returning(close_t.c.id)).scalar_one()


def mark_reopened(conn: Connection, close_id: int, at: datetime, by: str, note: str) -> None:
    conn.execute(
        close_t.update()
        .where(close_t.c.id == close_id)
        .values(reopened_at=at, reopened_by=by, reopen_note=note)
    )


def list_closes(conn: Connection) -> list[dict[str, Any]]:
    """Every close, reopened ones too, newest month first and the latest close first."""
    c = close_t.c
    columns = [col for col in close_t.columns if col.name != "figures"]
    query = select(*columns).order_by(c.year.desc(), c.month.desc(), c.id.desc())
    return [dict(row) for row in conn.execute(query).mappings()]


def all_open_closes(conn: Connection) -> list[dict[str, Any]]:
    """Every close in force (year, month), without its figures: a few rows a year."""
    c = close_t.c
    query = select(c.year, c.month).where(c.reopened_at.is_(None)).order_by(c.year, c.month)
    return [dict(row) for row in conn.execute(query).mappings()]
