"""The rows behind a month's Pengaduan and Berita sheets, streamed.

Rows come out as mappings with the docs/design.md section 4 field names (`satker` the code),
streamed from the caller's read transaction a batch at a time: a month of 100,000
complaints never sits in memory as a list. Only complaints and news of active satker are
returned, the satker the recap shows, so a sheet's rows add up to the recap's numbers.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)

from adurabi_cli.db.complaints import forward_links
from adurabi_cli.db.models import (
    COMPLAINT_SHEET,
    NEWS_SHEET,
    Complaint,
    ComplaintFile,
    ComplaintReply,
    News,
    NewsSatker,
    Satker,
)
from adurabi_cli.domain.status import OPEN_STATUSES

complaint_t = Complaint.__table__  # type: ignore[attr-defined]
news_t = News.__table__  # type: ignore[attr-defined]
satker_t = Satker.__table__  # type: ignore[attr-defined]
reply_t = ComplaintReply.__table__  # type: ignore[attr-defined]
file_t = ComplaintFile.__table__  # type: ignore[attr-defined]
link_t = NewsSatker.__table__  # type: ignore[attr-defined]

# A stream of rows; close() it (or read it to the end) inside the transaction.
Rows = Generator[dict[str, Any], None, None]
# Rows fetched from the driver per batch while streaming.
BATCH = 2000


def month_complaints(
    conn: Connection,
    first: date,
    last: date,
    as_of: date,
    *,
    by_satker: bool = False,
    include_personal: bool = False,
    hidden_summary: str = "(dirahasiakan)",
) -> Rows:
    """Complaints received in [first, last] or still open at the end of as_of.

    Open on as_of is the recap's definition: received by then and not closed by then (open
    now, or closed later, judged by resolved_on); `overdue` is as of that day too. Ordered
    by received date and number, or by satker (registry order) first when by_satker.
    Without include_personal the complainant's name and contact and the evidence files are
    never read and a confidential complaint's summary comes out as hidden_summary; with it,
    `files` lists each file's name and sha256 (never its content).
    """
    c = complaint_t.c
    # The stored columns of the sheet, and what the outer query reads beside them.
    columns = [
        c.id,
        c.satker_id,
        c.forwarded_from_id,
        *(c[name] for name in COMPLAINT_SHEET if name in c),
    ]
    live = c.deleted_at.is_(None)
    # Three disjoint sets, each read through its own index: the month's received range;
    # older complaints open now (status); older ones closed only after as_of (resolved_on).
    # The last two are small for a recent month. A received_on term inside them would draw
    # the planner to walking every older complaint by date, so they are gathered first
    # (MATERIALIZED keeps SQLite from pushing the outer term down) and filtered after.
    received = select(*columns).where(c.received_on.between(first, last), live)
    still_open = select(*columns).where(c.status.in_(OPEN_STATUSES), live)
    closed_later = select(*columns).where(
        c.resolved_on > as_of, c.status.not_in(OPEN_STATUSES), live
    )
    older = union_all(still_open, closed_later).cte("older").prefix_with("MATERIALIZED")
    carried = select(*older.c).where(older.c.received_on < first)
    rows = union_all(received, carried).subquery("in_month")
    r = rows.c
    open_on_day = and_(
        r.received_on <= as_of,
        or_(r.status.in_(OPEN_STATUSES), r.resolved_on > as_of),
    )
    overdue = type_coerce(
        case((and_(open_on_day, r.due_on < as_of), True), else_=False), Boolean
    ).label("overdue")
    if include_personal:
        summary, name, contact = r.summary, r.complainant_name, r.complainant_contact
        f = file_t.c
        listed = f.name + literal(" (sha256 ") + f.sha256 + literal(")")
        files = (
            select(func.aggregate_strings(listed, "; "))
            .where(f.complaint_id == r.id)
            .scalar_subquery()
        )
    else:
        summary = case((r.confidential.is_(True), literal(hidden_summary)), else_=r.summary)
        name = contact = files = null()
    read = {
        "satker": satker_t.c.code,
        "summary": summary,
        "complainant_name": name,
        "complainant_contact": contact,
        "overdue": overdue,
        "first_reply_on": select(func.min(reply_t.c.replied_on))
        .where(reply_t.c.complaint_id == r.id)
        .scalar_subquery(),
        **{column.name: column for column in forward_links(r)},
        "files": files,
    }
    query = (
        select(*(read[name] if name in read else r[name] for name in COMPLAINT_SHEET))
        .select_from(rows.join(satker_t, r.satker_id == satker_t.c.id))
        .where(satker_t.c.active.is_(True))
    )
    order = (r.received_on, r.number)
    query = query.order_by(r.satker_id, *order) if by_satker else query.order_by(*order)
    return _stream(conn, query, COMPLAINT_SHEET)


def month_news(conn: Connection, first: date, last: date, *, by_satker: bool = False) -> Rows:
    """News published in [first, last], by date and id, `also_satker` the other satker each
    also covers ("; "-joined codes).

    Without by_satker each item once, when its own satker or one it covers is active. With
    by_satker, per active satker (registry order) the items it owns and those it also
    covers, `for_satker` naming the satker of the group: a joint item once in each group.
    """
    n, link = news_t.c, link_t.c
    owner, other = satker_t.alias("owner"), satker_t.alias("other")
    also = (
        select(func.aggregate_strings(other.c.code, "; "))
        .select_from(link_t.join(other, other.c.id == link.satker_id))
        .where(link.news_id == n.id)
        .scalar_subquery()
    )
    read = {"satker": owner.c.code, "also_satker": also}
    columns = [read[name] if name in read else n[name] for name in NEWS_SHEET]
    live = (n.published_on.between(first, last), n.deleted_at.is_(None))
    order = (n.published_on, n.id)
    fields = NEWS_SHEET
    if by_satker:
        owned = select(n.id.label("news_id"), n.satker_id.label("for_id")).where(*live)
        covered = (
            select(link.news_id, link.satker_id)
            .select_from(link_t.join(news_t, n.id == link.news_id))
            .where(*live)
        )
        pairs = owned.union_all(covered).subquery("pairs")
        group = satker_t.alias("for_satker")
        query = (
            select(*columns, group.c.code)
            .select_from(
                pairs.join(news_t, n.id == pairs.c.news_id)
                .join(owner, owner.c.id == n.satker_id)
                .join(group, group.c.id == pairs.c.for_id)
            )
            .where(group.c.active.is_(True))
            .order_by(pairs.c.for_id, *order)
        )
        fields = (*NEWS_SHEET, "for_satker")
    else:
        covers_active = (
            select(link.news_id)
            .select_from(link_t.join(other, other.c.id == link.satker_id))
            .where(link.news_id == n.id, other.c.active.is_(True))
            .exists()
        )
        query = (
            select(*columns)
            .select_from(news_t.join(owner, n.satker_id == owner.c.id))
            .where(*live, or_(owner.c.active.is_(True), covers_active))
            .order_by(*order)
        )
    for row in _stream(conn, query, fields):
        if row["also_satker"]:  # in code order, whatever order the engine joined them in
            row["also_satker"] = "; ".join(sorted(row["also_satker"].split("; ")))
        yield row


def _stream(conn: Connection, query: Any, fields: tuple[str, ...]) -> Rows:
    """Each row as a dict of fields, fetched BATCH rows at a time."""
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    try:
        for batch in result.partitions():
            for row in batch:
                yield dict(zip(fields, row, strict=True))
    finally:
        result.close()
