"""The monthly recap workbooks: the whole Kanwil's and one per satker (docs/design.md section 7-8).

Both take the recap as `services.recap.monthly_recap` returns it (the `recap --json` shape)
and the month's complaint and news records (docs/design.md section 4 field names, `satker` the
code, `overdue` as of the month's end), streamed into write-only sheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.pagebreak import Break

from adurabi_cli.domain.dates import Month
from adurabi_cli.domain.letterhead import Office
from adurabi_cli.domain.periods import Period
from adurabi_cli.domain.status import STATUS_LABELS
from adurabi_cli.domain.vocab import DEFAULT_VOCAB, MEDIA_GROUP_LABELS, SENTIMENTS
from adurabi_cli.errors import NotFound
from adurabi_cli.excel.columns import (
    COMPLAINTS,
    CONFIDENTIAL_TEXT,
    DATETIME,
    INT,
    NEWS,
    PCT,
    TOTAL_LABEL,
    ExcelColumn,
)
from adurabi_cli.excel.columns import export_columns as _export_columns
from adurabi_cli.excel.monthly_sheet import write_monthly_sheet
from adurabi_cli.excel.saving import atomic_save, check_output_folder, discard
from adurabi_cli.excel.workbook import (
    MAX_LINKS,
    SheetWriter,
    generated_label,
    new_workbook,
    peek,
    title_lines,
)
from adurabi_cli.i18n import _, indonesian_number

STATE_COMPLETE, STATE_NIL, STATE_MISSING = "Lengkap", "Nihil", "Belum melapor"
SHEET_SUMMARY, SHEET_COMPLAINTS, SHEET_NEWS, SHEET_COMPLIANCE = (
    "Ringkasan",
    "Pengaduan",
    "Berita",
    "Kepatuhan",
)
ENGAGEMENT = ("views", "likes", "comments", "shares")
GROUP_FIELDS = {
    "website": "news_website",
    "media-massa": "news_massa",
    "media-sosial": "news_sosial",
    "lainnya": "news_other",
}

# The printed recap names each satker by its official name; codes stay in --json and --csv.
SUMMARY_COLUMNS: tuple[ExcelColumn, ...] = (
    ExcelColumn("name", "Nama Satker", width=44, multiline=True),
    ExcelColumn("received", "Pengaduan Diterima", INT, 12),
    ExcelColumn("resolved", "Selesai", INT, 10),
    ExcelColumn("open", "Masih Terbuka", INT, 10),
    ExcelColumn("overdue", "Terlambat", INT, 10),
    ExcelColumn("on_time_pct", "% Tepat Waktu", PCT, 10),
    # One decimal, as % Tepat Waktu: the average working days to the first reply.
    ExcelColumn("response_days_avg", "Rata-rata Hari Kerja Jawaban", PCT, 14),
    ExcelColumn("news_website", "Berita Website", INT, 10),
    ExcelColumn("news_massa", "Berita Media Massa", INT, 10),
    ExcelColumn("news_sosial", "Berita Media Sosial", INT, 10),
    ExcelColumn("news_other", "Berita Lainnya", INT, 10),
    ExcelColumn("news_total", "Jumlah Berita", INT, 10),
    ExcelColumn("engagement", "Interaksi", INT, 11),
    ExcelColumn("state", "Status Pelaporan", width=16),
)

COMPLIANCE_COLUMNS: tuple[ExcelColumn, ...] = (
    ExcelColumn("name", "Nama Satker", width=44, multiline=True),
    ExcelColumn("complaints", "Laporan Pengaduan", width=14),
    ExcelColumn("news", "Laporan Berita", width=14),
    ExcelColumn("state", "Status Pelaporan", width=16),
    ExcelColumn("complaints_received", "Pengaduan Bulan Ini", INT, 12),
    ExcelColumn("news_published", "Berita Bulan Ini", INT, 12),
    ExcelColumn("last_entry_at", "Entri Terakhir", DATETIME, 17),
)

# The chart's height, and the rows of the default 15 points it covers (1 cm = 28.35 points).
CHART_CM = 14
CHART_ROWS = round(CHART_CM * 28.35 / 15) + 1

_DEFAULT_GROUPS = {term.slug: term.group or "lainnya" for term in DEFAULT_VOCAB["media"]}
_BREAKDOWNS = (
    ("complaints", "by_status", "status", "Pengaduan diterima menurut status"),
    ("complaints", "by_channel", "channel", "Pengaduan diterima menurut kanal"),
    ("complaints", "by_category", "category", "Pengaduan diterima menurut kategori"),
    ("news", "by_media", "media", "Berita menurut media"),
    ("news", "by_sentiment", "sentiment", "Berita menurut sentimen"),
)


def default_labels() -> dict[tuple[str, str], str]:
    """Indonesian labels of the seeded slugs, for callers without the database's own."""
    labels = {(kind, t.slug): t.label for kind, terms in DEFAULT_VOCAB.items() for t in terms}
    labels.update((("status", slug), label) for slug, label in STATUS_LABELS.items())
    labels.update((("group", slug), label) for slug, label in MEDIA_GROUP_LABELS.items())
    labels.update((("sentiment", slug), slug.capitalize()) for slug in SENTIMENTS)
    return labels


