"""Forwarding a complaint to another satker (`complaint forward`): the complaint is closed as
dialihkan and a new one, linked to it, opens at the target satker."""

from __future__ import annotations

from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import history
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, today
from adurabi_cli.domain.complaints import clean_note, status_move
from adurabi_cli.domain.status import is_open
from adurabi_cli.errors import RuleViolation
from adurabi_cli.i18n import _
from adurabi_cli.services.complaint_queries import ENTITY, live_complaint, public_record
from adurabi_cli.services.complaints import INPUT_FIELDS, insert_complaints, prepare_complaint
from adurabi_cli.services.refdata import load_refdata

# What the new complaint takes over from the one forwarded: what a person entered for it but
# its satker (the target's) and its external ref (which stays with the original: it is unique
# among stored complaints, and the original links to the new one).
CARRIED = tuple(name for name in INPUT_FIELDS if name not in ("satker", "external_ref"))


def forward_complaint(
    store: Store, ref_text: str, to: str, note: str | None, operator: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Close the complaint as dialihkan and open a linked one at satker `to`; (old, new)."""
    reason = clean_note(note)
    if reason is None:
        raise RuleViolation(_("forwarding needs --note (why it goes to the other satker)"))
    day = today()
    with store.write() as conn:
        ref = load_refdata(conn)
        row = live_complaint(conn, ref_text, day)
        unit = ref.satker_of(to)
        if unit["id"] == row["satker_id"]:
            raise RuleViolation(
                _("{value} is already at {value2}").format(
                    value=row["number"], value2=unit["code"]
                ),
                field="to",
            )
        if row["forwarded_to"] is not None:
            raise RuleViolation(
                _("{value} was already forwarded to {value2}").format(
                    value=row["number"], value2=row["forwarded_to"]
                )
            )
        if not is_open(row["status"]):
            raise RuleViolation(
                _("{value} is closed ({value2}); only open complaints can be forwarded").format(
                    value=row["number"], value2=row["status"]
                )
            )
        new = prepare_complaint(
            ref, {"satker": unit["code"], **{k: row[k] for k in CARRIED}}, today=day
        )
        new["forwarded_from_id"] = row["id"]
        origin = f"forwarded from {row['number']} ({row['satker']}): {reason}"
        [number] = insert_complaints(conn, ref, [new], operator, note=origin)
        closing = status_move(row["status"], "dialihkan", reason, today=day)
        at = now()
        db.update_record(conn, row["id"], {**closing, "updated_at": at})
        history.record(
            conn,
            [
                history.entry(
                    ENTITY, row["id"], "status", operator, at,
                    field="status", old=row["status"], new="dialihkan", note=reason,
                ),
                history.entry(
                    ENTITY, row["id"], "forward", operator, at,
                    field="forwarded_to", new=f"{number} ({unit['code']})",
                ),
            ],
        )  # fmt: skip
        before = db.get_record(conn, day, cid=row["id"])
        after = db.get_record(conn, day, number=number)
    return public_record(before), public_record(after)  # type: ignore[arg-type]
