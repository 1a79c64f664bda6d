"""`adurabi satker list|add|update|import`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.options import CommandTyper, CsvExcelOpt, CsvOpt, DryRunOpt, JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import N_, _
from adurabi_cli.render.output import (
    Column,
    emit_json,
    emit_line,
    emit_rows,
    message,
    output_format,
)

app = CommandTyper(help="The Kanwil and its work units (satker).", no_args_is_help=True)

COLUMNS = (
    Column("code", "Kode", style="cyan"),
    Column("name", "Nama Satker"),
    Column("kind", "Jenis"),
    Column("active", "Aktif", fmt=lambda v: "ya" if v else "tidak"),
    Column("email", "Email Humas"),
    Column("phone", "WhatsApp"),
    Column("aliases", "Nama Lain"),
)
# How `satker update` names a changed field in its summary line.
FIELD_WORDS = {
    "name": N_("name"),
    "kind": N_("kind"),
    "active": N_("active"),
    "contact_name": N_("contact person"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "aliases": N_("aliases"),
}
AliasOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--alias",
        metavar="NAME",
        help='A short name people say, e.g. "LP Kerobokan" (repeat for several; '
        "replaces the list, '' clears it).",
    ),
]


@app.command("list")
def list_(
    active_only: Annotated[bool, typer.Option("--active", help="Only active satker.")] = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    as_csv_excel: CsvExcelOpt = False,
) -> None:
    """List satker.

    Example: adurabi satker list --active
    """
    from adurabi_cli.db.models import SATKER_RECORD as FIELDS
    from adurabi_cli.services.satker import list_satker

    fmt = output_format(as_json, as_csv, as_csv_excel)
    rows = list_satker(state().store(read_only=True), include_inactive=not active_only)
    emit_rows(rows, COLUMNS, fmt, fields=FIELDS, title="Satker")


@app.command()
def add(
    code: Annotated[str, typer.Argument(help="Slug, e.g. lapas-kerobokan.")],
    name: Annotated[str, typer.Option("--name", help="Official name.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="kanwil, lapas, rutan, lpka, bapas, rupbasan, imigrasi, rudenim or lainnya.",
        ),
    ],
    alias: AliasOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a satker.

    Example: adurabi satker add lapas-baru --name "Lapas Kelas III Baru" --kind lapas
    """
    from adurabi_cli.db.models import SATKER_RECORD as FIELDS
    from adurabi_cli.services.satker import add_satker

    row = add_satker(state().store(), code, name, kind, alias or ())
    if as_json:
        emit_json({k: row[k] for k in FIELDS})
    else:
        emit_line(row["code"])
        message(_("Added satker {value} ({value2}).").format(value=row["code"], value2=row["name"]))


@app.command()
def update(
    code: Annotated[str, typer.Argument(help="Code of the satker to change.")],
    name: Annotated[str | None, typer.Option("--name", help="New official name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="New kind.")] = None,
    active: Annotated[
        bool | None,
        typer.Option(
            "--active/--inactive", help="Reactivate, or leave out of entry and compliance."
        ),
    ] = None,
    contact_name: Annotated[
        str | None,
        typer.Option("--contact-name", help="The humas officer reminders go to ('' clears)."),
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="Their e-mail address ('' clears).")
    ] = None,
    phone: Annotated[
        str | None,
        typer.Option("--phone", help="Their WhatsApp number, e.g. 0812-3456-7890 ('' clears)."),
    ] = None,
    alias: AliasOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rename a satker, change its kind, contact or short names, or (de)activate it.

    Every --satker option and satker column takes the code, the official name or a short name
    (alias), in any case.

    Example: adurabi satker update rutan-negara --inactive
    Example: adurabi satker update lapas-kerobokan --email humas@example.go.id --phone 0812345678
    Example: adurabi satker update lapas-kerobokan --alias "LP Kerobokan" --alias "Lapas Krobokan"
    """
    from adurabi_cli.db.models import SATKER_RECORD as FIELDS
    from adurabi_cli.services.satker import update_satker

    contact = {"contact_name": contact_name, "email": email, "phone": phone}
    before, after = update_satker(
        state().store(), code, name=name, kind=kind, active=active, contact=contact, aliases=alias
    )
    if as_json:
        emit_json({k: after[k] for k in FIELDS})
        return
    changed = [
        f"{_(FIELD_WORDS[k])}: {_shown(before[k])} -> {_shown(after[k])}"
        for k in FIELD_WORDS
        if before[k] != after[k]
    ]
    message(
        _("Updated {code}: {changes}.").format(
            code=after["code"], changes="; ".join(changed) if changed else _("no change")
        )
    )


def _shown(value: object) -> str:
    """A satker field's value in the summary line: 'text', yes/no, a list joined, or -."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(f"'{item}'" for item in value) or "-"
    return f"'{value}'" if value not in (None, "") else "-"


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns code,name,kind (and optionally contact_name,email,phone,"
            "aliases)."
        ),
    ],
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Add and update satker from a CSV file, all or nothing.

    Known codes get the file's name, kind and (when the file has those columns) contact; new
    codes are added. Any bad row refuses the
    whole file and every bad row is listed.

    Example: adurabi satker import satker-2025.csv --dry-run
    """
    from adurabi_cli.services.satker import import_satker

    result = import_satker(state().store(), file, dry_run=dry_run)
    if as_json:
        emit_json({**result.__dict__, "dry_run": dry_run})
        return
    if dry_run:
        text = _("Would add {added}, would update {updated}, unchanged {unchanged}.")
    else:
        text = _("Added {added}, updated {updated}, unchanged {unchanged}.")
    message(
        text.format(
            added=len(result.added), updated=len(result.updated), unchanged=result.unchanged
        )
    )
