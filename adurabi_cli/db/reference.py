"""Queries for the reference data: satker, vocabularies, extra holidays and settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from adurabi_cli.db.models import (
    SATKER_RECORD,
    Complaint,
    Holiday,
    News,
    OfficialHoliday,
    Satker,
    Setting,
    Vocab,
)

satker_t = Satker.__table__  # type: ignore[attr-defined]
vocab_t = Vocab.__table__  # type: ignore[attr-defined]
holiday_t = Holiday.__table__  # type: ignore[attr-defined]
official_t = OfficialHoliday.__table__  # type: ignore[attr-defined]
setting_t = Setting.__table__  # type: ignore[attr-defined]
complaint_t = Complaint.__table__  # type: ignore[attr-defined]
news_t = News.__table__  # type: ignore[attr-defined]

# A satker's record and its id.
SATKER_FIELDS = ("id", *SATKER_RECORD)


# --- satker -------------------------------------------------------------------------------


def list_satker(conn: Connection, *, active: bool | None = None) -> list[dict[str, Any]]:
    query = select(*(satker_t.c[f] for f in SATKER_FIELDS)).order_by(satker_t.c.id)
    if active is not None:
        query = query.where(satker_t.c.active == active)
    return [dict(row) for row in conn.execute(query).mappings()]


def get_satker(conn: Connection, code: str) -> dict[str, Any] | None:
    query = select(*(satker_t.c[f] for f in SATKER_FIELDS)).where(satker_t.c.code == code)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def satker_by_name(conn: Connection, name: str) -> list[dict[str, Any]]:
    """Satker whose official name equals name, ignoring case and surrounding spaces."""
    query = select(*(satker_t.c[f] for f in SATKER_FIELDS)).where(
        func.lower(satker_t.c.name) == name.strip().lower()
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def insert_satker(conn: Connection, rows: list[dict[str, Any]], at: datetime) -> None:
    conn.execute(
        satker_t.insert(),
        [
            {**row, "active": row.get("active", True), "created_at": at, "updated_at": at}
            for row in rows
        ],
    )


def update_satker(conn: Connection, code: str, changes: dict[str, Any], at: datetime) -> None:
    conn.execute(satker_t.update().where(satker_t.c.code == code).values(**changes, updated_at=at))


def satker_usage(conn: Connection) -> dict[str, int]:
    """Stored (not deleted) complaints and news per satker code, in two GROUP BY queries."""
    usage: dict[str, int] = {}
    for table in (complaint_t, news_t):
        query = (
            select(satker_t.c.code, func.count())
            .select_from(table.join(satker_t, table.c.satker_id == satker_t.c.id))
            .where(table.c.deleted_at.is_(None))
            .group_by(satker_t.c.code)
        )
        for code, count in conn.execute(query):
            usage[code] = usage.get(code, 0) + count
    return usage


# --- vocabularies -------------------------------------------------------------------------


def list_vocab(conn: Connection, kind: str | None = None) -> list[dict[str, Any]]:
    query = select(
        vocab_t.c.kind, vocab_t.c.slug, vocab_t.c.label, vocab_t.c.group, vocab_t.c.builtin
    ).order_by(vocab_t.c.kind, vocab_t.c.id)
    if kind is not None:
        query = query.where(vocab_t.c.kind == kind)
    return [dict(row) for row in conn.execute(query).mappings()]


def vocab_slugs(conn: Connection, kind: str) -> list[str]:
    query = select(vocab_t.c.slug).where(vocab_t.c.kind == kind).order_by(vocab_t.c.id)
    return list(conn.execute(query).scalars())


def insert_vocab(conn: Connection, rows: list[dict[str, Any]]) -> None:
    conn.execute(vocab_t.insert(), rows)


# --- extra holidays -----------------------------------------------------------------------


def list_holidays(conn: Connection) -> list[dict[str, Any]]:
    query = select(holiday_t.c.day, holiday_t.c.name, holiday_t.c.created_by).order_by(
        holiday_t.c.day
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def holiday_days(conn: Connection) -> dict[date, str]:
    return {day: name for day, name in conn.execute(select(holiday_t.c.day, holiday_t.c.name))}


def insert_holiday(conn: Connection, day: date, name: str, operator: str, at: datetime) -> None:
    conn.execute(
        holiday_t.insert(), {"day": day, "name": name, "created_by": operator, "created_at": at}
    )


def delete_holiday(conn: Connection, day: date) -> int:
    return conn.execute(holiday_t.delete().where(holiday_t.c.day == day)).rowcount


# --- public holidays ----------------------------------------------------------------------


def official_days(conn: Connection) -> dict[date, str]:
    return {day: name for day, name in conn.execute(select(official_t.c.day, official_t.c.name))}


def replace_official_days(conn: Connection, first: date, last: date, days: dict[date, str]) -> None:
    """The stored public holidays from first to last become days (all inside that span)."""
    conn.execute(official_t.delete().where(official_t.c.day.between(first, last)))
    if days:
        conn.execute(
            official_t.insert(), [{"day": day, "name": name} for day, name in sorted(days.items())]
        )


# --- settings -----------------------------------------------------------------------------


def get_setting(conn: Connection, key: str) -> str | None:
    return conn.execute(select(setting_t.c.value).where(setting_t.c.key == key)).scalar()


def settings(conn: Connection) -> dict[str, str]:
    """Every stored setting, key to value."""
    return dict(conn.execute(select(setting_t.c.key, setting_t.c.value)).all())


def put_setting(conn: Connection, key: str, value: str) -> None:
    if get_setting(conn, key) is None:
        conn.execute(setting_t.insert(), {"key": key, "value": value})
    else:
        conn.execute(setting_t.update().where(setting_t.c.key == key).values(value=value))


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows per table for `info` and `doctor`; deleted records counted apart."""
    counts = {
        "satker": conn.execute(select(func.count()).select_from(satker_t)).scalar_one(),
        "holidays": conn.execute(select(func.count()).select_from(holiday_t)).scalar_one(),
        "official_holidays": conn.execute(
            select(func.count()).select_from(official_t)
        ).scalar_one(),
    }
    for name, table in (("complaints", complaint_t), ("news", news_t)):
        query = select(func.count(), func.count(table.c.deleted_at)).select_from(table)
        total, deleted = conn.execute(query).one()
        counts[name] = total - deleted
        counts[f"{name}_deleted"] = deleted
    return counts
