"""Field rules for news items (berita): pure, so they are tested without a database."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from adurabi_cli.domain.dates import MIN_YEAR, parse_date
from adurabi_cli.domain.text import one_line
from adurabi_cli.domain.vocab import GROUP_MASSA, GROUP_SOSIAL, GROUP_WEBSITE
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _, readable

DEFAULT_CATEGORY = "kegiatan"
DEFAULT_SENTIMENT = "netral"
COUNT_FIELDS = ("views", "likes", "comments", "shares")

# The limits of a news item's own fields are in its description (db.models).
# Far above any post's reach, well below SQLite's 64-bit limit: a bigger number is a typo.
MAX_COUNT = 10**12

# Names a list filter accepts for a media group, beside the group slugs themselves.
GROUP_ALIASES = {
    GROUP_WEBSITE: GROUP_WEBSITE,
    GROUP_MASSA: GROUP_MASSA,
    GROUP_SOSIAL: GROUP_SOSIAL,
    "massa": GROUP_MASSA,
    "mass-media": GROUP_MASSA,
    "sosial": GROUP_SOSIAL,
    "medsos": GROUP_SOSIAL,
    "social-media": GROUP_SOSIAL,
}

_DIGITS = re.compile(r"\d+", re.ASCII)
# Operators type thousands the Indonesian way (12.500) or the English way (12,500).
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,\u00a0 ])\d{3}(?:(?P=sep)\d{3})*", re.ASCII)
_NEGATIVE = re.compile(r"-\s*\d[\d.,\u00a0 ]*", re.ASCII)
_ID = re.compile(r"#?(\d{1,18})", re.ASCII)


def is_blank(value: Any) -> bool:
    """None, or text with nothing but spaces: what an empty spreadsheet cell reads as."""
    return value is None or (isinstance(value, str) and not value.strip())


def clean_title(value: Any, *, limit: int) -> str:
    """The title on one line: required, at most limit characters."""
    title = "" if value is None else one_line(value)
    if not title:
        raise InvalidInput(_("title is empty"), field="title")
    if len(title) > limit:
        raise InvalidInput(
            _("title is {value} characters long; at most {MAX_TITLE} are kept").format(
                value=len(title), MAX_TITLE=limit
            ),
            field="title",
        )
    return title


def clean_outlet(value: Any, *, limit: int) -> str | None:
    """The outlet or account name (Bali Post, @kemenkumhambali); blank means none."""
    if is_blank(value):
        return None
    outlet = one_line(value)
    if len(outlet) > limit:
        raise InvalidInput(
            _("outlet is {value} characters long; at most {MAX_OUTLET} are kept").format(
                value=len(outlet), MAX_OUTLET=limit
            ),
            field="outlet",
        )
    return outlet


def parse_count(value: Any, field: str) -> int | None:
    """A non-negative whole number (12500, 12.500, 12,500); blank means not counted."""
    if type(value) is int and 0 <= value <= MAX_COUNT:
        return value  # the common case: a count a spreadsheet reader has already typed
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise InvalidInput(
            _("{field} {value!r} is not a whole number").format(field=field, value=value),
            field=field,
        )
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidInput(
                _("{field} {value:g} is not a whole number").format(field=field, value=value),
                field=field,
            )
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if _DIGITS.fullmatch(text):
            number = int(text)
        elif _GROUPED.fullmatch(text):
            number = int(re.sub(r"\D", "", text))
        elif _NEGATIVE.fullmatch(text):
            raise InvalidInput(
                _("{field} must not be negative (got {text})").format(field=field, text=text),
                field=field,
            )
        else:
            raise InvalidInput(
                _("{field} {text!r} is not a whole number").format(field=field, text=text),
                field=field,
            )
    if number < 0:
        raise InvalidInput(
            _("{field} must not be negative (got {number})").format(field=field, number=number),
            field=field,
        )
    if number > MAX_COUNT:
        raise InvalidInput(
            _("{field} {number} is implausibly large").format(field=field, number=number),
            field=field,
        )
    return number


def published_date(value: Any, *, today: date, field: str = "published_on") -> date:
    """The publication date: typed text, or a date from a spreadsheet cell; never future."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value.year < MIN_YEAR:
            raise InvalidInput(
                _("date {value} is before {MIN_YEAR}").format(
                    value=readable(value), MIN_YEAR=MIN_YEAR
                ),
                field=field,
            )
        if value > today:
            raise InvalidInput(
                _("date {value} is in the future").format(value=readable(value)), field=field
            )
        return value
    if is_blank(value):
        raise InvalidInput(_("date is empty"), field=field)
    try:
        return parse_date(str(value), today=today)
    except InvalidInput as exc:
        exc.field = field
        raise


def parse_news_id(text: str | int) -> int:
    """A news id as typed: 12 or #12."""
    if isinstance(text, int) and not isinstance(text, bool) and text > 0:
        return text
    match = _ID.fullmatch(str(text).strip())
    if match is None or int(match.group(1)) == 0:
        raise InvalidInput(
            _("news id {value!r} is not valid; use the number `news list` shows").format(
                value=str(text)
            )
        )
    return int(match.group(1))


def media_group_name(text: str) -> str | None:
    """The media group a list filter names (website, media-massa, media-sosial), if any."""
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    return GROUP_ALIASES.get(key)


# --- news top -------------------------------------------------------------------------------

# What `news top --by` ranks by; engagement sums the four counts (a missing one adds nothing).
TOP_MEASURES = (*COUNT_FIELDS, "engagement")
TOP_MEASURE_ALIASES = {
    "dilihat": "views",
    "suka": "likes",
    "komentar": "comments",
    "dibagikan": "shares",
    "interaksi": "engagement",
}
TOP_MEASURE_LABELS = {
    "views": "Dilihat",
    "likes": "Suka",
    "comments": "Komentar",
    "shares": "Dibagikan",
    "engagement": "Interaksi",
}
DEFAULT_TOP_LIMIT = 10
MAX_TOP_LIMIT = 1000


def parse_top_measure(value: str) -> str:
    """views, likes, comments, shares or engagement (or their Indonesian names)."""
    cleaned = value.strip().lower()
    measure = TOP_MEASURE_ALIASES.get(cleaned, cleaned)
    if measure not in TOP_MEASURES:
        raise InvalidInput(
            _("unknown --by {value!r}; use one of {value2}").format(
                value=value.strip(), value2=", ".join(TOP_MEASURES)
            ),
            field="--by",
        )
    return measure


def check_top_limit(limit: int) -> int:
    """How many items a top list shows: 1 to MAX_TOP_LIMIT."""
    if not 1 <= limit <= MAX_TOP_LIMIT:
        raise InvalidInput(
            _("--limit {limit} is out of range; use 1 to {MAX_TOP_LIMIT}").format(
                limit=limit, MAX_TOP_LIMIT=MAX_TOP_LIMIT
            ),
            field="--limit",
        )
    return limit
