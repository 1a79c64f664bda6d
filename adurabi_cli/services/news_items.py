"""News items as rows: validation, duplicate URLs, bulk insert, and the records printed.

This is the path `news add`, the spreadsheet import and the demo generator share; it makes
no query per row. `services.news` re-exports what other areas call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from functools import partial
from operator import itemgetter
from typing import Any

from adurabi_cli.db import news as db
from adurabi_cli.db.history import history_of
from adurabi_cli.domain import clock
from adurabi_cli.domain.batch import (
    Columns,
    column,
    columns_of,
    mapped,
    picked,
    present,
    repeats,
)
from adurabi_cli.domain.memo import Memo
from adurabi_cli.domain.news import (
    COUNT_FIELDS,
    DEFAULT_CATEGORY,
    DEFAULT_SENTIMENT,
    MAX_COUNT,
    clean_outlet,
    clean_title,
    clean_titles,
    is_blank,
    one_line,
    parse_count,
    published_date,
)
from adurabi_cli.domain.urls import clean_url_and_key, url_key
from adurabi_cli.domain.vocab import pick_sentiment
from adurabi_cli.errors import AdurabiError, InvalidInput, NotFound
from adurabi_cli.services.refdata import RefData

# The JSON/CSV record of DESIGN.md section 4, in this order.
FIELDS = (
    "id",
    "satker",
    "published_on",
    "title",
    "media",
    "media_group",
    "outlet",
    "url",
    "category",
    "sentiment",
    "views",
    "likes",
    "comments",
    "shares",
    "created_by",
    "created_at",
    "updated_at",
)
# Fields `news update` may change, in the order their history rows are written.
EDITABLE = (
    "satker",
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
# The fields of a prepared row: the stored ones and the satker's code.
ROW_FIELDS = ("satker", *db.INSERT_COLUMNS)
MAX_URL = 2048
ENTITY = "news"


# --- validation -----------------------------------------------------------------------------


def prepare_news(ref: RefData, raw: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    """Validate and clean one item given as text (or date/int cell values).

    Keys: satker, title, media (required); published_on (or date; blank = today), outlet,
    url, category (blank = kegiatan), sentiment (blank = netral), views, likes, comments,
    shares (blank = not counted). Other keys are ignored. Raises InvalidInput, NotFound or
    RuleViolation with `field` naming the key at fault.
    """
    known = _lookups(ref)
    get = raw.get
    satker = known.satker[get("satker")]
    when = get("published_on")
    if is_blank(when):
        when = get("date")
    url, key = _url(get("url"))
    category, sentiment = get("category"), get("sentiment")
    row: dict[str, Any] = {
        "satker_id": satker["id"],
        "satker": satker["code"],
        "published_on": today if is_blank(when) else known.day(today)[when],
        "title": clean_title(get("title")),
        "media": known.media[get("media")],
        "outlet": clean_outlet(get("outlet")),
        "url": url,
        "url_key": key,
        "category": DEFAULT_CATEGORY if is_blank(category) else known.category[category],
        "sentiment": DEFAULT_SENTIMENT if is_blank(sentiment) else known.sentiment[sentiment],
    }
    for name in COUNT_FIELDS:
        row[name] = parse_count(get(name), name)
    return row


def news_batches(
    ref: RefData, today: date
) -> Callable[[Mapping[str, list[Any]], int], Columns | None]:
    """prepare_news for batches of rows given column by column.

    The returned function takes field -> values (as ImportTable.typed_columns reads them)
    and the row count, and gives the prepared rows column by column (ROW_FIELDS), or None
    when some row has a value prepare_news would refuse: the caller then prepares that
    batch row by row, and each bad row gets its own error.
    """
    known = _lookups(ref)
    day = known.day(today)
    published = Memo(lambda value: today if is_blank(value) else day[value])
    outlet = Memo(clean_outlet)  # a satker names the same few outlets and accounts
    category = Memo(lambda value: DEFAULT_CATEGORY if is_blank(value) else known.category[value])
    sentiment = Memo(lambda value: DEFAULT_SENTIMENT if is_blank(value) else known.sentiment[value])

    def prepare(columns: Mapping[str, list[Any]], count: int) -> Columns | None:
        if "date" in columns:  # prepare_news's other name for a blank published_on
            return None
        of = partial(column, columns)  # a field's values, None in every row when absent
        try:
            satkers = mapped(known.satker, of("satker"))
            links = list(map(_url, of("url")))
            values = {
                "satker_id": list(map(itemgetter("id"), satkers)),
                "satker": list(map(itemgetter("code"), satkers)),
                "published_on": mapped(published, of("published_on")),
                "title": clean_titles(of("title")),
                "media": mapped(known.media, of("media")),
                "outlet": mapped(outlet, of("outlet")),
                "url": list(map(itemgetter(0), links)),
                "url_key": list(map(itemgetter(1), links)),
                "category": mapped(category, of("category")),
                "sentiment": mapped(sentiment, of("sentiment")),
                **{name: _counts(of(name), name) for name in COUNT_FIELDS},
            }
        except AdurabiError:
            return None
        return values

    return prepare


def _counts(values: list[Any], name: str) -> list[int | None]:
    """parse_count down a column; one already typed as counts is checked without a call per
    value."""
    counts = [value for value in values if value is not None]
    if set(map(type, counts)) <= {int} and (
        not counts or (min(counts) >= 0 and max(counts) <= MAX_COUNT)
    ):
        return values
    return [parse_count(value, name) for value in values]


class _Lookups:
    """Values already resolved against one RefData.

    One RefData serves one operation, and an import validates thousands of rows against it
    in which the same satker, media, words and dates recur: each distinct value is resolved
    once. Only successes are kept, so a bad value raises its error on every row.
    """

    def __init__(self, ref: RefData) -> None:
        self.satker = Memo(partial(satker_named, ref))
        self.media = Memo(partial(_term, ref, "media"))
        self.category = Memo(partial(_term, ref, "news_category"))
        self.sentiment = Memo(sentiment_named)
        self._days: dict[date, Memo] = {}

    def day(self, today: date) -> Memo:
        """Publication dates as of today."""
        if today not in self._days:
            self._days[today] = Memo(partial(published_date, today=today))
        return self._days[today]


def _lookups(ref: RefData) -> _Lookups:
    found = ref.__dict__.get("_news_lookups")
    if found is None:
        found = ref.__dict__["_news_lookups"] = _Lookups(ref)
    return found


def satker_named(ref: RefData, value: Any, *, active: bool = True) -> dict[str, Any]:
    """The satker a code or official name names; the error lists the valid codes."""
    try:
        return ref.satker_of("" if value is None else str(value), active=active, field="satker")
    except NotFound:
        valid = ", ".join(code for code, s in ref.satker.items() if s["active"] or not active)
        raise NotFound(
            f"unknown satker {one_line(value)!r}; valid: {valid}", field="satker"
        ) from None


def _term(ref: RefData, kind: str, value: Any) -> str:
    name = "category" if kind == "news_category" else kind
    if is_blank(value):
        valid = ", ".join(ref.vocab.get(kind, []))
        raise InvalidInput(f"{name} is empty; valid: {valid}", field=name)
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
    if len(text) > MAX_URL:
        raise InvalidInput(f"URL is longer than {MAX_URL} characters", field="url")
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
    if name == "published_on":
        return published_date(value, today=today)
    if name == "title":
        return clean_title(value)
    if name == "media":
        return _term(ref, "media", value)
    if name == "category":
        return _term(ref, "news_category", value)
    if name == "sentiment":
        if is_blank(value):
            raise InvalidInput("sentiment is empty", field="sentiment")
        return sentiment_named(value)
    if name == "outlet":
        return clean_outlet(value)
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
    return duplicates_among(conn, columns_of(rows, ("url_key",)), names=names)


def duplicates_among(
    conn: Any, columns: Mapping[str, list[Any]], *, names: Sequence[str] | None = None
) -> dict[int, str]:
    """find_duplicates for rows given column by column."""
    keys = column(columns, "url_key")
    linked = present(keys)
    given = picked(keys, linked)
    stored = db.stored_url_keys(conn, given)
    reasons: dict[int, str] = {}
    for index, earlier in repeats(given, linked):
        name = names[earlier] if names else f"item {earlier + 1}"
        reasons[index] = f"this URL repeats {name}"
    for index in linked if stored else ():
        if keys[index] in stored:
            reasons[index] = duplicate_reason(stored[keys[index]])
    return dict(sorted(reasons.items()))


def duplicate_reason(held: Mapping[str, Any]) -> str:
    """Why a URL is refused: the stored item holding it, by id, satker and date."""
    return (
        f"this URL is already recorded as news {held['id']} "
        f"({held['satker']}, {held['published_on'].isoformat()})"
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
    each; returns the new ids in the order of rows. Check find_duplicates first.

    A row may name its satker by code alone and give a url without url_key (the demo
    generator does); both are filled in here.
    """
    return insert_news_columns(conn, ref, columns_of(rows, ROW_FIELDS), operator, note=note)


