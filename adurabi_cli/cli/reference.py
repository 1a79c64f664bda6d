"""`adurabi vocab list|add`, `holiday list|add|remove|refresh`, `setting list|set`."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.options import CommandTyper, CsvExcelOpt, CsvOpt, JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _, readable
from adurabi_cli.render.output import Column, emit_json, emit_rows, message, output_format

vocab_app = CommandTyper(
    help="Channels, categories, media and news categories (extendable).", no_args_is_help=True
)
holiday_app = CommandTyper(
    help=(
        "Non-working days for complaint deadlines: national holidays (stored in the database) "
        "and the Kanwil's own."
    ),
    no_args_is_help=True,
)
setting_app = CommandTyper(
    help=(
        "The office's settings: sla_days (working days to handle a complaint), "
        "report_deadline (the working day of the next month a month's report is due), "
        "timezone (the office's zone for the times people read), office_name, "
        "office_address, signer_title, signer_name, signer_nip and place (the letterhead "
        "and signature block of the printed recap)."
    ),
    no_args_is_help=True,
)

VOCAB_COLUMNS = (
    Column("kind", "Jenis"),
    Column("slug", "Kode", style="cyan"),
    Column("label", "Label"),
    Column("group", "Kelompok"),
    Column("builtin", "Bawaan", fmt=lambda v: "ya" if v else "tidak"),
)


@vocab_app.command("list")
def vocab_list(
    kind: Annotated[
        str | None,
        typer.Argument(help="channel, category, media or news_category; all if omitted."),
    ] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """List vocabulary terms.

    Example: adurabi vocab list channel
    """
    from adurabi_cli.services.reference import list_vocab

    fmt = output_format(as_json, as_csv, as_csv_excel)
    emit_rows(list_vocab(state().store(read_only=True), kind), VOCAB_COLUMNS, fmt, title="Kosakata")


@vocab_app.command("add")
def vocab_add(
    kind: Annotated[str, typer.Argument(help="channel, category, media or news_category.")],
    slug: Annotated[str, typer.Argument(help="New slug, e.g. pengaduan-online.")],
    label: Annotated[str, typer.Option("--label", help="Indonesian label shown in recaps.")],
    group: Annotated[
        str | None,
        typer.Option("--group", help="Media only: website, media-massa, media-sosial or lainnya."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a term to a vocabulary.

    Example: adurabi vocab add media threads --label Threads --group media-sosial
    """
    from adurabi_cli.services.reference import add_vocab

    row = add_vocab(state().store(), kind, slug, label, group)
    if as_json:
        emit_json(row)
    else:
        message(
            _("Added {value} {value2} ({value3}).").format(
                value=row["kind"], value2=row["slug"], value3=row["label"]
            )
        )


HOLIDAY_COLUMNS = (
    Column("day", "Tanggal", fmt=lambda d: d.strftime("%d/%m/%Y")),
    Column("weekday", "Hari"),
    Column("name", "Keterangan"),
    Column("source", "Sumber"),
)


@holiday_app.command("list")
def holiday_list(
    year: Annotated[
        int | None, typer.Option("--year", help="Year to show (default: this year).")
    ] = None,
    added_only: Annotated[
        bool, typer.Option("--added", help="Only the days the Kanwil added.")
    ] = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """List the non-working days of a year: national holidays and added days.

    Example: adurabi holiday list --year 2025
    """
    from adurabi_cli.services.reference import holidays_of_year

    fmt = output_format(as_json, as_csv, as_csv_excel)
    rows = holidays_of_year(state().store(read_only=True), year, added_only=added_only)
    emit_rows(rows, HOLIDAY_COLUMNS, fmt, fields=("day", "name", "source"), title="Hari libur")
    if not added_only and not any(row["source"] == "nasional" for row in rows):
        shown = rows[0]["day"].year if rows else year or "ini"
        message(
            _(
                "Hari libur nasional tahun {shown} belum tersimpan; lihat "
                "`adurabi holiday refresh --help`."
            ).format(shown=shown)
        )


@holiday_app.command("add")
def holiday_add(
    ctx: typer.Context,
    day: Annotated[
        str | None, typer.Argument(metavar="DATE", help="DD/MM/YYYY, YYYY-MM-DD or '15 Mar 2025'.")
    ] = None,
    name: Annotated[
        str | None, typer.Argument(help="What the day is, e.g. 'Cuti bersama Idul Fitri'.")
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            metavar="bali-pawukon",
            help="Add a year's Galungan and Kuningan (Pawukon cycle) instead of DATE NAME.",
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="The year of --preset (default: this year).")
    ] = None,
) -> None:
    """Add a non-working day (cuti bersama, a local holiday), or a year's Galungan and
    Kuningan with --preset bali-pawukon; open deadlines they fall within move a working day
    later, each move a line of the complaint's history.

    Example: adurabi holiday add 2025-04-02 "Cuti bersama Idul Fitri"

    Example: adurabi holiday add --preset bali-pawukon --year 2026
    """
    from adurabi_cli.services.reference import add_holidays, parse_holiday_date, preset_holidays

    if preset is None:
        if year is not None:
            ctx.fail("--year goes with --preset")
        if day is None or name is None:
            ctx.fail(f"Missing argument '{'DATE' if day is None else 'NAME'}'")
        days = {parse_holiday_date(day): name}
    else:
        if day is not None:
            ctx.fail("give DATE NAME or --preset, not both")
        days = preset_holidays(preset, year)
    app_state = state()
    rows = add_holidays(app_state.store(), days, app_state.operator)
    listed = ", ".join(f"{readable(row['day'])} ({row['name']})" for row in rows)
    message(
        _("Added {listed}; {value} open deadline(s) moved.").format(
            listed=listed, value=rows[0]["moved"]
        )
    )


