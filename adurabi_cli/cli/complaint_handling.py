"""`adurabi complaint assign|reply|forward|receipt`: who handles a complaint, what was done
with it, and the receipt for the complainant."""

from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt, NoteOpt
from adurabi_cli.cli.period import warn_closed_days
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _, readable
from adurabi_cli.render.output import emit_json, emit_line, message

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
        message(
            _("{value} is now assigned to nobody (was {previous}).").format(
                value=record["number"], previous=previous
            )
        )
    elif previous is None:
        message(
            _("{value} assigned to {value2}.").format(
                value=record["number"], value2=record["officer"]
            )
        )
    else:
        message(
            _("{value} reassigned: {previous} -> {value2}.").format(
                value=record["number"], previous=previous, value2=record["officer"]
            )
        )


def reply(
    ref: RefArg,
    via: Annotated[
        str, typer.Option("--via", help="How it was sent: a channel, e.g. whatsapp, surat.")
    ],
    note: Annotated[str, typer.Option("--note", help="What was answered (short).")],
    on: Annotated[
        str,
        typer.Option(
            "--on", help="Day sent: DD/MM/YYYY, YYYY-MM-DD, '15 Mar 2025', today, yesterday."
        ),
    ] = "today",
    satisfaction: Annotated[
        str | None,
        typer.Option("--satisfaction", help="What the complainant said: puas or tidak-puas."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record an answer sent to the complainant (each one; the first counts as the response).

    Example: adurabi complaint reply PGD-2025-00042 --on 2025-04-02 --via whatsapp --note "Sudah ditindaklanjuti" --satisfaction puas
    """  # noqa: E501
    from adurabi_cli.services.complaint_replies import reply_to_complaint

    app_state = state()
    record, answer = reply_to_complaint(
        app_state.store(),
        ref,
        on=on,
        via=via,
        note=note,
        satisfaction=satisfaction,
        operator=app_state.operator,
    )
    warn_closed_days([record["received_on"]])
    if as_json:
        emit_json({**answer, "number": record["number"]})
        return
    message(
        _(
            "Recorded the reply to {value} of {value2} via {value3}: "
            "{value4} working day(s) after it was received."
        ).format(
            value=record["number"],
            value2=readable(answer["replied_on"]),
            value3=answer["via"],
            value4=answer["response_days"],
        )
    )


def forward(
    ref: RefArg,
    to: Annotated[
        str, typer.Option("--to", metavar="CODE", help="The satker that handles it from now on.")
    ],
    note: Annotated[str, typer.Option("--note", help="Why it goes there (required).")],
    as_json: JsonOpt = False,
) -> None:
    """Forward a complaint to another satker: closed here as dialihkan, opened there as a new
    complaint (its own number, the same day received) linked to this one.

    Example: adurabi complaint forward PGD-2025-00042 --to imigrasi-denpasar --note "Urusan paspor"
    """
    from adurabi_cli.services.complaint_forward import forward_complaint

    app_state = state()
    old, new = forward_complaint(app_state.store(), ref, to, note, app_state.operator)
    warn_closed_days([old["received_on"]])
    if as_json:
        emit_json({"forwarded": old, "new": new})
        return
    emit_line(new["number"])
    message(
        _(
            "{value} forwarded to {value2} as {value3} (due {value4}); "
            "{value} is closed as dialihkan."
        ).format(
            value=old["number"],
            value2=new["satker"],
            value3=new["number"],
            value4=readable(new["due_on"]),
        )
    )


def receipt(
    ref: RefArg,
    out: Annotated[
        Path, typer.Option("--out", metavar="FILE.pdf", help="Where to write the receipt.")
    ],
    paper: Annotated[str, typer.Option("--paper", help="Paper size: a5 or a4.")] = "a5",
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite FILE.pdf if it exists.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write a receipt (tanda terima) for the complainant: one PDF page in Indonesian with the
    tracking number, the day received, the deadline and how to ask about it (no contact, and no
    name or summary of a confidential complaint).

    Example: adurabi complaint receipt PGD-2025-00042 --out tanda-terima.pdf
    """
    from adurabi_cli.services.receipt import write_receipt

    app_state = state()
    written, size = write_receipt(
        app_state.store(read_only=True),
        ref,
        out,
        paper=paper,
        force=force,
        operator=app_state.operator,
    )
    if as_json:
        emit_json({**written, "size": size})
        return
    emit_line(written["path"])
    message(
        _("Wrote the receipt of {value} ({value2}, {size} bytes).").format(
            value=written["number"], value2=written["paper"].upper(), size=readable(size)
        )
    )


def register(complaint_app: typer.Typer) -> None:
    complaint_app.command("assign")(assign)
    complaint_app.command("reply")(reply)
    complaint_app.command("forward")(forward)
    complaint_app.command("receipt")(receipt)
