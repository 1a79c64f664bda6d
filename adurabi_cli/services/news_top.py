"""`adurabi news top`: the news items of a period ranked by their reach, for the evaluation.

Ranked and cut in SQL (db.news.top_news); the same list, by engagement, is the small table
of the ten best under the Kanwil workbook's Berita sheet (services/export.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from adurabi_cli.db import news as db
from adurabi_cli.db.models import NEWS_RECORD
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.news import DEFAULT_TOP_LIMIT, check_top_limit, parse_top_measure
from adurabi_cli.domain.periods import Period, PeriodChoice
from adurabi_cli.services.news import NewsRecords, satker_named, with_covering
from adurabi_cli.services.refdata import RefData, load_refdata

# The JSON/CSV record of a ranked item: its place, the news record, the summed counts;
# also_satker, added later, last.
TOP_FIELDS = ("rank", *(f for f in NEWS_RECORD if f != "also_satker"), "engagement", "also_satker")


class TopNews(NamedTuple):
    period: Period
    by: str
    rows: list[dict[str, Any]]


def top_news(
    store: Store,
    period: PeriodChoice,
    *,
    by: str = "engagement",
    limit: int = DEFAULT_TOP_LIMIT,
    satker: Sequence[str] = (),
) -> TopNews:
    """The best `limit` items of the period (default this month) by `by`, best first."""
    today = clock.today()
    measure = parse_top_measure(by)
    check_top_limit(limit)
    chosen = period.resolve(today=today)
    with store.read() as conn:
        ref = load_refdata(conn)
        ids = [satker_named(ref, value, active=False)["id"] for value in satker]
        rows = ranked(conn, ref, chosen, by=measure, limit=limit, satker_ids=ids)
    return TopNews(chosen, measure, rows)


def ranked(
    conn: Any,
    ref: RefData,
    period: Period,
    *,
    by: str = "engagement",
    limit: int = DEFAULT_TOP_LIMIT,
    satker_ids: Sequence[int] = (),
) -> list[dict[str, Any]]:
    """The ranked records (TOP_FIELDS) of the period, read on an open connection."""
    stored = db.top_news(conn, period.first, period.last, by=by, limit=limit, satker_ids=satker_ids)
    with_covering(conn, stored)
    records = NewsRecords(ref)
    return [
        {"rank": rank, **records(row), "engagement": row["engagement"]}
        for rank, row in enumerate(stored, 1)
    ]
