"""`adurabi news add|list|show|update|delete|history` (nil, nil-list, top: their own modules)."""

# No `from __future__ import annotations` here: Typer reads every command's signature each
# time the program starts, and string annotations would be eval'd again (about 3 ms).

from typing import Annotated

import typer

from adurabi_cli.cli import news_nil, news_top, nil_reports
from adurabi_cli.cli.options import CommandTyper, CsvExcelOpt, CsvOpt, JsonOpt, MonthOpt
from adurabi_cli.cli.period import warn_closed_days
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _, readable
from adurabi_cli.render.history import HISTORY_COLUMNS
from adurabi_cli.render.output import (
    Column,
    date_id,
    display,
    emit_json,
    emit_line,
    emit_record,
    emit_rows,
    message,
    output_format,
)
from adurabi_cli.render.terminal import terminal

app = CommandTyper(
    help=(
        "News (berita): website articles, coverage in online, print, TV and radio media, "
        "and official social media posts with their engagement."
    ),
    no_args_is_help=True,
)

IdArg = Annotated[str, typer.Argument(metavar="ID", help="The news id `news list` shows.")]
MEDIA_HELP = (
    "website, online, cetak, televisi, radio, instagram, facebook, x, tiktok, youtube, "
    "lainnya (or an added one)."
)
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="Publication date: DD/MM/YYYY, YYYY-MM-DD, '15 Mar 2025', today, yesterday.",
    ),
]
OutletOpt = Annotated[
    str | None,
    typer.Option("--outlet", help="Outlet or account, e.g. 'Bali Post', @kemenkumhambali."),
]
UrlOpt = Annotated[
    str | None, typer.Option("--url", help="Link to the article or post (http/https).")
]
CategoryOpt = Annotated[
    str | None,
    typer.Option("--category", help="kegiatan, rilis, glorifikasi, klarifikasi or lainnya."),
]
SentimentOpt = Annotated[
    str | None, typer.Option("--sentiment", help="positif, netral or negatif.")
]
# Counts are taken as text so that "-5" or "abc" get the program's own one-line error.
ViewsOpt = Annotated[
    str | None, typer.Option("--views", metavar="N", help="Views so far (a whole number).")
]
LikesOpt = Annotated[str | None, typer.Option("--likes", metavar="N", help="Likes so far.")]
CommentsOpt = Annotated[
    str | None, typer.Option("--comments", metavar="N", help="Comments so far.")
]
SharesOpt = Annotated[str | None, typer.Option("--shares", metavar="N", help="Shares so far.")]


AlsoSatkerHelp = (
    "Another satker this item also covers (repeatable; code, official name or short name): "
    "the item counts in that satker's recap rows too, and once in the totals."
)


LIST_COLUMNS = (
    Column("id", "ID", justify="right"),
    Column("published_on", "Tanggal", fmt=date_id),
    Column("satker", "Satker", style="cyan"),
    Column("media", "Media"),
    Column("outlet", "Outlet", max_width=24),
    Column("title", "Judul", max_width=60),
    Column("sentiment", "Sentimen"),
    Column("views", "Dilihat", justify="right"),
    Column("likes", "Suka", justify="right"),
    Column("comments", "Komentar", justify="right"),
    Column("shares", "Dibagikan", justify="right"),
)
RECORD_LABELS = (
    ("id", "ID"),
    ("satker", "Satker"),
    ("also_satker", "Satker lain"),
    ("published_on", "Tanggal terbit"),
    ("title", "Judul"),
    ("media", "Media"),
    ("media_group", "Kelompok media"),
    ("outlet", "Outlet / akun"),
    ("url", "URL"),
    ("category", "Kategori"),
    ("sentiment", "Sentimen"),
    ("views", "Dilihat"),
    ("likes", "Suka"),
    ("comments", "Komentar"),
    ("shares", "Dibagikan"),
    ("created_by", "Dicatat oleh"),
    ("created_at", "Dicatat pada"),
    ("updated_at", "Diubah pada"),
    ("deleted_at", "Dihapus pada"),
)


