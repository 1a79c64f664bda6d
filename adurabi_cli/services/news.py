"""News items (berita): validated, checked for duplicate URLs and stored one at a time
(`news add`) or in bulk (import, demo) by the same functions; listed, shown, changed,
deleted, with their history."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache, partial
from typing import Any, NamedTuple

from adurabi_cli.db import news as db
from adurabi_cli.db.history import entry, history_of, record
from adurabi_cli.db.models import NEWS_RECORD, News, max_length
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.clock import office_time
from adurabi_cli.domain.dates import parse_date, parse_month
from adurabi_cli.domain.news import (
    COUNT_FIELDS,
    DEFAULT_CATEGORY,
    DEFAULT_SENTIMENT,
    clean_outlet,
    clean_title,
    is_blank,
    media_group_name,
    one_line,
    parse_count,
    published_date,
)
from adurabi_cli.domain.problems import raise_any, run_checks
from adurabi_cli.domain.repeats import repeats
from adurabi_cli.domain.text import search_text
from adurabi_cli.domain.urls import clean_url_and_key, url_key
from adurabi_cli.domain.vocab import GROUP_MASSA, GROUP_SOSIAL, GROUP_WEBSITE, pick_sentiment
from adurabi_cli.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from adurabi_cli.i18n import _, readable
from adurabi_cli.services.refdata import RefData, load_refdata, office_zone

# Fields `news update` may change, in the order their history rows are written.
EDITABLE = (
    "satker",
    "also_satker",
    "published_on",
    "title",
    "media",
    "outlet",
    "url",
    "category",
    "sentiment",
    *COUNT_FIELDS,
)
OPTIONAL = ("outlet", "url", *COUNT_FIELDS)
ENTITY = "news"


# --- validation -----------------------------------------------------------------------------


def prepare_news(ref: RefData, raw: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    """Validate and clean one item given as text (or date/int cell values).

    Keys: satker, title, media (required); published_on (or date; blank = today),
    also_satker (the other satker it covers: a list, or text separated by `;`), outlet,
    url, category (blank = kegiatan), sentiment (blank = netral), views, likes, comments,
    shares (blank = not counted). Other keys are ignored. Raises InvalidInput, NotFound or
    RuleViolation with `field` naming the key at fault.
    """
    known = _lookups(ref)
    get = raw.get
    when = get("published_on")
    if is_blank(when):
        when = get("date")
    category, sentiment = get("category"), get("sentiment")
    # Each field checked on its own (in the order a command reports the first problem).
    checks: dict[str, Callable[[], Any]] = {
        "satker": lambda: known.satker(get("satker")),
        "also_satker": lambda: known.also(satker_list_text(get("also_satker"))),
        "url": lambda: _url(get("url")),
        "published_on": lambda: today if is_blank(when) else known.day(today)(when),
        "title": lambda: clean_title(get("title"), limit=max_length(News, "title")),
        "media": lambda: known.media(get("media")),
        "outlet": lambda: clean_outlet(get("outlet"), limit=max_length(News, "outlet")),
        "category": lambda: DEFAULT_CATEGORY if is_blank(category) else known.category(category),
        "sentiment": lambda: (
            DEFAULT_SENTIMENT if is_blank(sentiment) else known.sentiment(sentiment)
        ),
        **{name: partial(parse_count, get(name), name) for name in COUNT_FIELDS},
    }
    found, errors = run_checks(checks)
    if "satker" in found and "also_satker" in found:
        try:
            refuse_own(found["satker"], found["also_satker"])
        except RuleViolation as exc:
            errors.append(exc)
    raise_any(errors)
    satker, (url, key) = found.pop("satker"), found.pop("url")
    also = found.pop("also_satker")
    row: dict[str, Any] = {
        "satker_id": satker["id"],
        "satker": satker["code"],
        "also_satker_ids": [s["id"] for s in also],
        "also_satker": sorted(s["code"] for s in also),
        "published_on": found.pop("published_on"),
        "title": found.pop("title"),
        "media": found.pop("media"),
        "outlet": found.pop("outlet"),
        "url": url,
        "url_key": key,
        **found,
    }
    return row


class _Lookups:
    """Values already resolved against one RefData.

    One RefData serves one operation, and an import validates thousands of rows against it
    in which the same satker, media, words and dates recur: each distinct value is resolved
    once. Only successes are kept, so a bad value raises its error on every row.
    """

    def __init__(self, ref: RefData) -> None:
        self.satker = _cached(partial(satker_named, ref))
        self.also = _cached(partial(also_satker_named, ref))
        self.media = _cached(partial(_term, ref, "media"))
        self.category = _cached(partial(_term, ref, "news_category"))
        self.sentiment = _cached(sentiment_named)
        self._days: dict[date, Callable[[Any], date]] = {}

    def day(self, today: date) -> Callable[[Any], date]:
        """Publication dates as of today."""
        if today not in self._days:
            self._days[today] = _cached(partial(published_date, today=today))
        return self._days[today]


def _cached(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """convert, remembering each distinct value's result (an error is raised every time);
    values of different types (1, 1.0, True) kept apart."""
    return lru_cache(maxsize=4096, typed=True)(convert)


def _lookups(ref: RefData) -> _Lookups:
    found = ref.__dict__.get("_news_lookups")
    if found is None:
        found = ref.__dict__["_news_lookups"] = _Lookups(ref)
    return found


def satker_named(ref: RefData, value: Any, *, active: bool = True) -> dict[str, Any]:
    """The satker a code, official name or alias names (RefData.satker_of)."""
    return ref.satker_of("" if value is None else str(value), active=active, field="satker")


def satker_list_text(value: Any) -> str:
    """Satker names given as a list (repeated options) or text, as one `;`-separated text."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join("" if v is None else str(v) for v in value)
    return str(value)