def recap_month(recap: Mapping[str, Any]) -> Period:
    """The period of a recap (a month for recaps made before periods existed)."""
    if "period" in recap:
        return Period.from_json(recap["period"])
    return Period.month(Month.from_key(str(recap["month"])))


def write_kanwil_recap(
    path: Path,
    recap: Mapping[str, Any],
    complaints: Iterable[Mapping[str, Any]],
    news: Iterable[Mapping[str, Any]],
    *,
    generated_at: datetime,
    include_personal: bool = False,
    labels: Mapping[tuple[str, str], str] | None = None,
    unit: str = "Seluruh satker",
    top_news: Sequence[Mapping[str, Any]] = (),
    monthly: Mapping[str, Any] | None = None,
    office: Office | None = None,
) -> Path:
    """`rekap-YYYY-MM.xlsx`: Ringkasan (with totals, a chart and the signature block),
    Pengaduan, Berita, Kepatuhan, each under the office's letterhead.

    top_news: the period's best items by engagement (`news top` records), a small table
    under the Berita rows. monthly: the period's months (`adurabi trend --json` shape), a
    `Per Bulan` sheet with a line chart (quarters and years). office: the letterhead and
    signer (the settings office_name ... place; their defaults when None).
    """
    check_output_folder(Path(path).parent)
    month = recap_month(recap)
    labels = labels or default_labels()
    entries = list(recap["satker"])
    totals = recap.get("totals") or {}
    unit_line = f"{unit} ({len(entries)} satker)"
    closed = closed_line(recap)
    office = office or Office()
    kop = office.kop_lines()
    wb = new_workbook()
    with _discarded_on_error(wb):
        _summary_sheet(
            wb,
            month,
            unit_line,
            generated_at,
            entries,
            totals,
            labels,
            office,
            chart=True,
            note=closed,
        )
        _complaint_sheet(wb, month, unit_line, generated_at, complaints, include_personal, kop)
        _news_sheet(wb, month, unit_line, generated_at, news, kop, top_news)
        _compliance_sheet(wb, month, unit_line, generated_at, entries, totals, kop, note=closed)
        if monthly is not None:
            write_monthly_sheet(wb, month, unit_line, generated_at, monthly, kop=kop)
    return atomic_save(wb, path)


def write_satker_recap(
    path: Path,
    recap: Mapping[str, Any],
    code: str,
    complaints: Iterable[Mapping[str, Any]],
    news: Iterable[Mapping[str, Any]],
    *,
    generated_at: datetime,
    include_personal: bool = False,
    labels: Mapping[tuple[str, str], str] | None = None,
    monthly: Mapping[str, Any] | None = None,
    office: Office | None = None,
) -> Path:
    """`YYYY-MM/<code>.xlsx`: one satker's Ringkasan, Pengaduan and Berita (and Per Bulan
    for a quarter or a year: monthly as for the Kanwil's, its row picked here).

    The letterhead and signer are the office's (office, as for the Kanwil's): the satker
    registry records no head of a satker."""
    check_output_folder(Path(path).parent)
    month = recap_month(recap)
    entry = next((e for e in recap["satker"] if e["code"] == code), None)
    if entry is None:
        raise NotFound(
            _("satker {code} is not in the recap of {period}").format(code=code, period=month.label)
        )
    unit_line = entry["name"]
    office = office or Office()
    kop = office.kop_lines()
    wb = new_workbook()
    with _discarded_on_error(wb):
        labels = labels or default_labels()
        note = closed_line(recap)
        _summary_sheet(wb, month, unit_line, generated_at, [entry], None, labels, office, note=note)
        _complaint_sheet(wb, month, unit_line, generated_at, complaints, include_personal, kop)
        _news_sheet(wb, month, unit_line, generated_at, news, kop)
        own = [row for row in (monthly or {}).get("satker", ()) if row["code"] == code]
        if monthly is not None and own:
            mine = {"months": monthly["months"], "satker": own, "totals": own[0]}
            write_monthly_sheet(wb, month, unit_line, generated_at, mine, kop=kop)
    return atomic_save(wb, path)


