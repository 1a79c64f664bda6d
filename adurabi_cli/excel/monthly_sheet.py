"""The `Per Bulan` sheet of a quarter's or a year's recap workbooks: one column per month.

It takes the numbers of `services.trend.monthly_trend` (the `adurabi trend --json` shape):
a table per measure (complaints received, % closed on time, news, engagement) with a row per
satker and a column per month, then the whole unit per month and a line chart of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from openpyxl.chart import LineChart, Reference

from adurabi_cli.domain.dates import MONTH_NAMES_ID, Month
from adurabi_cli.domain.periods import Period
from adurabi_cli.excel.columns import INT, ExcelColumn
from adurabi_cli.excel.workbook import SheetWriter, title_lines

SHEET_MONTHLY = "Per Bulan"
# (key, caption) of each table after the first, in order.
MEASURES = (
    ("received", "Pengaduan diterima per bulan"),
    ("on_time_pct", "% pengaduan ditutup tepat waktu per bulan"),
    ("news", "Berita per bulan"),
    ("engagement", "Interaksi (dilihat + suka + komentar + dibagikan) per bulan"),
)
TOTAL_HEADERS = ("Bulan", "Pengaduan Diterima", "% Tepat Waktu", "Berita", "Interaksi")


def month_header(key: str) -> str:
    """`2025-03` as `Mar 2025`: short enough for a column per month."""
    month = Month.from_key(key)
    return f"{MONTH_NAMES_ID[month.month - 1][:3]} {month.year}"


def _pct(closed: int, on_time: int) -> float | None:
    return round(100.0 * on_time / closed, 1) if closed else None


def _row_total(months: Sequence[Mapping[str, Any]], key: str) -> Any:
    if key == "on_time_pct":
        return _pct(sum(m["closed"] for m in months), sum(m["closed_on_time"] for m in months))
    return sum(m[key] for m in months)


def write_monthly_sheet(
    wb: Any,
    period: Period,
    unit_line: str,
    generated_at: datetime,
    trend: Mapping[str, Any],
    *,
    kop: Sequence[str] = (),
) -> None:
    """The sheet, after the others; trend holds the rows to show and their totals, kop the
    letterhead's lines."""
    keys = list(trend["months"])
    columns = (
        ExcelColumn("name", "Nama Satker", width=40, multiline=True),
        *(ExcelColumn(key, month_header(key), INT, 11) for key in keys),
        ExcelColumn("total", "Jumlah", INT, 12),
    )
    rows = list(trend["satker"])
    totals = trend["totals"]["months"]
    sheet = SheetWriter(
        wb,
        SHEET_MONTHLY,
        columns,
        title_block=title_lines(
            unit_line,
            period,
            generated_at,
            "Per bulan: angka yang sama dengan rekap bulanan masing-masing bulan",
            MEASURES[0][1],
        ),
        kop=kop,
    )
    for row in rows:
        sheet.append([row["name"], *_values(row["months"], "received")])
    sheet.finish()
    fields = [c.field for c in columns[1:]]
    sheet.totals(dict(zip(fields, _values(totals, "received"), strict=True)))
    headers = [c.header for c in columns]
    for key, caption in MEASURES[1:]:
        sheet.blank()
        sheet.section(caption)
        sheet.header([*headers[:-1], "Seluruh Periode" if key == "on_time_pct" else "Jumlah"])
        for row in rows:
            sheet.plain_row([row["name"], *_values(row["months"], key)])
        sheet.plain_row(["Jumlah", *_values(totals, key)])
    sheet.blank()
    sheet.section("Jumlah per bulan")
    sheet.header(list(TOTAL_HEADERS))
    header_row = sheet.row
    for month in totals:
        sheet.plain_row(
            [
                month_header(month["month"]),
                month["received"],
                month["on_time_pct"],
                month["news"],
                month["engagement"],
            ]
        )
    # A chart of nothing but zeros says nothing: an empty period has none.
    if any(month["received"] or month["news"] for month in totals):
        _line_chart(sheet, header_row, len(totals))


def _values(months: Sequence[Mapping[str, Any]], key: str) -> list[Any]:
    return [*(m[key] for m in months), _row_total(months, key)]


def _line_chart(sheet: SheetWriter, header_row: int, count: int) -> None:
    """Complaints received and news per month, from the table just written."""
    last = header_row + count
    chart = LineChart()
    chart.title = "Pengaduan Diterima dan Berita per Bulan"
    chart.y_axis.title = "Jumlah"
    chart.x_axis.title = "Bulan"
    chart.width, chart.height = 26, 11
    for column in (2, 4):  # Pengaduan Diterima, Berita
        data = Reference(sheet.ws, min_col=column, min_row=header_row, max_row=last)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=header_row + 1, max_row=last))
    sheet.blank()
    sheet.ws.add_chart(chart, f"A{sheet.row + 1}")
