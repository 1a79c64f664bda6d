"""`adurabi export`: the monthly Excel recaps, for cron and for people."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.period_options import FromOpt, QuarterOpt, ToOpt, YearOpt
from adurabi_cli.cli.state import state
from adurabi_cli.domain.periods import PeriodChoice
from adurabi_cli.i18n import _
from adurabi_cli.render.output import emit_line, message


def export(
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            "-m",
            help="Month: YYYY-MM, 'Mar 2025', current or previous (default: previous).",
        ),
    ] = None,
    quarter: QuarterOpt = None,
    year: YearOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Folder for the workbooks; created if its parent exists.",
        ),
    ] = Path("rekap"),
    satker: Annotated[
        list[str] | None,
        typer.Option(
            "--satker",
            "-s",
            metavar="CODE",
            help=(
                "Write only this satker's file (repeatable). "
                "The Kanwil file always covers every active satker."
            ),
        ),
    ] = None,
    include_personal: Annotated[
        bool,
        typer.Option(
            "--include-personal",
            help="Include complainant names and contacts and confidential summaries.",
        ),
    ] = False,
    live: Annotated[
        bool,
        typer.Option(
            "--live", help="A closed month (period close): today's figures, not those closed."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing on success (for cron).")
    ] = False,
) -> None:
    """Write the month's Excel recaps: DIR/rekap-YYYY-MM.xlsx and DIR/YYYY-MM/<satker>.xlsx.

    With --quarter, --year or --from/--to the files are named by the period's key
    (rekap-2026-Q3.xlsx, rekap-2026.xlsx, rekap-2026-03-01_2026-04-15.xlsx).

    The Kanwil workbook has the sheets Ringkasan (the numbers of `recap --json`, with a
    chart), Pengaduan, Berita and Kepatuhan; each satker's has Ringkasan, Pengaduan and
    Berita. Prints each path written. Safe to rerun: every file is replaced whole.
    Without --include-personal, complainant names and contacts are left out and
    confidential summaries read (dirahasiakan). A month closed with `period close` has its
    figures as closed in Ringkasan and Kepatuhan (a note line says when and by whom) and
    names on stderr each difference from today's; --live writes today's.

    Example: adurabi export --month 2025-03 --out /srv/adurabi/rekap
    """
    from adurabi_cli.services.export import export_month

    def written(path: Path) -> None:
        if not quiet:
            emit_line(str(path))

    result = export_month(
        state().store(read_only=True),
        month=PeriodChoice(month, quarter, year, start, end),
        out=out,
        satker=satker or (),
        include_personal=include_personal,
        on_written=written,
        live=live,
    )
    if not quiet:
        for line in result.notes:
            message(line)
        message(
            _("Wrote {value} workbook(s) for {period} in {folder}.").format(
                value=len(result.paths), period=result.period.label, folder=result.folder
            )
        )
