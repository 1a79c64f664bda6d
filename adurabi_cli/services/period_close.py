"""Months closed once reported (tutup buku).

`period close YYYY-MM` stores the month's recap exactly as `recap --month YYYY-MM --json`
prints it, with who closed it and when; from then on `recap` and `export` of that month
give the stored figures (`--live`: today's) and name every difference from today's. A
reopen (`period reopen --note`) keeps the row, with who reopened it, when and why; the
month may be closed again, a new row. A quarter, a year or a range of days holding closed
months is computed from today's data, and says so: its open and overdue counts are as of
its own last day, which no stored month gives.

Changes dated in a closed month are stored as any other; the commands that make them say
on stderr that the closed report does not show them (`closed_months_moved`, `closed_among`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from adurabi_cli.db import period_close as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.clock import office_time
from adurabi_cli.domain.complaints import clean_note, tag_field
from adurabi_cli.domain.dates import Month, format_date_id, parse_month
from adurabi_cli.domain.period_close import Difference, differences, months_moved
from adurabi_cli.domain.periods import Period, PeriodChoice
from adurabi_cli.errors import InvalidInput, RuleViolation
from adurabi_cli.i18n import _, ngettext, readable
from adurabi_cli.services.recap import monthly_recap, recap_labels, recap_totals
from adurabi_cli.services.refdata import RefData, load_refdata, office_zone

STATE_CLOSED, STATE_REOPENED = "tertutup", "dibuka kembali"


def _json_value(value: Any) -> Any:
    """As `recap --json` writes it: timestamps in UTC to the second, days as ISO text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def figures_text(recap: Mapping[str, Any]) -> str:
    return json.dumps(recap, default=_json_value, ensure_ascii=False)


def stored_figures(text: str, zone: str) -> dict[str, Any]:
    """A stored recap with its days and times as a recap made now has them."""
    data = json.loads(text)
    data["report_deadline"] = date.fromisoformat(data["report_deadline"])
    data["totals"]["as_of"] = date.fromisoformat(data["totals"]["as_of"])
    for entry in data["satker"]:
        compliance = entry.get("compliance") or {}
        if compliance.get("last_entry_at"):
            at = datetime.fromisoformat(compliance["last_entry_at"])
            compliance["last_entry_at"] = office_time(at, zone)
    return data


def _month(text: str) -> Month:
    with tag_field("month"):
        return parse_month(text, today=clock.today())


def _when(at: datetime, zone: str) -> str:
    shown = office_time(at, zone)
    assert shown is not None
    return f"{format_date_id(shown.date())} {shown:%H:%M}"


def close_month(store: Store, month: str, operator: str, note: str | None = None) -> dict[str, Any]:
    """Close an ended month: store its recap as it is now, with who and when."""
    today = clock.today()
    wanted = _month(month)
    if wanted.last_day >= today:
        raise RuleViolation(
            _("{wanted} has not ended (today is {value}); it can be closed from {value2}").format(
                wanted=wanted.label,
                value=readable(today),
                value2=readable(wanted.next().first_day),
            ),
            field="month",
        )
    cleaned = clean_note(note)
    with store.write() as conn:
        db.claim_month(conn, str(wanted))
        ref = load_refdata(conn)
        found = db.open_close(conn, wanted.year, wanted.month)
        if found is not None:
            raise RuleViolation(
                _(
                    "{wanted} is already closed (on {value} by {value2}); reopen "
                    "it first with `adurabi period reopen {key} --note TEXT`"
                ).format(
                    wanted=wanted.label,
                    key=wanted,
                    value=_when(found["closed_at"], ref.zone),
                    value2=found["closed_by"],
                ),
                field="month",
            )
        recap = monthly_recap(conn, ref, wanted, today=today)
        at = clock.now()
        row = {
            "year": wanted.year,
            "month": wanted.month,
            "closed_at": at,
            "closed_by": operator,
            "figures": figures_text(recap),
            "note": cleaned,
        }
        row["id"] = db.insert_close(conn, row)
    return _public({**row, "reopened_at": None, "reopened_by": None, "reopen_note": None})


def reopen_month(store: Store, month: str, operator: str, note: str | None) -> dict[str, Any]:
    """Reopen a closed month; the close stays in the list with who reopened it and why."""
    wanted = _month(month)
    reason = clean_note(note)
    if reason is None:
        raise InvalidInput(_("--note is empty; say why the month is reopened"), field="note")
    with store.write() as conn:
        db.claim_month(conn, str(wanted))
        found = db.open_close(conn, wanted.year, wanted.month)
        if found is None:
            raise RuleViolation(
                _("{wanted} is not closed; `adurabi period list` shows the closed months").format(
                    wanted=wanted.label
                ),
                field="month",
            )
        at = clock.now()
        db.mark_reopened(conn, found["id"], at, operator, reason)
    return _public({**found, "reopened_at": at, "reopened_by": operator, "reopen_note": reason})


def list_closes(store: Store) -> list[dict[str, Any]]:
    """Every close, newest month first; times in the office's zone (JSON writes them in UTC)."""
    with store.read() as conn:
        zone = office_zone(conn)
        rows = db.list_closes(conn)
    return [_public(row, zone) for row in rows]


