"""Report periods: a month, a quarter (triwulan), a year or a range of days.

Every recap, export, trend and top list covers one Period: its first and last day, a key
for file names and JSON (`2026-03`, `2026-Q3`, `2026`, `2026-03-01_2026-04-15`) and its
Indonesian labels for titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from adurabi_cli.domain.complaints import tag_field
from adurabi_cli.domain.dates import MIN_YEAR, Month, format_date_id, parse_date, parse_month
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _, current_language, readable

KINDS = ("month", "quarter", "year", "range")
ROMAN = ("I", "II", "III", "IV")

# 2026-Q3, 2026-q3 or 2026-3; re.ASCII so that only ASCII digits count.
_QUARTER = re.compile(r"(\d{4})-[Qq]?(\d+)", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)


@dataclass(frozen=True)
class Period:
    """A span of whole days that a report covers."""

    kind: str
    first: date
    last: date

    @classmethod
    def month(cls, month: Month) -> Period:
        return cls("month", month.first_day, month.last_day)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = Month(year, 3 * quarter - 2)
        return cls("quarter", first.first_day, Month(year, 3 * quarter).last_day)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls("year", date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def from_json(cls, data: Any) -> Period:
        """The Period of a recap's `period` entry (dates as date objects or ISO text)."""
        return cls(data["kind"], _as_date(data["from"]), _as_date(data["to"]))

    @property
    def key(self) -> str:
        first = self.first
        if self.kind == "month":
            return f"{first.year:04d}-{first.month:02d}"
        if self.kind == "quarter":
            return f"{first.year:04d}-Q{(first.month + 2) // 3}"
        if self.kind == "year":
            return f"{first.year:04d}"
        return f"{first.isoformat()}_{self.last.isoformat()}"

    @property
    def label_id(self) -> str:
        """`Maret 2025`, `Triwulan III 2026`, `Tahun 2026`, `01/03/2026 s.d. 15/04/2026`."""
        first = self.first
        if self.kind == "month":
            return Month.of(first).label_id
        if self.kind == "quarter":
            return f"Triwulan {ROMAN[(first.month - 1) // 3]} {first.year}"
        if self.kind == "year":
            return f"Tahun {first.year}"
        return f"{format_date_id(first)} s.d. {format_date_id(self.last)}"

    @property
    def label(self) -> str:
        """The period as a sentence of the active language names it: label_id in Indonesian;
        March 2025, Q3 2026, 2026, 01/03/2026 to 15/04/2026 in English."""
        if current_language() != "en":
            return self.label_id
        first = self.first
        if self.kind == "month":
            return Month.of(first).label
        if self.kind == "quarter":
            return f"Q{(first.month + 2) // 3} {first.year}"
        if self.kind == "year":
            return str(first.year)
        return f"{readable(first)} to {readable(self.last)}"

    @property
    def heading_id(self) -> str:
        """The title line: `Bulan Maret 2025`, `Triwulan III 2026`, `Periode ... s.d. ...`."""
        if self.kind == "month":
            return f"Bulan {self.label_id}"
        if self.kind == "range":
            return f"Periode {self.label_id}"
        return self.label_id

    @property
    def phrase_id(self) -> str:
        """The heading inside a sentence: `bulan Maret 2025`, `triwulan III 2026`."""
        heading = self.heading_id
        return heading[0].lower() + heading[1:]

    def months(self) -> list[Month]:
        """Every month the period touches, in order."""
        months, current, end = [], Month.of(self.first), Month.of(self.last)
        while current <= end:
            months.append(current)
            current = current.next()
        return months

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "from": self.first,
            "to": self.last,
            "label": self.label_id,
        }

    def __str__(self) -> str:
        return self.key


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def parse_quarter(text: str, *, today: date) -> Period:
    """`2026-Q3`, `2026-q3` or `2026-3`; refused when it starts after today."""
    cleaned = text.strip()
    match = _QUARTER.fullmatch(cleaned)
    if match is None or not 1 <= int(match.group(2)) <= 4:
        raise InvalidInput(
            _("quarter '{cleaned}' is not valid; use YYYY-Qn with n from 1 to 4").format(
                cleaned=cleaned
            )
        )
    year = _checked_year(int(match.group(1)), today)
    period = Period.quarter(year, int(match.group(2)))
    if period.first > today:
        raise InvalidInput(_("{period} is in the future").format(period=period.label))
    return period


def parse_year(text: str, *, today: date) -> Period:
    """A four-digit year from 2000 to this year."""
    cleaned = text.strip()
    if _YEAR.fullmatch(cleaned) is None:
        raise InvalidInput(_("year '{cleaned}' is not valid; use YYYY").format(cleaned=cleaned))
    return Period.year(_checked_year(int(cleaned), today))


def _checked_year(year: int, today: date) -> int:
    if year < MIN_YEAR:
        raise InvalidInput(
            _("year {year:04d} is before {MIN_YEAR}").format(year=year, MIN_YEAR=MIN_YEAR)
        )
    if year > today.year:
        raise InvalidInput(_("{period} is in the future").format(period=Period.year(year).label))
    return year


def parse_range(start: str, end: str | None, *, today: date) -> Period:
    """Days from `start` to `end` (default today), both included."""
    with tag_field("--from"):
        first = parse_date(start, today=today)
    with tag_field("--to"):
        last = parse_date(end, today=today) if end is not None else today
    if first > last:
        raise InvalidInput(
            _("--from {value} is after --to {value2}").format(
                value=readable(first), value2=readable(last)
            ),
            field="--from",
        )
    return Period("range", first, last)


@dataclass(frozen=True)
class PeriodChoice:
    """The period options as typed: at most one of month, quarter, year or from/to."""

    month: str | None = None
    quarter: str | None = None
    year: str | None = None
    start: str | None = None
    end: str | None = None

    def resolve(self, *, today: date, default_month: str = "current") -> Period:
        """The Period chosen, the default month when none is given."""
        given = [
            name
            for name, value in (
                ("--month", self.month),
                ("--quarter", self.quarter),
                ("--year", self.year),
                ("--from/--to", self.start or self.end),
            )
            if value
        ]
        if len(given) > 1:
            raise InvalidInput(
                _("give only one of {value}").format(value=", ".join(given)), field=given[1]
            )
        if self.quarter:
            with tag_field("--quarter"):
                return parse_quarter(self.quarter, today=today)
        if self.year:
            with tag_field("--year"):
                return parse_year(self.year, today=today)
        if self.end and not self.start:
            raise InvalidInput(_("--to needs --from"), field="--to")
        if self.start:
            return parse_range(self.start, self.end, today=today)
        with tag_field("--month"):
            return Period.month(parse_month(self.month or default_month, today=today))


# How far back `adurabi trend --months` looks: one month to ten years.
MAX_TREND_MONTHS = 120


def last_months(count: int, *, today: date) -> list[Month]:
    """The `count` months up to and including this month, oldest first."""
    if not 1 <= count <= MAX_TREND_MONTHS:
        raise InvalidInput(
            _("--months {count} is out of range; use 1 to {MAX_TREND_MONTHS}").format(
                count=count, MAX_TREND_MONTHS=MAX_TREND_MONTHS
            ),
            field="--months",
        )
    months = [Month.of(today)]
    while len(months) < count:
        earlier = months[-1].previous()
        if earlier.year < MIN_YEAR:
            break
        months.append(earlier)
    return months[::-1]
