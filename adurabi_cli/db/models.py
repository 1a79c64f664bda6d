"""Tables of the newest schema. Field names follow docs/design.md section 4.

Partial indexes carry only `sqlite_where`: naming a PostgreSQL option here would load
SQLAlchemy's whole PostgreSQL dialect on every start. `db.engine` copies the condition to
PostgreSQL when it opens a PostgreSQL database (`partial_indexes_for`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import AutoString, Field, SQLModel

from adurabi_cli.domain.status import OPEN_STATUSES

# Who sets a field of a record (json_schema_extra "set_by"): the person entering a new
# record, an import restoring an exported one, or the program. A stored column without it
# is internal and never shown.
PERSON = "person"
IMPORT = "import"
PROGRAM = "program"


def about(set_by: str, **sheet: object) -> dict[str, object]:
    """A Field's schema_extra: who sets the field and how its sheet column looks (width,
    kind, required, personal, in_template, multiline, choices, future_ok; see
    excel.columns.ExcelColumn, whose defaults apply to what is left out)."""
    return {"json_schema_extra": {"set_by": set_by, **sheet}}


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
    """A satker (unit) of the Kanwil. Its record (`satker list --json`, SATKER_RECORD) is
    what a person sets: the fields marked PERSON, in column order."""

    __tablename__ = "satker"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, schema_extra=about(PERSON))
    name: str = Field(schema_extra=about(PERSON))
    kind: str = Field(schema_extra=about(PERSON))
    active: bool = Field(default=True, schema_extra=about(PERSON))
    created_at: datetime
    updated_at: datetime
    # The humas officer reminders go to (`satker update`, the satker CSV).
    contact_name: str | None = Field(default=None, schema_extra=about(PERSON))
    email: str | None = Field(default=None, schema_extra=about(PERSON))
    phone: str | None = Field(default=None, schema_extra=about(PERSON))
    # Short names people say ("LP Kerobokan"), "; "-separated (domain.satker_names).
    aliases: str | None = Field(default=None, schema_extra=about(PERSON))


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


class ComplaintBase(SQLModel):
    """A complaint's stored fields, in the table's column order, each described once: its
    limit (max_length, which validation enforces; sa_type keeps the column type as it was),
    the Pengaduan sheet's header (title) and the template's text for it (description), and
    in json_schema_extra who sets it (SET_BY) and how its sheet column looks (`sheet`)."""

    id: int | None = Field(default=None, primary_key=True, schema_extra=about(PROGRAM))
    number: str = Field(
        unique=True,
        title="Nomor Pengaduan",
        description="Nomor pelacakan PGD-YYYY-NNNNN; kosongkan untuk pengaduan baru",
        schema_extra=about(IMPORT, width=17, in_template=False),
    )
    satker_id: int = Field(foreign_key="satker.id")
    received_on: date = Field(
        title="Tanggal Diterima",
        description="Tanggal pengaduan diterima, DD/MM/YYYY; tidak boleh di masa depan",
        schema_extra=about(PERSON, width=12, required=True),
    )
    channel: str = Field(
        title="Kanal",
        description="Kanal pengaduan",
        schema_extra=about(PERSON, width=16, choices="channel"),
    )
    category: str = Field(
        title="Kategori",
        description="Kategori pengaduan",
        schema_extra=about(PERSON, width=20, choices="category"),
    )
    summary: str = Field(
        max_length=10_000,
        sa_type=AutoString,
        title="Ringkasan Pengaduan",
        description="Isi singkat pengaduan",
        schema_extra=about(PERSON, width=50, required=True, multiline=True),
    )
    complainant_name: str | None = Field(
        default=None,
        max_length=200,
        sa_type=AutoString,
        title="Nama Pengadu",
        description="Nama pengadu; kosongkan bila anonim",
        schema_extra=about(PERSON, width=20, personal=True),
    )
    complainant_contact: str | None = Field(
        default=None,
        max_length=200,
        sa_type=AutoString,
        title="Kontak Pengadu",
        description="Telepon, WhatsApp atau email pengadu; kosongkan bila anonim",
        schema_extra=about(PERSON, width=20, personal=True),
    )
    anonymous: bool = Field(
        default=False,
        title="Anonim",
        description="ya bila pengadu tidak menyebutkan identitas (nama dan kontak tidak disimpan)",
        schema_extra=about(PERSON, width=9, choices="bool"),
    )
    confidential: bool = Field(
        default=False,
        title="Rahasia",
        description="ya bila identitas dan ringkasan harus dirahasiakan di setiap rekap",
        schema_extra=about(PERSON, width=9, choices="bool"),
    )
    external_ref: str | None = Field(
        default=None,
        max_length=100,
        sa_type=AutoString,
        title="Nomor SP4N-LAPOR!/Referensi",
        description="Nomor tiket SP4N-LAPOR! atau referensi lain; harus unik",
        schema_extra=about(PERSON, width=20),
    )
    # The defaults of the fields a restored record brings are a new complaint's state.
    status: str = Field(
        default=OPEN_STATUSES[0],
        title="Status",
        description="Status tindak lanjut; kosong berarti diterima",
        schema_extra=about(IMPORT, width=13, choices="status"),
    )
    due_on: date = Field(
        title="Batas Waktu",
        description="Batas waktu penyelesaian (14 hari kerja), dihitung oleh aplikasi",
        schema_extra=about(IMPORT, width=12, in_template=False, future_ok=True),
    )
    extended: bool = Field(
        default=False,
        title="Diperpanjang",
        description="ya bila batas waktu sudah diperpanjang",
        schema_extra=about(IMPORT, width=12, in_template=False, choices="bool"),
    )
    resolved_on: date | None = Field(
        default=None,
        title="Tanggal Selesai",
        description="Tanggal pengaduan ditutup (selesai, ditolak atau dialihkan)",
        schema_extra=about(IMPORT, width=12),
    )
    resolution: str | None = Field(
        default=None,
        title="Tindak Lanjut",
        description="Tindak lanjut, alasan penolakan, atau instansi tujuan pengalihan",
        schema_extra=about(IMPORT, width=40, multiline=True),
    )
    deleted_at: datetime | None = None
    created_by: str = Field(schema_extra=about(PROGRAM))
    created_at: datetime = Field(schema_extra=about(PROGRAM))
    updated_at: datetime = Field(schema_extra=about(PROGRAM))
    # The responsible officer (penanggung jawab): `complaint assign`. Added columns come last,
    # where an upgrade's ALTER TABLE puts them, so old and new files have one shape.
    officer: str | None = Field(
        default=None,
        max_length=100,
        sa_type=AutoString,
        title="Penanggung Jawab",
        description="Petugas yang menangani pengaduan (complaint assign)",
        schema_extra=about(IMPORT, width=20, in_template=False),
    )
    officer_nip: str | None = Field(
        default=None,
        title="NIP Penanggung Jawab",
        description="NIP petugas yang menangani pengaduan",
        # An NIP's 18 digits on one printed line.
        schema_extra=about(IMPORT, width=22, in_template=False),
    )
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


class Complaint(ComplaintBase, table=True):
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


class ComplaintRecord(ComplaintBase):
    """A complaint as `--json`, `--csv` and the Pengaduan sheet give it: the stored fields
    and what the program reads beside them (its satker's code, overdue, replies, links)."""

    satker: str = Field(
        title="Satker",
        description="Kode satker (pilih dari daftar) atau nama resminya",
        schema_extra=about(PERSON, width=22, required=True, choices="satker"),
    )
    overdue: bool = Field(
        default=False,
        title="Terlambat",
        description="ya bila masih terbuka melewati batas waktu (dihitung oleh aplikasi)",
        schema_extra=about(PROGRAM, width=10, in_template=False),
    )
    first_reply_on: date | None = Field(
        default=None,
        title="Tanggal Jawaban Pertama",
        description="Tanggal jawaban pertama kepada pengadu (complaint reply)",
        schema_extra=about(PROGRAM, width=12, in_template=False),
    )
    forwarded_from: str | None = Field(
        default=None,
        title="Dialihkan Dari",
        description="Nomor pengaduan asal bila pengaduan ini dialihkan dari satker lain",
        schema_extra=about(PROGRAM, width=16, in_template=False),
    )
    forwarded_to: str | None = Field(
        default=None,
        title="Dialihkan Ke",
        description="Nomor pengaduan baru di satker tujuan bila pengaduan ini dialihkan",
        schema_extra=about(PROGRAM, width=16, in_template=False),
    )
    files: str | None = Field(
        default=None,
        title="Berkas Bukti",
        description="Nama dan SHA-256 berkas bukti yang tersimpan (isinya tidak diekspor)",
        schema_extra=about(PROGRAM, width=40, personal=True, in_template=False),
    )


# The order of a complaint's record (`--json`, `--csv`; docs/design.md section 4) and of the
# Pengaduan sheet's columns. Neither is the table's order (upgrades append columns) nor the
# other's (overdue), and scripts and filled-in sheets read them by position: each is written
# here once, everything else about a field is in its Field above.
COMPLAINT_RECORD = (
    "id", "number", "satker", "received_on", "channel", "category", "summary",
    "complainant_name", "complainant_contact", "anonymous", "confidential", "external_ref",
    "status", "due_on", "extended", "resolved_on", "resolution", "officer", "officer_nip",
    "overdue", "first_reply_on", "forwarded_from", "forwarded_to",
    "created_by", "created_at", "updated_at",
)  # fmt: skip
COMPLAINT_SHEET = (
    "number", "satker", "received_on", "channel", "category", "summary",
    "complainant_name", "complainant_contact", "anonymous", "confidential", "external_ref",
    "status", "due_on", "extended", "resolved_on", "resolution", "overdue", "officer",
    "officer_nip", "first_reply_on", "forwarded_from", "forwarded_to", "files",
)  # fmt: skip


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


class NewsBase(SQLModel):
    """A news item's stored fields, in the table's column order, described as ComplaintBase's
    are (limits, the Berita sheet's headers and texts, who sets each)."""

    id: int | None = Field(default=None, primary_key=True, schema_extra=about(PROGRAM))
    satker_id: int = Field(foreign_key="satker.id")
    published_on: date = Field(
        title="Tanggal Terbit",
        description="Tanggal berita terbit, DD/MM/YYYY; tidak boleh di masa depan",
        schema_extra=about(PERSON, width=12, required=True),
    )
    title: str = Field(
        max_length=1000,
        sa_type=AutoString,
        title="Judul",
        description="Judul berita atau unggahan",
        schema_extra=about(PERSON, width=50, required=True, multiline=True),
    )
    media: str = Field(
        title="Media",
        description="Jenis media",
        schema_extra=about(PERSON, width=14, required=True, choices="media"),
    )
    outlet: str | None = Field(
        default=None,
        max_length=200,
        sa_type=AutoString,
        title="Nama Media/Akun",
        description="Nama media atau akun, misalnya Bali Post atau @kemenkumhambali",
        schema_extra=about(PERSON, width=20),
    )
    url: str | None = Field(
        default=None,
        max_length=2048,
        sa_type=AutoString,
        title="Tautan",
        description="Alamat web berita (http:// atau https://); satu tautan hanya dicatat sekali",
        # Written as a link (excel.columns.URL); other kinds follow the field's type.
        schema_extra=about(PERSON, width=45, kind="url"),
    )
    url_key: str | None = None
    category: str = Field(
        title="Kategori",
        description="Kategori berita; kosong berarti kegiatan",
        schema_extra=about(PERSON, width=14, choices="news_category"),
    )
    sentiment: str = Field(
        title="Sentimen",
        description="positif, netral atau negatif; kosong berarti netral",
        schema_extra=about(PERSON, width=10, choices="sentiment"),
    )
    views: int | None = Field(
        default=None,
        title="Dilihat",
        description="Jumlah tayangan, bila diketahui",
        schema_extra=about(PERSON, width=10),
    )
    likes: int | None = Field(
        default=None,
        title="Disukai",
        description="Jumlah suka, bila diketahui",
        schema_extra=about(PERSON, width=10),
    )
    comments: int | None = Field(
        default=None,
        title="Komentar",
        description="Jumlah komentar, bila diketahui",
        schema_extra=about(PERSON, width=10),
    )
    shares: int | None = Field(
        default=None,
        title="Dibagikan",
        description="Jumlah dibagikan, bila diketahui",
        schema_extra=about(PERSON, width=10),
    )
    deleted_at: datetime | None = None
    created_by: str = Field(schema_extra=about(PROGRAM))
    created_at: datetime = Field(schema_extra=about(PROGRAM))
    updated_at: datetime = Field(schema_extra=about(PROGRAM))


class News(NewsBase, table=True):
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


class NewsRecord(NewsBase):
    """A news item as `--json`, `--csv` and the Berita sheet give it."""

    satker: str = Field(
        title="Satker",
        description="Kode satker (pilih dari daftar) atau nama resminya",
        schema_extra=about(PERSON, width=22, required=True, choices="satker"),
    )
    # The group of its media (website, massa, sosial), from the vocabulary.
    media_group: str | None = Field(default=None, schema_extra=about(PROGRAM))
    # The other satker the item also covers (joint coverage): a list of codes in a record,
    # "; "-separated in a sheet.
    also_satker: str | None = Field(
        default=None,
        title="Satker Lain",
        description=(
            "Satker lain yang juga diberitakan (liputan bersama), kode atau nama, dipisah "
            "titik koma (;); berita dihitung juga untuk satker itu, sekali dalam jumlah"
        ),
        schema_extra=about(PERSON, width=22),
    )


# The order of a news item's record and of the Berita sheet's columns (as COMPLAINT_RECORD):
# fields added later come last, so what scripts and older files read by position stays put.
NEWS_RECORD = (
    "id", "satker", "published_on", "title", "media", "media_group", "outlet", "url",
    "category", "sentiment", "views", "likes", "comments", "shares",
    "created_by", "created_at", "updated_at", "also_satker",
)  # fmt: skip
NEWS_SHEET = (
    "satker", "published_on", "title", "media", "outlet", "url", "category", "sentiment",
    "views", "likes", "comments", "shares", "also_satker",
)  # fmt: skip


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


# --- reading the descriptions -------------------------------------------------------------


def extra_of(model: type[SQLModel], name: str) -> dict[str, Any]:
    """What a field's json_schema_extra says (empty for an internal column)."""
    found = model.model_fields[name].json_schema_extra
    return found if isinstance(found, dict) else {}


def fields_set_by(model: type[SQLModel], who: str, among: Iterable[str]) -> tuple[str, ...]:
    """The fields of among (in that order) that who sets (PERSON, IMPORT or PROGRAM)."""
    return tuple(name for name in among if extra_of(model, name).get("set_by") == who)


def max_length(model: type[SQLModel], name: str) -> int:
    """A text field's limit, as its Field's max_length gives it (pydantic keeps it among the
    field's metadata, as an annotated_types.MaxLen)."""
    for item in model.model_fields[name].metadata:
        limit = getattr(item, "max_length", None)
        if limit is not None:
            return limit
    raise LookupError(name)


SATKER_RECORD = fields_set_by(Satker, PERSON, Satker.model_fields)