def _public(row: Mapping[str, Any], zone: str = "UTC") -> dict[str, Any]:
    reopened = row["reopened_at"] is not None
    return {
        "month": f"{row['year']:04d}-{row['month']:02d}",
        "state": STATE_REOPENED if reopened else STATE_CLOSED,
        "closed_at": office_time(row["closed_at"], zone),
        "closed_by": row["closed_by"],
        "note": row.get("note"),
        "reopened_at": office_time(row["reopened_at"], zone),
        "reopened_by": row["reopened_by"],
        "reopen_note": row["reopen_note"],
    }


# --- recap and export of closed months -------------------------------------------------------


@dataclass
class Reported:
    """A period's recap as reported: a closed month's stored figures (or today's with
    --live or for a longer period), and the sentences saying so for stderr."""

    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)


def reported_recap(
    conn: Any,
    ref: RefData,
    period: Period,
    *,
    today: date,
    satker: list[str] | None = None,
    live: bool = False,
) -> Reported:
    """The recap of `period` as `recap` and `export` show it (see the module's docstring).

    A closed month gains a `closed` key: closed_at, closed_by, note and the differences
    from today's figures (satker, measure, closed, now).
    """
    data = monthly_recap(conn, ref, period, today=today, satker=satker)
    months = period.months()
    closes = db.open_closes(conn, [(m.year, m.month) for m in months])
    if not closes:
        return Reported(data)
    if period.kind != "month":
        keys = ", ".join(Month(c["year"], c["month"]).label for c in closes)
        return Reported(
            data,
            [
                _(
                    "{period} holds closed months ({keys}): its figures are today's; "
                    "a closed month's own figures are those of `recap --month YYYY-MM`."
                ).format(period=period.label, keys=keys)
            ],
        )
    close = db.open_close(conn, period.first.year, period.first.month)
    assert close is not None
    when = _when(close["closed_at"], ref.zone)
    said = _("{month} was closed on {when} by {who}").format(
        month=period.label, when=when, who=close["closed_by"]
    )
    if live:
        return Reported(data, [_("{said}; these are today's figures (--live).").format(said=said)])
    stored = stored_figures(close["figures"], ref.zone)
    if satker or ref.scope is not None:  # named satker, or a satker operator's own
        shown = {e["code"] for e in data["satker"]}
        stored["satker"] = [e for e in stored["satker"] if e["code"] in shown]
        stored["totals"] = recap_totals(stored["satker"], ref, stored["totals"]["as_of"])
    found = differences(stored["satker"], data["satker"])
    stored["closed"] = {
        "closed_at": office_time(close["closed_at"], ref.zone),
        "closed_by": close["closed_by"],
        "note": close["note"],
        "differences": [d._asdict() for d in found],
    }
    notes = [_("{said}: these are its figures as closed (--live for today's).").format(said=said)]
    if found:
        notes.append(
            _("Today's figures differ in {count} place(s) (satker measure: closed -> now):").format(
                count=len(found)
            )
        )
        notes += [f"  {d.satker} {d.measure}: {_shown(d.closed)} -> {_shown(d.now)}" for d in found]
    return Reported(stored, notes, found)


def recap_for_cli(
    store: Store, choice: PeriodChoice, satker: Iterable[str] | None = None, *, live: bool = False
) -> tuple[Reported, dict[tuple[str, str], str]]:
    """`recap`: the period's recap as reported, read in one snapshot, and its slugs' labels."""
    today = clock.today()
    period = choice.resolve(today=today)
    with store.read() as conn:
        ref = load_refdata(conn)
        chosen = list(satker or []) or None
        reported = reported_recap(conn, ref, period, today=today, satker=chosen, live=live)
    return reported, recap_labels(ref)


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- changes dated in closed months ----------------------------------------------------------


def closed_warning(months: Iterable[str]) -> str | None:
    """The one stderr line for a change that the closed reports of these months do not show."""
    keys = sorted(set(months))
    if not keys:
        return None
    labels = ", ".join(Month.from_key(key).label for key in keys)
    return ngettext(
        "{months} is closed (period close): "
        "this change is stored but does not appear in the closed report",
        "{months} are closed (period close): "
        "this change is stored but does not appear in the closed report",
        len(keys),
    ).format(months=labels)


def closed_among(store: Store, days: Iterable[date | str]) -> list[str]:
    """The closed months (YYYY-MM) among the months of these days or YYYY-MM keys."""
    wanted = set()
    for day in days:
        month = Month.of(day) if isinstance(day, date) else Month.from_key(str(day))
        wanted.add((month.year, month.month))
    if not wanted:
        return []
    with store.read() as conn:
        found = db.open_closes(conn, wanted)
    return [f"{c['year']:04d}-{c['month']:02d}" for c in found]


def closed_months_moved(
    store: Store, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[str]:
    """The closed months whose figures a change of one complaint moves (before/after: its
    record as `complaint show --json` gives it, None for none)."""
    with store.read() as conn:
        closes = db.all_open_closes(conn)
    months = [Month(c["year"], c["month"]) for c in closes]
    return [str(m) for m in months_moved(before, after, months)]