@app.command()
def add(
    satker: Annotated[
        str, typer.Option("--satker", "-s", help="Satker code, e.g. lapas-kerobokan.")
    ],
    title: Annotated[str, typer.Option("--title", "-t", help="Headline or post caption.")],
    media: Annotated[str, typer.Option("--media", help=MEDIA_HELP)],
    also_satker: Annotated[
        list[str] | None,
        typer.Option("--also-satker", metavar="CODE", help=AlsoSatkerHelp),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help=(
                "Publication date: DD/MM/YYYY, YYYY-MM-DD, '15 Mar 2025', yesterday. "
                "Default: today."
            ),
        ),
    ] = None,
    outlet: OutletOpt = None,
    url: UrlOpt = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            help="kegiatan, rilis, glorifikasi, klarifikasi or lainnya. Default: kegiatan.",
        ),
    ] = None,
    sentiment: Annotated[
        str | None,
        typer.Option("--sentiment", help="positif, netral or negatif. Default: netral."),
    ] = None,
    views: ViewsOpt = None,
    likes: LikesOpt = None,
    comments: CommentsOpt = None,
    shares: SharesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a news item; prints its id (the whole record with --json).

    Defaults: --date today, --category kegiatan, --sentiment netral; counts are left empty
    until given. The URL is compared after normalisation (case of scheme and host, www.,
    trailing slash, fragment and utm_*/fbclid/igshid/igsh/si dropped), so the same article
    or post is never recorded twice.

    An article about several satker (the Kanwil and a Lapas together) is recorded once
    under one --satker and names the others with --also-satker.

    Example: adurabi news add --satker lapas-kerobokan --media online --outlet "Bali Post"
    --title "Lapas Kerobokan gelar bakti sosial" --url https://www.balipost.com/news/123
    """
    from adurabi_cli.services.news import add_news

    app_state = state()
    raw = {
        "satker": satker,
        "also_satker": also_satker,
        "title": title,
        "media": media,
        "published_on": date,
        "outlet": outlet,
        "url": url,
        "category": category,
        "sentiment": sentiment,
        "views": views,
        "likes": likes,
        "comments": comments,
        "shares": shares,
    }
    row = add_news(app_state.store(), raw, app_state.operator)
    warn_closed_days([row["published_on"]])
    if as_json:
        emit_json(row)
        return
    emit_line(str(row["id"]))
    message(
        _("Added news {value} ({value2}, {value3}).").format(
            value=row["id"], value2=row["satker"], value3=readable(row["published_on"])
        )
    )


@app.command("list")
def list_(
    satker: Annotated[
        list[str] | None,
        typer.Option("--satker", "-s", help="Only this satker (repeatable)."),
    ] = None,
    month: MonthOpt = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Published on or after this date.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Published on or before this date.")
    ] = None,
    media: Annotated[
        list[str] | None,
        typer.Option(
            "--media",
            help="Only this media (repeatable), or a group: website, media-massa, media-sosial.",
        ),
    ] = None,
    sentiment: Annotated[
        list[str] | None,
        typer.Option("--sentiment", help="Only positif, netral or negatif (repeatable)."),
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option("--category", help="Only this news category (repeatable), e.g. rilis."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "-q", help="Text in the title, outlet or URL (any case)."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="Show at most N items (0 = all).")
    ] = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """List news items, newest first.

    Filters combine (all must match); --month with --from/--to keeps the days in both.

    Example: adurabi news list --month 2025-03 --satker lapas-kerobokan --media media-sosial
    """
    from adurabi_cli.db.models import NEWS_RECORD
    from adurabi_cli.services.news import NewsFilter, list_news

    fmt = output_format(as_json, as_csv, as_csv_excel)
    filters = NewsFilter(
        satker=satker or (),
        month=month,
        date_from=date_from,
        date_to=date_to,
        media=media or (),
        sentiment=sentiment or (),
        category=category or (),
        search=search,
        limit=limit,
    )
    page = list_news(state().store(read_only=True), filters)
    emit_rows(
        page.rows, LIST_COLUMNS, fmt, fields=NEWS_RECORD, title="Berita", empty=_("no news items")
    )
    if page.cut:
        message(
            _("showing {value} of {total}; use --limit 0 for all").format(
                value=len(page.rows), total=page.total
            )
        )


@app.command()
def show(news_id: IdArg, as_json: JsonOpt = False) -> None:
    """Show one news item and its history (deleted items too).

    Example: adurabi news show 42
    """
    from adurabi_cli.domain.news import parse_news_id
    from adurabi_cli.services.news import show_news

    fmt = output_format(as_json)
    row, history = show_news(state().store(read_only=True), parse_news_id(news_id))
    if fmt == "json":
        emit_json({**row, "history": history})
        return
    labels = [(k, v) for k, v in RECORD_LABELS if k != "deleted_at" or row["deleted_at"]]
    emit_record({key: display(value) for key, value in row.items()}, labels, fmt)
    if fmt == "plain":
        terminal().stdout.write("\n")
    emit_rows(history, HISTORY_COLUMNS, fmt, title="Riwayat")


@app.command()
def update(
    news_id: IdArg,
    satker: Annotated[
        str | None, typer.Option("--satker", "-s", help="Move to another satker.")
    ] = None,
    also_satker: Annotated[
        list[str] | None,
        typer.Option(
            "--also-satker",
            metavar="CODE",
            help="The other satker this item covers (repeatable): replaces the stored ones; "
            "--also-satker '' clears them.",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="New title.")] = None,
    media: Annotated[str | None, typer.Option("--media", help=MEDIA_HELP)] = None,
    date: DateOpt = None,
    outlet: OutletOpt = None,
    url: UrlOpt = None,
    category: CategoryOpt = None,
    sentiment: SentimentOpt = None,
    views: ViewsOpt = None,
    likes: LikesOpt = None,
    comments: CommentsOpt = None,
    shares: SharesOpt = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Why: recorded with each change.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Correct a news item or bring its engagement counts up to date.

    Each changed field is kept in the history with its old and new value. An empty value
    ("") clears --outlet, --url, --also-satker or a count. A new URL is checked for
    duplicates again.

    Example: adurabi news update 42 --likes 1250 --comments 87 --note "counted 1 April"
    """
    from adurabi_cli.domain.news import parse_news_id
    from adurabi_cli.services.news import update_news

    app_state = state()
    changes = {
        "satker": satker,
        "also_satker": also_satker,
        "title": title,
        "media": media,
        "published_on": date,
        "outlet": outlet,
        "url": url,
        "category": category,
        "sentiment": sentiment,
        "views": views,
        "likes": likes,
        "comments": comments,
        "shares": shares,
    }
    result = update_news(
        app_state.store(), parse_news_id(news_id), changes, app_state.operator, note=note
    )
    counted = [(n, old) for n, old, _ in result.changes if n in RECAP_FIELDS]
    if counted:
        olds = [old for n, old in counted if n == "published_on" and old]
        warn_closed_days([result.record["published_on"], *olds])
    if as_json:
        emit_json(result.record)
        return
    news = result.record["id"]
    if not result.changes:
        message(_("No change: news {news} already has these values.").format(news=news))
        return
    changed = "; ".join(
        f"{name}: {_shown(old)} -> {_shown(new)}" for name, old, new in result.changes
    )
    message(_("Updated news {news}: {changed}.").format(news=news, changed=changed))


