"""Complaints (pengaduan) in: validate, number and store them; nil reports.

`prepare_complaint` + `insert_complaints` are the one path into the complaint table:
`complaint add` uses them for one row, the spreadsheet import and the demo for many.
Changes to stored complaints live in `services/complaint_changes.py`, reading them in
`services/complaint_queries.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import history, nil_reports
from adurabi_cli.db.models import (
    COMPLAINT_RECORD,
    IMPORT,
    PERSON,
    Complaint,
    ComplaintRecord,
    fields_set_by,
    max_length,
)
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, today
from adurabi_cli.domain.complaints import (
    cell_text,
    clean_line,
    clean_note,
    clean_officer,
    clean_summary,
    external_key,
    format_number,
    format_numbers,
    month_key,
    parse_flag,
    parse_number,
    tag_field,
)
from adurabi_cli.domain.dates import parse_month
from adurabi_cli.domain.problems import raise_any, run_checks
from adurabi_cli.domain.repeats import repeats
from adurabi_cli.domain.status import CLOSING_NOTE_MEANING, is_open, normalise_status
from adurabi_cli.errors import Duplicate, InvalidInput, RuleViolation
from adurabi_cli.i18n import N_, _, readable
from adurabi_cli.services.complaint_lookups import Lookups, lookups
from adurabi_cli.services.complaint_queries import ENTITY, public_record
from adurabi_cli.services.nil_reports import COMPLAINTS, check_month_may_be_declared, withdrawal
from adurabi_cli.services.refdata import RefData, load_refdata

NIL_ENTITY = "nil_report"

# What prepare_complaint reads, from the record's description (db.models): a new complaint's
# fields, and those an import also takes to restore a record exported earlier. The record's
# other fields, which the program writes, are known (an export carries them) and ignored.
INPUT_FIELDS = fields_set_by(ComplaintRecord, PERSON, COMPLAINT_RECORD)
IMPORT_FIELDS = fields_set_by(ComplaintRecord, IMPORT, COMPLAINT_RECORD)
_KNOWN = frozenset(COMPLAINT_RECORD)
# A new complaint's state: the defaults of what a restored record brings (status diterima,
# not extended, no close date, resolution or officer).
_NEW_STATE = {
    name: Complaint.model_fields[name].default
    for name in IMPORT_FIELDS
    if not Complaint.model_fields[name].is_required()
}


# --- one complaint in ---------------------------------------------------------------------


def prepare_complaint(
    ref: RefData, raw: Mapping[str, Any], *, today: date, imported: bool = False
) -> dict[str, Any]:
    """Validate and clean one complaint given as strings (or date/bool/int cell values).

    Raises InvalidInput, NotFound or RuleViolation with `field` set to the field at fault.
    With imported=True it also takes number, status, resolved_on, resolution, extended and
    due_on (kept when given, else computed), so an exported month re-imports unchanged.
    """
    if not _KNOWN.issuperset(raw):
        name = next(name for name in raw if name not in _KNOWN)
        raise InvalidInput(_("unknown field {name!r}").format(name=name), field=name)
    memo = lookups(ref)
    if not imported:
        for name in IMPORT_FIELDS:
            if _given(raw.get(name)):
                raise InvalidInput(
                    _("{name} is set by the program for a new complaint").format(name=name),
                    field=name,
                )
    number = None
    if imported and _given(raw.get("number")):
        number = format_number(*parse_number(str(cell_text(raw["number"])), field="number"))
    get = raw.get
    # Each field checked on its own (in the order a command reports the first problem).
    checks: dict[str, Callable[[], Any]] = {
        # A row carrying a tracking number restores a stored record, which may belong to a
        # unit deactivated since; a new complaint needs an active satker.
        "satker": lambda: memo.satker(get("satker"), active=number is None),
        "received_on": lambda: _received(memo, get("received_on"), today),
        "anonymous": lambda: parse_flag(get("anonymous"), field="anonymous"),
        "complainant_name": lambda: clean_line(
            get("complainant_name"),
            what=N_("complainant name"),
            limit=max_length(Complaint, "complainant_name"),
            field="complainant_name",
        ),
        "complainant_contact": lambda: clean_line(
            get("complainant_contact"),
            what=N_("complainant contact"),
            limit=max_length(Complaint, "complainant_contact"),
            field="complainant_contact",
        ),
        "channel": lambda: memo.term("channel", get("channel")),
        "category": lambda: memo.term("category", get("category")),
        "summary": lambda: clean_summary(get("summary"), limit=max_length(Complaint, "summary")),
        "confidential": lambda: parse_flag(get("confidential"), field="confidential"),
        "external_ref": lambda: clean_line(
            get("external_ref"),
            what=N_("external ref"),
            limit=max_length(Complaint, "external_ref"),
            field="external_ref",
        ),
    }
    found, errors = run_checks(checks)
    name, contact = found.get("complainant_name"), found.get("complainant_contact")
    if found.get("anonymous") and (name or contact):
        errors.append(
            InvalidInput(
                _(
                    "an anonymous complaint stores no identity; leave out the "
                    "complainant's name and contact"
                ),
                field="complainant_name" if name else "complainant_contact",
            )
        )
    raise_any(errors)
    satker = found.pop("satker")
    received = found["received_on"]
    row: dict[str, Any] = {
        "number": number,
        "satker_id": satker["id"],
        "satker": satker["code"],
        **found,
        **_NEW_STATE,
        "sla_days": memo.ref.sla_days,  # the working days it is given: today's standard
    }
    due = None
    if imported and any(raw.get(name) is not None for name in _NEW_STATE.keys() | {"due_on"}):
        _imported_state(memo, row, raw, today)
        due = memo.date(raw.get("due_on"), today, "due_on", allow_future=True)
        if due is not None and due < received:
            raise RuleViolation(
                _("due_on {value} is before received_on {value2}").format(
                    value=readable(due), value2=readable(received)
                ),
                field="due_on",
            )
    row["due_on"] = due or memo.deadline(received, row["extended"])
    return row


def _imported_state(
    memo: Lookups, row: dict[str, Any], raw: Mapping[str, Any], today: date
) -> None:
    """Status, close date, resolution and extension of a restored record, checked together."""
    text = cell_text(raw.get("status"))
    if text and text.strip():
        with tag_field("status"):
            row["status"] = normalise_status(text)
    row["extended"] = parse_flag(raw.get("extended"), field="extended")
    resolved = memo.date(raw.get("resolved_on"), today, "resolved_on")
    resolution = clean_note(raw.get("resolution"), what=N_("resolution"), field="resolution")
    status = row["status"]
    if is_open(status):
        if resolved is not None or resolution is not None:
            raise RuleViolation(
                _("status {status} is open, so resolved_on and resolution must be empty").format(
                    status=status
                ),
                field="resolved_on" if resolved is not None else "resolution",
            )
    else:
        if resolved is None:
            raise RuleViolation(
                _("a complaint closed as {status} needs resolved_on").format(status=status),
                field="resolved_on",
            )
        if resolution is None:
            raise RuleViolation(
                _("a complaint closed as {status} needs a resolution ({value})").format(
                    status=status, value=_(CLOSING_NOTE_MEANING[status])
                ),
                field="resolution",
            )
        if resolved < row["received_on"]:
            raise RuleViolation(
                _("resolved_on {value} is before received_on {value2}").format(
                    value=readable(resolved), value2=readable(row["received_on"])
                ),
                field="resolved_on",
            )
    row["resolved_on"], row["resolution"] = resolved, resolution
    if _given(raw.get("officer")) or _given(raw.get("officer_nip")):
        row["officer"], row["officer_nip"] = clean_officer(
            raw.get("officer"), raw.get("officer_nip"), limit=max_length(Complaint, "officer")
        )


def _received(memo: Lookups, value: Any, today: date) -> date:
    received = memo.date(value, today, "received_on")
    if received is None:
        raise InvalidInput(_("received_on is empty"), field="received_on")
    return received


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# --- many complaints in -------------------------------------------------------------------


def find_duplicates(conn: Any, rows: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Index -> reason, for rows whose number or external ref is already stored or repeats
    an earlier row of the same batch (in index order)."""
    numbers = {i: row["number"] for i, row in enumerate(rows) if row.get("number")}
    externals = {i: row["external_ref"] for i, row in enumerate(rows) if row.get("external_ref")}
    stored_numbers = db.stored_numbers(conn, list(numbers.values()))
    stored_refs = db.stored_external_refs(conn, list(externals.values()))
    # From the weakest reason to the strongest, each overriding the one before.
    found: dict[int, str] = {}
    for index in repeats({i: external_key(ref) for i, ref in externals.items()}):
        found[index] = _("external ref {ref} repeats an earlier row").format(ref=externals[index])
    for index in repeats(numbers):
        found[index] = _("number {number} repeats an earlier row").format(number=numbers[index])
    for index, external in externals.items():
        if external in stored_refs:
            found[index] = _("external ref {ref} is already used by {number}").format(
                ref=external, number=stored_refs[external]
            )
    for index, number in numbers.items():
        if number in stored_numbers:
            found[index] = _("number {number} is already stored").format(number=number)
    return dict(sorted(found.items()))


