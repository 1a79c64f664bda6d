"""The one source of "today" and "now" for the whole program.

Set the environment variable `ADURABI_TODAY=YYYY-MM-DD` to pin the date: `today()` then
returns it and `now()` returns that date at the current wall-clock time. Tests, demos and
reproducible reports use this hook instead of patching the system clock.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from adurabi_cli.errors import InvalidInput

ENV_TODAY = "ADURABI_TODAY"


def _pinned_today() -> date | None:
    """The date pinned by ADURABI_TODAY, or None when unset or blank."""
    text = os.environ.get(ENV_TODAY, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{ENV_TODAY} '{text}' is not a date; use YYYY-MM-DD") from None


def today() -> date:
    """Today's local date, or the one pinned by ADURABI_TODAY."""
    return _pinned_today() or date.today()


def now() -> datetime:
    """The local time to the second, with its UTC offset, on the pinned date if any.

    Timestamps carry their offset so that the store can keep them in UTC and every reader
    shows them in its own local time.
    """
    current = datetime.now().astimezone().replace(microsecond=0)
    pinned = _pinned_today()
    if pinned is None:
        return current
    return datetime.combine(pinned, current.timetz())
