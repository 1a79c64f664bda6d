"""`adurabi operator add|list|disable|password`: operator accounts on PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.options import CommandTyper, CsvOpt, JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _
from adurabi_cli.render.output import (
    Column,
    emit_json,
    emit_line,
    emit_rows,
    message,
    output_format,
)

app = CommandTyper(
    help=(
        "Operator accounts (PostgreSQL only): each operator logs in as its own database role "
        "and the database lets it touch only its satker's rows."
    ),
    no_args_is_help=True,
)

LoginArg = Annotated[str, typer.Argument(metavar="LOGIN", help="The operator's database login.")]
GenerateOpt = Annotated[
    bool,
    typer.Option(
        "--generate-password",
        help="Make up a password and print it once, instead of asking for one.",
    ),
]
COLUMNS = (
    Column("login", "Login", style="cyan"),
    Column("name", "Nama"),
    Column("satker", "Satker"),
    Column("role", "Peran"),
    Column("can_login", "Aktif", fmt=lambda v: "ya" if v else "tidak"),
    Column("created_at", "Dibuat"),
)
FIELDS = ("login", "name", "satker", "role", "can_login", "created_at", "disabled_at")


def _password(generate: bool) -> str:
    from adurabi_cli.services.operators import generate_password

    if generate:
        return generate_password()
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@app.command()
def add(
    login: LoginArg,
    satker: Annotated[str, typer.Option("--satker", "-s", help="The operator's satker (code).")],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="satker (its own satker's rows), kanwil (every row) or viewer (read only).",
        ),
    ],
    name: Annotated[str | None, typer.Option("--name", help="Full name.")] = None,
    generate: GenerateOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Create an operator: a PostgreSQL login role in one of three groups.

    The password is asked for twice, or made up with --generate-password and printed once;
    adurabi never stores it. The operator connects with it through libpq's usual ways
    (~/.pgpass, PGPASSWORD, a service file).

    Example: adurabi operator add humas_kerobokan --satker lapas-kerobokan --role satker
    """
    from adurabi_cli.services.operators import add_operator, check_password

    password = _password(generate)
    check_password(password)
    row = add_operator(state().store(), login, satker, role, password, name)
    if as_json:
        emit_json({**row, "password": password if generate else None})
        return
    message(
        _("Added operator {value} ({value2}, {value3}).").format(
            value=row["login"], value2=row["role"], value3=row["satker"]
        )
    )
    if generate:
        message(_("Its password, shown this once:"))
        emit_line(password)


@app.command("list")
def list_(as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """List the operators, their satker, role and whether they can log in.

    Example: adurabi operator list
    """
    from adurabi_cli.services.operators import list_operators

    fmt = output_format(as_json, as_csv)
    emit_rows(
        list_operators(state().store(read_only=True)), COLUMNS, fmt, fields=FIELDS, title="Operator"
    )


@app.command()
def disable(login: LoginArg) -> None:
    """Stop an operator from logging in; what it recorded and its history stay.

    Example: adurabi operator disable humas_kerobokan
    """
    from adurabi_cli.services.operators import disable_operator

    disable_operator(state().store(), login)
    message(_("Disabled operator {login}: it can no longer log in.").format(login=login))


@app.command()
def password(login: LoginArg, generate: GenerateOpt = False) -> None:
    """Give an operator a new password (asked for twice, or made up and printed once).

    Example: adurabi operator password humas_kerobokan --generate-password
    """
    from adurabi_cli.services.operators import change_password, check_password

    new = _password(generate)
    check_password(new)
    change_password(state().store(), login, new)
    message(_("New password set for {login}.").format(login=login))
    if generate:
        emit_line(new)
