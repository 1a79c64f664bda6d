"""Open and overdue as of a day, read through the interval index of closed complaints
(db/spans.py), against a plain count over the complaints as stored.

The complaints are inserted, then changed (closed, reopened, received on another day,
deleted for good), so the index must follow every kind of change to give the same counts.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from adurabi_cli.db.recap import complaints_open_as_of
from adurabi_cli.domain.status import OPEN_STATUSES
from tests.recap.factory import complaint_t, local

START = date(2025, 1, 1)
DAYS = 30  # every day received, closed or asked for lies in [START, START + DAYS)
SATKER = ("kanwil", "lapas-kerobokan")

complaint = st.tuples(
    st.integers(0, DAYS - 1),  # received, days after START
    st.one_of(st.none(), st.integers(0, DAYS - 1)),  # closed that many days later, or open
    st.sampled_from(SATKER),
    st.booleans(),  # soft-deleted
)
change = st.tuples(
    st.sampled_from(("close", "reopen", "receive", "erase")),
    st.integers(0, 30),  # which complaint (modulo their number)
    st.integers(0, DAYS - 1),  # the day of a close or of a new receipt, days after START
)


def _plain_counts(rows: list[dict], day: date) -> dict[int, tuple[int, int]]:
    """(open, overdue) per satker by the recap's definition, one complaint at a time."""
    counts: dict[int, tuple[int, int]] = {}
    for r in rows:
        if r["deleted_at"] is not None or r["received_on"] > day:
            continue
        still_open = r["status"] in OPEN_STATUSES
        if still_open or (r["resolved_on"] is not None and r["resolved_on"] > day):
            open_, overdue = counts.get(r["satker_id"], (0, 0))
            counts[r["satker_id"]] = (open_ + 1, overdue + (r["due_on"] < day))
    return counts


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    made=st.lists(complaint, min_size=1, max_size=12),
    changes=st.lists(change, max_size=8),
)
def test_open_as_of_counts_what_a_plain_count_counts(factory, made, changes):
    with factory.store.write() as conn:
        conn.execute(delete(complaint_t))
        for n, (received, closed_after, satker, deleted) in enumerate(made):
            day = START + timedelta(days=received)
            resolved = None if closed_after is None else day + timedelta(days=closed_after)
            conn.execute(
                complaint_t.insert(),
                {
                    "number": f"PGD-2025-{n + 1:05d}",
                    "satker_id": factory.satker_id(satker),
                    "received_on": day,
                    "channel": "whatsapp",
                    "category": "prosedur",
                    "summary": "Pengaduan",
                    "anonymous": False,
                    "confidential": False,
                    "status": "diproses" if resolved is None else "selesai",
                    "due_on": day + timedelta(days=10),
                    "extended": False,
                    "resolved_on": resolved,
                    "deleted_at": local(day, 18) if deleted else None,
                    "created_by": "test",
                    "created_at": local(day),
                    "updated_at": local(day),
                },
            )
        ids = list(conn.execute(select(complaint_t.c.id).order_by(complaint_t.c.id)).scalars())
        for kind, which, offset in changes:
            if not ids:
                break
            target = complaint_t.c.id == ids[which % len(ids)]
            day = START + timedelta(days=offset)
            if kind == "close":
                values = {"status": "ditolak", "resolved_on": day}
            elif kind == "reopen":
                values = {"status": "diproses", "resolved_on": None}
            elif kind == "receive":
                values = {"received_on": day}
            else:
                conn.execute(delete(complaint_t).where(target))
                ids.remove(ids[which % len(ids)])
                continue
            conn.execute(update(complaint_t).where(target).values(**values))
    with factory.store.read() as conn:
        rows = [dict(r) for r in conn.execute(select(complaint_t)).mappings()]
        for offset in range(-1, DAYS + 35):
            day = START + timedelta(days=offset)
            got = {sid: (o, d) for sid, o, d in complaints_open_as_of(conn, day) if o or d}
            assert got == _plain_counts(rows, day), day
