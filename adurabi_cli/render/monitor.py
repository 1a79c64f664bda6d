"""The monitor: a full-screen live view on a terminal, tagged tab-separated rows when piped.

Piped output is one block per snapshot, every line tagged by its first field so a script can
pick what it needs: `snapshot <time>`, then `satker ...` rows, then `overdue ...` rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from adurabi_cli.domain.dates import Month, format_date_id
from adurabi_cli.i18n import _
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
    "previous_state",
)
OVERDUE_FIELDS = (
    "number",
    "satker",
    "received_on",
    "due_on",
    "status",
    "days_overdue",
    "working_days_overdue",
    "officer",
    "unassigned",
)
UNASSIGNED = "BELUM DITUNJUK"
STATE_STYLES = {"Lengkap": "green", "Nihil": "cyan", "Berjalan": "yellow", "Belum melapor": "red"}
# The previous month's state in the narrow `Lalu` column.
SHORT_STATES = {"Lengkap": "ok", "Nihil": "nihil", "Berjalan": "jalan", "Belum melapor": "BELUM"}


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
    height: int | None = None,
):
    """The whole screen: heading, per-satker table with totals, oldest overdue, legend.

    It fits 80 columns. With `height` (the live screen's lines) the overdue list is shortened
    so that the totals, the overdue list and the legend all stay on screen.
    """
    from rich.console import Group
    from rich.text import Text

    at: datetime = snapshot["at"]
    heading = _line(
        ("ADURABI monitor", "bold"),
        f" — {Month.from_key(snapshot['month']).label_id} — ",
        f"{format_date_id(snapshot['today'])} {at.strftime('%H:%M:%S')}",
    )
    if interval is not None:
        heading.append(
            " — " + _("{interval:g} s, Ctrl-C to quit").format(interval=interval), style="dim"
        )
    parts: list[Any] = [heading]
    if error:
        parts.append(
            Text(
                _("Last refresh failed: {error}; showing the data of {time}.").format(
                    error=error, time=at.strftime("%H:%M:%S")
                ),
                style="bold red",
            )
        )
    # Lines the rest takes: heading, error, table header, one row per satker, totals, legend.
    used = len(parts) + len(snapshot["satker"]) + 3
    parts.append(_satker_table(snapshot))
    legend = _line(
        f"≤3HK: tenggat s.d. {format_date_id(snapshot['due_soon_until'])} · "
        "Pgd/Brt: bulan ini · diam: tanpa entri >7 hari · Lalu: laporan bulan lalu",
        style="dim",
    )
    parts.append(_overdue(snapshot, None if height is None else height - used))
    parts.append(legend)
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
    screen = console(term=term)
    with Live(
        monitor_view(last, interval=interval, height=screen.height),
        console=screen,
        screen=True,
        auto_refresh=False,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as live:
        for refresh in iterator:
            last = refresh.snapshot or last
            view = monitor_view(last, interval=interval, error=refresh.error, height=screen.height)
            live.update(view, refresh=True)


def _satker_table(snapshot: dict[str, Any]):
    from rich.table import Table
    from rich.text import Text

    totals = snapshot["totals"]
    # No rules and one-line headers: 19 satker, the totals, the overdue list and the legend
    # fit a 80x24 terminal. The legend explains the short headers.
    table = Table(
        box=None,
        header_style="bold",
        footer_style="bold",
        show_footer=True,
        padding=(0, 0, 0, 1),
        pad_edge=False,
        collapse_padding=True,
    )
    columns = (
        ("Satker", "JUMLAH", "left"),
        ("Buka", str(totals["open"]), "right"),
        ("Telat", str(totals["overdue"]), "right"),
        ("≤3HK", str(totals["due_soon"]), "right"),
        ("Pgd", str(totals["complaints_month"]), "right"),
        ("Brt", str(totals["news_month"]), "right"),
        ("Entri", f"{totals['silent']} diam", "left"),
        ("Laporan", f"{totals['running']} jalan", "left"),
        ("Lalu", f"{totals['not_reported']} belum", "left"),
    )
    for header, footer, justify in columns:
        table.add_column(header, footer=footer, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for row in snapshot["satker"]:
        last = row["last_entry_at"]
        cells = [
            Text(row["code"], style="cyan", overflow="ellipsis"),
            Text(str(row["open"])),
            Text(str(row["overdue"]), style="bold red" if row["overdue"] else ""),
            Text(str(row["due_soon"]), style="yellow" if row["due_soon"] else ""),
            Text(str(row["complaints_month"])),
            Text(str(row["news_month"])),
            Text(
                _entry_time(last, snapshot["today"]) if last else "belum pernah",
                style="bold yellow" if row["silent"] else "",
            ),
            Text(row["state"], style=STATE_STYLES.get(row["state"], "")),
            Text(
                SHORT_STATES.get(row["previous_state"], ""),
                style=STATE_STYLES.get(row["previous_state"], ""),
            ),
        ]
        table.add_row(*cells, style="on grey23" if row["silent"] else None)
    return table


def _entry_time(at: datetime, today: Any) -> str:
    """dd/mm HH:MM this year, dd/mm/yyyy before: narrow enough for 80 columns."""
    if at.year == today.year:
        return at.strftime("%d/%m %H:%M")
    return at.strftime("%d/%m/%Y")


def _overdue(snapshot: dict[str, Any], lines: int | None):
    """The oldest overdue complaints in `lines` lines (all of them when None), at least one."""
    from rich.table import Table

    items = snapshot["oldest_overdue"]
    total = snapshot["totals"]["overdue"]
    if lines is not None and lines < 3 and items:
        # Too short for a table: one line, as many numbers as fit.
        shown = ", ".join(f"{i['number']} ({i['working_days_overdue']} HK)" for i in items)
        return _line(("Terlambat terlama: ", "bold"), (shown, "red"))
    rows = items if lines is None else items[: max(lines - 2, 1)]
    title = "Pengaduan terlambat terlama"
    if len(rows) < total:
        title += f" ({len(rows)} dari {total})"
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=None,
        header_style="bold",
        pad_edge=False,
    )
    # On a narrow screen the officer's name is cut first, never the number or the dates.
    for header, justify, least in (
        ("Nomor", "left", 14),
        ("Satker", "left", None),
        ("Diterima", "left", 10),
        ("Tenggat", "left", 10),
        ("Status", "left", None),
        ("Telat (HK)", "right", None),
        ("PJ", "left", 2),
    ):
        table.add_column(
            header,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=True,
            min_width=least,
            overflow="ellipsis",
        )
    for item in rows:
        table.add_row(
            item["number"],
            item["satker"],
            format_date_id(item["received_on"]),
            format_date_id(item["due_on"]),
            item["status"],
            str(item["working_days_overdue"]),
            UNASSIGNED if item["unassigned"] else item["officer"],
            style="bold red reverse" if item["unassigned"] else "red",
        )
    if not rows:
        table.add_row("(tidak ada)", "", "", "", "", "", "")
    return table


def _line(*parts: Any, style: str = ""):
    """One line of text, cut with "…" rather than wrapped on a narrow terminal."""
    from rich.text import Text

    return Text.assemble(*parts, style=style, no_wrap=True, overflow="ellipsis")


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return plain_value(value).replace("\t", " ")