def closed_line(recap: Mapping[str, Any]) -> str | None:
    """The note of a closed month's figures (`period close`): when and by whom it was closed."""
    closed = recap.get("closed")
    if not closed:
        return None
    return (
        f"Angka lembar ini sesuai tutup buku pada {generated_label(closed['closed_at'])} oleh "
        f"{closed['closed_by']}; perubahan data sesudahnya tidak termasuk"
    )


@contextmanager
def _discarded_on_error(wb: Any) -> Iterator[None]:
    """A failing row source (a database error mid-stream) leaves no temporary files."""
    try:
        yield
    except BaseException:
        discard(wb)
        raise


# --- Ringkasan --------------------------------------------------------------------------------


def summary_row(entry: Mapping[str, Any]) -> dict[str, Any]:
    """One Ringkasan row from a recap entry (or the totals, which have the same counts)."""
    complaints, news = entry.get("complaints", {}), entry.get("news", {})
    row: dict[str, Any] = {
        "code": entry.get("code"),
        "name": entry.get("name"),
        "received": complaints.get("received", 0),
        "resolved": complaints.get("resolved", 0),
        "open": complaints.get("open", 0),
        "overdue": complaints.get("overdue", 0),
        "on_time_pct": complaints.get("on_time_pct"),
        "response_days_avg": complaints.get("response_days_avg"),
        "news_total": news.get("total", 0),
        "engagement": _engagement(news.get("engagement")),
        "state": reporting_state(entry),
    }
    row.update(dict.fromkeys(GROUP_FIELDS.values(), 0))
    for group, count in _media_groups(news).items():
        row[GROUP_FIELDS.get(group, "news_other")] += count
    return row


def reporting_state(entry: Mapping[str, Any]) -> str | None:
    """Lengkap, Nihil or Belum melapor, as the recap states it (or derives it)."""
    state = (entry.get("compliance") or {}).get("state")
    if state:
        return state
    reported = entry.get("reported")
    if not reported:
        return None
    complaints, news = reported.get("complaints"), reported.get("news")
    if complaints is False or not news:
        return STATE_MISSING
    return STATE_NIL if complaints == "nil" else STATE_COMPLETE


def _media_groups(news: Mapping[str, Any]) -> dict[str, int]:
    if "by_group" in news:
        return dict(news["by_group"])
    groups: dict[str, int] = {}
    for media, count in (news.get("by_media") or {}).items():
        group = _DEFAULT_GROUPS.get(media, "lainnya")
        groups[group] = groups.get(group, 0) + count
    return groups