# The fields of a news item that the recap counts by: a change of one moves its month's figures.
RECAP_FIELDS = frozenset(
    ("satker", "media", "published_on", "sentiment", "views", "likes", "comments", "shares")
)


def _shown(value: str | None) -> str:
    return "(empty)" if value is None else repr(value) if " " in value else value


@app.command()
def delete(
    news_id: IdArg,
    note: Annotated[str, typer.Option("--note", help="Why it is deleted (kept in the history).")],
    as_json: JsonOpt = False,
) -> None:
    """Delete a news item; its history stays.

    The item leaves lists and recaps (a soft delete) and its URL may be recorded again.

    Example: adurabi news delete 42 --note "recorded twice under two links"
    """
    from adurabi_cli.domain.news import parse_news_id
    from adurabi_cli.services.news import delete_news

    app_state = state()
    row = delete_news(app_state.store(), parse_news_id(news_id), app_state.operator, note)
    warn_closed_days([row["published_on"]])
    if as_json:
        emit_json(row)
        return
    message(
        _("Deleted news {value} ({value2}, {value3}).").format(
            value=row["id"], value2=row["satker"], value3=readable(row["published_on"])
        )
    )


@app.command()
def history(
    news_id: IdArg,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """Show every change to a news item: creation, each field changed, deletion.

    Example: adurabi news history 42
    """
    from adurabi_cli.db.history import HISTORY_FIELDS
    from adurabi_cli.domain.news import parse_news_id
    from adurabi_cli.services.news import news_history

    fmt = output_format(as_json, as_csv, as_csv_excel)
    rows = news_history(state().store(read_only=True), parse_news_id(news_id))
    emit_rows(rows, HISTORY_COLUMNS, fmt, fields=HISTORY_FIELDS, title=f"Riwayat berita {news_id}")


news_nil.register(app)  # `news nil`, in its own module
nil_reports.register(app, nil_reports.NEWS)  # nil-list, nil-withdraw
news_top.register(app)  # `news top`, in its own module