@holiday_app.command("remove")
def holiday_remove(
    day: Annotated[str, typer.Argument(metavar="DATE", help="A day added with `holiday add`.")],
) -> None:
    """Remove a day added with `holiday add`; open deadlines it fell within move a working day
    earlier, each move a line of the complaint's history.

    National holidays cannot be removed: they come from the `holidays` package and
    `holiday refresh` would bring them back.

    Example: adurabi holiday remove 2025-04-02
    """
    from adurabi_cli.services.reference import parse_holiday_date, remove_holiday

    parsed = parse_holiday_date(day)
    app_state = state()
    moved = remove_holiday(app_state.store(), parsed, app_state.operator)
    message(
        _("Removed {value}; {moved} open deadline(s) moved.").format(
            value=readable(parsed), moved=moved
        )
    )


@holiday_app.command("refresh")
def holiday_refresh(
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            metavar="YYYY[-YYYY]",
            help="A year or a span of years, from 2000 to ten years ahead (default: all of them).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Store the national holidays anew from the installed `holidays` package.

    The database keeps them, so every operator counts deadlines with the same days; run this
    after updating the package when the government moves a holiday. Open deadlines follow.

    Example: adurabi holiday refresh --years 2026-2027
    """
    from adurabi_cli.services.reference import parse_years, refresh_holidays

    app_state = state()
    result = refresh_holidays(app_state.store(), parse_years(years), app_state.operator)
    if output_format(as_json) == "json":
        emit_json(result)
        return
    span = f"{result['first_year']}-{result['last_year']}"
    message(
        _(
            "Hari libur nasional {span} dari {value}: {value2} hari; "
            "{value3} ditambah, {value4} dihapus, {value5} berganti "
            "nama; {value6} tenggat pengaduan terbuka berubah."
        ).format(
            span=span,
            value=result["package"],
            value2=result["days"],
            value3=result["added"],
            value4=result["removed"],
            value5=result["renamed"],
            value6=result["recomputed"],
        )
    )


SETTING_COLUMNS = (
    Column("key", "Kunci", style="cyan"),
    Column("value", "Nilai", justify="right"),
    Column("default", "Bawaan", justify="right"),
    Column("description", "Keterangan"),
)


@setting_app.command("list")
def setting_list(
    as_json: JsonOpt = False, as_csv: CsvOpt = False, as_csv_excel: CsvExcelOpt = False
) -> None:
    """List the settings with their values and defaults.

    Example: adurabi setting list
    """
    from adurabi_cli.services.reference import list_settings

    fmt = output_format(as_json, as_csv, as_csv_excel)
    emit_rows(
        list_settings(state().store(read_only=True)), SETTING_COLUMNS, fmt, title="Pengaturan"
    )


@setting_app.command("set")
def setting_set(
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY",
            help=(
                "The setting: sla_days, report_deadline, timezone, office_name, "
                "office_address, signer_title, signer_name, signer_nip, place, smtp_host, "
                "smtp_port, smtp_security, smtp_user, smtp_sender."
            ),
        ),
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="Its new value, e.g. 10; '' clears a text one.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Change a setting. A longer sla_days is given to open complaints too.

    Their deadlines move later, each move a line of the complaint's history. A shorter
    sla_days counts for complaints received from now on: a deadline already given to a
    complainant is never made earlier. Closed complaints keep theirs. The SMTP password is
    never stored: `remind --send` reads it from ADURABI_SMTP_PASSWORD.

    office_name is the letterhead's name lines separated by |; an empty signer_name or
    signer_nip leaves a dotted line to write over.

    Example: adurabi setting set sla_days 10
    """
    from adurabi_cli.services.reference import change_setting

    app_state = state()
    result = change_setting(app_state.store(), key, value, app_state.operator)
    if as_json:
        emit_json(result)
        return
    key, new, previous = result["key"], _shown(result["value"]), _shown(result["previous"])
    if new == previous:
        message(_("Nothing to do: {key} is already {new}.").format(key=key, new=new))
    elif key == "sla_days" and result["value"] < result["previous"]:
        message(
            _(
                "{key} is now {new} (was {previous}) for complaints received "
                "from now on; deadlines already given are kept."
            ).format(key=key, new=new, previous=previous)
        )
    elif key == "sla_days":
        message(
            _("{key} is now {new} (was {previous}); {value} open deadline(s) moved.").format(
                key=key, new=new, previous=previous, value=result["recomputed"]
            )
        )
    else:
        message(
            _("{key} is now {new} (was {previous}).").format(key=key, new=new, previous=previous)
        )


def _shown(value: object) -> str:
    return "(kosong)" if value is None else str(value)