def also_satker_named(ref: RefData, text: str) -> tuple[dict[str, Any], ...]:
    """The active satker a `;`-separated text names (codes, official names, aliases), each
    once, in the order given; blank text names none."""
    found: dict[int, dict[str, Any]] = {}
    for piece in text.replace("\n", ";").split(";"):
        if piece.strip():
            satker = ref.satker_of(piece, field="also_satker")
            found.setdefault(satker["id"], satker)
    return tuple(found.values())


def refuse_own(owner: Mapping[str, Any], also: Sequence[Mapping[str, Any]]) -> None:
    """An item covers other satker beside its own: its own satker is refused among them."""
    if any(s["id"] == owner["id"] for s in also):
        raise RuleViolation(
            _(
                "{value} is the item's own satker; also_satker lists only "
                "the other satker it covers"
            ).format(value=owner["code"]),
            field="also_satker",
        )


def _term(ref: RefData, kind: str, value: Any) -> str:
    name = "category" if kind == "news_category" else kind
    if is_blank(value):
        valid = ", ".join(ref.vocab.get(kind, []))
        raise InvalidInput(
            _("{name} is empty; valid: {valid}").format(name=name, valid=valid), field=name
        )
    return ref.term(kind, str(value), field=name)


def sentiment_named(value: Any) -> str:
    """positif, netral or negatif, from the slug, an English word or any case."""
    try:
        return pick_sentiment(str(value))
    except InvalidInput as exc:
        exc.field = "sentiment"
        raise


def _url(value: Any) -> tuple[str | None, str | None]:
    if is_blank(value):
        return None, None
    text = str(value).strip()
    limit = max_length(News, "url")
    if len(text) > limit:
        raise InvalidInput(
            _("URL is longer than {MAX_URL} characters").format(MAX_URL=limit), field="url"
        )
    try:
        return clean_url_and_key(text)
    except InvalidInput as exc:
        exc.field = "url"
        raise


