"""`adurabi trend` on a terminal (a sparkline per satker and measure), piped as rows."""

from __future__ import annotations

from typing import Any

from adurabi_cli.domain.sparkline import sparkline
from adurabi_cli.i18n import indonesian_number
from adurabi_cli.render.output import Column, console, emit_rows
from adurabi_cli.render.recap import month_label, pct
from adurabi_cli.render.terminal import terminal

# Piped rows and CSV: one per satker and month.
ROW_FIELDS = (
    "satker",
    "month",
    "received",
    "closed",
    "closed_on_time",
    "on_time_pct",
    "news",
    "engagement",
)
ROW_COLUMNS = tuple(Column(name, name) for name in ROW_FIELDS)


def trend_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat record per satker and month, oldest month first."""
    return [{"satker": row["code"], **month} for row in data["satker"] for month in row["months"]]


def emit_trend(data: dict[str, Any], fmt: str) -> None:
    if fmt != "table":
        emit_rows(trend_rows(data), ROW_COLUMNS, fmt, fields=ROW_FIELDS)
        return
    console(term=terminal()).print(_table(data))


def _cells(months: list[dict[str, Any]]) -> list[str]:
    """Sparkline and sum of each measure: received, % on time, news, engagement."""
    closed = sum(m["closed"] for m in months)
    on_time = sum(m["closed_on_time"] for m in months)
    cells = []
    for key in ("received", "on_time_pct", "news", "engagement"):
        line = sparkline([m[key] for m in months])
        if key == "on_time_pct":
            total = pct(round(100.0 * on_time / closed, 1) if closed else None)
        else:
            total = indonesian_number(sum(m[key] for m in months))
        cells += [line, total]
    return cells


def _table(data: dict[str, Any]):
    from rich import box
    from rich.table import Table

    keys = data["months"]
    first, last = month_label(keys[0]), month_label(keys[-1])
    span = first if len(keys) == 1 else f"{first} s.d. {last}"
    table = Table(
        title=f"Tren Pengaduan dan Berita — {span} ({len(keys)} bulan)",
        caption=(
            "Satu balok per bulan, dari yang terlama; kolom Σ: jumlah (% tepat waktu: "
            "seluruh periode). Kosong: tidak ada pengaduan yang ditutup."
        ),
        header_style="bold",
        show_footer=bool(data["satker"]),
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    footers = ["JUMLAH", *_cells(data["totals"]["months"])]
    headers = ["Satker", "Diterima", "Σ", "% Tepat Waktu", "%", "Berita", "Σ", "Interaksi", "Σ"]
    for index, header in enumerate(headers):
        table.add_column(
            header,
            footer=footers[index],
            justify="right" if index and index % 2 == 0 else "left",
            style="cyan" if index == 0 else None,
            no_wrap=True,
        )
    for row in data["satker"]:
        table.add_row(row["code"], *_cells(row["months"]))
    if not data["satker"]:
        table.add_row("(tidak ada satker aktif)", *[""] * (len(headers) - 1))
    return table
