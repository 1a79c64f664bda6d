"""`adurabi trend`: per satker and month, complaints, % on time, news and engagement."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.options import CsvExcelOpt, CsvOpt, JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.render.output import emit_json, output_format


def trend(
    months: Annotated[
        int,
        typer.Option("--months", metavar="N", help="How many months, up to this one (1 to 120)."),
    ] = 12,
    satker: Annotated[
        list[str] | None,
        typer.Option(
            "--satker",
            "-s",
            metavar="CODE",
            help="Only this satker (code or name); repeat for several. Default: every active one.",
        ),
    ] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """Month by month: complaints received, % closed on time, news and engagement per satker.

    On a terminal one row per satker with a sparkline (▁▂▃▄▅▆▇█, oldest month first) and the
    sum of each measure; piped, one tab-separated row per satker and month (satker, month,
    received, closed, closed_on_time, on_time_pct, news, engagement); --json the whole.
    Each month's numbers are those of `adurabi recap --month` for that month.

    Example: adurabi trend --months 6 --satker lapas-kerobokan --satker rutan-bangli
    """
    from adurabi_cli.render.trend import emit_trend
    from adurabi_cli.services.trend import trend as build_trend

    fmt = output_format(as_json, as_csv, as_csv_excel)
    data = build_trend(state().store(read_only=True), months, satker)
    if fmt == "json":
        emit_json(data)
    else:
        emit_trend(data, fmt)
