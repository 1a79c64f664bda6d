"""`adurabi remind`: messages to the satker that owe a report or a complaint's follow-up."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _
from adurabi_cli.render.output import emit_json, emit_line, message

SHOWN_FIELDS = (
    "kind", "satker", "contact_name", "email", "phone", "subject", "body", "whatsapp_url", "status",
)  # fmt: skip


def remind(
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            "-m",
            help=(
                "Month whose report is chased: YYYY-MM, 'Mar 2025', current or previous "
                "(default: the latest month whose report deadline has passed)."
            ),
        ),
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help=(
                "E-mail the messages through the smtp_* settings (password from "
                "ADURABI_SMTP_PASSWORD); a rerun the same day sends nothing twice."
            ),
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Remind the satker that have not reported, or have complaints overdue or due soon.

    One message per such satker and one digest for the Kanwil. Without --send they are
    printed, each with a wa.me link for WhatsApp.

    Example: adurabi remind --send
    """
    from adurabi_cli.services.remind import remind as run

    app_state = state()
    result = run(app_state.store(read_only=not send), month, send=send, operator=app_state.operator)
    messages = [{k: item[k] for k in SHOWN_FIELDS} for item in result["messages"]]
    if as_json:
        emit_json({**result, "messages": messages})
    elif not send:
        emit_line("\n\n".join(_shown(item) for item in messages))
    if send:
        counts: dict[str, int] = {}
        for item in messages:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        message(
            _(
                "Sent {value}; already sent today {value2}; without an e-mail address {value3}."
            ).format(
                value=counts.get("sent", 0),
                value2=counts.get("already_sent", 0),
                value3=counts.get("no_email", 0),
            )
        )


def _shown(item: dict) -> str:
    to = item["satker"] or "(tidak ada satker kanwil)"
    contact = ", ".join(
        text
        for text in (item["contact_name"], item["email"], item["phone"] and f"WA {item['phone']}")
        if text
    )
    lines = [f"=== Kepada: {to}" + (f" ({contact})" if contact else " (kontak belum diisi)")]
    lines += [f"Subjek: {item['subject']}", "", item["body"]]
    if item["whatsapp_url"]:
        lines += ["", f"WhatsApp: {item['whatsapp_url']}"]
    return "\n".join(lines)
