"""How complaint records read on a terminal or in piped rows: columns, labels, dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from adurabi_cli.i18n import indonesian_number
from adurabi_cli.render.output import Column, date_id, moment, plain_value

CONFIDENTIAL_MASK = "(dirahasiakan)"
SUMMARY_WIDTH = 70


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def short(text: str | None) -> str:
    line = one_line(text)
    return line if len(line) <= SUMMARY_WIDTH else line[: SUMMARY_WIDTH - 1] + "…"


LIST_COLUMNS = (
    Column("number", "Nomor", style="cyan"),
    Column("satker", "Satker"),
    Column("received_on", "Diterima", fmt=date_id),
    Column("channel", "Kanal"),
    Column("category", "Kategori"),
    Column("status", "Status"),
    Column("due_on", "Tenggat", fmt=date_id),
    Column("overdue", "Terlambat", fmt=lambda v: "ya" if v else ""),
    Column("officer", "Penanggung jawab"),
    Column("summary", "Ringkasan", max_width=SUMMARY_WIDTH, cut=True),
)
REPLY_COLUMNS = (
    Column("replied_on", "Tanggal", fmt=date_id),
    Column("via", "Melalui"),
    Column("response_days", "Hari kerja"),
    Column("satisfaction", "Kepuasan"),
    Column("note", "Isi jawaban", max_width=60),
    Column("created_by", "Operator"),
)
FILE_COLUMNS = (
    Column("name", "Nama berkas"),
    Column("media_type", "Jenis"),
    Column("size", "Ukuran (byte)", justify="right", fmt=indonesian_number),
    Column("sha256", "SHA-256"),
    Column("added_at", "Ditambahkan", fmt=moment),
    Column("added_by", "Oleh"),
)
SHOW_LABELS = (
    ("number", "Nomor"),
    ("id", "Id"),
    ("satker", "Satker"),
    ("received_on", "Diterima"),
    ("channel", "Kanal"),
    ("category", "Kategori"),
    ("summary", "Ringkasan"),
    ("complainant_name", "Nama pelapor"),
    ("complainant_contact", "Kontak pelapor"),
    ("anonymous", "Anonim"),
    ("confidential", "Rahasia"),
    ("external_ref", "Nomor eksternal"),
    ("status", "Status"),
    ("due_on", "Tenggat"),
    ("extended", "Diperpanjang"),
    ("overdue", "Terlambat"),
    ("resolved_on", "Diselesaikan"),
    ("resolution", "Tindak lanjut"),
    ("officer", "Penanggung jawab"),
    ("officer_nip", "NIP penanggung jawab"),
    ("first_reply_on", "Dijawab pertama"),
    ("forwarded_from", "Dialihkan dari"),
    ("forwarded_to", "Dialihkan ke"),
    ("created_by", "Dicatat oleh"),
    ("created_at", "Dicatat"),
    ("updated_at", "Diubah"),
    ("deleted_at", "Dihapus"),
)


def list_view(record: dict[str, Any]) -> dict[str, Any]:
    """A list row for reading: the whole summary on one line, hidden when confidential."""
    summary = CONFIDENTIAL_MASK if record["confidential"] else one_line(record["summary"])
    return {**record, "summary": summary}


def brief(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, date):
        return date_id(value)
    return short(plain_value(value))
