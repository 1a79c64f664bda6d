"""Schema versions: an ordered list of named steps, recorded in the database.

A new database is created from the models and stamped with every version. An existing one
runs, in order, each step newer than the version it records. Steps are written against the
schema as it was when they were added, never against the models, so an old file always
upgrades the same way. `tests/fixtures/schema-v1.db` is a file made by version 1.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from importlib import resources
from typing import NamedTuple

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    bindparam,
    inspect,
    select,
    text,
)
from sqlmodel import SQLModel

from adurabi_cli.db import accounts, search, spans
from adurabi_cli.db.models import SchemaMigration
from adurabi_cli.domain.calendar import DEFAULT_SLA_DAYS, holiday_years, package_holidays
from adurabi_cli.domain.clock import now, today
from adurabi_cli.domain.complaints import external_key
from adurabi_cli.domain.urls import url_key


class Migration(NamedTuple):
    version: int
    name: str
    apply: Callable[[Connection], None]


def _baseline(_conn: Connection) -> None:
    """Version 1 is the baseline: there is nothing older to upgrade from."""


def _partial_resolved_index(conn: Connection) -> None:
    """The index on complaint.resolved_on holds closed complaints only."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_complaint_resolved")
    conn.exec_driver_sql(
        "CREATE INDEX ix_complaint_resolved ON complaint (resolved_on) "
        "WHERE resolved_on IS NOT NULL"
    )


