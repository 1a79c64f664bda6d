"""Changes to stored complaints: update (status and fields), extend, soft delete.

Every change is one write transaction that also appends a history line per changed field
with its old and new value; nothing is overwritten without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import history, nil_reports
from adurabi_cli.db.models import Complaint, max_length
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, office_time, today
from adurabi_cli.domain.complaints import (
    ON_WITHOUT_CLOSING,
    clean_line,
    clean_note,
    clean_summary,
    month_key,
    status_move,
    tag_field,
)
from adurabi_cli.domain.dates import parse_date
from adurabi_cli.domain.status import (
    is_open,
)
from adurabi_cli.errors import Duplicate, InvalidInput, RuleViolation
from adurabi_cli.i18n import N_, _, readable
from adurabi_cli.services.complaint_queries import ENTITY, live_complaint, public_record
from adurabi_cli.services.complaint_replies import recount_response_days
from adurabi_cli.services.deadlines import deadline_for
from adurabi_cli.services.nil_reports import COMPLAINTS, withdrawal
from adurabi_cli.services.refdata import RefData, load_refdata

UPDATE_OPTIONS = (
    "--status, --satker, --channel, --category, --summary, --complainant, --contact, "
    "--external-ref, --received, --confidential/--not-confidential or --note"
)


@dataclass
class Update:
    """What `complaint update` may change; None means leave as it is."""

    status: str | None = None
    note: str | None = None
    on: str | None = None
    satker: str | None = None
    channel: str | None = None
    category: str | None = None
    summary: str | None = None
    complainant: str | None = None
    contact: str | None = None
    external_ref: str | None = None
    received: str | None = None
    confidential: bool | None = None

    def empty(self) -> bool:
        return all(value is None for value in self.__dict__.values())


Change = tuple[str, Any, Any]


def update_complaint(
    store: Store, ref_text: str, change: Update, operator: str
) -> tuple[dict[str, Any], list[Change]]:
    """Apply the change; returns the record after it and the (field, old, new) changes."""
    if change.empty():
        raise InvalidInput(
            _("nothing to change; give {UPDATE_OPTIONS}").format(UPDATE_OPTIONS=UPDATE_OPTIONS)
        )
    day = today()
    note = clean_note(change.note)
    with store.write() as conn:
        ref = load_refdata(conn)
        row = live_complaint(conn, ref_text, day)
        new = _new_values(conn, ref, row, change, note, day)
        changes = [(name, row[name], value) for name, value in new.items() if row[name] != value]
        if not changes and note is None:
            raise InvalidInput(
                _("nothing to change; {value} already has these values").format(value=row["number"])
            )
        at = now()
        if changes:
            values = {n: v for n, _, v in changes}
            if "satker" in values:
                values["satker_id"] = ref.satker[values.pop("satker")]["id"]
            db.update_record(conn, row["id"], {**values, "updated_at": at})
        entries = [
            history.entry(
                ENTITY,
                row["id"],
                "status" if name == "status" else "update",
                operator,
                at,
                field=name,
                old=old,
                new=value,
                note=note if index == 0 else None,
            )
            for index, (name, old, value) in enumerate(changes)
        ]
        if not changes:
            entries.append(history.entry(ENTITY, row["id"], "note", operator, at, note=note))
        received = new.get("received_on", row["received_on"])
        unit = ref.satker[new.get("satker", row["satker"])]
        if (unit["id"], month_key(received)) != (row["satker_id"], month_key(row["received_on"])):
            entries += _withdraw_nil(conn, row, unit, received, operator, at)
        if any(name == "received_on" for name, _, _ in changes):
            recount_response_days(conn, row["id"], new["received_on"], ref.calendar)
        history.record(conn, entries)
        after = db.get_record(conn, day, cid=row["id"])
    return public_record(after), changes  # type: ignore[arg-type]


def _new_values(
    conn: Any, ref: RefData, row: dict[str, Any], change: Update, note: str | None, day: date
) -> dict[str, Any]:
    """The requested values, validated against the record and the rules, in history order."""
    new: dict[str, Any] = {}
    closed_on = None
    if change.on is not None:
        with tag_field("on"):
            closed_on = parse_date(change.on, today=day)
    if change.status is not None:
        with tag_field("status"):
            new.update(
                status_move(row["status"], change.status, note, today=day, closed_on=closed_on)
            )
        if row["forwarded_to"] is not None and is_open(new["status"]):
            raise RuleViolation(
                _("{value} was forwarded to {value2}; it is handled there").format(
                    value=row["number"], value2=row["forwarded_to"]
                ),
                field="status",
            )
    elif closed_on is not None:
        raise InvalidInput(ON_WITHOUT_CLOSING)
    if change.received is not None:
        with tag_field("received"):
            new["received_on"] = parse_date(change.received, today=day)
    received = new.get("received_on", row["received_on"])
    resolved = new.get("resolved_on", row["resolved_on"])
    if resolved is not None and resolved < received:
        raise RuleViolation(
            _("the close date {value} is before the received date {value2}").format(
                value=readable(resolved), value2=readable(received)
            )
        )
    if closed_on is not None:
        _after_last_handling(conn, ref, row, closed_on)
    if "received_on" in new or ("status" in new and is_open(new["status"])):
        # A reopened complaint's deadline follows today's calendar, as open ones do.
        days = row["sla_days"] or ref.sla_days  # the working days it was given
        new["due_on"] = deadline_for(received, row["extended"], ref.calendar, days)
    if change.satker is not None:
        # A complaint recorded under the wrong satker moves; its number and history stay.
        new["satker"] = ref.satker_of(change.satker)["code"]
    if change.channel is not None:
        new["channel"] = ref.term("channel", change.channel, field="channel")
    if change.category is not None:
        new["category"] = ref.term("category", change.category, field="category")
    if change.summary is not None:
        new["summary"] = clean_summary(change.summary, limit=max_length(Complaint, "summary"))
    _identity(row, change, new)
    if change.external_ref is not None:
        external = clean_line(
            change.external_ref,
            what=N_("external ref"),
            limit=max_length(Complaint, "external_ref"),
            field="external_ref",
        )
        if external is not None and external != row["external_ref"]:
            # Compared without regard to case: another complaint's, not this one's own.
            used = db.stored_external_refs(conn, [external])
            if used.get(external, row["number"]) != row["number"]:
                raise Duplicate(
                    _("external ref {external} is already used by {value}").format(
                        external=external, value=used[external]
                    )
                )
        new["external_ref"] = external
    if change.confidential is not None:
        new["confidential"] = change.confidential
    return new


def _after_last_handling(conn: Any, ref: RefData, row: dict[str, Any], closed_on: date) -> None:
    """A complaint closes on or after the last step of its handling (a status, a change, an
    assignment, a reply): a close date before it would make its history run backwards."""
    at, replied = db.last_handled(conn, row["id"])
    days = [d for d in (replied, office_time(at, ref.zone).date() if at else None) if d]
    if days and closed_on < max(days):
        last = max(days)
        raise RuleViolation(
            _(
                "the close date {value} is before {value2}'s last recorded "
                "change on {value3}; close it on that day or later"
            ).format(value=readable(closed_on), value2=row["number"], value3=readable(last)),
            field="on",
        )


def _identity(row: dict[str, Any], change: Update, new: dict[str, Any]) -> None:
    """Complainant name and contact; an empty value clears one, an anonymous record has none."""
    for option, name, what in (
        ("complainant", "complainant_name", N_("complainant name")),
        ("contact", "complainant_contact", N_("complainant contact")),
    ):
        limit = max_length(Complaint, name)
        value = getattr(change, option)
        if value is None:
            continue
        cleaned = clean_line(value, what=what, limit=limit, field=option)
        if cleaned is not None and row["anonymous"]:
            raise RuleViolation(
                _("{value} is anonymous: it stores no identity").format(value=row["number"]),
                field=option,
            )
        new[name] = cleaned


def extend_complaint(
    store: Store, ref_text: str, note: str | None, operator: str
) -> tuple[dict[str, Any], Any]:
    """Extend an open complaint's deadline once by sla_days working days; (record, old due)."""
    reason = clean_note(note)
    if reason is None:
        raise RuleViolation(_("extending needs --note (the reason for the extension)"))
    day = today()
    with store.write() as conn:
        ref = load_refdata(conn)
        row = live_complaint(conn, ref_text, day)
        if not is_open(row["status"]):
            raise RuleViolation(
                _("{value} is closed ({value2}); only open complaints can be extended").format(
                    value=row["number"], value2=row["status"]
                )
            )
        if row["extended"]:
            raise RuleViolation(
                _(
                    "{value} was already extended (due {value2}); a deadline is extended only once"
                ).format(value=row["number"], value2=readable(row["due_on"]))
            )
        due = deadline_for(row["received_on"], True, ref.calendar, row["sla_days"] or ref.sla_days)
        at = now()
        db.update_record(conn, row["id"], {"extended": True, "due_on": due, "updated_at": at})
        history.record(
            conn,
            [
                history.entry(
                    ENTITY,
                    row["id"],
                    "extend",
                    operator,
                    at,
                    field="extended",
                    old=False,
                    new=True,
                    note=reason,
                ),
                history.entry(
                    ENTITY,
                    row["id"],
                    "extend",
                    operator,
                    at,
                    field="due_on",
                    old=row["due_on"],
                    new=due,
                ),
            ],
        )
        after = db.get_record(conn, day, cid=row["id"])
    return public_record(after), row["due_on"]  # type: ignore[arg-type]


