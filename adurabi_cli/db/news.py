"""Queries for news items (berita)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, or_, select, tuple_

from adurabi_cli.db.bulk import among, chunks, insert_new, insert_rows
from adurabi_cli.db.history import record_created
from adurabi_cli.db.locks import claim_keys, lock_read
from adurabi_cli.db.models import News, NewsSatker, Satker
from adurabi_cli.domain.urls import url_key

news_t = News.__table__  # type: ignore[attr-defined]
satker_t = Satker.__table__  # type: ignore[attr-defined]
link_t = NewsSatker.__table__  # type: ignore[attr-defined]


class NewsQuery(NamedTuple):
    """Filters of `news list`, already resolved to ids, slugs and dates."""

    satker_ids: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None
    media: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    search: str | None = None
    limit: int = 0


def get_news(conn: Connection, news_id: int) -> dict[str, Any] | None:
    """One news item by id, deleted or not; locked to the end of a server write (locks.py)."""
    query = select(news_t).where(news_t.c.id == news_id)
    query = lock_read(conn, query, of=news_t)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def list_news(conn: Connection, query: NewsQuery) -> list[dict[str, Any]]:
    """Stored (not deleted) items matching query, newest first."""
    statement = (
        select(*(c for c in news_t.columns if c.name != "url_key"))
        .where(*_conditions(query))
        .order_by(news_t.c.published_on.desc(), news_t.c.id.desc())
    )
    if query.limit:
        statement = statement.limit(query.limit)
    return [dict(row) for row in conn.execute(statement).mappings()]


def count_news(conn: Connection, query: NewsQuery) -> int:
    statement = select(func.count()).select_from(news_t).where(*_conditions(query))
    return conn.execute(statement).scalar_one()


def _conditions(query: NewsQuery) -> list[Any]:
    c = news_t.c
    conditions: list[Any] = [c.deleted_at.is_(None)]
    if query.satker_ids:
        conditions.append(of_satker(query.satker_ids))
    if query.start is not None:
        conditions.append(c.published_on >= query.start)
    if query.end is not None:
        conditions.append(c.published_on <= query.end)
    if query.media:
        conditions.append(c.media.in_(query.media))
    if query.sentiments:
        conditions.append(c.sentiment.in_(query.sentiments))
    if query.categories:
        conditions.append(c.category.in_(query.categories))
    if query.search:
        # autoescape: % and _ typed by the operator match themselves, not any text.
        conditions.append(
            or_(
                *(
                    column.icontains(query.search, autoescape=True)
                    for column in (c.title, c.outlet, c.url)
                )
            )
        )
    return conditions


def of_satker(satker_ids: Iterable[int]) -> Any:
    """Items these satker own or also cover (joint coverage)."""
    ids = sorted(set(satker_ids))
    covered = select(link_t.c.news_id).where(link_t.c.satker_id.in_(ids))
    return or_(news_t.c.satker_id.in_(ids), news_t.c.id.in_(covered))


def covering(conn: Connection, news_ids: Iterable[int]) -> dict[int, list[str]]:
    """news id -> codes of the other satker it also covers, in code order (none: absent)."""
    found: dict[int, list[str]] = {}
    link = link_t.c
    for chunk in chunks(sorted(set(news_ids))):
        query = (
            select(link.news_id, satker_t.c.code)
            .join_from(link_t, satker_t, link.satker_id == satker_t.c.id)
            .where(link.news_id.in_(chunk))
            .order_by(link.news_id, satker_t.c.code)
        )
        for news_id, code in conn.execute(query):
            found.setdefault(news_id, []).append(code)
    return found


def replace_covering(conn: Connection, news_id: int, satker_ids: Sequence[int]) -> None:
    """The other satker an item covers become exactly satker_ids."""
    conn.execute(link_t.delete().where(link_t.c.news_id == news_id))
    insert_rows(conn, link_t, [{"news_id": news_id, "satker_id": sid} for sid in satker_ids])


def top_news(
    conn: Connection,
    first: date,
    last: date,
    *,
    by: str,
    limit: int,
    satker_ids: Sequence[int] = (),
) -> list[dict[str, Any]]:
    """The items published in [first, last] with the highest `by` count, best first.

    by is a count column or "engagement" (the four counts summed, a missing one adding
    nothing); an item without that count (without any, for engagement) is left out. Ties go
    to the later item. Ranked and cut in SQL: only `limit` rows reach Python.
    """
    c = news_t.c
    counts = (c.views, c.likes, c.comments, c.shares)
    engagement = sum((func.coalesce(col, 0) for col in counts[1:]), func.coalesce(counts[0], 0))
    if by == "engagement":
        score, counted = engagement, or_(*(col.is_not(None) for col in counts))
    else:
        score = c[by]
        counted = score.is_not(None)
    conditions = [c.published_on.between(first, last), c.deleted_at.is_(None), counted]
    if satker_ids:
        conditions.append(of_satker(satker_ids))
    statement = (
        select(
            *(col for col in news_t.columns if col.name != "url_key"),
            engagement.label("engagement"),
        )
        .where(*conditions)
        .order_by(score.desc(), c.published_on.desc(), c.id.desc())
        .limit(limit)
    )
    return [dict(row) for row in conn.execute(statement).mappings()]


def stored_url_keys(conn: Connection, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored (not deleted) item holding each of keys: {key: {id, satker, published_on}}."""
    wanted = sorted(set(keys))
    claim_keys(conn, "news.url_key", wanted)  # a writer about to store them holds them
    found: dict[str, dict[str, Any]] = {}
    c = news_t.c
    for condition in among(conn, c.url_key, wanted):
        query = (
            select(c.url_key, c.id, satker_t.c.code, c.published_on)
            .join_from(news_t, satker_t, c.satker_id == satker_t.c.id)
            .where(condition, c.deleted_at.is_(None))
        )
        for key, news_id, code, published_on in conn.execute(query):
            found[key] = {"id": news_id, "satker": code, "published_on": published_on}
    return found