def _engagement(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        if "total" in value:
            return value["total"]
        return sum(value.get(key) or 0 for key in ENGAGEMENT)
    return value


def _summary_sheet(
    wb: Any,
    month: Period,
    unit_line: str,
    generated_at: datetime,
    entries: list[Mapping[str, Any]],
    totals: Mapping[str, Any] | None,
    labels: Mapping[tuple[str, str], str],
    office: Office,
    *,
    chart: bool = False,
    note: str | None = None,
) -> None:
    rows = [summary_row(e) for e in entries]
    basis = totals if totals is not None else (entries[0] if entries else {})
    empty = not any(r["received"] or r["open"] or r["news_total"] for r in rows)
    extra = ["Ringkasan pengaduan dan berita per satker"]
    if note:
        extra.append(note)
    if empty:
        extra.append(f"Nihil: tidak ada pengaduan maupun berita pada {month.phrase_id}")
    sheet = SheetWriter(
        wb,
        SHEET_SUMMARY,
        SUMMARY_COLUMNS,
        title_block=title_lines(unit_line, month, generated_at, *extra),
        kop=office.kop_lines(),
    )
    for row in rows:
        sheet.append_record(row)
    if totals is not None:
        total = summary_row(totals)
        del total["code"]
        total.update(name=TOTAL_LABEL, state=_states_text(totals))
        sheet.totals(total)
    sheet.finish()
    _breakdowns(sheet, basis, labels)
    # A chart of nothing but zeros says nothing: an empty period has none.
    if chart and not empty:
        _news_chart(sheet, len(rows))
    sheet.signature(office.signature_lines(generated_at.date()))


def _states_text(totals: Mapping[str, Any]) -> str | None:
    counts = totals.get("reporting")
    if not counts:
        return None
    return (
        f"Lengkap {counts.get('lengkap', 0)}, Nihil {counts.get('nihil', 0)}, "
        f"Berjalan {counts.get('berjalan', 0)}, Belum {counts.get('belum_melapor', 0)}"
    )


def _breakdowns(
    sheet: SheetWriter, basis: Mapping[str, Any], labels: Mapping[tuple[str, str], str]
) -> None:
    """Small tables below the summary: counts by status, channel, category, media, sentiment."""
    for side, key, kind, caption in _BREAKDOWNS:
        counts = (basis.get(side) or {}).get(key) or {}
        sheet.blank()
        sheet.section(caption)
        sheet.header(["Uraian", "Jumlah"])
        for slug, count in counts.items():
            sheet.plain_row([labels.get((kind, slug), slug), count])
        sheet.plain_row(["Jumlah", sum(counts.values())])


def _news_chart(sheet: SheetWriter, count: int) -> None:
    """A bar chart of news per satker on a page of its own below everything written so far,
    with blank rows under it so that what follows prints below the chart, not behind it."""
    column = [c.field for c in SUMMARY_COLUMNS].index("news_total") + 1
    first, last = sheet.first_data_row, sheet.first_data_row + count - 1
    chart = BarChart()
    # Bars across, so that each satker's name reads whole beside its bar.
    chart.type = "bar"
    chart.title = "Jumlah Berita per Satker"
    chart.y_axis.title = "Berita"
    chart.x_axis.scaling.orientation = "maxMin"
    chart.legend = None
    chart.width, chart.height = 26, CHART_CM
    data = Reference(sheet.ws, min_col=column, min_row=sheet.header_row, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=first, max_row=last))
    sheet.blank()
    # A chart split by a page break prints half on each page: it starts a page, a row below
    # the break so that not even its frame's edge prints on the page before.
    sheet.ws.row_breaks.append(Break(id=sheet.row))
    sheet.blank()
    sheet.ws.add_chart(chart, f"A{sheet.row + 1}")
    for _row in range(CHART_ROWS):
        sheet.blank()


# --- Pengaduan and Berita ---------------------------------------------------------------------


def _complaint_sheet(
    wb: Any,
    month: Period,
    unit_line: str,
    generated_at: datetime,
    records: Iterable[Mapping[str, Any]],
    include_personal: bool,
    kop: Sequence[str],
) -> None:
    has_rows, records = peek(records)
    extra = ["Pengaduan yang diterima pada bulan ini atau masih terbuka pada akhir bulan"]
    if not has_rows:
        extra.append(f"Nihil: tidak ada pengaduan pada {month.phrase_id}")
    if not include_personal:
        extra.append(
            "Nama dan kontak pengadu serta berkas bukti tidak dicantumkan; "
            f"ringkasan pengaduan rahasia ditulis {CONFIDENTIAL_TEXT}"
        )
    columns = _export_columns(COMPLAINTS, include_personal=include_personal)
    sheet = SheetWriter(
        wb,
        SHEET_COMPLAINTS,
        columns,
        title_block=title_lines(unit_line, month, generated_at, *extra),
        kop=kop,
    )
    tally = {"rows": 0, "overdue": 0}
    sheet.append_records(_complaint_rows(records, include_personal, tally))
    sheet.finish()
    if has_rows:
        sheet.totals({"satker": f"{tally['rows']} pengaduan", "overdue": tally["overdue"]})


def _complaint_rows(
    records: Iterator[Mapping[str, Any]], include_personal: bool, tally: dict[str, int]
) -> Iterator[Mapping[str, Any]]:
    for record in records:
        tally["rows"] += 1
        if record.get("overdue"):
            tally["overdue"] += 1
        if record.get("confidential") and not include_personal:
            record = {**record, "summary": CONFIDENTIAL_TEXT}
        yield record


