"""Closed months (tutup buku): what a closed recap differs in from today's, and whether a
change to one complaint moves a closed month's figures. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from adurabi_cli.domain.dates import Month
from adurabi_cli.domain.status import OPEN_STATUSES

# The measures of a satker's recap entry compared between the closed and today's figures:
# every count of complaints and news, the two reporting sides and the reporting state.
SIDES = ("complaints", "news")


class Difference(NamedTuple):
    satker: str
    measure: str
    closed: Any
    now: Any


def _leaves(prefix: str, value: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _leaves(f"{prefix}.{key}", inner)
    else:
        yield prefix, value


def _measures(entry: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for side in SIDES:
        found.update(_leaves(side, entry.get(side) or {}))
    found.update(_leaves("reported", entry.get("reported") or {}))
    found["compliance.state"] = (entry.get("compliance") or {}).get("state")
    return found


def differences(
    closed: Iterable[Mapping[str, Any]], now: Iterable[Mapping[str, Any]]
) -> list[Difference]:
    """Per satker (by code) and measure, where the closed recap's entries and today's differ.

    A measure missing on one side (a satker added or deactivated since, a new vocabulary
    term) counts as 0 for a count; a satker missing on one side is one difference, `satker`.
    """
    before = {e["code"]: _measures(e) for e in closed}
    after = {e["code"]: _measures(e) for e in now}
    found = []
    for code in [*before, *(c for c in after if c not in before)]:
        if code not in after or code not in before:
            found.append(Difference(code, "satker", code in before, code in after))
            continue
        old, new = before[code], after[code]
        for measure in [*old, *(m for m in new if m not in old)]:
            a, b = old.get(measure), new.get(measure)
            if a != b and not ({a, b} <= {None, 0} and measure.count(".") > 1):
                found.append(Difference(code, measure, a, b))
    return found


def complaint_marks(row: Mapping[str, Any] | None, month: Month) -> tuple[Any, ...] | None:
    """What one complaint adds to the recap of an ended month: its satker and whether (and
    how) it is received, closed, open and overdue there. None: it adds nothing (deleted, or
    outside the month).

    `row` has satker, received_on, status, channel, category, due_on, resolved_on.
    """
    if row is None or row.get("deleted_at") is not None:
        return None
    first, last = month.first_day, month.last_day
    received_on: date = row["received_on"]
    resolved_on: date | None = row.get("resolved_on")
    is_open = row["status"] in OPEN_STATUSES
    received = (
        (row["status"], row["channel"], row["category"]) if first <= received_on <= last else None
    )
    closed = None
    if not is_open and resolved_on is not None and first <= resolved_on <= last:
        closed = (row["status"] == "selesai", resolved_on <= row["due_on"])
    open_on_last = received_on <= last and (
        is_open or (resolved_on is not None and resolved_on > last)
    )
    if received is None and closed is None and not open_on_last:
        return None
    overdue = open_on_last and row["due_on"] < last
    return (row["satker"], received, closed, open_on_last, overdue)


def months_moved(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, months: Iterable[Month]
) -> list[Month]:
    """Of these (ended) months, those whose figures the change of one complaint moves."""
    return [m for m in months if complaint_marks(before, m) != complaint_marks(after, m)]
