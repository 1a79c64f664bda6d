"""News items (berita): add, list, show, update, delete, history.

The bulk path other areas call (prepare_news, find_duplicates, insert_news) lives in
services.news_items and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from adurabi_cli.db import news as db
from adurabi_cli.db.history import entry, record
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.dates import parse_date, parse_month
from adurabi_cli.domain.news import media_group_name, one_line
from adurabi_cli.domain.urls import url_key
from adurabi_cli.domain.vocab import GROUP_MASSA, GROUP_SOSIAL, GROUP_WEBSITE
from adurabi_cli.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from adurabi_cli.services.news_items import (
    EDITABLE,
    ENTITY,
    FIELDS,
    NewsRecords,
    clean_field,
    duplicate_reason,
    find_duplicates,
    history,
    insert_news,
    media_group,
    media_of_group,
    prepare_news,
    satker_named,
    sentiment_named,
)
from adurabi_cli.services.refdata import RefData, load_refdata

__all__ = [
    "FIELDS",
    "NewsFilter",
    "NewsPage",
    "UpdateResult",
    "add_news",
    "delete_news",
    "find_duplicates",
    "insert_news",
    "list_news",
    "media_group",
    "media_of_group",
    "news_history",
    "prepare_news",
    "resolve_filter",
    "show_news",
    "update_news",
]


def add_news(store: Store, raw: Mapping[str, Any], operator: str) -> dict[str, Any]:
    """Validate, refuse a duplicate URL, store; returns the stored record."""
    today = clock.today()
    with store.write() as conn:
        ref = load_refdata(conn)
        row = prepare_news(ref, raw, today=today)
        duplicate = find_duplicates(conn, [row])
        if duplicate:
            raise Duplicate(duplicate[0], field="url")
        (news_id,) = insert_news(conn, ref, [row], operator)
        return NewsRecords(ref)(_require(conn, news_id))


class NewsFilter(NamedTuple):
    """`news list` filters as typed; empty means no filter."""

    satker: Sequence[str] = ()
    month: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    media: Sequence[str] = ()
    sentiment: Sequence[str] = ()
    category: Sequence[str] = ()
    search: str | None = None
    limit: int = 50


class NewsPage(NamedTuple):
    rows: list[dict[str, Any]]
    total: int

    @property
    def cut(self) -> bool:
        return len(self.rows) < self.total


def list_news(store: Store, filters: NewsFilter) -> NewsPage:
    """Stored items matching filters, newest first; total counts them all when cut."""
    with store.read() as conn:
        ref = load_refdata(conn)
        query = resolve_filter(ref, filters, today=clock.today())
        # No database can count past a 64-bit LIMIT: any larger limit means them all.
        limit = filters.limit if filters.limit < 2**62 else 0
        rows = db.list_news(conn, query._replace(limit=limit + 1 if limit else 0))
        total = len(rows)
        if limit and total > limit:
            rows = rows[:limit]
            total = db.count_news(conn, query)
        records = NewsRecords(ref)
        return NewsPage([records(row) for row in rows], total)


def resolve_filter(ref: RefData, filters: NewsFilter, *, today: date) -> db.NewsQuery:
    """Check every filter value and turn it into ids, slugs and a date range."""
    start: date | None = None
    end: date | None = None
    if filters.month:
        month = parse_month(filters.month, today=today)
        start, end = month.first_day, month.last_day
    if filters.date_from:
        day = parse_date(filters.date_from, today=today, allow_future=True)
        start = max(start, day) if start else day
    if filters.date_to:
        day = parse_date(filters.date_to, today=today, allow_future=True)
        end = min(end, day) if end else day
    if filters.date_from and filters.date_to and start and end and start > end:
        raise InvalidInput(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    media: list[str] = []
    for value in filters.media:
        for slug in _media_filter(ref, value):
            if slug not in media:
                media.append(slug)
    search = one_line(filters.search) if filters.search else ""
    return db.NewsQuery(
        satker_ids=tuple(
            dict.fromkeys(satker_named(ref, value, active=False)["id"] for value in filters.satker)
        ),
        start=start,
        end=end,
        media=tuple(media),
        sentiments=tuple(dict.fromkeys(sentiment_named(value) for value in filters.sentiment)),
        categories=tuple(
            dict.fromkeys(
                ref.term("news_category", value, field="category") for value in filters.category
            )
        ),
        search=search or None,
    )


def _media_filter(ref: RefData, value: str) -> list[str]:
    group = media_group_name(value)
    if group is not None:
        return media_of_group(ref, group)
    try:
        return [ref.term("media", value, field="media")]
    except InvalidInput:
        known = ", ".join(ref.vocab.get("media", []))
        groups = ", ".join((GROUP_WEBSITE, GROUP_MASSA, GROUP_SOSIAL))
        raise InvalidInput(
            f"unknown media {value!r}; valid: {known}; or a group: {groups}", field="media"
        ) from None


def show_news(store: Store, news_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The record (deleted ones too, with deleted_at) and its history."""
    with store.read() as conn:
        row = _require(conn, news_id)
        ref = load_refdata(conn)
        return NewsRecords(ref)(row, deleted=True), history(conn, news_id)


