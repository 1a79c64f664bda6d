"""Nil reports of either side ("complaints" or "news"): when one may be filed, the list of
them, and their withdrawal by hand (a note kept in the history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from adurabi_cli.db import history
from adurabi_cli.db import nil_reports as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.clock import now, office_time, today
from adurabi_cli.domain.complaints import clean_note, tag_field
from adurabi_cli.domain.compliance import last_working_day
from adurabi_cli.domain.dates import Month, parse_month
from adurabi_cli.errors import InvalidInput, NotFound, RuleViolation
from adurabi_cli.i18n import _, readable
from adurabi_cli.services.refdata import load_refdata, office_zone

COMPLAINTS, NEWS = db.COMPLAINTS, db.NEWS
# The command group of each side, for the messages that name a command.
GROUPS = {COMPLAINTS: "complaint", NEWS: "news"}
FIELDS = (
    "id",
    "satker",
    "satker_name",
    "month",
    "active",
    "note",
    "created_by",
    "created_at",
    "withdrawn_at",
    "withdrawn_by",
    "withdrawn_note",
)


def check_month_may_be_declared(month: Month, calendar: WorkingCalendar, day: date) -> None:
    """A month not yet ended may be declared nil from its last working day on."""
    opens = last_working_day(month, calendar)
    if day < opens:
        raise RuleViolation(
            _(
                "{month} has not ended; a nil report for it can be filed "
                "from its last working day, {value}"
            ).format(month=month.label, value=readable(opens)),
            field="month",
        )


def withdrawal(side: str, nil_id: int, operator: str, at: datetime, note: str) -> dict[str, Any]:
    """The history line of a nil report withdrawn (by hand, or by a record in its month)."""
    return history.entry(
        db.ENTITIES[side], nil_id, "withdraw", operator, at, field="withdrawn_at", new=at, note=note
    )


def list_nil_reports(
    store: Store,
    side: str,
    *,
    satker: Sequence[str] = (),
    month: str | None = None,
    active_only: bool = False,
) -> list[dict[str, Any]]:
    """A side's nil reports, withdrawn ones too unless active_only, newest month first."""
    wanted = None
    if month is not None:
        with tag_field("month"):
            wanted = parse_month(month, today=today())
    with store.read() as conn:
        ref = load_refdata(conn)
        ids = [ref.satker_of(code, active=False, field="--satker")["id"] for code in satker]
        found = db.list_reports(
            conn,
            side,
            satker_ids=ids,
            month=str(wanted) if wanted else None,
            active_only=active_only,
        )
        zone = office_zone(conn)
    return [
        {
            **row,
            "created_at": office_time(row["created_at"], zone),
            "withdrawn_at": office_time(row["withdrawn_at"], zone),
            "active": row["withdrawn_at"] is None,
        }
        for row in found
    ]


def withdraw_nil_report(
    store: Store, side: str, satker: str, month: str, operator: str, note: str
) -> dict[str, Any]:
    """Withdraw a satker's active nil report for a month by hand; the note says why."""
    with tag_field("month"):
        wanted = parse_month(month, today=today())
    reason = clean_note(note)
    if reason is None:
        raise InvalidInput(_("--note is empty; say why the nil report is withdrawn"), field="note")
    with store.write() as conn:
        unit = load_refdata(conn).satker_of(satker, active=False, field="--satker")
        at = now()
        withdrawn = db.withdraw(conn, side, [(unit["id"], str(wanted))], at)
        if not withdrawn:
            raise NotFound(
                _(
                    "{value} has no nil report for {wanted} to withdraw; see "
                    "`adurabi {value2} nil-list`"
                ).format(value=unit["code"], wanted=wanted.label, value2=GROUPS[side])
            )
        [(nil_id, _satker, _month)] = withdrawn
        history.record(conn, [withdrawal(side, nil_id, operator, at, reason)])
    return {
        "id": nil_id,
        "satker": unit["code"],
        "month": str(wanted),
        "withdrawn_by": operator,
        "withdrawn_at": at,
        "withdrawn_note": reason,
    }
