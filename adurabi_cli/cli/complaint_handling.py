"""`adurabi complaint assign`: who handles a complaint, and what was done with it."""

from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt, NoteOpt
from adurabi_cli.cli.state import state
from adurabi_cli.render.output import emit_json, message

RefArg = Annotated[
    str, typer.Argument(metavar="REF", help="Complaint id or number (PGD-YYYY-NNNNN).")
]


def assign(
    ref: RefArg,
    officer: Annotated[
        str | None, typer.Option("--officer", help="Name of the responsible officer.")
    ] = None,
    nip: Annotated[str | None, typer.Option("--nip", help="The officer's NIP (18 digits).")] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Leave the complaint assigned to nobody.")
    ] = False,
    note: NoteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Name the officer responsible for a complaint (penanggung jawab), or change or clear it.

    Example: adurabi complaint assign PGD-2025-00042 --officer "I Made Sudarma" --nip 198504122010011003
    """  # noqa: E501
    from adurabi_cli.services.complaint_officer import assign_officer

    app_state = state()
    record, previous = assign_officer(
        app_state.store(), ref, officer, nip, clear=clear, note=note, operator=app_state.operator
    )
    if as_json:
        emit_json(record)
        return
    if record["officer"] is None:
        message(f"{record['number']} is now assigned to nobody (was {previous}).")
    elif previous is None:
        message(f"{record['number']} assigned to {record['officer']}.")
    else:
        message(f"{record['number']} reassigned: {previous} -> {record['officer']}.")


def register(complaint_app: typer.Typer) -> None:
    complaint_app.command("assign")(assign)
