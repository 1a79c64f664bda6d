"""The monthly recap and the reporting compliance of every active satker.

Definitions (also in README "Monthly recap and monitor"), for month M and its day D, the
last day of M, or today while M is the current month (a quarter, a year or a range of days
is read the same way, M being the whole period and D its last day):

- received: complaints with received_on in M. by_status / by_channel / by_category split
  them by their values as stored now. A complaint forwarded to another satker (`complaint
  forward`) lives on as the linked complaint there (same received_on), counted there; the
  forwarded one is left out of every count below and counted as forwarded at its satker.
- closed: complaints now closed (selesai, ditolak, dialihkan) whose resolved_on is in M;
  resolved: those of them closed as selesai; closed_on_time: those with resolved_on <= due_on;
  on_time_pct: 100 * closed_on_time / closed, one decimal, null when nothing was closed.
- replied: complaints received in M that have a reply (`complaint reply`);
  response_days_total: the working days from received to the first reply, summed over them;
  response_days_avg: their average, one decimal, null when none was answered.
- open: received on or before D and, on D, not closed: still open now, or closed after D.
  overdue: open on D with due_on < D. A complaint received in February and still open
  carries over into March's open count.
- news: items with published_on in M, by media slug, media group and sentiment; engagement
  sums views, likes, comments and shares (missing counts add nothing). An item covering
  several satker (`news add --also-satker`) counts, engagement and all, in the row of its
  own satker and of each other one; the totals count it once.
- reported.complaints: true with any complaint received (or forwarded) in M, "nil" with an
  active (not withdrawn) nil report for M, else false; reported.news: the same for news
  published in M and news nil reports (`news nil`).
- report_deadline: the `report_deadline`-th working day of the month after M (default 5th).
- state: when either side is false, "Belum melapor" once the report deadline has passed
  (today > report_deadline), "Berjalan" until then; else "Nihil" when either side is a nil
  report, else "Lengkap".

Inactive satker are left out of rows, totals and compliance; soft-deleted records everywhere.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from adurabi_cli.db import recap as db
from adurabi_cli.domain.clock import office_time, zone
from adurabi_cli.domain.compliance import (
    STATE_KEYS,
    STATE_MISSING,
    report_deadline,
    reporting_state,
    side,
)
from adurabi_cli.domain.dates import Month
from adurabi_cli.domain.periods import Period
from adurabi_cli.domain.status import STATUS_LABELS, STATUSES
from adurabi_cli.domain.vocab import MEDIA_GROUP_LABELS, MEDIA_GROUPS, SENTIMENTS
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _
from adurabi_cli.services.refdata import RefData

ENGAGEMENT = ("views", "likes", "comments", "shares")


def recap_labels(ref: RefData) -> dict[tuple[str, str], str]:
    """Indonesian labels of every slug a recap may hold, keyed by (kind, slug)."""
    labels = dict(ref.labels)
    labels.update((("status", slug), label) for slug, label in STATUS_LABELS.items())
    labels.update((("group", slug), label) for slug, label in MEDIA_GROUP_LABELS.items())
    labels.update((("sentiment", slug), slug.capitalize()) for slug in SENTIMENTS)
    return labels


def monthly_recap(
    conn: Any,
    ref: RefData,
    month: Month | Period,
    *,
    today: date,
    satker: list[str] | None = None,
) -> dict[str, Any]:
    """The recap of `month` (or any period) as `{"month", "period", "satker", "totals"}`.

    "month" is the month's key (null for a quarter, a year or a range of days); "period"
    has its kind, key, first and last day and label. A satker reports nil for a period of
    several months when it holds a nil report for each of them.

    `satker` limits the rows to these codes (or unambiguous names); unknown ones raise
    NotFound, inactive ones RuleViolation. Without it every active satker is shown. Runs a
    fixed number of queries whatever the number of satker or rows; call it inside one read
    transaction so every number comes from the same snapshot.
    """
    period = Period.month(month) if isinstance(month, Month) else month
    if period.first > today:
        raise InvalidInput(_("{period} is in the future").format(period=period.label))
    as_of = min(period.last, today)
    chosen = select_satker(ref, satker)
    ids = {s["id"]: s for s in chosen}
    first, last = period.first, period.last

    # Every satker is grouped in SQL (see db.recap); rows of satker not shown are skipped.
    entries = {sid: _empty_entry(s, ref) for sid, s in ids.items()}
    for sid, status, channel, category, forwarded, n in db.complaints_received(conn, first, last):
        if sid in entries:
            c = entries[sid]["complaints"]
            if forwarded:
                c["forwarded"] += n
                continue
            c["received"] += n
            _bump(c["by_status"], status, n)
            _bump(c["by_channel"], channel, n)
            _bump(c["by_category"], category, n)
    for sid, closed, resolved, on_time in db.complaints_closed(conn, first, last):
        if sid in entries:
            entries[sid]["complaints"].update(
                closed=closed, resolved=resolved, closed_on_time=on_time
            )
    for sid, replied, days in db.complaints_replied(conn, first, last):
        if sid in entries:
            entries[sid]["complaints"].update(replied=replied, response_days_total=days)
    for sid, open_, overdue in db.complaints_open_as_of(conn, as_of):
        if sid in entries:
            entries[sid]["complaints"].update(open=open_, overdue=overdue)
    for sid, media, sentiment, n, *metrics in db.news_published(conn, first, last):
        if sid in entries:
            _add_news(entries[sid]["news"], ref, media, sentiment, n, metrics)
    # An item covering several satker is in each of their rows, and once in the totals.
    news_totals = _empty_news(ref)
    for media, sentiment, n, *metrics in db.news_published_once(conn, first, last, list(ids)):
        _add_news(news_totals, ref, media, sentiment, n, metrics)
    months = [str(m) for m in period.months()]
    nil = db.nil_reports(conn, months)
    deadline = report_deadline(Month.of(period.last), ref.calendar, ref.report_deadline)
    # Entries up to the end of an ended period's last day in the office (timestamps are
    # stored in UTC); for a period still running, every entry so far, whatever the hour.
    cutoff = None
    if period.last < today:
        cutoff = datetime.combine(period.last + timedelta(days=1), time.min, zone(ref.zone))
    last_entry = db.last_entries(conn, list(ids), before=cutoff)

    rows = []
    for sid, entry in entries.items():
        _finish(
            entry,
            has_nil=all(("complaints", m, sid) in nil for m in months),
            has_news_nil=all(("news", m, sid) in nil for m in months),
            deadline_passed=today > deadline,
            last_entry=office_time(last_entry.get(sid), ref.zone),
        )
        rows.append(entry)
    return {
        "month": period.key if period.kind == "month" else None,
        "period": period.as_json(),
        "report_deadline": deadline,
        "satker": rows,
        "totals": recap_totals(rows, ref, as_of, news_totals),
    }


def select_satker(ref: RefData, codes: list[str] | None) -> list[dict[str, Any]]:
    """The active satker to show, in registry order; named ones are checked and deduplicated."""
    if not codes:
        return ref.shown_satker()
    picked = {ref.satker_of(code, field="--satker")["id"] for code in codes}
    return [s for s in ref.satker.values() if s["id"] in picked]


def on_time_pct(closed: int, on_time: int) -> float | None:
    return round(100.0 * on_time / closed, 1) if closed else None


def response_days_avg(replied: int, total: int) -> float | None:
    return round(total / replied, 1) if replied else None


def _empty_complaints(ref: RefData) -> dict[str, Any]:
    return {
        "received": 0,
        "forwarded": 0,
        "resolved": 0,
        "open": 0,
        "overdue": 0,
        "closed": 0,
        "closed_on_time": 0,
        "on_time_pct": None,
        "replied": 0,
        "response_days_total": 0,
        "response_days_avg": None,
        "by_status": dict.fromkeys(STATUSES, 0),
        "by_channel": dict.fromkeys(ref.vocab.get("channel", []), 0),
        "by_category": dict.fromkeys(ref.vocab.get("category", []), 0),
    }


def _empty_news(ref: RefData) -> dict[str, Any]:
    return {
        "total": 0,
        "by_media": dict.fromkeys(ref.vocab.get("media", []), 0),
        "by_group": dict.fromkeys(MEDIA_GROUPS, 0),
        "by_sentiment": dict.fromkeys(SENTIMENTS, 0),
        "engagement": dict.fromkeys((*ENGAGEMENT, "total"), 0),
    }


def _empty_entry(satker: dict[str, Any], ref: RefData) -> dict[str, Any]:
    return {
        "code": satker["code"],
        "name": satker["name"],
        "complaints": _empty_complaints(ref),
        "news": _empty_news(ref),
        "reported": {"complaints": False, "news": False},
        "compliance": {},
    }


def _bump(counts: dict[str, int], key: str, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def _add_news(
    news: dict[str, Any], ref: RefData, media: str, sentiment: str, n: int, metrics: list[int]
) -> None:
    news["total"] += n
    _bump(news["by_media"], media, n)
    _bump(news["by_group"], ref.media_groups.get(media, "lainnya"), n)
    _bump(news["by_sentiment"], sentiment, n)
    for key, value in zip(ENGAGEMENT, metrics, strict=True):
        news["engagement"][key] += value
        news["engagement"]["total"] += value


def _finish(
    entry: dict[str, Any],
    *,
    has_nil: bool,
    has_news_nil: bool,
    deadline_passed: bool,
    last_entry: datetime | None,
) -> None:
    complaints, news = entry["complaints"], entry["news"]
    complaints["on_time_pct"] = on_time_pct(complaints["closed"], complaints["closed_on_time"])
    complaints["response_days_avg"] = response_days_avg(
        complaints["replied"], complaints["response_days_total"]
    )
    reported = {
        # A complaint received and forwarded elsewhere still shows that the satker reported.
        "complaints": side(complaints["received"] + complaints["forwarded"], has_nil),
        "news": side(news["total"], has_news_nil),
    }
    entry["reported"] = reported
    entry["compliance"] = {
        "state": reporting_state(**reported, deadline_passed=deadline_passed),
        "nil_report": has_nil,
        "news_nil_report": has_news_nil,
        "complaints_received": complaints["received"],
        "news_published": news["total"],
        "last_entry_at": last_entry,
    }


def _add_counts(into: dict[str, Any], other: dict[str, Any]) -> None:
    for key, value in other.items():
        if isinstance(value, dict):
            _add_counts(into.setdefault(key, {}), value)
        elif isinstance(value, int) and not isinstance(value, bool):
            into[key] = into.get(key, 0) + value


def recap_totals(
    rows: list[dict[str, Any]], ref: RefData, as_of: date, news: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The totals of these satker entries (a recap's rows, or a closed recap's shown ones):
    complaints added up; news as given (each item once, db.news_published_once), else the
    rows' news added up (a closed recap's subset, where an item covering two of the rows
    counts in both)."""
    complaints = _empty_complaints(ref)
    if news is None:
        news = _empty_news(ref)
        for row in rows:
            _add_counts(news, row["news"])
    reporting = dict.fromkeys(STATE_KEYS.values(), 0)
    for row in rows:
        _add_counts(complaints, row["complaints"])
        reporting[STATE_KEYS[row["compliance"]["state"]]] += 1
    complaints["on_time_pct"] = on_time_pct(complaints["closed"], complaints["closed_on_time"])
    complaints["response_days_avg"] = response_days_avg(
        complaints["replied"], complaints["response_days_total"]
    )
    return {
        "satker": len(rows),
        "as_of": as_of,
        "complaints": complaints,
        "news": news,
        "reporting": reporting,
        "not_reported": [
            row["code"] for row in rows if row["compliance"]["state"] == STATE_MISSING
        ],
    }
