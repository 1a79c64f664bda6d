"""Aggregates behind `recap` and `monitor`: a fixed handful of GROUP BY queries.

Each function is one SQL statement whatever the number of satker or rows, so a recap or a
monitor refresh costs the same few queries on ten rows or on a million. Python only ever
sees grouped results (bounded by satker x vocabulary), never the rows themselves.
Soft-deleted complaints and news (`deleted_at` set) are left out of every query.

The aggregates group every satker and the caller keeps the rows it shows: a `satker_id IN
(...)` term would draw SQLite to the satker_id+... indexes and a walk through each satker's
whole history, where the date and status indexes read only the month or the open set.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    case,
    extract,
    func,
    literal_column,
    or_,
    select,
)

from adurabi_cli.db import spans
from adurabi_cli.db.models import (
    Complaint,
    ComplaintReply,
    News,
    NewsNilReport,
    NewsSatker,
    NilReport,
    Satker,
)
from adurabi_cli.domain.status import OPEN_STATUSES

complaint_t = Complaint.__table__  # type: ignore[attr-defined]
news_t = News.__table__  # type: ignore[attr-defined]
nil_t = NilReport.__table__  # type: ignore[attr-defined]
news_nil_t = NewsNilReport.__table__  # type: ignore[attr-defined]
satker_t = Satker.__table__  # type: ignore[attr-defined]
reply_t = ComplaintReply.__table__  # type: ignore[attr-defined]
link_t = NewsSatker.__table__  # type: ignore[attr-defined]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    # SUM(CASE ...) rather than COUNT(...) FILTER: portable to every engine SQLAlchemy serves.
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _sum(column: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(column), 0)


# --- complaints ---------------------------------------------------------------------------


def _forwarded(c: Any) -> ColumnElement[bool]:
    """The complaint was forwarded to another satker (`complaint forward`): it lives on as the
    linked complaint there, which the recap counts instead (through the unique index)."""
    successor = complaint_t.alias("successor")
    return (
        select(successor.c.id)
        .where(successor.c.forwarded_from_id == c.id, successor.c.deleted_at.is_(None))
        .exists()
    )


def complaints_received(
    conn: Connection, first: date, last: date
) -> list[tuple[int, str, str, str, bool, int]]:
    """(satker_id, status, channel, category, forwarded, count) of complaints received in
    [first, last].

    One scan grouped by all four dimensions serves by_status, by_channel, by_category and
    the count of those forwarded elsewhere: cheaper than several scans of the same month.
    """
    c = complaint_t.c
    rows = (
        select(c.satker_id, c.status, c.channel, c.category, _forwarded(c).label("forwarded"))
        .where(c.received_on.between(first, last), c.deleted_at.is_(None))
        .subquery("received")
    )
    keys = (rows.c.satker_id, rows.c.status, rows.c.channel, rows.c.category, rows.c.forwarded)
    query = select(*keys, func.count()).group_by(*keys)
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def complaints_closed(conn: Connection, first: date, last: date) -> list[tuple[int, int, int, int]]:
    """(satker_id, closed, closed as selesai, closed by due_on) for closes in [first, last].

    resolved_on is set on close (the day of the last close) and cleared on reopen, so the
    resolved_on range alone picks the closes; the status test is a guard, written so that
    it cannot draw the planner to the status index (most complaints are closed).
    """
    c = complaint_t.c
    query = (
        select(
            c.satker_id,
            func.count(),
            _count_if(c.status == "selesai"),
            _count_if(c.resolved_on <= c.due_on),
        )
        .where(
            c.resolved_on.between(first, last),
            c.status.not_in(OPEN_STATUSES),
            c.deleted_at.is_(None),
            ~_forwarded(c),
        )
        .group_by(c.satker_id)
    )
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def complaints_replied(conn: Connection, first: date, last: date) -> list[tuple[int, int, int]]:
    """(satker_id, answered, working days to the first answers summed) of the complaints
    received in [first, last] that have a reply.

    A complaint's first reply has the fewest working days of its replies (the count grows
    with the reply's day), so MIN per complaint is the first reply's.
    """
    c, r = complaint_t.c, reply_t.c
    first_replies = (
        select(r.complaint_id, func.min(r.response_days).label("days"))
        .group_by(r.complaint_id)
        .subquery("first_reply")
    )
    query = (
        select(c.satker_id, func.count(), _sum(first_replies.c.days))
        .select_from(complaint_t.join(first_replies, first_replies.c.complaint_id == c.id))
        .where(c.received_on.between(first, last), c.deleted_at.is_(None), ~_forwarded(c))
        .group_by(c.satker_id)
    )
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def complaints_open_as_of(conn: Connection, day: date) -> list[tuple[int, int, int]]:
    """(satker_id, open, overdue) as of the end of `day`.

    Open on day D: received on or before D and either still open now, or closed after D
    (judged by resolved_on). Overdue on D: open on D and due_on < D.

    Both sets are small next to the whole table, and each has its index: the complaints open
    now through status+due_on, those received by D and closed after it through the interval
    index of db/spans.py (the resolved_on index would read every close since D, the whole
    history after it). A UNION ALL of the two gives each branch its own index; received_on
    <= D is tested in the aggregate, because as a WHERE term it would tempt the planner into
    walking every complaint received before D.
    """
    c = complaint_t.c
    columns = (c.satker_id, c.received_on, c.due_on)
    still_open = select(*columns).where(c.status.in_(OPEN_STATUSES), c.deleted_at.is_(None))
    # A forwarded complaint is closed (dialihkan) and never reopened: only this branch has it.
    closed_later = select(*columns).where(
        spans.open_until_closed(conn, complaint_t, day),
        c.resolved_on > day,
        c.status.not_in(OPEN_STATUSES),
        c.deleted_at.is_(None),
        ~_forwarded(c),
    )
    both = still_open.union_all(closed_later).subquery("open_on_day")
    received = both.c.received_on <= day
    query = select(
        both.c.satker_id,
        _count_if(received),
        _count_if(and_(received, both.c.due_on < day)),
    ).group_by(both.c.satker_id)
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def open_workload(conn: Connection, today: date, soon: date) -> list[tuple[int, int, int, int]]:
    """(satker_id, open, overdue, due in [today, soon]) of complaints open now.

    The open complaints are gathered first (MATERIALIZED) through the status index: grouped
    in place, SQLite may prefer walking the whole table in satker order to skip a sort.
    """
    c = complaint_t.c
    open_now = (
        select(c.satker_id, c.due_on)
        .where(c.status.in_(OPEN_STATUSES), c.deleted_at.is_(None))
        .cte("open_now")
        .prefix_with("MATERIALIZED")
    )
    query = select(
        open_now.c.satker_id,
        func.count(),
        _count_if(open_now.c.due_on < today),
        _count_if(open_now.c.due_on.between(today, soon)),
    ).group_by(open_now.c.satker_id)
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def oldest_overdue(conn: Connection, today: date, limit: int = 10) -> list[dict[str, Any]]:
    """The open complaints of active satker past their due date, longest overdue first."""
    c = complaint_t.c
    query = (
        select(
            c.id,
            c.number,
            satker_t.c.code.label("satker"),
            c.received_on,
            c.due_on,
            c.status,
            c.channel,
            c.category,
            c.extended,
            c.officer,
        )
        .select_from(complaint_t.join(satker_t, c.satker_id == satker_t.c.id))
        .where(
            c.status.in_(OPEN_STATUSES),
            c.due_on < today,
            c.deleted_at.is_(None),
            satker_t.c.active.is_(True),
        )
        .order_by(c.due_on, c.received_on, c.id)
        .limit(limit)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


# --- news ---------------------------------------------------------------------------------


def _news_of_satker(first: date, last: date, *columns: Any) -> Any:
    """(satker_id, *columns) of the items published in [first, last]: once for the satker
    owning each, and once more for each other satker it also covers (joint coverage)."""
    n, link = news_t.c, link_t.c
    live = (n.published_on.between(first, last), n.deleted_at.is_(None))
    owned = select(n.satker_id.label("satker_id"), *columns).where(*live)
    covered = (
        select(link.satker_id.label("satker_id"), *columns)
        .select_from(link_t.join(news_t, n.id == link.news_id))
        .where(*live)
    )
    return owned.union_all(covered).subquery("news_of_satker")


def news_published(
    conn: Connection, first: date, last: date
) -> list[tuple[int, str, str, int, int, int, int, int]]:
    """(satker_id, media, sentiment, count, views, likes, comments, shares) in [first, last].

    An item counts for its own satker and for each other satker it also covers. Missing
    engagement counts add nothing to the sums.
    """
    n = news_t.c
    rows = _news_of_satker(
        first, last, n.media, n.sentiment, n.views, n.likes, n.comments, n.shares
    )
    r = rows.c
    query = select(
        r.satker_id,
        r.media,
        r.sentiment,
        func.count(),
        _sum(r.views),
        _sum(r.likes),
        _sum(r.comments),
        _sum(r.shares),
    ).group_by(r.satker_id, r.media, r.sentiment)
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def _items_of_satker(
    first: date, last: date, satker_ids: Collection[int], *columns: Any
) -> tuple[Any, ColumnElement[bool]]:
    """The items published in [first, last] (a CTE with id, satker_id and columns) and the
    condition that keeps those these satker own or also cover.

    The period's items are gathered first through the date index (MATERIALIZED): a
    satker_id IN term in place would draw SQLite to the satker index and a walk through
    each satker's whole history (see the module's docstring)."""
    n, link = news_t.c, link_t.c
    items = (
        select(n.id, n.satker_id, *columns)
        .where(n.published_on.between(first, last), n.deleted_at.is_(None))
        .cte("in_period")
        .prefix_with("MATERIALIZED")
    )
    ids = sorted(set(satker_ids))
    covered = select(link.news_id).where(link.satker_id.in_(ids))
    return items, or_(items.c.satker_id.in_(ids), items.c.id.in_(covered))


def news_published_once(
    conn: Connection, first: date, last: date, satker_ids: Collection[int]
) -> list[tuple[str, str, int, int, int, int, int]]:
    """(media, sentiment, count, views, likes, comments, shares) in [first, last] of the
    items these satker own or also cover, each item once: the totals of their rows."""
    if not satker_ids:
        return []
    n = news_t.c
    items, shown = _items_of_satker(
        first, last, satker_ids, n.media, n.sentiment, n.views, n.likes, n.comments, n.shares
    )
    i = items.c
    query = (
        select(
            i.media,
            i.sentiment,
            func.count(),
            _sum(i.views),
            _sum(i.likes),
            _sum(i.comments),
            _sum(i.shares),
        )
        .where(shown)
        .group_by(i.media, i.sentiment)
    )
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


# --- trends: one statement per kind, grouped by satker and month ----------------------------


def _year_month(column: Any) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    # EXTRACT compiles on every engine (strftime on SQLite); PostgreSQL gives numerics.
    return extract("year", column).label("year"), extract("month", column).label("month")


def _by_month(rows: Any) -> list[tuple[Any, ...]]:
    return [(sid, int(year), int(month), *rest) for sid, year, month, *rest in rows]


def trend_received(conn: Connection, first: date, last: date) -> list[tuple[int, int, int, int]]:
    """(satker_id, year, month, received) for [first, last], as the recap counts received
    (a complaint forwarded elsewhere counts at its target)."""
    c = complaint_t.c
    year, month = _year_month(c.received_on)
    query = (
        select(c.satker_id, year, month, func.count())
        .where(c.received_on.between(first, last), c.deleted_at.is_(None), ~_forwarded(c))
        .group_by(c.satker_id, year, month)
    )
    return _by_month(conn.execute(query))


def trend_closed(conn: Connection, first: date, last: date) -> list[tuple[int, int, int, int, int]]:
    """(satker_id, year, month, closed, closed by due_on) by the month of resolved_on, as
    `complaints_closed` counts them."""
    c = complaint_t.c
    year, month = _year_month(c.resolved_on)
    query = (
        select(c.satker_id, year, month, func.count(), _count_if(c.resolved_on <= c.due_on))
        .where(
            c.resolved_on.between(first, last),
            c.status.not_in(OPEN_STATUSES),
            c.deleted_at.is_(None),
            ~_forwarded(c),
        )
        .group_by(c.satker_id, year, month)
    )
    return _by_month(conn.execute(query))


def trend_news(conn: Connection, first: date, last: date) -> list[tuple[int, int, int, int, int]]:
    """(satker_id, year, month, news published, engagement: the four counts summed), an
    item counted for its own satker and each other satker it also covers."""
    n = news_t.c
    rows = _news_of_satker(first, last, n.published_on, n.views, n.likes, n.comments, n.shares).c
    year, month = _year_month(rows.published_on)
    engagement = _sum(rows.views) + _sum(rows.likes) + _sum(rows.comments) + _sum(rows.shares)
    query = select(rows.satker_id, year, month, func.count(), engagement).group_by(
        rows.satker_id, year, month
    )
    return _by_month(conn.execute(query))


def trend_news_once(
    conn: Connection, first: date, last: date, satker_ids: Collection[int]
) -> list[tuple[int, int, int, int]]:
    """(year, month, news published, engagement) of the items these satker own or also
    cover, each item once: the totals of their rows."""
    if not satker_ids:
        return []
    n = news_t.c
    items, shown = _items_of_satker(
        first, last, satker_ids, n.published_on, n.views, n.likes, n.comments, n.shares
    )
    i = items.c
    year, month = _year_month(i.published_on)
    engagement = _sum(i.views) + _sum(i.likes) + _sum(i.comments) + _sum(i.shares)
    query = select(year, month, func.count(), engagement).where(shown).group_by(year, month)
    return [(int(y), int(m), *rest) for y, m, *rest in conn.execute(query)]


# --- both ---------------------------------------------------------------------------------


def counts_in_period(conn: Connection, first: date, last: date) -> list[tuple[int, int, int]]:
    """(satker_id, complaints received, news published) in [first, last], in one statement;
    news as the recap counts it (an item for its own satker and each other it covers)."""
    c = complaint_t.c
    complaints = select(c.satker_id.label("satker_id"), literal_column("1").label("is_complaint"))
    complaints = complaints.where(c.received_on.between(first, last), c.deleted_at.is_(None))
    news = select(_news_of_satker(first, last).c.satker_id, literal_column("0"))
    both = complaints.union_all(news).subquery()
    flag = both.c.is_complaint
    query = select(both.c.satker_id, _count_if(flag == 1), _count_if(flag == 0)).group_by(
        both.c.satker_id
    )
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def nil_reports(conn: Connection, months: Collection[str]) -> set[tuple[str, str, int]]:
    """(side, month, satker_id) of every active (not withdrawn) nil report for these months.

    side is "complaints" or "news"; both tables are read in one statement.
    """

    def active(table: Any, side: str) -> Any:
        t = table.c
        return select(literal_column(f"'{side}'"), t.month, t.satker_id).where(
            t.month.in_(sorted(months)), t.withdrawn_at.is_(None)
        )

    query = active(nil_t, "complaints").union_all(active(news_nil_t, "news"))
    return {tuple(row) for row in conn.execute(query)}  # type: ignore[misc]


def last_entries(
    conn: Connection, satker_ids: Collection[int], before: datetime | None = None
) -> dict[int, datetime | None]:
    """Per satker, the latest created_at of its complaints and news (before `before`).

    One statement with a correlated subquery per table: each walks the satker_id+created_at
    index backwards and stops at the first live row, instead of scanning every row the
    satker ever entered as MAX() with a deleted_at filter would.
    """
    latest: dict[int, datetime | None] = {}
    if not satker_ids:
        return latest

    def newest(table: Any) -> Any:
        t = table.c
        query = select(t.created_at).where(t.satker_id == satker_t.c.id, t.deleted_at.is_(None))
        if before is not None:
            query = query.where(t.created_at < before)
        return query.order_by(t.created_at.desc()).limit(1).scalar_subquery()

    query = select(satker_t.c.id, newest(complaint_t), newest(news_t)).where(
        satker_t.c.id.in_(sorted(satker_ids))
    )
    for satker_id, complaint_at, news_at in conn.execute(query):
        stamps = [s for s in (complaint_at, news_at) if s is not None]
        latest[satker_id] = max(stamps) if stamps else None
    return latest
