"""Evidence files of complaints (`complaint attach|files|file-get|file-remove`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from adurabi_cli.db.models import ComplaintFile

file_t = ComplaintFile.__table__  # type: ignore[attr-defined]

# What a listing reads: everything but the content.
FILE_FIELDS = ("name", "media_type", "size", "sha256", "added_at", "added_by")


def insert_file(conn: Connection, row: dict[str, Any]) -> int:
    return conn.execute(file_t.insert().values(**row)).inserted_primary_key[0]


def files_of(conn: Connection, complaint_id: int) -> list[dict[str, Any]]:
    """A complaint's files without their content, oldest first."""
    f = file_t.c
    query = (
        select(f.id, *(f[name] for name in FILE_FIELDS))
        .where(f.complaint_id == complaint_id)
        .order_by(f.added_at, f.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def content_of(conn: Connection, file_id: int) -> bytes:
    return conn.execute(select(file_t.c.content).where(file_t.c.id == file_id)).scalar_one()


def delete_file(conn: Connection, file_id: int) -> None:
    conn.execute(file_t.delete().where(file_t.c.id == file_id))


def totals(conn: Connection) -> tuple[int, int]:
    """(number of files, their bytes) in the whole database."""
    query = select(func.count(), func.coalesce(func.sum(file_t.c.size), 0))
    count, size = conn.execute(query.select_from(file_t)).one()
    return int(count), int(size)
