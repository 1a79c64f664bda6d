"""`adurabi complaint add|list|show|update|extend|delete|history|nil`; nil-list and
nil-withdraw are in nil_reports, the handling of a complaint (assign, reply, forward,
receipt) in complaint_handling, its evidence files in complaint_files."""

from typing import Annotated

import typer

from adurabi_cli.cli import complaint_files, complaint_handling, nil_reports
from adurabi_cli.cli.complaint_views import (
    FILE_COLUMNS,
    LIST_COLUMNS,
    REPLY_COLUMNS,
    SHOW_LABELS,
    brief,
    list_view,
)
from adurabi_cli.cli.options import CommandTyper, CsvExcelOpt, CsvOpt, JsonOpt, SatkerOpt
from adurabi_cli.cli.period import warn_closed_complaint, warn_closed_days
from adurabi_cli.cli.state import state
from adurabi_cli.domain.dates import Month
from adurabi_cli.i18n import _, readable
from adurabi_cli.render.history import HISTORY_COLUMNS
from adurabi_cli.render.output import (
    display,
    emit_json,
    emit_line,
    emit_record,
    emit_rows,
    for_scripts,
    message,
    output_format,
)

app = CommandTyper(
    help="Public complaints (pengaduan): record, follow to their close, and declare nil months.",
    no_args_is_help=True,
)