def delete_complaint(store: Store, ref_text: str, note: str | None, operator: str) -> str:
    """Soft delete: the complaint leaves lists and recaps, its history stays; the number."""
    reason = clean_note(note)
    if reason is None:
        raise RuleViolation(_("deleting needs --note (the reason)"))
    day = today()
    with store.write() as conn:
        row = live_complaint(conn, ref_text, day)
        at = now()
        db.update_record(conn, row["id"], {"deleted_at": at, "updated_at": at})
        history.record(
            conn,
            [
                history.entry(
                    ENTITY,
                    row["id"],
                    "delete",
                    operator,
                    at,
                    field="deleted_at",
                    new=at,
                    note=reason,
                )
            ],
        )
    return row["number"]


def _withdraw_nil(
    conn: Any, row: dict[str, Any], unit: dict[str, Any], received: date, operator: str, at: Any
) -> list[dict[str, Any]]:
    """Moving a complaint into a month its satker reported as nil withdraws that report."""
    note = f"complaint {row['number']} now received on {received.isoformat()}"
    if unit["code"] != row["satker"]:
        note += f" by {unit['code']}"
    return [
        withdrawal(COMPLAINTS, nil_id, operator, at, note)
        for nil_id, _satker, _month in nil_reports.withdraw(
            conn, COMPLAINTS, [(unit["id"], month_key(received))], at
        )
    ]