def insert_complaints(
    conn: Any,
    ref: RefData,
    rows: list[dict[str, Any]],
    operator: str,
    *,
    note: str | None = None,
    duplicates_checked: bool = False,
) -> list[str]:
    """Store prepared rows in the caller's write transaction; returns their numbers.

    Numbers come from the per-year counter in this same transaction (a given number is kept
    and lifts the counter past it). Each row gets a `create` history line; nil reports of
    the (satker, month) pairs now holding a complaint are withdrawn, with a history line.
    `ref` is the RefData the rows were prepared with: a row without a due_on gets its
    deadline from its calendar. Duplicates (see find_duplicates) refuse the whole batch;
    a caller that has just run find_duplicates on these rows in this same transaction and
    left the duplicates out says so with duplicates_checked=True, sparing a second look.
    """
    if any(row.get("due_on") is None for row in rows):
        memo = lookups(ref)
        rows = [
            row
            if row.get("due_on") is not None
            else {**row, "due_on": memo.deadline(row["received_on"], bool(row.get("extended")))}
            for row in rows
        ]
    stored, _withdrawn = _insert(conn, rows, operator, note, check=not duplicates_checked)
    return [row["number"] for row in stored]


def _insert(
    conn: Any, rows: list[dict[str, Any]], operator: str, note: str | None, *, check: bool
) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The stored records of rows (with id, number, timestamps), in the order of the rows, and
    the (satker_id, month) of each nil report they withdrew."""
    if not rows:
        return [], []
    if check:
        duplicates = find_duplicates(conn, rows)
        if duplicates:
            index, reason = next(iter(duplicates.items()))
            more = (
                _(" (and {count} more)").format(count=len(duplicates) - 1)
                if len(duplicates) > 1
                else ""
            )
            where = _("row {row}: ").format(row=index + 1) if len(rows) > 1 else ""
            raise Duplicate(
                _("{where}{reason}{more}").format(where=where, reason=reason, more=more)
            )
    at = now()
    numbers = _assign_numbers(conn, [row.get("number") for row in rows], rows)
    records = [
        {**row, "number": number, "created_by": operator, "created_at": at, "updated_at": at}
        for row, number in zip(rows, numbers, strict=True)
    ]
    ids = db.insert_many(conn, records, operator, at)
    for record, cid in zip(records, ids, strict=True):
        record["id"] = cid
    db.record_created(conn, ENTITY, ids, operator, at, note)
    entries, withdrawn = _withdraw_nil_reports(conn, records, operator, at)
    history.record(conn, entries)
    return records, withdrawn


def _assign_numbers(
    conn: Any, given: list[str | None], rows: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Each row's tracking number: the one given, else the next of its received year's."""
    received = [row["received_on"] for row in rows]
    numbers: list[str] = [number or "" for number in given]
    highest: dict[int, int] = {}
    for number in filter(None, numbers):
        year, sequence = parse_number(number)
        highest[year] = max(highest.get(year, 0), sequence)
    unnumbered = (
        [index for index, number in enumerate(numbers) if not number]
        if highest
        else range(len(numbers))
    )
    # A year per distinct day, not per row: an import's rows share a few hundred days.
    year_of = {day: day.year for day in set(received)}
    years = set(year_of.values())
    waiting: dict[int, list[int]] = {}
    if len(years) == 1:
        waiting[years.pop()] = list(unnumbered)
    else:
        for index in unnumbered:
            waiting.setdefault(year_of[received[index]], []).append(index)
    for year in sorted(highest.keys() | waiting.keys()):
        indexes = waiting.get(year, [])
        first = db.reserve_sequence(conn, year, len(indexes), highest.get(year, 0))
        for index, number in zip(indexes, format_numbers(year, first, len(indexes)), strict=True):
            numbers[index] = number
    return numbers


