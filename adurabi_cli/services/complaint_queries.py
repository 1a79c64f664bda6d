"""Reading complaints: list with filters, one record with its history, the history alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import files, history, replies
from adurabi_cli.db.models import COMPLAINT_RECORD, Complaint, max_length
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import office_time, today
from adurabi_cli.domain.complaints import clean_officer, parse_ref, tag_field
from adurabi_cli.domain.dates import parse_date, parse_month
from adurabi_cli.domain.status import normalise_status
from adurabi_cli.domain.text import search_text
from adurabi_cli.errors import InvalidInput, NotFound, RuleViolation
from adurabi_cli.i18n import _, readable
from adurabi_cli.services.refdata import office_zone

ENTITY = "complaint"


@dataclass
class ListRequest:
    """`complaint list` options as typed; validated by list_complaints."""

    satker: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    open_only: bool = False
    overdue: bool = False
    month: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    channel: str | None = None
    category: str | None = None
    search: str | None = None
    officer: str | None = None
    unassigned: bool = False
    no_reply: bool = False
    limit: int = 50


def list_complaints(store: Store, request: ListRequest) -> tuple[list[dict[str, Any]], int]:
    """Matching records, newest first, and how many match in all."""
    day = today()
    flt = db.ComplaintFilter(open_only=request.open_only, overdue=request.overdue)
    with tag_field("status"):
        flt.statuses = sorted({normalise_status(s) for s in request.status})
    bounds: list[tuple[date | None, date | None]] = []
    if request.month:
        with tag_field("month"):
            month = parse_month(request.month, today=day)
        bounds.append((month.first_day, month.last_day))
    with tag_field("from"):
        start = (
            parse_date(request.date_from, today=day, allow_future=True)
            if request.date_from
            else None
        )
    with tag_field("to"):
        end = parse_date(request.date_to, today=day, allow_future=True) if request.date_to else None
    if start and end and start > end:
        raise InvalidInput(
            _("--from {value} is after --to {value2}").format(
                value=readable(start), value2=readable(end)
            )
        )
    bounds.append((start, end))
    starts = [b[0] for b in bounds if b[0]]
    ends = [b[1] for b in bounds if b[1]]
    flt.received_from = max(starts) if starts else None
    flt.received_to = min(ends) if ends else None
    flt.search = search_text(request.search)
    if request.officer is not None:
        if request.unassigned:
            raise InvalidInput(_("give --officer or --unassigned, not both"))
        flt.officer, _nip = clean_officer(
            request.officer, None, limit=max_length(Complaint, "officer")
        )
    flt.unassigned = request.unassigned
    flt.no_reply = request.no_reply
    with store.read() as conn:
        if request.satker or request.channel or request.category:
            # Only these filters need the reference data; a plain list skips loading it.
            from adurabi_cli.services.refdata import load_refdata

            ref = load_refdata(conn)
            flt.satker_ids = sorted({ref.satker_of(s, active=False)["id"] for s in request.satker})
            if request.channel:
                flt.channel = ref.term("channel", request.channel, field="channel")
            if request.category:
                flt.category = ref.term("category", request.category, field="category")
        # No database can count past a 64-bit LIMIT: any larger limit means them all.
        limit = request.limit if request.limit < 2**62 else 0
        rows = db.list_records(conn, flt, day, limit or None)
        total = len(rows)
        if limit and total == limit:
            total = db.count_records(conn, flt, day)
        zone = office_zone(conn)
    return [public_record(row, zone) for row in rows], total


def find_complaint(conn: Any, text: str, day: date) -> dict[str, Any]:
    """The stored complaint a REF (id or number) names, deleted ones included."""
    key = parse_ref(text)
    if isinstance(key, int):
        row = db.get_record(conn, day, cid=key)
    else:
        row = db.get_record(conn, day, number=key)
    if row is None:
        raise NotFound(
            _("no complaint {value}; give its id or number (PGD-YYYY-NNNNN)").format(
                value=text.strip()
            )
        )
    return row


def live_complaint(conn: Any, ref_text: str, day: date) -> dict[str, Any]:
    """The complaint a REF names, refused when it was deleted."""
    row = find_complaint(conn, ref_text, day)
    if row["deleted_at"] is not None:
        raise RuleViolation(
            _("{value} was deleted on {value2}; see `adurabi complaint history`").format(
                value=row["number"],
                value2=readable(office_time(row["deleted_at"], office_zone(conn)).date()),
            )
        )
    return row


def show_complaint(store: Store, text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A complaint's full record (plus satker_name, deleted_at, its replies and files) and
    its history."""
    day = today()
    with store.read() as conn:
        row = find_complaint(conn, text, day)
        lines = history.history_of(conn, ENTITY, row["id"])
        answers = replies.replies_of(conn, row["id"])
        evidence = files.files_of(conn, row["id"])
        zone = office_zone(conn)
    record = public_record(row, zone)
    record["replies"] = [
        {
            **{k: v for k, v in answer.items() if k != "id"},
            "created_at": office_time(answer["created_at"], zone),
        }
        for answer in answers
    ]
    record["files"] = [
        {**{k: f[k] for k in files.FILE_FIELDS}, "added_at": office_time(f["added_at"], zone)}
        for f in evidence
    ]
    record["satker_name"] = row["satker_name"]
    record["deleted_at"] = office_time(row["deleted_at"], zone)
    return record, [history_line(line, zone) for line in lines]


def complaint_history(store: Store, text: str) -> tuple[str, list[dict[str, Any]]]:
    """The number of the complaint and every history line, oldest first."""
    with store.read() as conn:
        row = find_complaint(conn, text, today())
        lines = history.history_of(conn, ENTITY, row["id"])
        zone = office_zone(conn)
    return row["number"], [history_line(line, zone) for line in lines]


def public_record(row: Mapping[str, Any], zone: str = "UTC") -> dict[str, Any]:
    """The record with exactly the docs/design.md section 4 fields, timestamps in the zone
    given (the office's, for a record shown to people; JSON and CSV write them in UTC)."""
    record = {name: row[name] for name in COMPLAINT_RECORD}
    record["created_at"] = office_time(record["created_at"], zone)
    record["updated_at"] = office_time(record["updated_at"], zone)
    return record


def history_line(line: Mapping[str, Any], zone: str) -> dict[str, Any]:
    return {**line, "at": office_time(line["at"], zone)}