def _news_sheet(
    wb: Any,
    month: Period,
    unit_line: str,
    generated_at: datetime,
    records: Iterable[Mapping[str, Any]],
    kop: Sequence[str],
    top_news: Sequence[Mapping[str, Any]] = (),
) -> None:
    has_rows, records = peek(records)
    extra = ["Berita yang terbit pada bulan ini"]
    if not has_rows:
        extra.append(f"Nihil: tidak ada berita pada {month.phrase_id}")
    sheet = SheetWriter(
        wb,
        SHEET_NEWS,
        _export_columns(NEWS),
        title_block=title_lines(unit_line, month, generated_at, *extra),
        kop=kop,
    )
    sums = dict.fromkeys(ENGAGEMENT, 0)
    tally = {"rows": 0}
    sheet.append_records(_news_rows(records, sums, tally))
    sheet.finish()
    if has_rows:
        sheet.totals({"published_on": f"{tally['rows']} berita", **sums})
    if sheet.unlinked:
        sheet.blank()
        sheet.note(
            f"{indonesian_number(sheet.unlinked)} tautan terakhir ditulis sebagai teks biasa: "
            f"Excel menyimpan paling banyak {indonesian_number(MAX_LINKS)} tautan dalam satu "
            "lembar."
        )
    if top_news:
        _top_news_table(sheet, top_news)


TOP_NEWS_HEADERS = (
    "Peringkat",
    "Tanggal Terbit",
    "Satker",
    "Media",
    "Judul",
    "Dilihat",
    "Suka",
    "Komentar",
    "Dibagikan",
    "Interaksi",
)
TOP_NEWS_FIELDS = (
    "rank",
    "published_on",
    "satker",
    "media",
    "title",
    "views",
    "likes",
    "comments",
    "shares",
    "engagement",
)


def _top_news_table(sheet: SheetWriter, top_news: Sequence[Mapping[str, Any]]) -> None:
    """The period's best items by engagement, a small table below the sheet's rows."""
    sheet.blank()
    sheet.section(
        f"{len(top_news)} berita teratas menurut interaksi (dilihat + suka + komentar + dibagikan)"
    )
    sheet.header(list(TOP_NEWS_HEADERS))
    for item in top_news:
        sheet.plain_row([item.get(field) for field in TOP_NEWS_FIELDS])


def _news_rows(
    records: Iterator[Mapping[str, Any]], sums: dict[str, int], tally: dict[str, int]
) -> Iterator[Mapping[str, Any]]:
    for record in records:
        tally["rows"] += 1
        for key in ENGAGEMENT:
            value = record.get(key)
            if value:
                sums[key] += value
        yield record


# --- Kepatuhan --------------------------------------------------------------------------------


def _compliance_sheet(
    wb: Any,
    month: Period,
    unit_line: str,
    generated_at: datetime,
    entries: list[Mapping[str, Any]],
    totals: Mapping[str, Any],
    kop: Sequence[str],
    *,
    note: str | None = None,
) -> None:
    extra = [
        "Kepatuhan pelaporan satker aktif",
        "Lengkap: ada pengaduan dan ada berita pada bulan ini; Nihil: salah satunya laporan nihil;",
        "Berjalan: belum melapor, batas pelaporan belum lewat",
    ]
    if note:
        extra.append(note)
    sheet = SheetWriter(
        wb,
        SHEET_COMPLIANCE,
        COMPLIANCE_COLUMNS,
        title_block=title_lines(unit_line, month, generated_at, *extra),
        kop=kop,
    )
    reported_complaints = reported_news = 0
    for entry in entries:
        row = compliance_row(entry)
        reported_complaints += row["complaints"] != "Belum"
        reported_news += row["news"] != "Belum"
        sheet.append_record(row)
    sheet.finish()
    complaints, news = totals.get("complaints") or {}, totals.get("news") or {}
    sheet.totals(
        {
            "complaints": f"{reported_complaints} melapor",
            "news": f"{reported_news} melapor",
            "state": _states_text(totals),
            "complaints_received": complaints.get("received"),
            "news_published": news.get("total"),
        }
    )


def _side_text(side: Any) -> str:
    return "Nihil" if side == "nil" else "Ada" if side else "Belum"


def compliance_row(entry: Mapping[str, Any]) -> dict[str, Any]:
    """One Kepatuhan row from a recap entry."""
    reported = entry.get("reported") or {}
    compliance = entry.get("compliance") or {}
    complaints = reported.get("complaints")
    return {
        "code": entry.get("code"),
        "name": entry.get("name"),
        "complaints": _side_text(complaints),
        "news": _side_text(reported.get("news")),
        "state": reporting_state(entry),
        "complaints_received": compliance.get(
            "complaints_received", (entry.get("complaints") or {}).get("received")
        ),
        "news_published": compliance.get("news_published", (entry.get("news") or {}).get("total")),
        "last_entry_at": compliance.get("last_entry_at"),
    }
