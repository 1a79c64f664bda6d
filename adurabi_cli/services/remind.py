"""`adurabi remind`: chase the satker that have not reported and the complaints near or past due.

For month M (by default the latest month whose report deadline has passed), each active satker
that is `Belum melapor` for M, or has open complaints overdue or due within
DUE_SOON_WORKING_DAYS working days, gets one message listing what is missing or due; the
Kanwil (the active satker of kind `kanwil`) gets one digest. Without sending they are printed
(with a wa.me link for WhatsApp groups); sending e-mails each one whose recipient has not
already received the same kind of message today, and records each message the server accepted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from adurabi_cli.db import reference as refdb
from adurabi_cli.db import reminders as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.compliance import STATE_MISSING, report_deadline
from adurabi_cli.domain.contacts import whatsapp_link
from adurabi_cli.domain.dates import Month, parse_month
from adurabi_cli.domain.reminders import (
    DueComplaint,
    SatkerDues,
    digest_message,
    satker_message,
)
from adurabi_cli.domain.settings import SETTINGS
from adurabi_cli.errors import DeliveryError
from adurabi_cli.i18n import _
from adurabi_cli.services.monitor import DUE_SOON_WORKING_DAYS
from adurabi_cli.services.recap import monthly_recap
from adurabi_cli.services.refdata import RefData, load_refdata
from adurabi_cli.services.smtp import Mailer, smtp_config

KIND_SATKER = "satker"
KIND_DIGEST = "digest"


def last_due_month(ref: RefData, today: date) -> Month:
    """The latest month whose report deadline has passed."""
    month = Month.of(today).previous()
    if today <= report_deadline(month, ref.calendar, ref.report_deadline):
        month = month.previous()
    return month


def reminders(conn: Any, ref: RefData, month: Month, today: date) -> list[dict[str, Any]]:
    """The messages of one run, satker in registry order then the digest; one read snapshot."""
    deadline = report_deadline(month, ref.calendar, ref.report_deadline)
    recap = monthly_recap(conn, ref, month, today=today)
    active = {s["id"]: s for s in ref.satker.values() if s["active"]}
    dues = {sid: SatkerDues(s["code"], s["name"], s["contact_name"]) for sid, s in active.items()}
    by_code = {s["code"]: sid for sid, s in active.items()}
    states = []
    for entry in recap["satker"]:
        state = entry["compliance"]["state"]
        states.append((entry["code"], state))
        if state == STATE_MISSING:
            dues[by_code[entry["code"]]].missing = [
                side for side, done in entry["reported"].items() if done is False
            ]
    soon = ref.calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    for sid, number, due_on in db.open_due_by(conn, soon):
        if sid not in dues:
            continue
        if due_on < today:
            late = ref.calendar.working_days_between(due_on, today)
            dues[sid].overdue.append(DueComplaint(number, due_on, late))
        else:
            dues[sid].due_soon.append(DueComplaint(number, due_on, 0))

    messages = []
    for sid, owed in dues.items():
        if owed.owes():
            subject, body = satker_message(owed, month, deadline, today, DUE_SOON_WORKING_DAYS)
            messages.append(_message(KIND_SATKER, active[sid], subject, body))
    kanwil = next((s for s in active.values() if s["kind"] == "kanwil"), None)
    overdue = [(d.code, len(d.overdue)) for d in dues.values() if d.overdue]
    due_soon = sum(len(d.due_soon) for d in dues.values())
    subject, body = digest_message(states, overdue, due_soon, month, deadline, today)
    messages.append(_message(KIND_DIGEST, kanwil, subject, body))
    return messages


def _message(kind: str, satker: dict[str, Any] | None, subject: str, body: str) -> dict[str, Any]:
    contact = satker or {}
    phone = contact.get("phone")
    return {
        "kind": kind,
        "satker": contact.get("code"),
        "satker_id": contact.get("id"),
        "contact_name": contact.get("contact_name"),
        "email": contact.get("email"),
        "phone": phone,
        "subject": subject,
        "body": body,
        "whatsapp_url": whatsapp_link(phone, f"{subject}\n\n{body}") if phone else None,
        "status": "preview",
    }


def remind(
    store: Store, month: str | None = None, *, send: bool = False, operator: str = ""
) -> dict[str, Any]:
    """Build this run's messages and, with `send`, e-mail those not yet sent today.

    Returns {"month", "report_deadline", "messages": [...]}; each message's status is
    preview, sent, already_sent (same kind and recipient today) or no_email. With `send`, a
    server that cannot be reached, secured or logged in to, or that refuses a message, raises
    DeliveryError once every other message has been tried; accepted ones are recorded.
    """
    today = clock.today()
    with store.read() as conn:
        ref = load_refdata(conn)
        wanted = parse_month(month, today=today) if month else last_due_month(ref, today)
        messages = reminders(conn, ref, wanted, today)
        stored = refdb.settings(conn)
        sent_today = db.sent_on(conn, today) if send else set()
    result = {
        "month": str(wanted),
        "report_deadline": report_deadline(wanted, ref.calendar, ref.report_deadline),
        "messages": messages,
    }
    if not send:
        return result
    settings = {key: spec.load(key, stored.get(key)) for key, spec in SETTINGS.items()}
    config = smtp_config(settings)
    pending = []
    for item in messages:
        if not item["email"]:
            item["status"] = "no_email"
        elif (item["kind"], item["satker_id"], item["email"]) in sent_today:
            item["status"] = "already_sent"
        else:
            pending.append(item)
    if not pending:
        return result
    failures: list[str] = []
    with Mailer(config) as mailer:
        for item in pending:
            try:
                mailer.send(item["email"], item["subject"], item["body"])
            except DeliveryError as exc:
                item["status"] = "failed"
                failures.append(exc.message)
                continue
            item["status"] = "sent"
            _record(store, item, today, operator)
    if failures:
        more = _(" (and {count} more)").format(count=len(failures) - 1) if len(failures) > 1 else ""
        raise DeliveryError(
            _("{value} of {value2} reminder(s) not sent: {value3}{more}").format(
                value=len(failures), value2=len(pending), value3=failures[0], more=more
            )
        )
    return result


def _record(store: Store, item: dict[str, Any], today: date, operator: str) -> None:
    """Record one accepted message at once, so a later failure cannot lose its record."""
    with store.write() as conn:
        db.record(
            conn,
            {
                "sent_on": today,
                "kind": item["kind"],
                "satker_id": item["satker_id"],
                "recipient": item["email"],
                "subject": item["subject"],
                "body": item["body"],
                "sent_at": clock.now(),
                "sent_by": operator,
            },
        )
