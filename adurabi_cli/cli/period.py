"""`adurabi period close|reopen|list`: months closed once reported (tutup buku)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from adurabi_cli.cli.options import CommandTyper, JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.domain.dates import Month
from adurabi_cli.i18n import _
from adurabi_cli.render.output import (
    Column,
    emit_json,
    emit_rows,
    message,
    moment,
    output_format,
)

app = CommandTyper(
    help=(
        "Months closed once reported (tutup buku): recap and export then give the figures "
        "as closed, and name any difference from today's."
    ),
    no_args_is_help=True,
)

MonthArg = Annotated[
    str, typer.Argument(metavar="YYYY-MM", help="The month: YYYY-MM, 'Mar 2025' or previous.")
]
FIELDS = (
    "month",
    "state",
    "closed_at",
    "closed_by",
    "note",
    "reopened_at",
    "reopened_by",
    "reopen_note",
)
COLUMNS = (
    Column("month", "Bulan", style="cyan"),
    Column("state", "Status"),
    Column("closed_by", "Ditutup oleh"),
    Column("closed_at", "Ditutup", fmt=moment),
    Column("note", "Catatan", max_width=40),
    Column("reopened_by", "Dibuka oleh"),
    Column("reopened_at", "Dibuka kembali", fmt=moment),
    Column("reopen_note", "Alasan dibuka", max_width=50),
)


@app.command("close")
def close(
    month: MonthArg,
    note: Annotated[
        str | None, typer.Option("--note", help="A note kept with the close (optional).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Close an ended month: store its recap as it is now (who, when).

    Later `recap --month` and `export --month` of the month give these figures and say
    where today's differ (`--live` for today's). Refused for a month not yet ended or
    already closed.

    Example: adurabi period close 2025-03 --note "Dikirim ke Kanwil 5 April"
    """
    from adurabi_cli.services.period_close import close_month

    app_state = state()
    closed = close_month(app_state.store(), month, app_state.operator, note)
    if as_json:
        emit_json(closed)
        return
    message(
        _("Closed {value}: recap and export now give its figures as closed.").format(
            value=Month.from_key(closed["month"]).label
        )
    )


@app.command("reopen")
def reopen(
    month: MonthArg,
    note: Annotated[
        str | None, typer.Option("--note", help="Why it is reopened (required; kept).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Reopen a closed month: recap and export give today's figures again.

    The close stays in `period list` with who reopened it, when and why; the month may
    be closed again.

    Example: adurabi period reopen 2025-03 --note "Pengaduan Lapas Kerobokan terlambat dicatat"
    """
    from adurabi_cli.services.period_close import reopen_month

    app_state = state()
    reopened = reopen_month(app_state.store(), month, app_state.operator, note)
    if as_json:
        emit_json(reopened)
        return
    message(
        _("Reopened {value}: recap and export give today's figures.").format(
            value=Month.from_key(reopened["month"]).label
        )
    )


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """Every close, newest month first: tertutup or dibuka kembali, who, when and why.

    Example: adurabi period list --json
    """
    from adurabi_cli.services.period_close import list_closes

    fmt = output_format(as_json)
    rows = list_closes(state().store(read_only=True))
    emit_rows(rows, COLUMNS, fmt, fields=FIELDS, title="Tutup buku", empty=_("no closed months"))


def warn_closed(months: list[str]) -> None:
    """One stderr line when a change falls in closed months: stored, not in their report."""
    from adurabi_cli.services.period_close import closed_warning

    line = closed_warning(months)
    if line:
        message(f"Warning: {line}")


def warn_closed_days(days: list[Any]) -> None:
    """warn_closed for a change dated on these days (or in these YYYY-MM months)."""
    from adurabi_cli.services.period_close import closed_among

    warn_closed(closed_among(state().store(), days))


def warn_closed_complaint(before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    """warn_closed for a change of one complaint that moves closed months' figures."""
    from adurabi_cli.services.period_close import closed_months_moved

    warn_closed(closed_months_moved(state().store(), before, after))
