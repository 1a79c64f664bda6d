"""The one source of "today" and "now" for the whole program.

Set the environment variable `ADURABI_TODAY=YYYY-MM-DD` to pin the date: `today()` then
returns it and `now()` returns that date at the current wall-clock time. Tests, demos and
reproducible reports use this hook instead of patching the system clock.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

ENV_TODAY = "ADURABI_TODAY"
# The office's time zone unless the `timezone` setting names another: Bali keeps WITA.
OFFICE_ZONE = "Asia/Makassar"
# The years a pinned day may fall in: deadlines, month ends and the recap's next month of
# a day near 9999 would not fit in a date.
PINNED_YEARS = (2000, 2999)


def pinned_today() -> date | None:
    """The date pinned by ADURABI_TODAY, or None when unset or blank."""
    text = os.environ.get(ENV_TODAY, "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    first, last = PINNED_YEARS
    if day is None or not first <= day.year <= last:
        raise InvalidInput(
            _(
                "{ENV_TODAY} '{text}' is not a date from {first}-01-01 to {last}-12-31 (YYYY-MM-DD)"
            ).format(ENV_TODAY=ENV_TODAY, text=text, first=first, last=last),
            field=ENV_TODAY,
        )
    return day


def today() -> date:
    """The office's date (in WITA), or the one pinned by ADURABI_TODAY."""
    return pinned_today() or now().date()


def now() -> datetime:
    """The office's time (WITA) to the second, with its UTC offset, on the pinned date if any.

    The machine's own zone plays no part: an operator's laptop set to UTC and the server in
    Denpasar agree on the day. A pinned day stays the office's day at any hour of the clock.
    Timestamps carry their offset so that the store can keep them in UTC.
    """
    current = datetime.now(ZoneInfo(OFFICE_ZONE)).replace(microsecond=0)
    pinned = pinned_today()
    if pinned is None:
        return current
    return datetime.combine(pinned, current.timetz())


def zone(name: str) -> ZoneInfo:
    """The IANA time zone of that name (Asia/Makassar); refused when unknown."""
    text = name.strip()
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            _(
                "unknown time zone {name!r}; use an IANA name such as "
                "Asia/Makassar (WITA), Asia/Jakarta (WIB) or Asia/Jayapura "
                "(WIT)"
            ).format(name=name),
            field="timezone",
        ) from exc


def office_time(value: datetime | None, zone_name: str) -> datetime | None:
    """A stored (aware, UTC) timestamp as the office reads it: in its own time zone."""
    return value.astimezone(zone(zone_name)) if value is not None else None
