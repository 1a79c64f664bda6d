"""Queries for complaints (pengaduan), their tracking numbers and nil reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    func,
    select,
    tuple_,
    type_coerce,
)

from adurabi_cli.db import history
from adurabi_cli.db.bulk import among, chunks, insert_new
from adurabi_cli.db.locks import claim_keys, in_server_write, lock_read
from adurabi_cli.db.models import (
    COMPLAINT_RECORD,
    Complaint,
    ComplaintReply,
    NilReport,
    NumberSequence,
    Satker,
)
from adurabi_cli.db.search import text_matches
from adurabi_cli.domain.complaints import NUMBER_PREFIX, external_key
from adurabi_cli.domain.status import OPEN_STATUSES

complaint_t = Complaint.__table__  # type: ignore[attr-defined]
sequence_t = NumberSequence.__table__  # type: ignore[attr-defined]
nil_t = NilReport.__table__  # type: ignore[attr-defined]
satker_t = Satker.__table__  # type: ignore[attr-defined]
reply_t = ComplaintReply.__table__  # type: ignore[attr-defined]


@dataclass
class ComplaintFilter:
    """What `complaint list` narrows by; every part is optional and they combine with AND."""

    satker_ids: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    open_only: bool = False
    overdue: bool = False
    received_from: date | None = None
    received_to: date | None = None
    channel: str | None = None
    category: str | None = None
    search: str | None = None
    officer: str | None = None
    unassigned: bool = False
    no_reply: bool = False


# --- reading ------------------------------------------------------------------------------


def overdue_clause(today: date):
    """Open and past its deadline, as of today: derived at read time, never stored."""
    c = complaint_t.c
    return and_(c.status.in_(OPEN_STATUSES), c.due_on < today)


def first_reply_on():
    """The day of a complaint's first reply (None before any), per row of complaint."""
    r = reply_t.c
    return (
        select(func.min(r.replied_on))
        .where(r.complaint_id == complaint_t.c.id)
        .scalar_subquery()
        .label("first_reply_on")
    )


def forward_links(rows: Any) -> tuple[Any, Any]:
    """The numbers of the complaint a row was forwarded from and of the one it was forwarded
    to (None when not forwarded), for rows of complaint or of a subquery of its columns."""
    other = complaint_t.alias("linked")
    came_from = select(other.c.number).where(other.c.id == rows.forwarded_from_id)
    went_to = select(other.c.number).where(other.c.forwarded_from_id == rows.id)
    return (
        came_from.scalar_subquery().label("forwarded_from"),
        went_to.scalar_subquery().label("forwarded_to"),
    )


# History lines that are not a step in handling the complaint on the day they were recorded:
# its creation (dated by received_on), deadline moves by the calendar, evidence files, and
# replies (dated by their own replied_on).
NOT_HANDLING = ("create", "deadline", "attach", "file-remove", "reply")


def last_handled(conn: Connection, cid: int) -> tuple[datetime | None, date | None]:
    """When the complaint was last handled: its latest history line that is a step of its
    handling, and its latest reply's day (None where there is none)."""
    h = history.history_t.c
    r = reply_t.c
    recorded = (
        select(func.max(h.at))
        .where(h.entity == "complaint", h.entity_id == cid, h.action.not_in(NOT_HANDLING))
        .scalar_subquery()
    )
    replied = select(func.max(r.replied_on)).where(r.complaint_id == cid).scalar_subquery()
    at, day = conn.execute(select(recorded, replied)).one()
    return at, day


def _record_select(today: date, *, extra: Sequence[Any] = ()):
    """The fields of COMPLAINT_RECORD, in order: stored columns, and what is read beside them."""
    c = complaint_t.c
    read = {
        "satker": satker_t.c.code.label("satker"),
        "overdue": type_coerce(overdue_clause(today), Boolean).label("overdue"),
        "first_reply_on": first_reply_on(),
        **{column.name: column for column in forward_links(c)},
    }
    columns = [read[name] if name in read else c[name] for name in COMPLAINT_RECORD]
    return select(*columns, *extra).select_from(
        complaint_t.join(satker_t, complaint_t.c.satker_id == satker_t.c.id)
    )