def _withdraw_nil_reports(
    conn: Any, records: list[dict[str, Any]], operator: str, at: datetime
) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    # The first complaint of each (satker, month) names the reason.
    first_of: dict[tuple[int, str], dict[str, Any]] = {}
    for record in records:
        first_of.setdefault((record["satker_id"], month_key(record["received_on"])), record)
    entries, withdrawn = [], []
    for nil_id, satker_id, month in nil_reports.withdraw(conn, COMPLAINTS, first_of.keys(), at):
        record = first_of[(satker_id, month)]
        received = record["received_on"].isoformat()
        note = f"complaint {record['number']} received on {received} was added"
        entries.append(withdrawal(COMPLAINTS, nil_id, operator, at, note))
        withdrawn.append((satker_id, month))
    return entries, withdrawn


def add_complaint(
    store: Store, raw: Mapping[str, Any], operator: str
) -> tuple[dict[str, Any], str | None]:
    """Record one new complaint; returns the stored record and the month of the nil report
    of its satker it withdrew, if any."""
    day = today()
    with store.write() as conn:
        ref = load_refdata(conn)
        row = prepare_complaint(ref, raw, today=day)
        # The same path as a bulk import, so numbering and nil withdrawal never differ.
        [record], withdrawn = _insert(conn, [row], operator, None, check=True)
        stored = db.get_record(conn, day, cid=record["id"])
    return public_record(stored), (withdrawn[0][1] if withdrawn else None)  # type: ignore[arg-type]


