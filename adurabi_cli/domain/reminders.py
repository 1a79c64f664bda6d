"""The text of reminders: one message per satker that owes something, one digest for the Kanwil.

Pure functions over plain values, so every wording is tested without a database or a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from adurabi_cli.domain.compliance import STATE_MISSING
from adurabi_cli.domain.dates import Month, format_date_id

SIDE_COMMANDS = {"complaints": "complaint nil", "news": "news nil"}
SIDE_LABELS = {"complaints": "Pengaduan", "news": "Berita"}


@dataclass(frozen=True)
class DueComplaint:
    number: str
    due_on: date
    working_days_late: int  # 0 when not yet due


@dataclass
class SatkerDues:
    """What one satker owes: the sides of a month's report and its complaints near or past due."""

    code: str
    name: str
    contact_name: str | None = None
    missing: list[str] = field(default_factory=list)  # "complaints", "news"
    overdue: list[DueComplaint] = field(default_factory=list)
    due_soon: list[DueComplaint] = field(default_factory=list)

    def owes(self) -> bool:
        return bool(self.missing or self.overdue or self.due_soon)


def satker_message(
    dues: SatkerDues, month: Month, deadline: date, today: date, soon_days: int
) -> tuple[str, str]:
    """(subject, body) of the reminder to one satker."""
    parts = []
    if dues.missing:
        parts.append(f"laporan {month.label_id}")
    if dues.overdue:
        parts.append(f"{len(dues.overdue)} pengaduan terlambat")
    if dues.due_soon:
        parts.append(f"{len(dues.due_soon)} pengaduan jatuh tempo")
    subject = f"[ADURABI] Pengingat {dues.code}: " + ", ".join(parts)
    lines = [
        f"Yth. {dues.contact_name or 'Petugas Humas'}",
        dues.name,
        "",
        f"Pengingat ADURABI per {format_date_id(today)}.",
    ]
    if dues.missing:
        lines += [
            "",
            f"Laporan bulan {month.label_id} belum lengkap "
            f"(batas pelaporan {format_date_id(deadline)}):",
        ]
        lines += [
            f"- {SIDE_LABELS[side]}: belum ada data maupun laporan nihil "
            f"(adurabi {SIDE_COMMANDS[side]})"
            for side in dues.missing
        ]
    if dues.overdue:
        lines += ["", f"Pengaduan melewati tenggat ({len(dues.overdue)}):"]
        lines += [
            f"- {c.number}, tenggat {format_date_id(c.due_on)} "
            f"(terlambat {c.working_days_late} hari kerja)"
            for c in dues.overdue
        ]
    if dues.due_soon:
        lines += ["", f"Pengaduan jatuh tempo dalam {soon_days} hari kerja ({len(dues.due_soon)}):"]
        lines += [f"- {c.number}, tenggat {format_date_id(c.due_on)}" for c in dues.due_soon]
    lines += ["", "Mohon segera ditindaklanjuti melalui ADURABI.", "Terima kasih."]
    return subject, "\n".join(lines)


def digest_message(
    states: Sequence[tuple[str, str]],
    overdue: Sequence[tuple[str, int]],
    due_soon: int,
    month: Month,
    deadline: date,
    today: date,
) -> tuple[str, str]:
    """(subject, body) of the digest for the Kanwil's leadership.

    `states` is (code, state) of every active satker for `month`; `overdue` is (code, count)
    of those with overdue complaints.
    """
    counts: dict[str, int] = {}
    for _, state in states:
        counts[state] = counts.get(state, 0) + 1
    missing = [code for code, state in states if state == STATE_MISSING]
    late = sum(n for _, n in overdue)
    subject = (
        f"[ADURABI] Ringkasan {format_date_id(today)}: {len(missing)} satker belum melapor "
        f"{month.label_id}, {late} pengaduan terlambat"
    )
    summary = ", ".join(f"{state} {n}" for state, n in counts.items())
    lines = [
        f"Ringkasan ADURABI per {format_date_id(today)}.",
        "",
        f"Kepatuhan pelaporan bulan {month.label_id} (batas pelaporan "
        f"{format_date_id(deadline)}): {summary or 'tidak ada satker aktif'}.",
    ]
    if missing:
        lines.append(f"Belum melapor ({len(missing)}): " + ", ".join(missing))
    lines += ["", f"Pengaduan melewati tenggat: {late}"]
    lines += [f"- {code}: {n}" for code, n in overdue]
    lines += [f"Pengaduan jatuh tempo dalam waktu dekat: {due_soon}"]
    return subject, "\n".join(lines)