def _news_nil_reports(conn: Connection) -> None:
    """Nil reports for news ("tidak ada publikasi"), shaped like those for complaints."""
    active = text("withdrawn_at IS NULL")
    table = Table(
        "news_nil_report",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("satker_id", Integer, ForeignKey("satker.id"), nullable=False),
        Column("month", String, nullable=False),
        Column("created_by", String, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("withdrawn_at", DateTime),
        Index(
            "ux_news_nil_report_active",
            "satker_id",
            "month",
            unique=True,
            sqlite_where=active,
            postgresql_where=active,
        ),
    )
    Table("satker", table.metadata, Column("id", Integer, primary_key=True))
    table.create(conn)


def _official_holidays(conn: Connection) -> None:
    """Public holidays stored in the database, filled from the installed `holidays` package."""
    official = Table(
        "official_holiday",
        MetaData(),
        Column("day", Date, primary_key=True),
        Column("name", String, nullable=False),
    )
    official.create(conn)
    days = package_holidays(holiday_years(today().year))
    conn.execute(official.insert(), [{"day": d, "name": n} for d, n in sorted(days.items())])


def _reminders(conn: Connection) -> None:
    """Satker contacts for reminders, and the reminders sent."""
    for column in ("contact_name", "email", "phone"):
        conn.exec_driver_sql(f"ALTER TABLE satker ADD COLUMN {column} VARCHAR")
    metadata = MetaData()
    Table("satker", metadata, Column("id", Integer, primary_key=True))
    table = Table(
        "reminder",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("sent_on", Date, nullable=False),
        Column("kind", String, nullable=False),
        Column("satker_id", Integer, ForeignKey("satker.id")),
        Column("recipient", String, nullable=False),
        Column("subject", String, nullable=False),
        Column("body", String, nullable=False),
        Column("sent_at", DateTime, nullable=False),
        Column("sent_by", String, nullable=False),
        Index("ix_reminder_day", "sent_on", "recipient"),
    )
    table.create(conn)


def _operators(conn: Connection) -> None:
    """Operator accounts, and the database login beside the display name in the history."""
    conn.exec_driver_sql("ALTER TABLE history ADD COLUMN login VARCHAR")
    metadata = MetaData()
    Table("satker", metadata, Column("id", Integer, primary_key=True))
    Table(
        "operator",
        metadata,
        Column("login", String, primary_key=True),
        Column("name", String),
        Column("satker_id", Integer, ForeignKey("satker.id"), nullable=False),
        Column("role", String, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("disabled_at", DateTime),
    ).create(conn)
    accounts.prepare_schema(conn)


def _officers(conn: Connection) -> None:
    """The responsible officer (name and NIP) of a complaint."""
    for column in ("officer", "officer_nip"):
        conn.exec_driver_sql(f"ALTER TABLE complaint ADD COLUMN {column} VARCHAR")


def _external_keys(conn: Connection) -> None:
    """External refs compared without regard to case or spacing, through a key column.

    A complaint whose ref an older stored complaint already has in another case keeps its
    row and its ref but gets no key (so the unique index can exist); `doctor` lists it.
    """
    conn.exec_driver_sql("ALTER TABLE complaint ADD COLUMN external_key VARCHAR")
    complaint = Table(
        "complaint",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("external_ref", String),
        Column("external_key", String),
        Column("deleted_at", DateTime),
    )
    c = complaint.c
    rows = conn.execute(
        select(c.id, c.external_ref, c.deleted_at).where(c.external_ref.is_not(None)).order_by(c.id)
    ).all()
    held: set[str] = set()
    keys = []
    for cid, ref, deleted_at in rows:
        key = external_key(ref)
        if deleted_at is None:
            if key in held:
                continue  # a second stored complaint with this ref: kept, without a key
            held.add(key)
        keys.append({"cid": cid, "key": key})
    if keys:
        update = complaint.update().where(c.id == bindparam("cid"))
        conn.execute(update.values(external_key=bindparam("key")), keys)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ux_complaint_external_ref")
    live = text("external_key IS NOT NULL AND deleted_at IS NULL")
    Index(
        "ux_complaint_external_key",
        c.external_key,
        unique=True,
        sqlite_where=live,
        postgresql_where=live,
    ).create(conn)


def _news_url_keys(conn: Connection) -> None:
    """News URL keys computed again by the rules of the day (domain.urls.url_key: share links,
    mobile hosts, AMP pages). Of stored items whose links now prove to be one, the earliest
    keeps the key and the others their row and URL without a key; `doctor` lists them."""
    news = Table(
        "news",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("url", String),
        Column("url_key", String),
        Column("deleted_at", DateTime),
    )
    n = news.c
    rows = conn.execute(
        select(n.id, n.url, n.url_key, n.deleted_at).where(n.url.is_not(None)).order_by(n.id)
    ).all()
    held: set[str] = set()
    changed = []
    for news_id, url, stored_key, deleted_at in rows:
        key: str | None = url_key(url)
        if deleted_at is None:
            if key in held:
                key = None  # a later item with the same link: kept, without a key
            else:
                held.add(key)
        if key != stored_key:
            changed.append({"nid": news_id, "key": key})
    if changed:  # emptied first, so no new key meets an old one on the way
        where = n.id == bindparam("nid")
        conn.execute(news.update().where(where).values(url_key=None), changed)
        conn.execute(news.update().where(where).values(url_key=bindparam("key")), changed)


def _replies(conn: Connection) -> None:
    """Answers sent to complainants."""
    metadata = MetaData()
    Table("complaint", metadata, Column("id", Integer, primary_key=True))
    Table(
        "complaint_reply",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("complaint_id", Integer, ForeignKey("complaint.id"), nullable=False),
        Column("replied_on", Date, nullable=False),
        Column("via", String, nullable=False),
        Column("note", String, nullable=False),
        Column("satisfaction", String),
        Column("response_days", Integer, nullable=False),
        Column("created_by", String, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Index("ix_complaint_reply_complaint", "complaint_id", "replied_on"),
    ).create(conn)
    accounts.refresh(conn)


def _satker_aliases(conn: Connection) -> None:
    """Short names of satker (aliases); the shipped registry's for the satker it lists."""
    conn.exec_driver_sql("ALTER TABLE satker ADD COLUMN aliases VARCHAR")
    satker = Table(
        "satker",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("code", String),
        Column("aliases", String),
    )
    shipped = resources.files("adurabi_cli") / "data" / "satker-bali-2024.csv"
    with shipped.open(encoding="utf-8", newline="") as stream:
        rows = [
            {"c": row["code"], "aliases": row["aliases"]}
            for row in csv.DictReader(stream)
            if row.get("aliases")
        ]
    if not rows:
        return
    update = satker.update().where(satker.c.code == bindparam("c"))
    conn.execute(update.values(aliases=bindparam("aliases")), rows)


def _forwards(conn: Connection) -> None:
    """A complaint opened by forwarding names the one it came from."""
    conn.exec_driver_sql("ALTER TABLE complaint ADD COLUMN forwarded_from_id INTEGER")
    conn.exec_driver_sql(
        "CREATE UNIQUE INDEX ux_complaint_forwarded_from ON complaint (forwarded_from_id)"
    )


def _complaint_sla_days(conn: Connection) -> None:
    """Each complaint keeps the working days it was given: today's sla_days for those stored."""
    conn.exec_driver_sql("ALTER TABLE complaint ADD COLUMN sla_days INTEGER")
    setting = Table("setting", MetaData(), Column("key", String), Column("value", String))
    stored = conn.execute(select(setting.c.value).where(setting.c.key == "sla_days")).scalar()
    days = int(stored) if stored else DEFAULT_SLA_DAYS
    conn.execute(text("UPDATE complaint SET sla_days = :days"), {"days": days})


def _complaint_files(conn: Connection) -> None:
    """Evidence files of complaints, their content stored in the database."""
    metadata = MetaData()
    Table("complaint", metadata, Column("id", Integer, primary_key=True))
    Table(
        "complaint_file",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("complaint_id", Integer, ForeignKey("complaint.id"), nullable=False),
        Column("name", String, nullable=False),
        Column("media_type", String, nullable=False),
        Column("size", Integer, nullable=False),
        Column("sha256", String, nullable=False),
        Column("added_by", String, nullable=False),
        Column("added_at", DateTime, nullable=False),
        Column("content", LargeBinary, nullable=False),
        Index("ux_complaint_file_name", "complaint_id", "name", unique=True),
        Index("ux_complaint_file_sha256", "complaint_id", "sha256", unique=True),
    ).create(conn)
    accounts.refresh(conn)


def _complaint_text_index(conn: Connection) -> None:
    """The search index of complaint texts, filled from the complaints already stored."""
    search.create_text_index(conn)


def _period_close(conn: Connection) -> None:
    """Months closed once reported (tutup buku), with their recap as sent."""
    open_close = text("reopened_at IS NULL")
    Table(
        "period_close",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("year", Integer, nullable=False),
        Column("month", Integer, nullable=False),
        Column("closed_at", DateTime, nullable=False),
        Column("closed_by", String, nullable=False),
        Column("figures", String, nullable=False),
        Column("note", String),
        Column("reopened_at", DateTime),
        Column("reopened_by", String),
        Column("reopen_note", String),
        Index(
            "ux_period_close_open",
            "year",
            "month",
            unique=True,
            sqlite_where=open_close,
            postgresql_where=open_close,
        ),
    ).create(conn)
    accounts.refresh(conn)


def _news_satker(conn: Connection) -> None:
    """Joint coverage: the other satker a news item also covers, beside its own."""
    metadata = MetaData()
    Table("news", metadata, Column("id", Integer, primary_key=True))
    Table("satker", metadata, Column("id", Integer, primary_key=True))
    Table(
        "news_satker",
        metadata,
        Column("news_id", Integer, ForeignKey("news.id"), primary_key=True),
        Column("satker_id", Integer, ForeignKey("satker.id"), primary_key=True),
        Index("ix_news_satker_satker", "satker_id"),
    ).create(conn)
    accounts.refresh(conn)


def _complaint_spans(conn: Connection) -> None:
    """The interval index of closed complaints' spans (received to resolved), filled from the
    complaints already stored: open as of a past day without reading every close since."""
    spans.create_span_index(conn)


MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema", _baseline),
    Migration(2, "index of close dates for closed complaints only", _partial_resolved_index),
    Migration(3, "nil reports for news", _news_nil_reports),
    Migration(4, "public holidays stored in the database", _official_holidays),
    Migration(5, "satker contacts and sent reminders", _reminders),
    Migration(6, "operator accounts", _operators),
    Migration(7, "responsible officer of a complaint", _officers),
    Migration(8, "external refs compared without regard to case", _external_keys),
    Migration(9, "news URL keys by the rules of share links", _news_url_keys),
    Migration(10, "replies to complainants", _replies),
    Migration(11, "satker aliases", _satker_aliases),
    Migration(12, "complaints forwarded to another satker", _forwards),
    Migration(13, "working days given to each complaint", _complaint_sla_days),
    Migration(14, "evidence files of complaints", _complaint_files),
    Migration(15, "search index of complaint texts", _complaint_text_index),
    Migration(16, "months closed once reported", _period_close),
    Migration(17, "news items covering several satker", _news_satker),
    Migration(18, "interval index of complaints open until closed", _complaint_spans),
]

LATEST = MIGRATIONS[-1].version

_table = SchemaMigration.__table__  # type: ignore[attr-defined]


def has_schema_table(conn: Connection) -> bool:
    return inspect(conn).has_table(_table.name)


def has_any_table(conn: Connection) -> bool:
    return bool(inspect(conn).get_table_names())


def current_version(conn: Connection) -> int:
    versions = conn.execute(select(_table.c.version)).scalars().all()
    return max(versions, default=0)


def create_schema(conn: Connection) -> None:
    """Create every table of the newest schema and record every version as applied."""
    SQLModel.metadata.create_all(conn)
    search.create_text_index(conn)
    spans.create_span_index(conn)
    accounts.prepare_schema(conn)
    conn.execute(
        _table.insert(),
        [{"version": m.version, "name": m.name, "applied_at": now()} for m in MIGRATIONS],
    )


def upgrade(conn: Connection, from_version: int) -> list[str]:
    """Apply the steps newer than from_version; returns their names."""
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= from_version:
            continue
        migration.apply(conn)
        conn.execute(
            _table.insert(),
            {"version": migration.version, "name": migration.name, "applied_at": now()},
        )
        applied.append(migration.name)
    return applied