# --- nil reports --------------------------------------------------------------------------


def declare_nil(
    store: Store, satker: str, month: str, operator: str, note: str | None = None
) -> dict[str, Any]:
    """Record that a satker received no complaints in a month."""
    day = today()
    with tag_field("month"):
        wanted = parse_month(month, today=day)
    note_text = clean_note(note)
    with store.write() as conn:
        ref = load_refdata(conn)
        unit = ref.satker_of(satker)
        check_month_may_be_declared(wanted, ref.calendar, day)
        # Waits for a complaint being added to this satker right now, so it is counted.
        db.lock_satker(conn, unit["id"])
        count = db.count_received(conn, unit["id"], wanted.first_day, wanted.last_day)
        if count:
            raise RuleViolation(
                _(
                    "{value} has {count} complaint(s) received in {wanted}; a "
                    "nil report is only for a month without complaints"
                ).format(value=unit["code"], count=count, wanted=wanted.label)
            )
        if db.active_nil_report(conn, unit["id"], str(wanted)) is not None:
            raise Duplicate(
                _("{value} has already reported no complaints for {wanted}").format(
                    value=unit["code"], wanted=wanted.label
                )
            )
        at = now()
        nil_id = db.insert_nil_report(conn, unit["id"], str(wanted), operator, at)
        history.record(
            conn, [history.entry(NIL_ENTITY, nil_id, "create", operator, at, note=note_text)]
        )
    return {"satker": unit["code"], "month": str(wanted), "created_by": operator, "created_at": at}
