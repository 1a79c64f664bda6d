"""`adurabi complaint nil-list|nil-withdraw` and `adurabi news nil-list|nil-withdraw`: the nil
reports filed with `complaint nil` and `news nil`, listed and withdrawn by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.options import CsvExcelOpt, CsvOpt, JsonOpt, MonthOpt, SatkerOpt
from adurabi_cli.cli.period import warn_closed_days
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

COMPLAINTS, NEWS = "complaints", "news"  # services.nil_reports' sides, without importing it
TITLES = {COMPLAINTS: "Laporan nihil pengaduan", NEWS: "Laporan nihil berita"}
COLUMNS = (
    Column("month", "Bulan", style="cyan"),
    Column("satker", "Satker"),
    Column("created_by", "Dilaporkan oleh"),
    Column("created_at", "Dilaporkan", fmt=moment),
    Column("note", "Catatan", max_width=40),
    Column("withdrawn_at", "Ditarik", fmt=moment),
    Column("withdrawn_note", "Alasan penarikan", max_width=50),
)

SatkerFilter = Annotated[
    list[str] | None, typer.Option("--satker", "-s", help="Only this satker (repeatable).")
]
ActiveOpt = Annotated[bool, typer.Option("--active", help="Only reports not withdrawn.")]
WithdrawalNote = Annotated[
    str, typer.Option("--note", help="Why it is withdrawn (kept in the history).")
]
MonthOfReport = Annotated[
    str,
    typer.Option(
        "--month", "-m", help="Month of the report: YYYY-MM, 'Mar 2025', current or previous."
    ),
]


def _list(side: str, satker, month, active, as_json, as_csv, as_csv_excel) -> None:
    from adurabi_cli.services.nil_reports import FIELDS, list_nil_reports

    fmt = output_format(as_json, as_csv, as_csv_excel)
    store = state().store(read_only=True)
    rows = list_nil_reports(store, side, satker=satker or (), month=month, active_only=active)
    emit_rows(rows, COLUMNS, fmt, fields=FIELDS, title=TITLES[side], empty=_("no nil reports"))


def _withdraw(side: str, satker: str, month: str, note: str, as_json: bool) -> None:
    from adurabi_cli.services.nil_reports import withdraw_nil_report

    app_state = state()
    report = withdraw_nil_report(app_state.store(), side, satker, month, app_state.operator, note)
    warn_closed_days([report["month"]])
    if as_json:
        emit_json(report)
        return
    if side == COMPLAINTS:
        text = _("Withdrawn: the report that {satker} had no complaints in {month}.")
    else:
        text = _("Withdrawn: the report that {satker} had no news in {month}.")
    message(text.format(satker=report["satker"], month=Month.from_key(report["month"]).label))


def complaint_nil_list(
    satker: SatkerFilter = None,
    month: MonthOpt = None,
    active: ActiveOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """List the nil reports of complaints (laporan nihil), withdrawn ones too, newest first.

    A withdrawn report shows when and why (a complaint received in its month, or the note
    given to `complaint nil-withdraw`).

    Example: adurabi complaint nil-list --month 2025-03 --active
    """
    _list(COMPLAINTS, satker, month, active, as_json, as_csv, as_csv_excel)


def complaint_nil_withdraw(
    satker: SatkerOpt, month: MonthOfReport, note: WithdrawalNote, as_json: JsonOpt = False
) -> None:
    """Withdraw a satker's nil report of complaints for a month; the note stays in the history.

    The month then counts as not reported (Berjalan or Belum melapor) until a complaint or a
    new nil report is recorded.

    Example: adurabi complaint nil-withdraw -s rutan-bangli -m 2025-03 --note "salah bulan"
    """
    _withdraw(COMPLAINTS, satker, month, note, as_json)


def news_nil_list(
    satker: SatkerFilter = None,
    month: MonthOpt = None,
    active: ActiveOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """List the nil reports of news (tidak ada publikasi), withdrawn ones too, newest first.

    Example: adurabi news nil-list --satker kanwil
    """
    _list(NEWS, satker, month, active, as_json, as_csv, as_csv_excel)


def news_nil_withdraw(
    satker: SatkerOpt, month: MonthOfReport, note: WithdrawalNote, as_json: JsonOpt = False
) -> None:
    """Withdraw a satker's nil report of news for a month; the note stays in the history.

    Example: adurabi news nil-withdraw -s kanwil -m 2025-03 --note "berita terlewat"
    """
    _withdraw(NEWS, satker, month, note, as_json)


def register(app: typer.Typer, side: str) -> None:
    """Add nil-list and nil-withdraw to the complaint or news group."""
    listing, withdrawing = {
        COMPLAINTS: (complaint_nil_list, complaint_nil_withdraw),
        NEWS: (news_nil_list, news_nil_withdraw),
    }[side]
    app.command("nil-list")(listing)
    app.command("nil-withdraw")(withdrawing)
