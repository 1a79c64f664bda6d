"""Rows and damage for the operator-tool tests, written through the real tables."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

from adurabi_cli.db.models import Complaint, News, NilReport, Satker
from adurabi_cli.db.store import open_store

TODAY = date(2025, 4, 30)  # tests/conftest.py pins ADURABI_TODAY to this day


def days_ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), time(10, 0)).astimezone()


def satker_id(conn, code: str) -> int:
    table = Satker.__table__
    return conn.execute(table.select().where(table.c.code == code)).one().id


def add_complaint(
    path: Path, code: str, created: datetime, updated: datetime | None = None, number: int = 1
) -> None:
    store = open_store(str(path))
    try:
        with store.write() as conn:
            conn.execute(
                Complaint.__table__.insert(),
                {
                    "number": f"PGD-2025-{number:05d}",
                    "satker_id": satker_id(conn, code),
                    "received_on": created.date(),
                    "channel": "whatsapp",
                    "category": "prosedur",
                    "summary": "Antrean layanan kunjungan terlalu lama",
                    "status": "diterima",
                    "due_on": created.date() + timedelta(days=20),
                    "created_by": "tester",
                    "created_at": created,
                    "updated_at": updated or created,
                },
            )
    finally:
        store.close()


def add_news(path: Path, code: str, created: datetime) -> None:
    store = open_store(str(path))
    try:
        with store.write() as conn:
            conn.execute(
                News.__table__.insert(),
                {
                    "satker_id": satker_id(conn, code),
                    "published_on": created.date(),
                    "title": "Kunjungan kerja Kakanwil",
                    "media": "website",
                    "category": "kegiatan",
                    "sentiment": "positif",
                    "created_by": "tester",
                    "created_at": created,
                    "updated_at": created,
                },
            )
    finally:
        store.close()


def add_nil_report(path: Path, code: str, created: datetime) -> None:
    store = open_store(str(path))
    try:
        with store.write() as conn:
            conn.execute(
                NilReport.__table__.insert(),
                {
                    "satker_id": satker_id(conn, code),
                    "month": created.strftime("%Y-%m"),
                    "created_by": "tester",
                    "created_at": created,
                },
            )
    finally:
        store.close()


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so byte-level damage lands where aimed."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def corrupt_index_page(path: Path, index: str = "ix_complaint_received") -> None:
    """Scribble over one index page: the file still opens, integrity_check finds the damage."""
    checkpoint(path)
    conn = sqlite3.connect(path)
    try:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)
        ).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()
