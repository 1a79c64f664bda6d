"""Answers sent to the complainant: recorded with their day, channel and text, never changed."""

from __future__ import annotations

from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import history, replies
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, today
from adurabi_cli.domain.complaints import clean_note, parse_satisfaction, tag_field
from adurabi_cli.domain.dates import parse_date
from adurabi_cli.errors import InvalidInput, RuleViolation
from adurabi_cli.i18n import N_, _, readable
from adurabi_cli.services.complaint_queries import ENTITY, live_complaint, public_record
from adurabi_cli.services.refdata import load_refdata

REPLY_MAX = 2000


def reply_to_complaint(
    store: Store,
    ref_text: str,
    *,
    on: str,
    via: str,
    note: str | None,
    satisfaction: str | None,
    operator: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Record one reply; returns the complaint after it and the reply."""
    day = today()
    with tag_field("on"):
        replied_on = parse_date(on, today=day)
    text = clean_note(note, what=N_("reply"), field="note")
    if text is None:
        raise InvalidInput(_("a reply needs --note (what was answered)"), field="note")
    if len(text) > REPLY_MAX:
        raise InvalidInput(
            _("reply is {value} characters long; the limit is {REPLY_MAX}").format(
                value=readable(len(text)), REPLY_MAX=readable(REPLY_MAX)
            ),
            field="note",
        )
    verdict = parse_satisfaction(satisfaction)
    with store.write() as conn:
        ref = load_refdata(conn)
        channel = ref.term("channel", via, field="via")
        row = live_complaint(conn, ref_text, day)
        if replied_on < row["received_on"]:
            raise RuleViolation(
                _("the reply date {value} is before {value2} was received ({value3})").format(
                    value=readable(replied_on),
                    value2=row["number"],
                    value3=readable(row["received_on"]),
                ),
                field="on",
            )
        at = now()
        reply = {
            "complaint_id": row["id"],
            "replied_on": replied_on,
            "via": channel,
            "note": text,
            "satisfaction": verdict,
            "response_days": ref.calendar.working_days_between(row["received_on"], replied_on),
            "created_by": operator,
            "created_at": at,
        }
        replies.insert_reply(conn, reply)
        summary = f"{replied_on.isoformat()} via {channel}"
        if verdict:
            summary += f" ({verdict})"
        history.record(
            conn,
            [
                history.entry(
                    ENTITY, row["id"], "reply", operator, at, field="reply", new=summary, note=text
                )
            ],
        )
        db.update_record(conn, row["id"], {"updated_at": at})
        after = db.get_record(conn, day, cid=row["id"])
    del reply["complaint_id"]
    return public_record(after), reply  # type: ignore[arg-type]


def recount_response_days(conn: Any, complaint_id: int, received: Any, calendar: Any) -> None:
    """After the day received was corrected: each reply's working days counted anew."""
    found = replies.replies_of(conn, complaint_id)
    if found and found[0]["replied_on"] < received:
        raise RuleViolation(
            _("the complaint was answered on {value}, before {value2}").format(
                value=readable(found[0]["replied_on"]), value2=readable(received)
            ),
            field="received",
        )
    replies.set_response_days(
        conn,
        [(r["id"], calendar.working_days_between(received, r["replied_on"])) for r in found],
    )