RefArg = Annotated[
    str, typer.Argument(metavar="REF", help="Complaint id or number (PGD-YYYY-NNNNN).")
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why: recorded in the history.")]


@app.command()
def add(
    satker: SatkerOpt,
    summary: Annotated[str, typer.Option("--summary", help="What the complaint is about.")],
    received: Annotated[
        str,
        typer.Option(
            "--received",
            help="Day received: DD/MM/YYYY, YYYY-MM-DD, '15 Mar 2025', today, yesterday.",
        ),
    ] = "today",
    channel: Annotated[
        str | None, typer.Option("--channel", help="How it arrived (default lainnya).")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="What kind of complaint (default lainnya).")
    ] = None,
    complainant: Annotated[
        str | None, typer.Option("--complainant", help="Complainant's name.")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Complainant's phone, e-mail or address.")
    ] = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="Store no identity at all.")
    ] = False,
    confidential: Annotated[
        bool,
        typer.Option("--confidential", help="Keep identity and summary out of every export."),
    ] = False,
    external_ref: Annotated[
        str | None,
        typer.Option("--external-ref", help="Tracking id elsewhere, e.g. SP4N-LAPOR! (unique)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a new complaint; prints its tracking number.

    The deadline is the 14th working day after the day received (sla_days), skipping
    weekends, national holidays and the days added with `adurabi holiday add`.

    Example: adurabi complaint add --satker lapas-kerobokan --channel whatsapp --category pungli --summary "Dimintai uang saat kunjungan"
    """  # noqa: E501
    from adurabi_cli.services.complaints import add_complaint

    app_state = state()
    raw = {
        "satker": satker,
        "received_on": received,
        "channel": channel,
        "category": category,
        "summary": summary,
        "complainant_name": complainant,
        "complainant_contact": contact,
        "anonymous": anonymous,
        "confidential": confidential,
        "external_ref": external_ref,
    }
    record, withdrawn = add_complaint(app_state.store(), raw, app_state.operator)
    if as_json:
        emit_json(record)
    else:
        emit_line(record["number"])
        message(
            _("Recorded {value} for {value2}, received {value3}; due {value4}.").format(
                value=record["number"],
                value2=record["satker"],
                value3=readable(record["received_on"]),
                value4=readable(record["due_on"]),
            )
        )
    if withdrawn:
        message(
            _(
                "Withdrew the nil report of {value} for {withdrawn}: {value2} was received in it."
            ).format(
                value=record["satker"],
                withdrawn=Month.from_key(withdrawn).label,
                value2=record["number"],
            )
        )
    warn_closed_days([record["received_on"]])


@app.command("list")
def list_(
    satker: Annotated[
        list[str] | None, typer.Option("--satker", "-s", help="Satker code (repeatable).")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Status or English alias, e.g. diproses (repeatable)."),
    ] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only open ones (diterima, diverifikasi, diproses).")
    ] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open ones past their deadline.")
    ] = False,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", "-m", help="Received in month: YYYY-MM, 'Mar 2025', current or previous."
        ),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Received on or after this date.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Received on or before this date.")
    ] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Only this channel.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="Only this category.")] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Text in the summary, complainant, number or external ref."),
    ] = None,
    officer: Annotated[
        str | None, typer.Option("--officer", help="Only those assigned to this officer.")
    ] = None,
    unassigned: Annotated[
        bool, typer.Option("--unassigned", help="Only those assigned to no officer.")
    ] = False,
    no_reply: Annotated[
        bool, typer.Option("--no-reply", help="Only those not yet answered (complaint reply).")
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="Show at most N rows (0 = all).")
    ] = 50,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """List complaints, newest received first; overdue ones stand out.

    Example: adurabi complaint list --satker lapas-kerobokan --open --month 2025-03
    """
    from adurabi_cli.db.models import COMPLAINT_RECORD
    from adurabi_cli.services.complaint_queries import ListRequest, list_complaints

    fmt = output_format(as_json, as_csv, as_csv_excel)
    request = ListRequest(
        satker=tuple(satker or ()),
        status=tuple(status or ()),
        open_only=open_only,
        overdue=overdue,
        month=month,
        date_from=date_from,
        date_to=date_to,
        channel=channel,
        category=category,
        search=search,
        officer=officer,
        unassigned=unassigned,
        no_reply=no_reply,
        limit=limit,
    )
    rows, total = list_complaints(state().store(read_only=True), request)
    if for_scripts(fmt):
        emit_rows(rows, LIST_COLUMNS, fmt, fields=COMPLAINT_RECORD)
    else:
        emit_rows(
            [list_view(row) for row in rows],
            LIST_COLUMNS,
            fmt,
            title="Pengaduan",
            row_style=lambda row: "bold red" if row["overdue"] else None,
            empty=_("no complaints match"),
        )
    if total > len(rows):
        message(
            _("showing {value} of {total}; use --limit 0 for all").format(
                value=len(rows), total=total
            )
        )


@app.command()
def show(ref: RefArg, as_json: JsonOpt = False) -> None:
    """Show one complaint with its notes and history.

    Example: adurabi complaint show PGD-2025-00042
    """
    from adurabi_cli.services.complaint_queries import show_complaint

    fmt = output_format(as_json)
    record, lines = show_complaint(state().store(read_only=True), ref)
    if fmt == "json":
        notes = [
            {"at": line["at"], "operator": line["operator"], "note": line["note"]}
            for line in lines
            if line["note"]
        ]
        emit_json({**record, "notes": notes, "history": lines})
        return
    view = {key: display(value) for key, value in record.items()}
    view["satker"] = f"{record['satker']} ({record['satker_name']})"
    labels = [(k, label) for k, label in SHOW_LABELS if k != "deleted_at" or record["deleted_at"]]
    emit_record(view, labels, fmt)
    blocks = [(record["replies"], REPLY_COLUMNS, "Jawaban")] if record["replies"] else []
    if record["files"]:
        blocks.append((record["files"], FILE_COLUMNS, "Berkas bukti"))
    for rows, columns, title in [*blocks, (lines, HISTORY_COLUMNS, "Riwayat")]:
        if fmt == "table":
            message("")
        else:
            emit_line("")
        emit_rows(rows, columns, fmt, title=title, empty=_("no history"))


@app.command()
def update(
    ref: RefArg,
    status: Annotated[
        str | None,
        typer.Option("--status", help="New status; closing and reopening need --note."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help="The resolution, the reason, where it was forwarded, or a remark."
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Close date when closing (default today).")
    ] = None,
    satker: Annotated[
        str | None,
        typer.Option("--satker", "-s", help="Move to this satker (recorded under the wrong one)."),
    ] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="New channel.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="New category.")] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="New summary.")] = None,
    complainant: Annotated[
        str | None, typer.Option("--complainant", help="Complainant's name ('' clears it).")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Complainant's contact ('' clears it).")
    ] = None,
    external_ref: Annotated[
        str | None, typer.Option("--external-ref", help="External tracking id ('' clears it).")
    ] = None,
    received: Annotated[
        str | None, typer.Option("--received", help="Corrected day received (deadline follows).")
    ] = None,
    confidential: Annotated[
        bool | None,
        typer.Option("--confidential/--not-confidential", help="Mark or unmark confidential."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Move a complaint along its follow-up or correct its fields; each change is in the history.

    Example: adurabi complaint update PGD-2025-00042 --status selesai --note "Petugas ditegur"
    """
    from adurabi_cli.services.complaint_changes import Update, update_complaint

    app_state = state()
    change = Update(
        status=status,
        note=note,
        on=on,
        satker=satker,
        channel=channel,
        category=category,
        summary=summary,
        complainant=complainant,
        contact=contact,
        external_ref=external_ref,
        received=received,
        confidential=confidential,
    )
    record, changes = update_complaint(app_state.store(), ref, change, app_state.operator)
    warn_closed_complaint({**record, **{name: old for name, old, _ in changes}}, record)
    if as_json:
        emit_json(record)
        return
    if not changes:
        message(_("Added a note to {value}.").format(value=record["number"]))
        return
    described = "; ".join(f"{name} {brief(old)} -> {brief(new)}" for name, old, new in changes)
    message(_("Updated {value}: {described}.").format(value=record["number"], described=described))


@app.command()
def extend(ref: RefArg, note: NoteOpt = None, as_json: JsonOpt = False) -> None:
    """Extend an open complaint's deadline once, by the same number of working days.

    Example: adurabi complaint extend PGD-2025-00042 --note "Menunggu keterangan saksi"
    """
    from adurabi_cli.services.complaint_changes import extend_complaint

    app_state = state()
    record, old_due = extend_complaint(app_state.store(), ref, note, app_state.operator)
    warn_closed_complaint({**record, "due_on": old_due}, record)
    if as_json:
        emit_json(record)
        return
    message(
        _("Extended {value}: due {value2} -> {value3}.").format(
            value=record["number"], value2=readable(old_due), value3=readable(record["due_on"])
        )
    )


@app.command()
def delete(ref: RefArg, note: NoteOpt = None) -> None:
    """Delete a complaint entered by mistake: it leaves lists and recaps, its history stays.

    Example: adurabi complaint delete PGD-2025-00042 --note "Tercatat dua kali"
    """
    from adurabi_cli.services.complaint_changes import delete_complaint

    app_state = state()
    number = delete_complaint(app_state.store(), ref, note, app_state.operator)
    message(
        _("Deleted {number}; its history is kept (adurabi complaint history {number}).").format(
            number=number
        )
    )


@app.command()
def history(
    ref: RefArg, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_csv_excel: CsvExcelOpt = False
) -> None:
    """Every change to a complaint: time, operator, field, old and new value, note.

    Example: adurabi complaint history PGD-2025-00042
    """
    from adurabi_cli.db.history import HISTORY_FIELDS
    from adurabi_cli.services.complaint_queries import complaint_history

    fmt = output_format(as_json, as_csv, as_csv_excel)
    number, lines = complaint_history(state().store(read_only=True), ref)
    emit_rows(lines, HISTORY_COLUMNS, fmt, fields=HISTORY_FIELDS, title=f"Riwayat {number}")


@app.command()
def nil(
    satker: SatkerOpt,
    month: Annotated[
        str, typer.Option("--month", "-m", help="Month: YYYY-MM, 'Mar 2025', current or previous.")
    ],
    note: NoteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Declare that a satker received no complaints in a month (laporan nihil).

    Refused when the satker has complaints received that month; withdrawn automatically
    if one is added later.

    Example: adurabi complaint nil --satker rupbasan-denpasar --month 2025-03
    """
    from adurabi_cli.services.complaints import declare_nil

    app_state = state()
    report = declare_nil(app_state.store(), satker, month, app_state.operator, note)
    warn_closed_days([report["month"]])
    if as_json:
        emit_json(report)
        return
    message(
        _("Recorded: {value} received no complaints in {value2}.").format(
            value=report["satker"], value2=Month.from_key(report["month"]).label
        )
    )


nil_reports.register(app, nil_reports.COMPLAINTS)  # nil-list, nil-withdraw
complaint_handling.register(app)  # assign, reply, forward, receipt: their own module
complaint_files.register(app)  # attach, files, file-get, file-remove
