"""What the demo checks before filling a database and records after: how much it holds."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from adurabi_cli.db.history import history_t
from adurabi_cli.db.models import Complaint, News, NilReport

complaint_t = Complaint.__table__  # type: ignore[attr-defined]
news_t = News.__table__  # type: ignore[attr-defined]
nil_t = NilReport.__table__  # type: ignore[attr-defined]


def holdings(conn: Connection) -> dict[str, int]:
    """Rows ever stored (deleted and withdrawn ones too) and the last history id.

    Every change to a complaint, news item or nil report appends history, so equal figures
    before and after mean nothing was added, changed or deleted in between.
    """
    counts = {
        name: conn.execute(select(func.count()).select_from(table)).scalar_one()
        for name, table in (("complaints", complaint_t), ("news", news_t), ("nil_reports", nil_t))
    }
    counts["history"] = conn.execute(
        select(func.coalesce(func.max(history_t.c.id), 0))
    ).scalar_one()
    return counts


# Enough for the indexes of a few million rows: with SQLite's default 2 MB every batch of a
# large demo re-reads index pages it has just written.
BULK_CACHE_KIB = 131_072


def use_bulk_cache(conn: Connection) -> None:
    """A larger page cache for this connection, for the bulk writes that follow."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
