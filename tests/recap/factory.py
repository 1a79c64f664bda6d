"""Known rows for recap and monitor tests, inserted through SQLAlchemy Core.

The complaint and news commands are built elsewhere at the same time, so these tests make
their own rows. Each row is one a correct program would store: a PGD-YYYY-NNNNN number from
the per-year sequence, due_on from the working-day calendar, resolved_on exactly when the
status is closed, aware timestamps.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from adurabi_cli.db.models import Complaint, News, NilReport, NumberSequence, Satker
from adurabi_cli.db.store import open_store
from adurabi_cli.domain.clock import OFFICE_ZONE
from adurabi_cli.domain.status import CLOSED_STATUSES, STATUSES
from adurabi_cli.services.deadlines import deadline_for
from adurabi_cli.services.refdata import load_refdata

complaint_t = Complaint.__table__
news_t = News.__table__
nil_t = NilReport.__table__
sequence_t = NumberSequence.__table__
satker_t = Satker.__table__


def local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware timestamp at that hour of the office's day (WITA, the default `timezone`)."""
    return datetime.combine(day, time(hour, minute), ZoneInfo(OFFICE_ZONE))


class Factory:
    def __init__(self, db_path: Path) -> None:
        self.store = open_store(str(db_path))
        self.reload()

    def reload(self) -> None:
        with self.store.read() as conn:
            self.ref = load_refdata(conn)

    def close(self) -> None:
        self.store.close()

    def satker_id(self, code: str) -> int:
        return self.ref.satker[code]["id"]

    def due(self, received: date, extended: bool = False) -> date:
        return deadline_for(received, extended, self.ref.calendar, self.ref.sla_days)

    def complaint(
        self,
        satker: str,
        received: date,
        *,
        status: str = "diterima",
        resolved_on: date | None = None,
        channel: str = "whatsapp",
        category: str = "prosedur",
        extended: bool = False,
        deleted: bool = False,
        created_at: datetime | None = None,
    ) -> dict[str, Any]:
        assert status in STATUSES, status
        closed = status in CLOSED_STATUSES
        assert closed == (resolved_on is not None), "resolved_on is set exactly when closed"
        assert resolved_on is None or resolved_on >= received
        assert channel in self.ref.vocab["channel"] and category in self.ref.vocab["category"]
        created = created_at or local(received)
        with self.store.write() as conn:
            year = received.year
            last = conn.execute(select(sequence_t.c.last).where(sequence_t.c.year == year)).scalar()
            if last is None:
                conn.execute(sequence_t.insert(), {"year": year, "last": 1})
                last = 1
            else:
                last += 1
                conn.execute(sequence_t.update().where(sequence_t.c.year == year).values(last=last))
            row = {
                "number": f"PGD-{year}-{last:05d}",
                "satker_id": self.satker_id(satker),
                "received_on": received,
                "channel": channel,
                "category": category,
                "summary": f"Pengaduan {satker} {received.isoformat()}",
                "anonymous": False,
                "confidential": False,
                "status": status,
                "due_on": self.due(received, extended),
                "extended": extended,
                "resolved_on": resolved_on,
                "resolution": "Ditindaklanjuti" if closed else None,
                "deleted_at": local(received, 18) if deleted else None,
                "created_by": "factory",
                "created_at": created,
                "updated_at": created,
            }
            row["id"] = conn.execute(complaint_t.insert(), row).inserted_primary_key[0]
        return row

    def news(
        self,
        satker: str,
        published: date,
        *,
        media: str = "website",
        sentiment: str = "positif",
        views: int | None = None,
        likes: int | None = None,
        comments: int | None = None,
        shares: int | None = None,
        deleted: bool = False,
        created_at: datetime | None = None,
    ) -> dict[str, Any]:
        assert media in self.ref.vocab["media"], media
        created = created_at or local(published)
        row = {
            "satker_id": self.satker_id(satker),
            "published_on": published,
            "title": f"Berita {satker} {published.isoformat()}",
            "media": media,
            "category": "kegiatan",
            "sentiment": sentiment,
            "views": views,
            "likes": likes,
            "comments": comments,
            "shares": shares,
            "deleted_at": local(published, 18) if deleted else None,
            "created_by": "factory",
            "created_at": created,
            "updated_at": created,
        }
        with self.store.write() as conn:
            row["id"] = conn.execute(news_t.insert(), row).inserted_primary_key[0]
        return row

    def nil(self, satker: str, month: str, *, withdrawn: bool = False) -> None:
        at = local(date.fromisoformat(month + "-01"))
        with self.store.write() as conn:
            conn.execute(
                nil_t.insert(),
                {
                    "satker_id": self.satker_id(satker),
                    "month": month,
                    "created_by": "factory",
                    "created_at": at,
                    "withdrawn_at": at if withdrawn else None,
                },
            )

    def set_active(self, code: str, active: bool) -> None:
        with self.store.write() as conn:
            conn.execute(satker_t.update().where(satker_t.c.code == code).values(active=active))
        self.reload()

    def add_satker(self, code: str, kind: str = "lapas") -> None:
        at = local(date(2025, 1, 1))
        with self.store.write() as conn:
            conn.execute(
                satker_t.insert(),
                {
                    "code": code,
                    "name": f"Satker {code}",
                    "kind": kind,
                    "active": True,
                    "created_at": at,
                    "updated_at": at,
                },
            )
        self.reload()
