"""Nil reports of both sides, complaints (`nil_report`) and news (`news_nil_report`): the
list of them and their withdrawal. A side's table and history entity are named here once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, select, tuple_

from adurabi_cli.db.bulk import chunks
from adurabi_cli.db.history import history_t
from adurabi_cli.db.models import NewsNilReport, NilReport, Satker

COMPLAINTS = "complaints"
NEWS = "news"
TABLES = {
    COMPLAINTS: NilReport.__table__,  # type: ignore[attr-defined]
    NEWS: NewsNilReport.__table__,  # type: ignore[attr-defined]
}
ENTITIES = {COMPLAINTS: "nil_report", NEWS: "news_nil_report"}
satker_t = Satker.__table__  # type: ignore[attr-defined]


def list_reports(
    conn: Connection,
    side: str,
    *,
    satker_ids: Sequence[int] = (),
    month: str | None = None,
    active_only: bool = False,
) -> list[dict[str, Any]]:
    """A side's nil reports, newest month first (then by satker, the latest first), with the
    notes of their declaration and withdrawal (from the history)."""
    t, entity = TABLES[side], ENTITIES[side]
    made, gone = history_t.alias("made"), history_t.alias("gone")

    def line(h: Any, action: str) -> Any:
        return and_(h.c.entity == entity, h.c.entity_id == t.c.id, h.c.action == action)

    query = (
        select(
            t.c.id,
            satker_t.c.code.label("satker"),
            satker_t.c.name.label("satker_name"),
            t.c.month,
            made.c.note,
            t.c.created_by,
            t.c.created_at,
            t.c.withdrawn_at,
            gone.c.operator.label("withdrawn_by"),
            gone.c.note.label("withdrawn_note"),
        )
        .select_from(
            t.join(satker_t, satker_t.c.id == t.c.satker_id)
            .outerjoin(made, line(made, "create"))
            .outerjoin(gone, line(gone, "withdraw"))
        )
        .order_by(t.c.month.desc(), satker_t.c.code, t.c.id.desc())
    )
    if satker_ids:
        query = query.where(t.c.satker_id.in_(satker_ids))
    if month is not None:
        query = query.where(t.c.month == month)
    if active_only:
        query = query.where(t.c.withdrawn_at.is_(None))
    return [dict(row) for row in conn.execute(query).mappings()]


def withdraw(
    conn: Connection, side: str, pairs: Iterable[tuple[int, str]], at: datetime
) -> list[tuple[int, int, str]]:
    """Withdraw the active nil reports of these (satker_id, month) pairs; (id, satker, month)."""
    t = TABLES[side]
    withdrawn: list[tuple[int, int, str]] = []
    for chunk in chunks(sorted(set(pairs))):
        statement = (
            t.update()
            .where(t.c.withdrawn_at.is_(None), tuple_(t.c.satker_id, t.c.month).in_(chunk))
            .values(withdrawn_at=at)
            .returning(t.c.id, t.c.satker_id, t.c.month)
        )
        withdrawn.extend(tuple(row) for row in conn.execute(statement))  # type: ignore[misc]
    return withdrawn
