"""Memoised checks for preparing many complaints against one RefData (the import's speed)."""

from __future__ import annotations

import weakref
from datetime import date, datetime
from typing import Any

from adurabi_cli.domain.complaints import cell_text, tag_field
from adurabi_cli.domain.dates import MIN_YEAR, parse_date
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _, readable
from adurabi_cli.services.deadlines import deadline_for
from adurabi_cli.services.refdata import RefData

DEFAULT_TERM = "lainnya"


class Lookups:
    """Per-RefData memo of satker, terms, dates and deadlines: an import repeats the same
    few values thousands of times, and each is checked once. Only successes are kept, so
    every bad value still raises its own error."""

    def __init__(self, ref: RefData) -> None:
        self.ref = ref
        self._satker: dict[tuple[str, bool], dict[str, Any]] = {}
        self._terms: dict[tuple[str, str], str] = {}
        self._dates: dict[tuple[str, date, bool], date] = {}
        self._deadlines: dict[tuple[date, bool], date] = {}

    def satker(self, value: Any, *, active: bool) -> dict[str, Any]:
        text = cell_text(value) or ""
        found = self._satker.get((text, active))
        if found is None:
            found = self._satker[(text, active)] = self.ref.satker_of(text, active=active)
        return found

    def term(self, kind: str, value: Any) -> str:
        text = cell_text(value)
        if text is None or not text.strip():
            return DEFAULT_TERM
        found = self._terms.get((kind, text))
        if found is None:
            found = self._terms[(kind, text)] = self.ref.term(kind, text, field=kind)
        return found

    def date(
        self, value: Any, today: date, field: str, *, allow_future: bool = False
    ) -> date | None:
        """A date typed or read from a cell; None when empty; future refused unless allowed."""
        if value is None:
            return None
        if type(value) is str:
            found = self._dates.get((value, today, allow_future))
            if found is not None:
                return found
            if not value.strip():
                return None
            with tag_field(field):
                found = parse_date(value, today=today, allow_future=allow_future)
            self._dates[(value, today, allow_future)] = found
            return found
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
            if value > today and not allow_future:
                raise InvalidInput(
                    _("date {value} is in the future").format(value=readable(value)), field=field
                )
            return value
        return self.date(cell_text(value), today, field, allow_future=allow_future)

    def deadline(self, received: date, extended: bool) -> date:
        found = self._deadlines.get((received, extended))
        if found is None:
            ref = self.ref
            found = deadline_for(received, extended, ref.calendar, ref.sla_days)
            self._deadlines[(received, extended)] = found
        return found


# RefData is a plain (unhashable) dataclass, so the memo is found by identity; the weak
# reference tells a live RefData from a new one that reuses a freed one's id.
_LOOKUPS: dict[int, tuple[weakref.ref[RefData], Lookups]] = {}


def lookups(ref: RefData) -> Lookups:
    entry = _LOOKUPS.get(id(ref))
    if entry is not None and entry[0]() is ref:
        return entry[1]
    for key in [key for key, (alive, _memo) in _LOOKUPS.items() if alive() is None]:
        del _LOOKUPS[key]
    memo = Lookups(ref)
    _LOOKUPS[id(ref)] = (weakref.ref(ref), memo)
    return memo
