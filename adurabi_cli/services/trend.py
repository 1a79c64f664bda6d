"""`adurabi trend`: per satker and month, complaints received, % closed on time, news and
engagement; the same numbers fill the per-month sheet of a quarter's or a year's workbooks.

Each number is the recap's (services/recap.py) for that one month: received leaves out a
complaint forwarded elsewhere (its target counts it), closed and closed_on_time go by the
month of resolved_on, on_time_pct is 100 * closed_on_time / closed (null when nothing was
closed), news counts items published, engagement sums their views, likes, comments and
shares (an item covering several satker counts in each of their rows, once in the totals).
One grouped query per kind (db.recap.trend_*), whatever the number of months.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from adurabi_cli.db import recap as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.dates import Month
from adurabi_cli.domain.periods import last_months
from adurabi_cli.services.recap import on_time_pct, select_satker
from adurabi_cli.services.refdata import RefData, load_refdata

DEFAULT_MONTHS = 12
# The numbers of one month, in the order of piped rows, CSV and the workbook's tables.
COUNTS = ("received", "closed", "closed_on_time", "news", "engagement")
FIELDS = ("month", "received", "closed", "closed_on_time", "on_time_pct", "news", "engagement")


def trend(
    store: Store, months: int = DEFAULT_MONTHS, satker: Iterable[str] | None = None
) -> dict[str, Any]:
    """The last `months` months up to this one, per satker (default every active satker)."""
    window = last_months(months, today=clock.today())
    with store.read() as conn:
        ref = load_refdata(conn)
        return monthly_trend(conn, ref, window, satker=list(satker or []) or None)


def monthly_trend(
    conn: Any, ref: RefData, months: Sequence[Month], *, satker: list[str] | None = None
) -> dict[str, Any]:
    """`{"months": [keys], "satker": [{code, name, months: [...]}], "totals": {months}}`.

    Each month entry holds FIELDS. satker limits the rows as in the recap (unknown names
    raise NotFound, inactive ones RuleViolation); totals add up the rows shown, a news item
    covering several of them once.
    """
    chosen = select_satker(ref, satker)
    keys = [str(m) for m in months]
    place = {(m.year, m.month): i for i, m in enumerate(months)}
    cells = {s["id"]: [dict.fromkeys(COUNTS, 0) for _ in keys] for s in chosen}
    first, last = months[0].first_day, months[-1].last_day

    def fill(rows: Iterable[tuple[Any, ...]], names: tuple[str, ...]) -> None:
        for sid, year, month, *values in rows:
            if sid in cells and (year, month) in place:
                cells[sid][place[(year, month)]].update(zip(names, values, strict=True))

    fill(db.trend_received(conn, first, last), ("received",))
    fill(db.trend_closed(conn, first, last), ("closed", "closed_on_time"))
    fill(db.trend_news(conn, first, last), ("news", "engagement"))

    rows = [
        {"code": s["code"], "name": s["name"], "months": _finished(keys, cells[s["id"]])}
        for s in chosen
    ]
    sums = [
        {name: sum(row["months"][i][name] for row in rows) for name in COUNTS}
        for i in range(len(keys))
    ]
    # An item covering several satker is in each of their rows, and once in the totals.
    for cell in sums:
        cell.update(news=0, engagement=0)
    for year, month, news, engagement in db.trend_news_once(conn, first, last, list(cells)):
        if (year, month) in place:
            sums[place[(year, month)]].update(news=news, engagement=engagement)
    return {"months": keys, "satker": rows, "totals": {"months": _finished(keys, sums)}}


def _finished(keys: list[str], counts: list[dict[str, int]]) -> list[dict[str, Any]]:
    return [
        {
            "month": key,
            **{name: int(c[name]) for name in ("received", "closed", "closed_on_time")},
            "on_time_pct": on_time_pct(int(c["closed"]), int(c["closed_on_time"])),
            "news": int(c["news"]),
            "engagement": int(c["engagement"]),
        }
        for key, c in zip(keys, counts, strict=True)
    ]