def clean_field(ref: RefData, name: str, value: Any, today: date) -> Any:
    """One field as `news update` gives it: blank clears an optional field."""
    if name in OPTIONAL and is_blank(value):
        return None
    if name == "satker":
        return satker_named(ref, value)
    if name == "also_satker":
        return also_satker_named(ref, satker_list_text(value))
    if name == "published_on":
        return published_date(value, today=today)
    if name == "title":
        return clean_title(value, limit=max_length(News, "title"))
    if name == "media":
        return _term(ref, "media", value)
    if name == "category":
        return _term(ref, "news_category", value)
    if name == "sentiment":
        if is_blank(value):
            raise InvalidInput(_("sentiment is empty"), field="sentiment")
        return sentiment_named(value)
    if name == "outlet":
        return clean_outlet(value, limit=max_length(News, "outlet"))
    if name == "url":
        return _url(value)[0]
    return parse_count(value, name)


# --- the bulk path ----------------------------------------------------------------------------


def find_duplicates(
    conn: Any, rows: Sequence[Mapping[str, Any]], *, names: Sequence[str] | None = None
) -> dict[int, str]:
    """Index -> reason for every row whose normalised URL is already stored or repeats an
    earlier row (in index order); `names` says how to name rows in reasons (default "item
    N", from 1)."""
    keys = {index: row["url_key"] for index, row in enumerate(rows) if row.get("url_key")}
    stored = db.stored_url_keys(conn, list(keys.values()))
    reasons: dict[int, str] = {}
    for index, earlier in repeats(keys).items():
        name = names[earlier] if names else _("item {number}").format(number=earlier + 1)
        reasons[index] = _("this URL repeats {name}").format(name=name)
    for index, key in keys.items():
        if key in stored:
            reasons[index] = duplicate_reason(stored[key])
    return dict(sorted(reasons.items()))


def duplicate_reason(held: Mapping[str, Any]) -> str:
    """Why a URL is refused: the stored item holding it, by id, satker and date."""
    return _("this URL is already recorded as news {id} ({satker}, {day})").format(
        id=held["id"], satker=held["satker"], day=readable(held["published_on"])
    )


def insert_news(
    conn: Any,
    ref: RefData,
    rows: list[dict[str, Any]],
    operator: str,
    *,
    note: str | None = None,
) -> list[int]:
    """Insert prepared rows in the caller's write transaction, one `create` history row
    each; returns the new ids in the order of rows. Check find_duplicates first."""
    return db.insert_news(conn, rows, operator=operator, at=clock.now(), note=note)


# --- records as the commands print them ------------------------------------------------------


def media_group(ref: RefData, media: str) -> str:
    """website, media-massa, media-sosial or lainnya."""
    return ref.media_groups.get(media, "lainnya")


def media_of_group(ref: RefData, group: str) -> list[str]:
    """The media slugs of one group, in vocabulary order (recaps and list filters)."""
    return [m for m in ref.vocab.get("media", []) if media_group(ref, m) == group]


class NewsRecords:
    """Turns stored rows into the records of NEWS_RECORD (docs/design.md section 4), with
    satker codes and the office's times."""

    def __init__(self, ref: RefData) -> None:
        self.ref = ref
        self.codes = {s["id"]: code for code, s in ref.satker.items()}

    def __call__(self, row: Mapping[str, Any], *, deleted: bool = False) -> dict[str, Any]:
        result = {name: row.get(name) for name in NEWS_RECORD}
        result["satker"] = self.codes.get(row["satker_id"], str(row["satker_id"]))
        result["also_satker"] = list(row.get("also_satker") or [])
        result["media_group"] = media_group(self.ref, row["media"])
        zone = self.ref.zone
        result["created_at"] = office_time(row["created_at"], zone)
        result["updated_at"] = office_time(row["updated_at"], zone)
        if deleted:
            result["deleted_at"] = office_time(row["deleted_at"], zone)
        return result


