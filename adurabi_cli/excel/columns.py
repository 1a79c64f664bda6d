"""The columns of the Pengaduan and Berita sheets: one list for export, import and template.

Each column names its docs/design.md section 4 field, the Indonesian header operators read, how its
cells are typed and how wide they are. The export writes these headers; import accepts
either the header or the field name (any case, any spacing); the template offers the
columns a satker fills in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

# Cell kinds.
TEXT = "text"
DATE = "date"
DATETIME = "datetime"
INT = "int"
BOOL = "bool"
PCT = "pct"
URL = "url"

COMPLAINTS = "complaints"
NEWS = "news"

# The first cell of a sheet's totals row, which import skips.
TOTAL_LABEL = "Jumlah"
# What a recap made without --include-personal writes for a confidential summary; import
# refuses it as a summary.
CONFIDENTIAL_TEXT = "(dirahasiakan)"


@dataclass(frozen=True)
class ExcelColumn:
    field: str
    header: str
    kind: str = TEXT
    width: float = 14
    # Import refuses a file without this column, and a row with this cell blank.
    required: bool = False
    # Complainant identity: left out of exports unless --include-personal.
    personal: bool = False
    # Written by export, understood but ignored by import (derived by the program).
    derived: bool = False
    # Offered in the entry template.
    in_template: bool = True
    # Text that may run to several lines: wrapped in the sheet, newlines kept on import.
    multiline: bool = False
    # Where a drop-down's values come from: satker, status, sentiment, bool or a vocab kind.
    choices: str | None = None
    # A date that may lie ahead (a deadline); other dates in the future are refused.
    future_ok: bool = False
    # What the instructions sheet says the column holds, in Indonesian.
    description: str = ""

    @property
    def is_date(self) -> bool:
        return self.kind in (DATE, DATETIME)


def _col(field: str, header: str, kind: str = TEXT, width: float = 14, **extra) -> ExcelColumn:
    return ExcelColumn(field, header, kind, width, **extra)


COMPLAINT_COLUMNS: tuple[ExcelColumn, ...] = (
    _col(
        "number",
        "Nomor Pengaduan",
        width=17,
        in_template=False,
        description="Nomor pelacakan PGD-YYYY-NNNNN; kosongkan untuk pengaduan baru",
    ),
    _col(
        "satker",
        "Satker",
        width=22,
        required=True,
        choices="satker",
        description="Kode satker (pilih dari daftar) atau nama resminya",
    ),
    _col(
        "received_on",
        "Tanggal Diterima",
        DATE,
        12,
        required=True,
        description="Tanggal pengaduan diterima, DD/MM/YYYY; tidak boleh di masa depan",
    ),
    _col("channel", "Kanal", width=16, choices="channel", description="Kanal pengaduan"),
    _col("category", "Kategori", width=20, choices="category", description="Kategori pengaduan"),
    _col(
        "summary",
        "Ringkasan Pengaduan",
        width=50,
        required=True,
        multiline=True,
        description="Isi singkat pengaduan",
    ),
    _col(
        "complainant_name",
        "Nama Pengadu",
        width=20,
        personal=True,
        description="Nama pengadu; kosongkan bila anonim",
    ),
    _col(
        "complainant_contact",
        "Kontak Pengadu",
        width=20,
        personal=True,
        description="Telepon, WhatsApp atau email pengadu; kosongkan bila anonim",
    ),
    _col(
        "anonymous",
        "Anonim",
        BOOL,
        9,
        choices="bool",
        description="ya bila pengadu tidak menyebutkan identitas (nama dan kontak tidak disimpan)",
    ),
    _col(
        "confidential",
        "Rahasia",
        BOOL,
        9,
        choices="bool",
        description="ya bila identitas dan ringkasan harus dirahasiakan di setiap rekap",
    ),
    _col(
        "external_ref",
        "Nomor SP4N-LAPOR!/Referensi",
        width=20,
        description="Nomor tiket SP4N-LAPOR! atau referensi lain; harus unik",
    ),
    _col(
        "status",
        "Status",
        width=13,
        choices="status",
        description="Status tindak lanjut; kosong berarti diterima",
    ),
    _col(
        "due_on",
        "Batas Waktu",
        DATE,
        12,
        in_template=False,
        future_ok=True,
        description="Batas waktu penyelesaian (14 hari kerja), dihitung oleh aplikasi",
    ),
    _col(
        "extended",
        "Diperpanjang",
        BOOL,
        12,
        in_template=False,
        choices="bool",
        description="ya bila batas waktu sudah diperpanjang",
    ),
    _col(
        "resolved_on",
        "Tanggal Selesai",
        DATE,
        12,
        description="Tanggal pengaduan ditutup (selesai, ditolak atau dialihkan)",
    ),
    _col(
        "resolution",
        "Tindak Lanjut",
        width=40,
        multiline=True,
        description="Tindak lanjut, alasan penolakan, atau instansi tujuan pengalihan",
    ),
    _col(
        "overdue",
        "Terlambat",
        BOOL,
        10,
        derived=True,
        in_template=False,
        description="ya bila masih terbuka melewati batas waktu (dihitung oleh aplikasi)",
    ),
    _col(
        "officer",
        "Penanggung Jawab",
        width=20,
        in_template=False,
        description="Petugas yang menangani pengaduan (complaint assign)",
    ),
    _col(
        "officer_nip",
        "NIP Penanggung Jawab",
        # An NIP's 18 digits on one printed line.
        width=22,
        in_template=False,
        description="NIP petugas yang menangani pengaduan",
    ),
    _col(
        "first_reply_on",
        "Tanggal Jawaban Pertama",
        DATE,
        12,
        derived=True,
        in_template=False,
        description="Tanggal jawaban pertama kepada pengadu (complaint reply)",
    ),
    _col(
        "forwarded_from",
        "Dialihkan Dari",
        width=16,
        derived=True,
        in_template=False,
        description="Nomor pengaduan asal bila pengaduan ini dialihkan dari satker lain",
    ),
    _col(
        "forwarded_to",
        "Dialihkan Ke",
        width=16,
        derived=True,
        in_template=False,
        description="Nomor pengaduan baru di satker tujuan bila pengaduan ini dialihkan",
    ),
    _col(
        "files",
        "Berkas Bukti",
        width=40,
        personal=True,
        derived=True,
        in_template=False,
        description="Nama dan SHA-256 berkas bukti yang tersimpan (isinya tidak diekspor)",
    ),
)

NEWS_COLUMNS: tuple[ExcelColumn, ...] = (
    _col(
        "satker",
        "Satker",
        width=22,
        required=True,
        choices="satker",
        description="Kode satker (pilih dari daftar) atau nama resminya",
    ),
    _col(
        "published_on",
        "Tanggal Terbit",
        DATE,
        12,
        required=True,
        description="Tanggal berita terbit, DD/MM/YYYY; tidak boleh di masa depan",
    ),
    _col(
        "title",
        "Judul",
        width=50,
        required=True,
        multiline=True,
        description="Judul berita atau unggahan",
    ),
    _col("media", "Media", width=14, required=True, choices="media", description="Jenis media"),
    _col(
        "outlet",
        "Nama Media/Akun",
        width=20,
        description="Nama media atau akun, misalnya Bali Post atau @kemenkumhambali",
    ),
    _col(
        "url",
        "Tautan",
        URL,
        45,
        description="Alamat web berita (http:// atau https://); satu tautan hanya dicatat sekali",
    ),
    _col(
        "category",
        "Kategori",
        width=14,
        choices="news_category",
        description="Kategori berita; kosong berarti kegiatan",
    ),
    _col(
        "sentiment",
        "Sentimen",
        width=10,
        choices="sentiment",
        description="positif, netral atau negatif; kosong berarti netral",
    ),
    _col("views", "Dilihat", INT, 10, description="Jumlah tayangan, bila diketahui"),
    _col("likes", "Disukai", INT, 10, description="Jumlah suka, bila diketahui"),
    _col("comments", "Komentar", INT, 10, description="Jumlah komentar, bila diketahui"),
    _col("shares", "Dibagikan", INT, 10, description="Jumlah dibagikan, bila diketahui"),
    # Added after the others: the columns before it keep their places in older files.
    _col(
        "also_satker",
        "Satker Lain",
        width=22,
        description=(
            "Satker lain yang juga diberitakan (liputan bersama), kode atau nama, dipisah "
            "titik koma (;); berita dihitung juga untuk satker itu, sekali dalam jumlah"
        ),
    ),
)

# Columns of a `complaint list --csv` / `news list --csv` file that import recognises and
# leaves alone: the program assigns them itself.
IGNORED_ON_IMPORT: dict[str, tuple[str, ...]] = {
    COMPLAINTS: ("id", "created_by", "created_at", "updated_at"),
    NEWS: ("id", "media_group", "created_by", "created_at", "updated_at"),
}

SHEET_NAMES = {COMPLAINTS: "Pengaduan", NEWS: "Berita"}
KIND_WORDS = {COMPLAINTS: "complaint", NEWS: "news"}


def columns_for(kind: str) -> tuple[ExcelColumn, ...]:
    """The column set of `complaints` or `news`."""
    if kind == COMPLAINTS:
        return COMPLAINT_COLUMNS
    if kind == NEWS:
        return NEWS_COLUMNS
    raise InvalidInput(
        _("unknown kind of record {kind!r}; use complaints or news").format(kind=kind)
    )


def export_columns(kind: str, *, include_personal: bool = False) -> tuple[ExcelColumn, ...]:
    """The columns an export writes: personal ones only when asked for."""
    return tuple(c for c in columns_for(kind) if include_personal or not c.personal)


def template_columns(kind: str) -> tuple[ExcelColumn, ...]:
    """The columns a satker fills in on the entry template."""
    return tuple(c for c in columns_for(kind) if c.in_template)


def header_key(text: object) -> str:
    """A header as compared: case, spacing, underscores and a trailing * or : ignored."""
    cleaned = " ".join(str(text).replace("_", " ").split()).casefold()
    return cleaned.rstrip("*: ").strip()


_LOOKUP_CACHE: dict[str, dict[str, ExcelColumn | None]] = {}


def _lookup(kind: str) -> dict[str, ExcelColumn | None]:
    if kind not in _LOOKUP_CACHE:
        table: dict[str, ExcelColumn | None] = {}
        for column in columns_for(kind):
            table[header_key(column.header)] = column
            table[header_key(column.field)] = column
        for name in IGNORED_ON_IMPORT[kind]:
            table.setdefault(header_key(name), None)
        _LOOKUP_CACHE[kind] = table
    return _LOOKUP_CACHE[kind]


_MISSING = object()


def find_column(kind: str, header: object) -> ExcelColumn | None:
    """The column a header names (Indonesian header or field name); None if ignored.

    Raises InvalidInput for a header that names no column of this kind.
    """
    found = _lookup(kind).get(header_key(header), _MISSING)
    if found is _MISSING:
        raise InvalidInput(
            _("unknown column {value!r}").format(value=" ".join(str(header).split()))
        )
    return found  # type: ignore[return-value]


def is_known_header(kind: str, header: object) -> bool:
    """Whether a header names a column of this kind, or one import ignores."""
    return header_key(header) in _lookup(kind)


def describe_headers(columns: Iterable[ExcelColumn]) -> str:
    """The headers for a message, e.g. `Satker, Tanggal Diterima`."""
    return ", ".join(c.header for c in columns)