def unkeyed_urls(conn: Connection) -> list[dict[str, Any]]:
    """Stored items whose link another one already held when news URL keys were computed
    again (schema step 9): id, url, and the id of the item holding it (None if deleted since)."""
    c = news_t.c
    query = (
        select(c.id, c.url)
        .where(c.url.is_not(None), c.url_key.is_(None), c.deleted_at.is_(None))
        .order_by(c.id)
    )
    found = [dict(row) for row in conn.execute(query).mappings()]
    holders = stored_url_keys(conn, {url_key(row["url"]) for row in found})
    return [{**row, "held_by": holders.get(url_key(row["url"]), {}).get("id")} for row in found]


def insert_news(
    conn: Connection,
    rows: Sequence[Mapping[str, Any]],
    *,
    operator: str,
    at: datetime,
    note: str | None = None,
) -> list[int]:
    """Insert prepared rows (with `also_satker_ids`, the other satker each covers) and one
    `create` history row each; returns the new ids."""
    stamps = {"created_by": operator, "created_at": at, "updated_at": at}
    ids = insert_new(conn, news_t, [{**row, **stamps} for row in rows])
    links = [
        {"news_id": news_id, "satker_id": satker_id}
        for news_id, row in zip(ids, rows, strict=True)
        for satker_id in row.get("also_satker_ids", ())
    ]
    insert_rows(conn, link_t, links)
    record_created(conn, news_t, "news", ids, operator, at, note)
    return ids


def update_news(conn: Connection, news_id: int, changes: dict[str, Any], at: datetime) -> None:
    conn.execute(news_t.update().where(news_t.c.id == news_id).values(**changes, updated_at=at))


def mark_deleted(conn: Connection, news_id: int, at: datetime) -> None:
    conn.execute(news_t.update().where(news_t.c.id == news_id).values(deleted_at=at, updated_at=at))


def stored_contents(
    conn: Connection, pairs: Iterable[tuple[int, date]]
) -> dict[tuple[int, date, str, str, str | None], int]:
    """(satker_id, published_on, title, media, outlet) -> id of the stored (not deleted)
    news items without a URL of the given (satker_id, published_on) pairs."""
    n = news_t.c
    found: dict[tuple[int, date, str, str, str | None], int] = {}
    wanted = sorted(set(pairs))
    for chunk in chunks(wanted):
        query = select(n.satker_id, n.published_on, n.title, n.media, n.outlet, n.id).where(
            tuple_(n.satker_id, n.published_on).in_(chunk),
            n.url_key.is_(None),
            n.deleted_at.is_(None),
        )
        for satker_id, published_on, title, media, outlet, news_id in conn.execute(query):
            found.setdefault((satker_id, published_on, title, media, outlet), news_id)
    return found