def news_history(store: Store, news_id: int) -> list[dict[str, Any]]:
    with store.read() as conn:
        _require(conn, news_id)
        return history(conn, news_id)


class UpdateResult(NamedTuple):
    record: dict[str, Any]
    # (field, old, new) as the history stores them.
    changes: list[tuple[str, str | None, str | None]]


def update_news(
    store: Store,
    news_id: int,
    changes: Mapping[str, Any],
    operator: str,
    *,
    note: str | None = None,
) -> UpdateResult:
    """Change the given fields (None = leave as is; blank clears an optional one); each
    changed field gets one history row with its old and new value."""
    given = {("published_on" if k == "date" else k): v for k, v in changes.items()}
    given = {k: v for k, v in given.items() if v is not None}
    unknown = set(given) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))}")
    if not given:
        raise InvalidInput(
            "nothing to change; give at least one of --title, --media, --date, --outlet, "
            "--url, --category, --sentiment, --satker, --views, --likes, --comments, --shares"
        )
    note = _note(note, required=False)
    today = clock.today()
    with store.write() as conn:
        current = _require(conn, news_id, live=True)
        ref = load_refdata(conn)
        cleaned = {
            name: clean_field(ref, name, given[name], today) for name in EDITABLE if name in given
        }
        records = NewsRecords(ref)
        before = records(current)
        values: dict[str, Any] = {}
        diffs: list[tuple[str, Any, Any]] = []
        for name, new in cleaned.items():
            if name == "satker":
                if new["id"] != current["satker_id"]:
                    values["satker_id"] = new["id"]
                    diffs.append((name, before["satker"], new["code"]))
            elif new != current[name]:
                values[name] = new
                diffs.append((name, current[name], new))
        if "url" in values:
            values["url_key"] = url_key(values["url"]) if values["url"] else None
            _refuse_stored_url(conn, values["url_key"], news_id)
        if not values:
            return UpdateResult(before, [])
        at = clock.now()
        db.update_news(conn, news_id, values, at)
        entries = [
            entry(ENTITY, news_id, "update", operator, at, field=n, old=o, new=v, note=note)
            for n, o, v in diffs
        ]
        record(conn, entries)
        return UpdateResult(
            records(_require(conn, news_id)),
            [(e["field"], e["old_value"], e["new_value"]) for e in entries],
        )


def _refuse_stored_url(conn: Any, key: str | None, news_id: int) -> None:
    if key is None:
        return
    held = db.stored_url_keys(conn, [key]).get(key)
    if held is not None and held["id"] != news_id:
        raise Duplicate(duplicate_reason(held), field="url")


def delete_news(store: Store, news_id: int, operator: str, note: str) -> dict[str, Any]:
    """Soft-delete: the item leaves lists and recaps, its URL may be recorded again, its
    history stays."""
    note = _note(note, required=True)
    with store.write() as conn:
        if _require(conn, news_id)["deleted_at"] is not None:
            raise RuleViolation(f"news {news_id} is already deleted")
        at = clock.now()
        db.mark_deleted(conn, news_id, at)
        record(conn, [entry(ENTITY, news_id, "delete", operator, at, note=note)])
        ref = load_refdata(conn)
        return NewsRecords(ref)(_require(conn, news_id), deleted=True)


def _note(note: str | None, *, required: bool) -> str | None:
    text = one_line(note) if note is not None else ""
    if required and not text:
        raise InvalidInput("--note is empty; say why the item is deleted", field="note")
    if note is not None and not text:
        raise InvalidInput("--note is empty", field="note")
    return text or None


def _require(conn: Any, news_id: int, *, live: bool = False) -> dict[str, Any]:
    row = db.get_news(conn, news_id)
    if row is None:
        raise NotFound(f"no news item with id {news_id}")
    if live and row["deleted_at"] is not None:
        raise RuleViolation(f"news {news_id} was deleted; it cannot be changed")
    return row
