"""Queries for news nil reports: a satker's declaration that it published nothing in a month."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, func, select

from adurabi_cli.db.models import News, NewsNilReport

news_t = News.__table__  # type: ignore[attr-defined]
news_nil_t = NewsNilReport.__table__  # type: ignore[attr-defined]


def count_published(conn: Connection, satker_id: int, first: date, last: date) -> int:
    """Stored news items of a satker published between first and last (inclusive)."""
    n = news_t.c
    query = select(func.count()).where(
        n.satker_id == satker_id,
        n.published_on.between(first, last),
        n.deleted_at.is_(None),
    )
    return int(conn.execute(query).scalar_one())


def has_active(conn: Connection, satker_id: int, month: str) -> bool:
    t = news_nil_t.c
    query = select(t.id).where(t.satker_id == satker_id, t.month == month, t.withdrawn_at.is_(None))
    return conn.execute(query).first() is not None


def insert(conn: Connection, satker_id: int, month: str, operator: str, at: datetime) -> int:
    values = {"satker_id": satker_id, "month": month, "created_by": operator, "created_at": at}
    return conn.execute(news_nil_t.insert().values(**values)).inserted_primary_key[0]
