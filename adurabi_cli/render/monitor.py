"""The monitor: a full-screen live view on a terminal, tagged tab-separated rows when piped.

Piped output is one block per snapshot, every line tagged by its first field so a script can
pick what it needs: `snapshot <time>`, then `satker ...` rows, then `overdue ...` rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from adurabi_cli.domain.dates import MONTH_NAMES_ID, format_date_id
from adurabi_cli.render.output import console, plain_value
from adurabi_cli.render.terminal import Terminal, terminal

SATKER_FIELDS = (
    "code",
    "open",
    "overdue",
    "due_soon",
    "complaints_month",
    "news_month",
    "last_entry_at",
    "silent",
    "state",
)
OVERDUE_FIELDS = (
    "number",
    "satker",
    "received_on",
    "due_on",
    "status",
    "days_overdue",
    "working_days_overdue",
)
STATE_STYLES = {"Lengkap": "green", "Nihil": "cyan", "Belum melapor": "red"}


def plain_snapshot(snapshot: dict[str, Any]) -> str:
    """The tagged tab-separated block of one snapshot."""
    lines = [f"snapshot\t{snapshot['at'].isoformat(timespec='seconds')}"]
    for row in snapshot["satker"]:
        lines.append("\t".join(["satker", *(_plain(row[k]) for k in SATKER_FIELDS)]))
    for item in snapshot["oldest_overdue"]:
        lines.append("\t".join(["overdue", *(_plain(item[k]) for k in OVERDUE_FIELDS)]))
    return "\n".join(lines) + "\n"


def emit_snapshot(snapshot: dict[str, Any], fmt: str) -> None:
    """One snapshot: tables on a terminal, the tagged rows when piped."""
    term = terminal()
    if fmt == "plain":
        term.stdout.write(plain_snapshot(snapshot))
        return
    console(term=term).print(monitor_view(snapshot))


def monitor_view(
    snapshot: dict[str, Any],
    *,
    interval: float | None = None,
    error: str | None = None,
):
    """The whole screen: heading, per-satker table, oldest overdue complaints, footer."""
    from rich.console import Group
    from rich.text import Text

    at: datetime = snapshot["at"]
    year, month = snapshot["month"].split("-")
    heading = Text.assemble(
        ("ADURABI monitor", "bold"),
        f" — {MONTH_NAMES_ID[int(month) - 1]} {year} — ",
        f"{format_date_id(snapshot['today'])} {at.strftime('%H:%M:%S')}",
    )
    if interval is not None:
        heading.append(f" — every {interval:g} s, Ctrl-C to quit", style="dim")
    # The heading and any error come first: a short terminal crops the bottom of the screen.
    parts: list[Any] = [heading]
    if error:
        parts.append(
            Text(
                f"Last refresh failed: {error}; showing the data of {at.strftime('%H:%M:%S')}.",
                style="bold red",
            )
        )
    parts += [_satker_table(snapshot), _overdue_table(snapshot)]
    parts.append(
        Text(
            "Silent: no entry for more than 7 days. Due soon: by "
            f"{format_date_id(snapshot['due_soon_until'])} (3 working days).",
            style="dim",
        )
    )
    return Group(*parts)


def run_live(
    refreshes: Iterable[Any],
    *,
    interval: float,
    fmt: str,
    term: Terminal | None = None,
) -> None:
    """Show each refresh until the iterator ends or Ctrl-C; the terminal is restored either way.

    refreshes yields objects with `snapshot` (None when that refresh failed) and `error`.
    """
    term = term or terminal()
    try:
        if fmt == "plain":
            for refresh in refreshes:
                if refresh.snapshot is not None:
                    term.stdout.write(plain_snapshot(refresh.snapshot))
                    term.stdout.flush()
                else:
                    term.stderr.write(f"Error: {refresh.error}\n")
            return
        _live(refreshes, interval=interval, term=term)
    except KeyboardInterrupt:
        # Ctrl-C is how one leaves the monitor, not a failure. Live has already left the
        # alternate screen and shown the cursor when its `with` block unwound.
        return


def _live(refreshes: Iterable[Any], *, interval: float, term: Terminal) -> None:
    from rich.live import Live

    iterator = iter(refreshes)
    first = next(iterator, None)
    if first is None:
        return
    last = first.snapshot
    # auto_refresh off: no background thread, so a refresh never races the next query, and
    # Ctrl-C always lands in this thread.
    with Live(
        monitor_view(last, interval=interval),
        console=console(term=term),
        screen=True,
        auto_refresh=False,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as live:
        for refresh in iterator:
            last = refresh.snapshot or last
            live.update(monitor_view(last, interval=interval, error=refresh.error), refresh=True)


def _satker_table(snapshot: dict[str, Any]):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    totals = snapshot["totals"]
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_footer=True, padding=(0, 0))
    columns = (
        ("Satker", "JUMLAH", "left"),
        ("Terbuka", str(totals["open"]), "right"),
        ("Terlambat", str(totals["overdue"]), "right"),
        ("Jatuh\nTempo\n≤3 HK", str(totals["due_soon"]), "right"),
        ("Pengaduan\nBln Ini", str(totals["complaints_month"]), "right"),
        ("Berita\nBln Ini", str(totals["news_month"]), "right"),
        ("Entri\nTerakhir", f"{totals['silent']} diam", "left"),
        ("Status\nLaporan", f"{totals['not_reported']} belum", "left"),
    )
    for header, footer, justify in columns:
        table.add_column(header, footer=footer, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for row in snapshot["satker"]:
        last = row["last_entry_at"]
        cells = [
            Text(row["code"], style="cyan"),
            Text(str(row["open"])),
            Text(str(row["overdue"]), style="bold red" if row["overdue"] else ""),
            Text(str(row["due_soon"]), style="yellow" if row["due_soon"] else ""),
            Text(str(row["complaints_month"])),
            Text(str(row["news_month"])),
            Text(
                last.strftime("%d/%m/%Y %H:%M") if last else "belum pernah",
                style="bold yellow" if row["silent"] else "",
            ),
            Text(row["state"], style=STATE_STYLES.get(row["state"], "")),
        ]
        table.add_row(*cells, style="on grey23" if row["silent"] else None)
    return table


def _overdue_table(snapshot: dict[str, Any]):
    from rich import box
    from rich.table import Table

    table = Table(
        title="Pengaduan terlambat terlama",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
    )
    for header, justify in (
        ("Nomor", "left"),
        ("Satker", "left"),
        ("Diterima", "left"),
        ("Batas Waktu", "left"),
        ("Status", "left"),
        ("Terlambat (HK)", "right"),
    ):
        table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for item in snapshot["oldest_overdue"]:
        table.add_row(
            item["number"],
            item["satker"],
            format_date_id(item["received_on"]),
            format_date_id(item["due_on"]),
            item["status"],
            str(item["working_days_overdue"]),
            style="red",
        )
    if not snapshot["oldest_overdue"]:
        table.add_row("(tidak ada)", "", "", "", "", "")
    return table


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return plain_value(value).replace("\t", " ")
