"""The monthly recap on a terminal (rich tables) and as tab-separated rows when piped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adurabi_cli.domain.dates import Month, format_date_id
from adurabi_cli.i18n import indonesian_number
from adurabi_cli.render.output import console
from adurabi_cli.render.terminal import terminal

GROUPS = (
    ("website", "Website"),
    ("media-massa", "Media Massa"),
    ("media-sosial", "Media Sosial"),
    ("lainnya", "Lainnya"),
)
STATE_STYLES = {
    "Lengkap": "green",
    "Nihil": "cyan",
    "Berjalan": "yellow",
    "Belum melapor": "bold red",
}
ENGAGEMENT_LABELS = (
    ("views", "Dilihat"),
    ("likes", "Suka"),
    ("comments", "Komentar"),
    ("shares", "Dibagikan"),
    ("total", "Total"),
)

Labels = Mapping[tuple[str, str], str]


def month_label(month: str) -> str:
    """'2025-03' as 'Maret 2025'."""
    return Month.from_key(month).label_id


def period_label(data: dict[str, Any]) -> str:
    """The recap's period as its title shows it: `Maret 2025`, `Triwulan III 2026`."""
    period = data.get("period")
    return period["label"] if period else month_label(data["month"])


def pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def recap_row(entry: dict[str, Any]) -> list[str]:
    """The cells of one row, in the order of the table's columns."""
    complaints, news = entry["complaints"], entry["news"]
    state = entry.get("compliance", {}).get("state", "")
    return [
        entry["code"],
        *(str(complaints[k]) for k in ("received", "resolved", "open", "overdue")),
        pct(complaints["on_time_pct"]),
        str(news["total"]),
        *(str(news["by_group"].get(key, 0)) for key, _ in GROUPS),
        state,
    ]


def emit_recap(data: dict[str, Any], fmt: str, labels: Labels) -> None:
    """Print the recap: tables on a terminal, one tab-separated row per satker otherwise."""
    term = terminal()
    if fmt == "plain":
        for entry in data["satker"]:
            term.stdout.write("\t".join(recap_row(entry)) + "\n")
        return
    out = console(term=term)
    out.print(_main_table(data))
    out.print(_breakdowns(data["totals"], labels))
    missing = data["totals"]["not_reported"]
    running = [e["code"] for e in data["satker"] if e["compliance"]["state"] == "Berjalan"]
    if missing:
        out.print(
            f"Belum melapor ({len(missing)}): " + ", ".join(missing),
            style="bold red",
            markup=False,
        )
    if running:
        out.print(
            f"Berjalan ({len(running)}, batas pelaporan "
            f"{format_date_id(data['report_deadline'])}): " + ", ".join(running),
            style="yellow",
            markup=False,
        )
    if data["satker"] and not missing and not running:
        out.print("Semua satker sudah melapor.", style="green", markup=False)


def _main_table(data: dict[str, Any]):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    totals = data["totals"]
    table = Table(
        title=f"Rekapitulasi Pengaduan dan Berita — {period_label(data)}",
        caption=(
            f"Terbuka dan terlambat per {format_date_id(totals['as_of'])}; "
            "% tepat waktu: ditutup sebelum atau pada batas waktu."
        ),
        header_style="bold",
        show_footer=bool(data["satker"]),
        # Twelve columns must fit a 120-column terminal: no borders, one-space gaps.
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
    )
    headers = [
        "Satker",
        "Diterima",
        "Selesai",
        "Terbuka",
        "Terlambat",
        "% Tepat\nWaktu",
        "Berita",
        # Two-line headers: a column is never wider than its values need.
        *(label.replace(" ", "\n") for _, label in GROUPS),
        "Status\nLaporan",
    ]
    total_row = {
        "code": "JUMLAH",
        "complaints": totals["complaints"],
        "news": totals["news"],
        "compliance": {"state": ""},
    }
    footers = recap_row(total_row)
    for index, header in enumerate(headers):
        table.add_column(
            header,
            footer=footers[index],
            justify="left" if index in (0, len(headers) - 1) else "right",
            style="cyan" if index == 0 else None,
            no_wrap=index in (0, len(headers) - 1),
        )
    for entry in data["satker"]:
        cells = [Text(cell) for cell in recap_row(entry)]
        if entry["complaints"]["overdue"]:
            cells[4].stylize("red")
        cells[-1].stylize(STATE_STYLES.get(cells[-1].plain, ""))
        table.add_row(*cells)
    if not data["satker"]:
        table.add_row("(tidak ada satker aktif)", *[""] * (len(headers) - 1))
    return table


def _breakdowns(totals: dict[str, Any], labels: Labels):
    from rich.columns import Columns

    complaints, news = totals["complaints"], totals["news"]
    tables = [
        _counts("Menurut Status", complaints["by_status"], labels, "status", keep_zero=True),
        _counts("Menurut Kanal", complaints["by_channel"], labels, "channel"),
        _counts("Menurut Kategori", complaints["by_category"], labels, "category"),
        _counts("Menurut Media", news["by_media"], labels, "media"),
        _counts("Menurut Sentimen", news["by_sentiment"], labels, "sentiment", keep_zero=True),
        _counts(
            "Keterlibatan",
            news["engagement"],
            {("engagement", k): v for k, v in ENGAGEMENT_LABELS},
            "engagement",
            keep_zero=True,
        ),
    ]
    return Columns(tables, padding=(0, 2))


def _counts(
    title: str, counts: dict[str, int], labels: Labels, kind: str, *, keep_zero: bool = False
):
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, show_header=False, title_style="bold")
    table.add_column(overflow="fold")
    table.add_column(justify="right")
    shown = [(k, v) for k, v in counts.items() if v or keep_zero]
    for key, value in shown:
        table.add_row(labels.get((kind, key), key), indonesian_number(value))
    if not shown:
        table.add_row("(tidak ada)", "")
    return table
