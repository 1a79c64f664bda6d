"""The live monitor: one snapshot of every active satker's workload and reporting.

Definitions (also in README "Monthly recap and monitor"), on day T at time N:

- open: complaints open now (diterima, diverifikasi, diproses); overdue: open with due_on < T;
  due_soon: open with T <= due_on <= the 3rd working day after T (due today counts).
- complaints_month / news_month: received / published in T's month up to now.
- last_entry_at: the newest created_at of the satker's complaints and news; silent when it is
  more than 7 days before N, or when the satker has never entered anything.
- reported / state: as in the monthly recap, for T's month so far (its report deadline is in
  the next month, so a month without a report yet is Berjalan); previous_state: the recap's
  state of the month before T's (Belum melapor once its report deadline has passed).
- totals.not_reported: satker whose previous month is Belum melapor; totals.running: satker
  whose month so far is Berjalan.
- oldest_overdue: the ten open complaints furthest past their due date (earliest due_on).

Inactive satker and soft-deleted records are left out.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from adurabi_cli.db import recap as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.clock import office_time
from adurabi_cli.domain.compliance import (
    STATE_MISSING,
    STATE_RUNNING,
    report_deadline,
    reporting_state,
    side,
)
from adurabi_cli.domain.dates import Month
from adurabi_cli.errors import InvalidInput, StorageError
from adurabi_cli.i18n import _
from adurabi_cli.services.refdata import RefData, load_refdata

DUE_SOON_WORKING_DAYS = 3
SILENT_AFTER = timedelta(days=7)
OLDEST_OVERDUE = 10
DEFAULT_INTERVAL = 5.0
MIN_INTERVAL = 1.0
MAX_INTERVAL = 86_400.0


def check_interval(seconds: float) -> float:
    """The refresh interval: at least a second (the database is shared), at most a day."""
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:  # also refuses nan
        raise InvalidInput(
            _(
                "--interval must be from {MIN_INTERVAL:g} to "
                "{MAX_INTERVAL:g} seconds, got {seconds:g}"
            ).format(MIN_INTERVAL=MIN_INTERVAL, MAX_INTERVAL=MAX_INTERVAL, seconds=seconds),
            field="--interval",
        )
    return seconds


def check_count(count: int) -> int:
    if count < 0:
        raise InvalidInput(
            _("--count must be 0 or more, got {count}").format(count=count), field="--count"
        )
    return count


def monitor_snapshot(conn: Any, ref: RefData, *, today: date, now: datetime) -> dict[str, Any]:
    """Every active satker's workload and reporting now, in a fixed number of queries.

    `now` is an aware datetime (as `clock.now()` gives); call inside one read transaction.
    """
    active = ref.shown_satker()
    ids = {s["id"] for s in active}
    month = Month.of(today)
    soon = ref.calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    rows = {
        s["id"]: {
            "code": s["code"],
            "name": s["name"],
            "open": 0,
            "overdue": 0,
            "due_soon": 0,
            "complaints_month": 0,
            "news_month": 0,
            "last_entry_at": None,
            "silent": True,
            "reported": {"complaints": False, "news": False},
            "state": None,
            "previous_state": None,
        }
        for s in active
    }
    for sid, open_, overdue, due_soon in db.open_workload(conn, today, soon):
        if sid in rows:
            rows[sid].update(open=open_, overdue=overdue, due_soon=due_soon)
    for sid, complaints, news in db.counts_in_period(conn, month.first_day, today):
        if sid in rows:
            rows[sid].update(complaints_month=complaints, news_month=news)
    previous = month.previous()
    nil = db.nil_reports(conn, [str(month), str(previous)])
    for sid, at in db.last_entries(conn, ids).items():
        row = rows[sid]
        row["last_entry_at"] = office_time(at, ref.zone)
        row["silent"] = at is None or now - at > SILENT_AFTER
    for sid, row in rows.items():
        reported = {
            "complaints": side(row["complaints_month"], ("complaints", str(month), sid) in nil),
            "news": side(row["news_month"], ("news", str(month), sid) in nil),
        }
        row["reported"] = reported
        row["state"] = reporting_state(**reported, deadline_passed=False)
    for sid, state in _states_of(conn, ref, ids, previous, today, nil).items():
        rows[sid]["previous_state"] = state

    overdue = db.oldest_overdue(conn, today, limit=OLDEST_OVERDUE)
    for item in overdue:
        item["days_overdue"] = (today - item["due_on"]).days
        item["working_days_overdue"] = ref.calendar.working_days_between(item["due_on"], today)
        # Overdue and handled by nobody: the first thing the Kanwil has to chase.
        item["unassigned"] = item["officer"] is None
    satker = list(rows.values())
    totals = {
        key: sum(row[key] for row in satker)
        for key in ("open", "overdue", "due_soon", "complaints_month")
    }
    # An item covering several satker is in each of their rows, and once in the totals.
    once = db.news_published_once(conn, month.first_day, today, list(rows))
    totals["news_month"] = sum(count for _, _, count, *_ in once)
    totals["satker"] = len(satker)
    totals["silent"] = sum(row["silent"] for row in satker)
    totals["not_reported"] = sum(row["previous_state"] == STATE_MISSING for row in satker)
    totals["running"] = sum(row["state"] == STATE_RUNNING for row in satker)
    return {
        "at": now,
        "today": today,
        "month": str(month),
        "due_soon_until": soon,
        "satker": satker,
        "totals": totals,
        "oldest_overdue": overdue,
    }


def _states_of(
    conn: Any,
    ref: RefData,
    ids: set[int],
    month: Month,
    today: date,
    nil: set[tuple[str, str, int]],
) -> dict[int, str]:
    """These satker's reporting states of a past month, as the monthly recap counts them.

    `nil` holds the month's nil reports as `db.nil_reports` gives them.
    """
    first, last = month.first_day, month.last_day
    counts = {sid: (c, n) for sid, c, n in db.counts_in_period(conn, first, last)}
    passed = today > report_deadline(month, ref.calendar, ref.report_deadline)
    states = {}
    for sid in ids:
        complaints, news = counts.get(sid, (0, 0))
        states[sid] = reporting_state(
            side(complaints, ("complaints", str(month), sid) in nil),
            side(news, ("news", str(month), sid) in nil),
            deadline_passed=passed,
        )
    return states


def take_snapshot(store: Store) -> dict[str, Any]:
    """One snapshot read in one transaction, at the clock's today and now."""
    with store.read() as conn:
        ref = load_refdata(conn)
        now = office_time(clock.now(), ref.zone)
        return monitor_snapshot(conn, ref, today=clock.today(), now=now)


@dataclass
class Refresh:
    """One refresh of the live view: a snapshot, or the error that prevented it."""

    snapshot: dict[str, Any] | None
    error: str | None = None


def refreshes(
    store: Store,
    interval: float,
    *,
    count: int = 0,
    sleep: Callable[[float], None] | None = None,
) -> Iterator[Refresh]:
    """Snapshots every `interval` seconds, `count` of them (0: until interrupted).

    The first snapshot's storage errors propagate (nothing to show yet); later ones are
    yielded as errors so a briefly locked or busy database does not end the watch.
    """
    yield Refresh(take_snapshot(store))
    taken = 1
    while count == 0 or taken < count:
        (sleep or time.sleep)(interval)
        try:
            refresh = Refresh(take_snapshot(store))
        except StorageError as exc:
            refresh = Refresh(None, exc.message)
        taken += 1
        yield refresh
