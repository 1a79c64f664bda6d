"""Reporting compliance as the office counts it: the states and the reporting deadline.

A month's report is due by the Nth working day of the next month (setting `report_deadline`,
default 5). Until that day has passed, a month without a report is `Berjalan` (in progress),
not `Belum melapor`.
"""

from __future__ import annotations

from datetime import date, timedelta

from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.dates import Month

DEFAULT_REPORT_DEADLINE = 5

STATE_COMPLETE = "Lengkap"
STATE_NIL = "Nihil"
STATE_RUNNING = "Berjalan"
STATE_MISSING = "Belum melapor"
# Keys of a recap's totals["reporting"], one per state, in the order tables show them.
STATE_KEYS = {
    STATE_COMPLETE: "lengkap",
    STATE_NIL: "nihil",
    STATE_RUNNING: "berjalan",
    STATE_MISSING: "belum_melapor",
}


def report_deadline(month: Month, calendar: WorkingCalendar, nth: int) -> date:
    """The last day to report `month`: the nth working day of the month after it."""
    return calendar.add_working_days(month.last_day, nth)


def last_working_day(month: Month, calendar: WorkingCalendar) -> date:
    """The month's last working day (its last day, should it have none): from then on a nil
    report may be filed for it."""
    day = month.last_day
    while day > month.first_day and not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day if calendar.is_working_day(day) else month.last_day


def reporting_state(complaints: bool | str, news: bool | str, *, deadline_passed: bool) -> str:
    """The state of a month from the two sides of `reported` (True, False or "nil")."""
    if complaints is False or news is False:
        return STATE_MISSING if deadline_passed else STATE_RUNNING
    return STATE_NIL if "nil" in (complaints, news) else STATE_COMPLETE


def side(records: int, has_nil: bool) -> bool | str:
    """One side of `reported`: records in the month outrank a nil report filed before them."""
    return True if records else ("nil" if has_nil else False)