def get_record(
    conn: Connection, today: date, *, cid: int | None = None, number: str | None = None
) -> dict[str, Any] | None:
    """One complaint by id or number, deleted or not, with its satker's id and name.

    In a write transaction on a server the complaint stays locked to its end (locks.py).
    """
    c = complaint_t.c
    query = _record_select(
        today,
        extra=(c.satker_id, satker_t.c.name.label("satker_name"), c.deleted_at, c.sla_days),
    )
    query = query.where(c.id == cid) if cid is not None else query.where(c.number == number)
    query = lock_read(conn, query, of=complaint_t)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def _where(
    conn: Connection, flt: ComplaintFilter, today: date, *, listed: bool = False
) -> list[Any]:
    c = complaint_t.c
    clauses: list[Any] = [c.deleted_at.is_(None)]
    if flt.satker_ids:
        clauses.append(c.satker_id.in_(flt.satker_ids))
    if flt.statuses:
        clauses.append(c.status.in_(flt.statuses))
    if flt.open_only:
        clauses.append(c.status.in_(OPEN_STATUSES))
    if flt.overdue:
        clauses.append(overdue_clause(today))
    if flt.received_from is not None:
        clauses.append(c.received_on >= flt.received_from)
    if flt.received_to is not None:
        clauses.append(c.received_on <= flt.received_to)
    if flt.channel is not None:
        clauses.append(c.channel == flt.channel)
    if flt.category is not None:
        clauses.append(c.category == flt.category)
    if flt.officer is not None:
        clauses.append(func.lower(c.officer) == flt.officer.lower())
    if flt.unassigned:
        clauses.append(c.officer.is_(None))
    if flt.no_reply:
        clauses.append(~select(reply_t.c.id).where(reply_t.c.complaint_id == c.id).exists())
    if flt.search:
        clauses.append(text_matches(conn, complaint_t, flt.search, listed=listed))
    return clauses


