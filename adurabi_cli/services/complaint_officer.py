"""The responsible officer (penanggung jawab) of a complaint: assign, reassign, clear."""

from __future__ import annotations

from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import history
from adurabi_cli.db.models import Complaint, max_length
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, today
from adurabi_cli.domain.complaints import clean_note, clean_officer
from adurabi_cli.errors import InvalidInput, RuleViolation
from adurabi_cli.i18n import _
from adurabi_cli.services.complaint_queries import ENTITY, live_complaint, public_record


def assign_officer(
    store: Store,
    ref_text: str,
    officer: str | None,
    nip: str | None,
    *,
    clear: bool,
    note: str | None,
    operator: str,
) -> tuple[dict[str, Any], str | None]:
    """Set (or with clear, remove) the officer; returns the record and the previous officer."""
    if clear and (officer is not None or nip is not None):
        raise InvalidInput(_("give --officer (and --nip) or --clear, not both"))
    if not clear and officer is None:
        raise InvalidInput(_("give --officer NAME, or --clear to leave it unassigned"))
    if clear:
        new: dict[str, Any] = {"officer": None, "officer_nip": None}
    else:
        name, number = clean_officer(officer, nip, limit=max_length(Complaint, "officer"))
        new = {"officer": name, "officer_nip": number}
    reason = clean_note(note)
    day = today()
    with store.write() as conn:
        row = live_complaint(conn, ref_text, day)
        changes = [(k, row[k], v) for k, v in new.items() if row[k] != v]
        if not changes:
            if clear:
                raise RuleViolation(
                    _("{value} has no officer to clear").format(value=row["number"])
                )
            raise RuleViolation(
                _("{value} is already assigned to {value2}").format(
                    value=row["number"], value2=row["officer"]
                )
            )
        at = now()
        db.update_record(conn, row["id"], {**new, "updated_at": at})
        history.record(
            conn,
            [
                history.entry(
                    ENTITY,
                    row["id"],
                    "assign",
                    operator,
                    at,
                    field=name,
                    old=old,
                    new=value,
                    note=reason if index == 0 else None,
                )
                for index, (name, old, value) in enumerate(changes)
            ],
        )
        after = db.get_record(conn, day, cid=row["id"])
    return public_record(after), row["officer"]  # type: ignore[arg-type]
