"""`adurabi recap`: the month's complaints, news and reporting compliance per satker."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt
from adurabi_cli.cli.period_options import FromOpt, QuarterOpt, ToOpt, YearOpt
from adurabi_cli.cli.state import state
from adurabi_cli.domain.periods import PeriodChoice
from adurabi_cli.render.output import emit_json, message, output_format


def recap(
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            "-m",
            help="Month: YYYY-MM, 'Mar 2025', current or previous (default: current).",
        ),
    ] = None,
    quarter: QuarterOpt = None,
    year: YearOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    satker: Annotated[
        list[str] | None,
        typer.Option(
            "--satker",
            "-s",
            metavar="CODE",
            help="Only this satker (code); repeat for several. Default: every active satker.",
        ),
    ] = None,
    live: Annotated[
        bool,
        typer.Option(
            "--live", help="A closed month (period close): today's figures, not those closed."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Recap of a month (or a quarter, a year, --from/--to): complaints, news, compliance.

    Open and overdue are counted as of the period's last day (today while it runs).
    Definitions of every number: README, "Monthly recap and monitor". A month closed with
    `period close` gives its figures as closed and names on stderr each difference from
    today's (`--live` for today's).

    Example: adurabi recap --month 2025-03 --satker lapas-kerobokan --json
    Example: adurabi recap --quarter 2025-Q1
    """
    from adurabi_cli.render.recap import emit_recap
    from adurabi_cli.services.period_close import recap_for_cli

    fmt = output_format(as_json)
    reported, labels = recap_for_cli(
        state().store(read_only=True),
        PeriodChoice(month, quarter, year, start, end),
        satker,
        live=live,
    )
    for line in reported.notes:
        message(line)
    data = reported.data
    if fmt == "json":
        emit_json(data)
    else:
        emit_recap(data, fmt, labels)