def list_records(
    conn: Connection, flt: ComplaintFilter, today: date, limit: int | None
) -> list[dict[str, Any]]:
    """Matching complaints, newest received first (ties: newest entered first)."""
    c = complaint_t.c
    query = (
        _record_select(today)
        .where(*_where(conn, flt, today, listed=True))
        .order_by(c.received_on.desc(), c.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return [dict(row) for row in conn.execute(query).mappings()]


def count_records(conn: Connection, flt: ComplaintFilter, today: date) -> int:
    query = select(func.count()).select_from(complaint_t).where(*_where(conn, flt, today))
    return conn.execute(query).scalar_one()


def count_received(conn: Connection, satker_id: int, first: date, last: date) -> int:
    """Stored complaints of a satker received between first and last (inclusive)."""
    c = complaint_t.c
    query = (
        select(func.count())
        .select_from(complaint_t)
        .where(
            c.satker_id == satker_id,
            c.received_on >= first,
            c.received_on <= last,
            c.deleted_at.is_(None),
        )
    )
    return conn.execute(query).scalar_one()


def stored_numbers(conn: Connection, numbers: Iterable[str]) -> set[str]:
    """Those of the given tracking numbers already used (deleted complaints keep theirs)."""
    found: set[str] = set()
    wanted = sorted(set(numbers))
    claim_keys(conn, "complaint.number", wanted)
    for condition in among(conn, complaint_t.c.number, wanted):
        found.update(conn.execute(select(complaint_t.c.number).where(condition)).scalars())
    return found


def stored_external_refs(conn: Connection, refs: Iterable[str]) -> dict[str, str]:
    """Given external ref -> number of the stored (not deleted) complaint that already uses
    it, in any case or spacing (external_key)."""
    c = complaint_t.c
    given: dict[str, list[str]] = {}
    for ref in set(refs):
        key = external_key(ref)
        if key:
            given.setdefault(key, []).append(ref)
    wanted = sorted(given)
    claim_keys(conn, "complaint.external_ref", wanted)
    found: dict[str, str] = {}
    for condition in among(conn, c.external_key, wanted):
        query = select(c.external_key, c.number).where(condition, c.deleted_at.is_(None))
        for key, number in conn.execute(query):
            found.update(dict.fromkeys(given[key], number))
    return found


def unkeyed_external_refs(conn: Connection) -> list[dict[str, Any]]:
    """Stored complaints whose external ref another one already held when the refs began to
    be compared without regard to case (schema step 8): number, external_ref, and the
    number of the complaint holding the ref (None if it has been deleted since)."""
    c = complaint_t.c
    query = (
        select(c.number, c.external_ref)
        .where(c.external_ref.is_not(None), c.external_key.is_(None), c.deleted_at.is_(None))
        .order_by(c.number)
    )
    found = [dict(row) for row in conn.execute(query).mappings()]
    holders = stored_external_refs(conn, [row["external_ref"] for row in found])
    return [{**row, "held_by": holders.get(row["external_ref"])} for row in found]


# --- tracking numbers ---------------------------------------------------------------------


def reserve_sequence(conn: Connection, year: int, count: int, at_least: int = 0) -> int:
    """Reserve count numbers of a year after the last one (and after at_least); the first.

    Runs inside the caller's write transaction. On SQLite that transaction holds the
    database's write lock; on PostgreSQL the UPDATE locks the year's counter row until the
    transaction ends, and a second writer's UPDATE waits for it, then lifts the value the
    first one committed. Either way two operators never get the same number and none is
    skipped (a rolled-back transaction gives its numbers back).
    """
    bumped = _bump(conn, year, count, at_least)
    if bumped is not None:
        return bumped - count + 1
    start = max(_highest_stored(conn, year), at_least)
    if conn.dialect.name == "sqlite":  # nobody else can be creating the row meanwhile
        conn.execute(sequence_t.insert(), {"year": year, "last": start + count})
        return start + 1
    # The year's first number: another writer may be creating the row at this moment. Its
    # insert wins (ours waits for its commit, then does nothing) and we lift its value.
    from sqlalchemy.dialects.postgresql import insert

    conn.execute(
        insert(sequence_t)
        .values(year=year, last=start)
        .on_conflict_do_nothing(index_elements=[sequence_t.c.year])
    )
    bumped = _bump(conn, year, count, at_least)
    assert bumped is not None  # the row exists now: ours or the other writer's
    return bumped - count + 1


def _bump(conn: Connection, year: int, count: int, at_least: int) -> int | None:
    """Lift the year's counter by count (from at_least at the lowest) and read it back."""
    last = sequence_t.c.last
    return conn.execute(
        sequence_t.update()
        .where(sequence_t.c.year == year)
        .values(last=case((last > at_least, last), else_=at_least) + count)
        .returning(last)
    ).scalar()


def _highest_stored(conn: Connection, year: int) -> int:
    """The highest sequence used in a year, for a database that has no counter row for it."""
    number = complaint_t.c.number
    prefix = f"{NUMBER_PREFIX}-{year:04d}-"
    # A range on the unique index: "." sorts right after "-", so this is the year's numbers.
    query = select(func.max(cast(func.substr(number, len(prefix) + 1), Integer))).where(
        number >= prefix, number < prefix[:-1] + "."
    )
    return conn.execute(query).scalar() or 0


# --- writing ------------------------------------------------------------------------------


def insert_many(
    conn: Connection, rows: Sequence[Mapping[str, Any]], operator: str, at: datetime
) -> list[int]:
    """Insert prepared rows (numbers given) with their creation stamps in one executemany;
    their new ids, in order."""
    stamps = {"created_by": operator, "created_at": at, "updated_at": at}
    return insert_new(
        conn,
        complaint_t,
        [{**row, **stamps, "external_key": external_key(row.get("external_ref"))} for row in rows],
    )


def record_created(
    conn: Connection,
    entity: str,
    ids: Sequence[int],
    operator: str,
    at: datetime,
    note: str | None,
) -> None:
    """A `create` history row (entity: the complaints' name there) for each new complaint."""
    history.record_created(conn, complaint_t, entity, ids, operator, at, note)


def update_record(conn: Connection, cid: int, values: dict[str, Any]) -> None:
    if "external_ref" in values:
        values = {**values, "external_key": external_key(values["external_ref"])}
    conn.execute(complaint_t.update().where(complaint_t.c.id == cid).values(**values))


def stored_contents(
    conn: Connection, pairs: Iterable[tuple[int, date]]
) -> dict[tuple[int, date, str], str]:
    """(satker_id, received_on, summary) -> number of the stored (not deleted) complaints of
    the given (satker_id, received_on) pairs."""
    c = complaint_t.c
    found: dict[tuple[int, date, str], str] = {}
    wanted = sorted(set(pairs))
    for chunk in chunks(wanted):
        query = select(c.satker_id, c.received_on, c.summary, c.number).where(
            tuple_(c.satker_id, c.received_on).in_(chunk), c.deleted_at.is_(None)
        )
        for satker_id, received_on, summary, number in conn.execute(query):
            found.setdefault((satker_id, received_on, summary), number)
    return found


# --- nil reports --------------------------------------------------------------------------


def active_nil_report(conn: Connection, satker_id: int, month: str) -> dict[str, Any] | None:
    query = select(nil_t).where(
        nil_t.c.satker_id == satker_id, nil_t.c.month == month, nil_t.c.withdrawn_at.is_(None)
    )
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def lock_satker(conn: Connection, satker_id: int) -> None:
    """Hold the satker's row to the end of the write transaction (PostgreSQL).

    A complaint being inserted for that satker holds a key-share lock on the row (its
    foreign key) until it commits; this lock conflicts with it, so a nil report waits for
    such a complaint and then counts it. SQLite's write transaction already excludes it.
    """
    if in_server_write(conn):
        conn.execute(select(satker_t.c.id).where(satker_t.c.id == satker_id).with_for_update())


def insert_nil_report(
    conn: Connection, satker_id: int, month: str, operator: str, at: datetime
) -> int:
    values = {"satker_id": satker_id, "month": month, "created_by": operator, "created_at": at}
    return conn.execute(nil_t.insert().values(**values)).inserted_primary_key[0]


# --- deadlines ----------------------------------------------------------------------------


def open_deadlines(conn: Connection) -> list[tuple[int, date, bool, date, int | None]]:
    """(id, received_on, extended, due_on, sla_days) of every stored open complaint."""
    c = complaint_t.c
    query = select(c.id, c.received_on, c.extended, c.due_on, c.sla_days).where(
        c.status.in_(OPEN_STATUSES), c.deleted_at.is_(None)
    )
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def raise_open_sla_days(conn: Connection, days: int) -> None:
    """Open complaints given fewer working days than days get days."""
    c = complaint_t.c
    conn.execute(
        complaint_t.update()
        .where(c.status.in_(OPEN_STATUSES), c.deleted_at.is_(None), c.sla_days < days)
        .values(sla_days=days)
    )


def set_due_dates(conn: Connection, changes: list[tuple[int, date]]) -> None:
    if not changes:
        return
    statement = (
        complaint_t.update()
        .where(complaint_t.c.id == bindparam("cid"))
        .values(due_on=bindparam("new_due"))
    )
    conn.execute(statement, [{"cid": cid, "new_due": due} for cid, due in changes])