def insert_news_columns(
    conn: Any, ref: RefData, columns: Mapping[str, list[Any]], operator: str, *, note: str | None
) -> list[int]:
    """insert_news for rows given column by column (as news_batches gives them)."""
    ids, codes = column(columns, "satker_id"), column(columns, "satker")
    if None in ids:
        ids = [
            ref.satker_of(code, active=False)["id"] if found is None else found
            for found, code in zip(ids, codes, strict=True)
        ]
    urls, keys = column(columns, "url"), column(columns, "url_key")
    if any(url and not key for url, key in zip(urls, keys, strict=True)):
        keys = [
            url_key(url) if url and not key else key for url, key in zip(urls, keys, strict=True)
        ]
    complete = {**columns, "satker_id": ids, "url_key": keys}
    return db.insert_news(conn, complete, operator=operator, at=clock.now(), note=note)


# --- records as the commands print them ------------------------------------------------------


def media_group(ref: RefData, media: str) -> str:
    """website, media-massa, media-sosial or lainnya."""
    return ref.media_groups.get(media, "lainnya")


def media_of_group(ref: RefData, group: str) -> list[str]:
    """The media slugs of one group, in vocabulary order (recaps and list filters)."""
    return [m for m in ref.vocab.get("media", []) if media_group(ref, m) == group]


class NewsRecords:
    """Turns stored rows into the records of FIELDS, with satker codes and local times."""

    def __init__(self, ref: RefData) -> None:
        self.ref = ref
        self.codes = {s["id"]: code for code, s in ref.satker.items()}

    def __call__(self, row: Mapping[str, Any], *, deleted: bool = False) -> dict[str, Any]:
        result = {name: row.get(name) for name in FIELDS}
        result["satker"] = self.codes.get(row["satker_id"], str(row["satker_id"]))
        result["media_group"] = media_group(self.ref, row["media"])
        result["created_at"] = _local(row["created_at"])
        result["updated_at"] = _local(row["updated_at"])
        if deleted:
            result["deleted_at"] = _local(row["deleted_at"])
        return result


def _local(value: datetime | None) -> datetime | None:
    """Stored in UTC, shown in the reader's local time."""
    return value.astimezone() if value is not None else None


def history(conn: Any, news_id: int) -> list[dict[str, Any]]:
    """The item's history rows, oldest first, in local time."""
    rows = history_of(conn, ENTITY, news_id)
    for row in rows:
        row["at"] = _local(row["at"])
    return rows