def with_covering(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """rows (stored items) with `also_satker`, the codes of the other satker each covers."""
    found = db.covering(conn, [row["id"] for row in rows])
    for row in rows:
        row["also_satker"] = found.get(row["id"], [])
    return rows


def history(conn: Any, news_id: int) -> list[dict[str, Any]]:
    """The item's history rows, oldest first, in the office's time zone."""
    rows = history_of(conn, ENTITY, news_id)
    zone = office_zone(conn)
    for row in rows:
        row["at"] = office_time(row["at"], zone)
    return rows


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
        with_covering(conn, rows)
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
        raise InvalidInput(
            _("--from {value} is after --to {value2}").format(
                value=readable(start), value2=readable(end)
            )
        )
    media: list[str] = []
    for value in filters.media:
        for slug in _media_filter(ref, value):
            if slug not in media:
                media.append(slug)
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
        search=search_text(one_line(filters.search) if filters.search else None),
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
            _("unknown media {value!r}; valid: {known}; or a group: {groups}").format(
                value=value, known=known, groups=groups
            ),
            field="media",
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
        raise InvalidInput(_("cannot change {value}").format(value=", ".join(sorted(unknown))))
    if not given:
        raise InvalidInput(
            _(
                "nothing to change; give at least one of --title, --media, "
                "--date, --outlet, --url, --category, --sentiment, --satker, "
                "--also-satker, --views, --likes, --comments, --shares"
            )
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
        links: list[int] | None = None  # the new set of other satker, when it changes
        for name, new in cleaned.items():
            if name == "satker":
                if new["id"] != current["satker_id"]:
                    values["satker_id"] = new["id"]
                    diffs.append((name, before["satker"], new["code"]))
            elif name == "also_satker":
                codes = sorted(s["code"] for s in new)
                if codes != before["also_satker"]:
                    links = [s["id"] for s in new]
                    diffs.append((name, _joined(before["also_satker"]), _joined(codes)))
            elif new != current[name]:
                values[name] = new
                diffs.append((name, current[name], new))
        stored = [ref.satker[code] for code in before["also_satker"]]
        refuse_own(
            cleaned.get("satker") or ref.satker[before["satker"]],
            cleaned.get("also_satker", stored),
        )
        if "url" in values:
            values["url_key"] = url_key(values["url"]) if values["url"] else None
            _refuse_stored_url(conn, values["url_key"], news_id)
        if not diffs:
            return UpdateResult(before, [])
        at = clock.now()
        db.update_news(conn, news_id, values, at)
        if links is not None:
            db.replace_covering(conn, news_id, links)
        entries = [
            entry(ENTITY, news_id, "update", operator, at, field=n, old=o, new=v, note=note)
            for n, o, v in diffs
        ]
        record(conn, entries)
        return UpdateResult(
            records(_require(conn, news_id)),
            [(e["field"], e["old_value"], e["new_value"]) for e in entries],
        )


def _joined(codes: Sequence[str]) -> str | None:
    """A set of satker codes as one history value (None when empty)."""
    return "; ".join(codes) or None


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
            raise RuleViolation(_("news {news_id} is already deleted").format(news_id=news_id))
        at = clock.now()
        db.mark_deleted(conn, news_id, at)
        record(conn, [entry(ENTITY, news_id, "delete", operator, at, note=note)])
        ref = load_refdata(conn)
        return NewsRecords(ref)(_require(conn, news_id), deleted=True)


def _note(note: str | None, *, required: bool) -> str | None:
    text = one_line(note) if note is not None else ""
    if required and not text:
        raise InvalidInput(_("--note is empty; say why the item is deleted"), field="note")
    if note is not None and not text:
        raise InvalidInput(_("--note is empty"), field="note")
    return text or None


def _require(conn: Any, news_id: int, *, live: bool = False) -> dict[str, Any]:
    row = db.get_news(conn, news_id)
    if row is None:
        raise NotFound(_("no news item with id {news_id}").format(news_id=news_id))
    if live and row["deleted_at"] is not None:
        raise RuleViolation(
            _("news {news_id} was deleted; it cannot be changed").format(news_id=news_id)
        )
    return with_covering(conn, [row])[0]
