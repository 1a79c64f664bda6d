"""`adurabi news top`: the best news items of a period by views, likes, ... or engagement."""

# No `from __future__ import annotations`: Typer reads the signature at every start.

from typing import Annotated

import typer

from adurabi_cli.cli.options import CsvExcelOpt, CsvOpt, JsonOpt, MonthOpt
from adurabi_cli.cli.period_options import FromOpt, QuarterOpt, ToOpt, YearOpt
from adurabi_cli.cli.state import state
from adurabi_cli.domain.dates import format_date_id
from adurabi_cli.domain.news import DEFAULT_TOP_LIMIT, TOP_MEASURE_LABELS
from adurabi_cli.domain.periods import PeriodChoice
from adurabi_cli.i18n import _
from adurabi_cli.render.output import Column, emit_rows, output_format


def _day(value) -> str:
    return format_date_id(value) if value else ""


TOP_COLUMNS = (
    Column("rank", "No", justify="right"),
    Column("id", "ID", justify="right"),
    Column("published_on", "Tanggal", fmt=_day),
    Column("satker", "Satker", style="cyan"),
    Column("media", "Media"),
    Column("outlet", "Outlet", max_width=20),
    Column("title", "Judul", max_width=50),
    Column("views", "Dilihat", justify="right"),
    Column("likes", "Suka", justify="right"),
    Column("comments", "Komentar", justify="right"),
    Column("shares", "Dibagikan", justify="right"),
    Column("engagement", "Interaksi", justify="right"),
)


def top(
    month: MonthOpt = None,
    quarter: QuarterOpt = None,
    year: YearOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="MEASURE",
            help="Rank by views, likes, comments, shares or engagement (the four summed).",
        ),
    ] = "engagement",
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Show the best N items (1 to 1000).")
    ] = DEFAULT_TOP_LIMIT,
    satker: Annotated[
        list[str] | None,
        typer.Option("--satker", "-s", help="Only this satker's items (repeatable)."),
    ] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """The best news items of a month (default: this month), quarter, year or --from/--to.

    Ranked by --by (default engagement: views + likes + comments + shares, a missing count
    adding nothing); items without that count are left out; ties go to the later item.
    --json and --csv give each item's rank, its news fields and engagement.

    Example: adurabi news top --quarter 2025-Q1 --by views --limit 5
    """
    from adurabi_cli.services.news_top import TOP_FIELDS, top_news

    fmt = output_format(as_json, as_csv, as_csv_excel)
    result = top_news(
        state().store(read_only=True),
        PeriodChoice(month, quarter, year, start, end),
        by=by,
        limit=limit,
        satker=satker or (),
    )
    label = TOP_MEASURE_LABELS[result.by].lower()
    emit_rows(
        result.rows,
        TOP_COLUMNS,
        fmt,
        fields=TOP_FIELDS,
        title=f"Berita teratas {result.period.phrase_id} menurut {label}",
        empty=_("tidak ada berita dengan jumlah {label} pada {phrase_id}").format(
            label=label, phrase_id=result.period.phrase_id
        ),
    )


def register(news_app: typer.Typer) -> None:
    news_app.command("top")(top)
