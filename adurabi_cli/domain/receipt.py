"""What a receipt (tanda terima) for a complaint says: pure text, no PDF, no database.

It is handed to the complainant, so it carries nothing another person should not read: never
the contact, and for a confidential complaint neither the name nor the summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from adurabi_cli.domain.dates import long_date_id
from adurabi_cli.domain.status import status_label

TITLE = "TANDA TERIMA PENGADUAN"
HIDDEN = "(dirahasiakan)"
SUMMARY_MAX = 300


@dataclass(frozen=True)
class Receipt:
    office: str
    unit: str | None  # the satker that received it, when it is not the office itself
    title: str
    rows: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    footer: str


def short_text(text: str, limit: int = SUMMARY_MAX) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def receipt_for(
    record: Mapping[str, Any],
    *,
    office: str,
    unit: str,
    channel: str,
    printed_on: date,
    operator: str,
) -> Receipt:
    """The receipt of a complaint record (the fields of docs/design.md section 4)."""
    number = record["number"]
    if record["anonymous"]:
        name = "(anonim)"
    elif record["confidential"]:
        name = HIDDEN
    else:
        name = record["complainant_name"] or "-"
    summary = HIDDEN if record["confidential"] else short_text(record["summary"])
    rows = (
        ("Nomor pengaduan", number),
        ("Tanggal diterima", long_date_id(record["received_on"])),
        ("Saluran", channel),
        ("Nama pelapor", name),
        ("Pokok pengaduan", summary),
        ("Batas waktu tindak lanjut", long_date_id(record["due_on"])),
        ("Status", status_label(record["status"])),
    )
    paragraphs = (
        f"Pengaduan Anda telah kami terima dan dicatat dengan nomor {number}. Simpan tanda "
        "terima ini.",
        f"Untuk menanyakan perkembangannya, hubungi petugas pengaduan {unit} dengan menyebutkan "
        f"nomor pengaduan {number}.",
    )
    return Receipt(
        office=office,
        unit=unit if unit != office else None,
        title=TITLE,
        rows=rows,
        paragraphs=paragraphs,
        footer=f"Dicetak {long_date_id(printed_on)} oleh {operator}",
    )
