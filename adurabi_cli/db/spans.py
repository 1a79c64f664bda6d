"""Open as of a day at a cost independent of the history after it: an interval index over
each closed complaint's span, from the day it was received to the day it was closed.

A complaint closed since is open at the end of day D when received_on <= D < resolved_on.
Neither date index answers that alone: resolved_on > D reads every complaint closed after D
(nearly all of them for the first month of the history), received_on <= D every complaint
received before it (nearly all for the last). An interval index finds the spans that hold D,
reading about as many entries as there are answers.

SQLite keeps an R*Tree, `complaint_span` (rtree_i32: the complaint's id, received and
resolved as integer days YYYYMMDD), in step with the complaint table by triggers, as the
search index is; a complaint is in it while it has a close date on or after its receipt
(one closed before its receipt is never open in between). PostgreSQL keeps a GiST index on
the range of those days, `daterange(least(received_on, resolved_on), resolved_on)` (lower
bound in, upper bound out), which its planner uses for `@> D`; least() gives a close date
before the receipt an empty range instead of an error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Date, column, func, literal, select, table

SQLITE_TABLE = "complaint_span"


def _day(value: str) -> str:
    return f"CAST(replace({value}, '-', '') AS INTEGER)"


_keep = (
    f"INSERT INTO {SQLITE_TABLE}(id, received_day, resolved_day) "
    f"SELECT new.id, {_day('new.received_on')}, {_day('new.resolved_on')} "
    "WHERE new.resolved_on >= new.received_on;"
)
_drop = f"DELETE FROM {SQLITE_TABLE} WHERE id = old.id;"
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING rtree_i32(id, received_day, resolved_day)",
    f"CREATE TRIGGER {SQLITE_TABLE}_insert AFTER INSERT ON complaint BEGIN {_keep} END",
    f"CREATE TRIGGER {SQLITE_TABLE}_delete AFTER DELETE ON complaint BEGIN {_drop} END",
    f"CREATE TRIGGER {SQLITE_TABLE}_update AFTER UPDATE OF received_on, resolved_on "
    f"ON complaint BEGIN {_drop} {_keep} END",
    f"INSERT INTO {SQLITE_TABLE}(id, received_day, resolved_day) "
    f"SELECT id, {_day('received_on')}, {_day('resolved_on')} FROM complaint "
    "WHERE resolved_on >= received_on",
)
_RANGE = "daterange(least(received_on, resolved_on), resolved_on)"
POSTGRESQL_DDL = (
    f"CREATE INDEX ix_complaint_span ON complaint USING gist ({_RANGE}) "
    "WHERE resolved_on IS NOT NULL",
)

_span = table(SQLITE_TABLE, column("id"), column("received_day"), column("resolved_day"))


def create_span_index(conn: Connection) -> None:
    """Make the interval index of closed complaints (and fill it from those already stored)."""
    for statement in SQLITE_DDL if conn.dialect.name == "sqlite" else POSTGRESQL_DDL:
        conn.exec_driver_sql(statement)


def open_until_closed(conn: Connection, complaint: Any, day: date) -> ColumnElement[bool]:
    """The condition: the complaint was received on or before `day` and closed after it."""
    c = complaint.c
    if conn.dialect.name == "sqlite":
        key = int(day.strftime("%Y%m%d"))
        spanning = select(_span.c.id).where(_span.c.received_day <= key, _span.c.resolved_day > key)
        return c.id.in_(spanning)
    span = func.daterange(func.least(c.received_on, c.resolved_on), c.resolved_on)
    return c.resolved_on.is_not(None) & span.op("@>")(literal(day, Date))
