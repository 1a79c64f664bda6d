"""Tables of the newest schema. Field names follow docs/design.md section 4.

Partial indexes carry only `sqlite_where`: naming a PostgreSQL option here would load
SQLAlchemy's whole PostgreSQL dialect on every start. `db.engine` copies the condition to
PostgreSQL when it opens a PostgreSQL database (`partial_indexes_for`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class SchemaMigration(SQLModel, table=True):
    __tablename__ = "schema_migration"
    version: int = Field(primary_key=True)
    name: str
    applied_at: datetime


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


class Satker(SQLModel, table=True):
    __tablename__ = "satker"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    kind: str
    active: bool = True
    created_at: datetime
    updated_at: datetime
    # The humas officer reminders go to (`satker update`, the satker CSV).
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    # Short names people say ("LP Kerobokan"), "; "-separated (domain.satker_names).
    aliases: str | None = None


class Vocab(SQLModel, table=True):
    """Extendable vocabularies: channel, category, media, news_category."""

    __tablename__ = "vocab"
    __table_args__ = (UniqueConstraint("kind", "slug"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    slug: str
    label: str
    group: str | None = None
    builtin: bool = False


class Holiday(SQLModel, table=True):
    """Extra non-working days the Kanwil adds (cuti bersama, local days)."""

    __tablename__ = "holiday"
    day: date = Field(primary_key=True)
    name: str
    created_by: str
    created_at: datetime


class OfficialHoliday(SQLModel, table=True):
    """Indonesian public holidays, filled from the `holidays` package (init, upgrade,
    `holiday refresh`): stored, so every operator of a database counts the same days."""

    __tablename__ = "official_holiday"
    day: date = Field(primary_key=True)
    name: str


class NumberSequence(SQLModel, table=True):
    """Last tracking number handed out per year; bumped inside the writing transaction."""

    __tablename__ = "number_sequence"
    year: int = Field(primary_key=True)
    last: int


class Complaint(SQLModel, table=True):
    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_received", "received_on"),
        Index("ix_complaint_satker_received", "satker_id", "received_on"),
        Index("ix_complaint_status_due", "status", "due_on"),
        # Only closed complaints have a close date: an open one (every new one) adds no
        # entry, and every query on the date (a range) implies the condition.
        Index("ix_complaint_resolved", "resolved_on", sqlite_where=text("resolved_on IS NOT NULL")),
        Index("ix_complaint_satker_created", "satker_id", "created_at"),
        Index(
            "ux_complaint_external_key",
            "external_key",
            unique=True,
            sqlite_where=text("external_key IS NOT NULL AND deleted_at IS NULL"),
        ),
        # A complaint is forwarded once: at most one complaint names it as its origin.
        Index("ux_complaint_forwarded_from", "forwarded_from_id", unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    satker_id: int = Field(foreign_key="satker.id")
    received_on: date
    channel: str
    category: str
    summary: str
    complainant_name: str | None = None
    complainant_contact: str | None = None
    anonymous: bool = False
    confidential: bool = False
    external_ref: str | None = None
    status: str
    due_on: date
    extended: bool = False
    resolved_on: date | None = None
    resolution: str | None = None
    deleted_at: datetime | None = None
    created_by: str
    created_at: datetime
    updated_at: datetime
    # The responsible officer (penanggung jawab): `complaint assign`. Added columns come last,
    # where an upgrade's ALTER TABLE puts them, so old and new files have one shape.
    officer: str | None = None
    officer_nip: str | None = None
    # external_ref as compared (domain.complaints.external_key), unique among stored
    # complaints. Empty for a complaint whose ref another one held when schema step 8 ran:
    # both were kept, and `doctor` lists them.
    external_key: str | None = None
    # The complaint this one was forwarded from (`complaint forward`): that one was closed as
    # dialihkan when this one was opened at the target satker. A complaint's id (complaints
    # are never removed, only soft-deleted); no foreign key, so older files take the column
    # as it is.
    forwarded_from_id: int | None = None
    # The working days this complaint was given to be handled in: sla_days when it was
    # received, raised while it is open by a longer setting, never lowered (schema step 13).
    sla_days: int | None = None


class ComplaintReply(SQLModel, table=True):
    """An answer sent to the complainant (`complaint reply`); never changed once recorded."""

    __tablename__ = "complaint_reply"
    __table_args__ = (Index("ix_complaint_reply_complaint", "complaint_id", "replied_on"),)
    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id")
    replied_on: date
    via: str
    note: str
    satisfaction: str | None = None
    # Working days from the day received to this reply, by the calendar when it was recorded
    # (and again when the day received is corrected): the recap averages the first ones.
    response_days: int
    created_by: str
    created_at: datetime


class ComplaintFile(SQLModel, table=True):
    """An evidence file of a complaint (`complaint attach`), its content in the database so
    that one backup holds everything; removed whole by `complaint file-remove`."""

    __tablename__ = "complaint_file"
    __table_args__ = (
        Index("ux_complaint_file_name", "complaint_id", "name", unique=True),
        # The same content twice on one complaint is refused.
        Index("ux_complaint_file_sha256", "complaint_id", "sha256", unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id")
    name: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: datetime
    # Last: a listing reads the columns before it without walking the content's pages.
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class News(SQLModel, table=True):
    __tablename__ = "news"
    __table_args__ = (
        Index("ix_news_published", "published_on"),
        Index("ix_news_satker_published", "satker_id", "published_on"),
        Index("ix_news_satker_created", "satker_id", "created_at"),
        Index(
            "ux_news_url_key",
            "url_key",
            unique=True,
            sqlite_where=text("url_key IS NOT NULL AND deleted_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    satker_id: int = Field(foreign_key="satker.id")
    published_on: date
    title: str
    media: str
    outlet: str | None = None
    url: str | None = None
    url_key: str | None = None
    category: str
    sentiment: str
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    deleted_at: datetime | None = None
    created_by: str
    created_at: datetime
    updated_at: datetime


class NewsSatker(SQLModel, table=True):
    """Another satker a news item also covers (joint coverage): the item counts in that
    satker's recap rows too, and once in the totals. The item's own satker_id stays its
    owner; a link to the owner itself is refused by the program (schema step 17)."""

    __tablename__ = "news_satker"
    __table_args__ = (Index("ix_news_satker_satker", "satker_id"),)
    news_id: int = Field(foreign_key="news.id", primary_key=True)
    satker_id: int = Field(foreign_key="satker.id", primary_key=True)


class NilReport(SQLModel, table=True):
    """A satker's declaration that it received no complaints in a month."""

    __tablename__ = "nil_report"
    __table_args__ = (
        Index(
            "ux_nil_report_active",
            "satker_id",
            "month",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    satker_id: int = Field(foreign_key="satker.id")
    month: str
    created_by: str
    created_at: datetime
    withdrawn_at: datetime | None = None


class NewsNilReport(SQLModel, table=True):
    """A satker's declaration that it published no news in a month (tidak ada publikasi)."""

    __tablename__ = "news_nil_report"
    __table_args__ = (
        Index(
            "ux_news_nil_report_active",
            "satker_id",
            "month",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    satker_id: int = Field(foreign_key="satker.id")
    month: str
    created_by: str
    created_at: datetime
    withdrawn_at: datetime | None = None


class PeriodClose(SQLModel, table=True):
    """A month closed once reported (tutup buku): its recap as sent, who closed it and when;
    a reopen keeps the row (reopened_at/by and why) and a later close adds another."""

    __tablename__ = "period_close"
    __table_args__ = (
        # At most one close in force per month.
        Index(
            "ux_period_close_open",
            "year",
            "month",
            unique=True,
            sqlite_where=text("reopened_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    year: int
    month: int
    closed_at: datetime
    closed_by: str
    # The recap of the month as `recap --month YYYY-MM --json` printed it when closed.
    figures: str
    note: str | None = None
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reopen_note: str | None = None


class Reminder(SQLModel, table=True):
    """A reminder e-mail the SMTP server accepted; one per recipient, kind and satker a day."""

    __tablename__ = "reminder"
    __table_args__ = (Index("ix_reminder_day", "sent_on", "recipient"),)
    id: int | None = Field(default=None, primary_key=True)
    sent_on: date
    kind: str
    satker_id: int | None = Field(default=None, foreign_key="satker.id")
    recipient: str
    subject: str
    body: str
    sent_at: datetime
    sent_by: str


class Operator(SQLModel, table=True):
    """An operator account: a PostgreSQL login role, its satker and its group (db.accounts)."""

    __tablename__ = "operator"
    login: str = Field(primary_key=True)
    name: str | None = None
    satker_id: int = Field(foreign_key="satker.id")
    role: str
    created_at: datetime
    disabled_at: datetime | None = None


class History(SQLModel, table=True):
    """Every change to a complaint, news item or nil report; never updated or deleted."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    entity: str
    entity_id: int
    at: datetime
    operator: str
    action: str
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    note: str | None = None
    # The database login that made the change (PostgreSQL fills it in: `session_user`);
    # `operator` is the display name the tool was given.
    login: str | None = None
