"""Parsing and formatting of the dates and months operators type."""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _, current_language, readable

MONTH_NAMES_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTH_NAMES_EN: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Earlier years can only be typos (0025 for 2025): the application did not exist then.
MIN_YEAR = 2000

# Words are compared lower-case with their spaces and hyphens as one hyphen: "Bulan Ini",
# "bulan-ini" and "bulan  ini" are one word.
_TODAY_WORDS = frozenset({"today", "hari-ini"})
_YESTERDAY_WORDS = frozenset({"yesterday", "kemarin"})
_CURRENT_MONTH_WORDS = frozenset({"current", "bulan-ini", "this-month"})
_PREVIOUS_MONTH_WORDS = frozenset({"previous", "bulan-lalu", "last-month"})

# Month names as people type them, Indonesian and English, full or short, old spellings too.
_MONTH_WORDS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "ags", "agus", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nopember"),
            ("desember", "des", "dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# re.ASCII: \d would otherwise accept other scripts' digits, which int() happily converts.
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_ID_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
# 15 Maret 2025, 15 Mar 2025, 15-mar-2025, 15 Mar. 2025; Maret 2025, mar-2025.
_NAMED_DATE = re.compile(r"(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})", re.ASCII | re.IGNORECASE)
_NAMED_MONTH = re.compile(r"([a-z]+)\.?[\s-]+(\d{4})", re.ASCII | re.IGNORECASE)


def _word(text: str) -> str:
    """`text` lower-case with each run of spaces and hyphens as one hyphen."""
    return re.sub(r"[\s-]+", "-", text.strip().lower())


def format_date_id(d: date) -> str:
    """Format a date the Indonesian way, 24/03/2025."""
    # Not strftime: it does not zero-pad years below 1000 on every platform.
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def long_date_id(d: date) -> str:
    """A date written out the Indonesian way, 5 Desember 2026 (letters, receipts)."""
    return f"{d.day} {MONTH_NAMES_ID[d.month - 1]} {d.year}"


def _iso(year: int, month: int, day: int) -> str:
    """ISO text for possibly impossible parts, for messages."""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _build_date(text: str, year: int, month: int, day: int) -> date:
    """Make a date from parsed parts, explaining why impossible parts are refused."""
    if year < MIN_YEAR:
        raise InvalidInput(
            _("date {value} is before {MIN_YEAR}").format(
                value=_iso(year, month, day), MIN_YEAR=MIN_YEAR
            )
        )
    if not 1 <= month <= 12:
        raise InvalidInput(
            _("'{text}' is not a valid date; months run from 1 to 12").format(text=text)
        )
    days = _stdlib_calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = MONTH_NAMES_ID[month - 1]
        raise InvalidInput(
            _("'{text}' is not a valid date; {name} {year} has {days} days").format(
                text=text, name=name, year=year, days=days
            )
        )
    return date(year, month, day)


def parse_date(text: str, *, today: date, allow_future: bool = False) -> date:
    """Parse DD/MM/YYYY, YYYY-MM-DD, 15 Maret 2025 (or 15 Mar 2025), hari ini/today or
    kemarin/yesterday."""
    cleaned = text.strip()
    word = _word(cleaned)
    if word in _TODAY_WORDS:
        return today
    if word in _YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if match := _ISO_DATE.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _ID_DATE.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
    elif (match := _NAMED_DATE.fullmatch(cleaned)) and (
        month := _MONTH_WORDS.get(match.group(2).lower(), 0)
    ):
        day, year = int(match.group(1)), int(match.group(3))
    else:
        raise InvalidInput(
            _(
                "'{cleaned}' is not a date; use DD/MM/YYYY, YYYY-MM-DD, 15 Maret 2025, "
                "today or yesterday"
            ).format(cleaned=cleaned)
        )
    result = _build_date(cleaned, year, month, day)
    if result > today and not allow_future:
        raise InvalidInput(_("date {value} is in the future").format(value=readable(result)))
    return result


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, the unit of every recap."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise InvalidInput(
                _("month {year:04d}-{month:02d} is not valid").format(
                    year=self.year, month=self.month
                )
            )

    @classmethod
    def of(cls, d: date) -> Month:
        """The month a date falls in."""
        return cls(d.year, d.month)

    @classmethod
    def from_key(cls, key: str) -> Month:
        """The month of a stored key `2025-03` (or of an ISO date, `2025-03-15`)."""
        year, month = key.split("-")[:2]
        return cls(int(year), int(month))

    @property
    def first_day(self) -> date:
        """The 1st of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last day of the month."""
        return date(self.year, self.month, _stdlib_calendar.monthrange(self.year, self.month)[1])

    @property
    def label_id(self) -> str:
        """The Indonesian label, e.g. Maret 2025."""
        return f"{MONTH_NAMES_ID[self.month - 1]} {self.year}"

    @property
    def label(self) -> str:
        """The month as a sentence of the active language names it: Maret 2025, March 2025.
        (Tables and workbooks speak Indonesian whatever the language: label_id.)"""
        names = MONTH_NAMES_EN if current_language() == "en" else MONTH_NAMES_ID
        return f"{names[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        """The following month."""
        if self.month == 12:
            return Month(self.year + 1, 1)
        return Month(self.year, self.month + 1)

    def previous(self) -> Month:
        """The preceding month."""
        if self.month == 1:
            return Month(self.year - 1, 12)
        return Month(self.year, self.month - 1)

    def contains(self, d: date) -> bool:
        """Whether the date falls in this month."""
        return d.year == self.year and d.month == self.month


def parse_month(text: str, *, today: date, allow_future: bool = False) -> Month:
    """Parse YYYY-MM, Maret 2025 (or Mar 2025, march 2025), bulan ini/current or
    bulan lalu/previous."""
    cleaned = text.strip()
    word = _word(cleaned)
    current = Month.of(today)
    if word in _CURRENT_MONTH_WORDS:
        return current
    if word in _PREVIOUS_MONTH_WORDS:
        return current.previous()
    if (match := _ISO_MONTH.fullmatch(cleaned)) and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
    elif (match := _NAMED_MONTH.fullmatch(cleaned)) and (
        month := _MONTH_WORDS.get(match.group(1).lower(), 0)
    ):
        year = int(match.group(2))
    else:
        raise InvalidInput(
            _(
                "month '{cleaned}' is not valid; use YYYY-MM, Maret 2025, current or previous"
            ).format(cleaned=cleaned)
        )
    if year < MIN_YEAR:
        raise InvalidInput(
            _("month {year:04d}-{month:02d} is before {MIN_YEAR}").format(
                year=year, month=month, MIN_YEAR=MIN_YEAR
            )
        )
    result = Month(year, month)
    if result > current and not allow_future:
        raise InvalidInput(_("{month} is in the future").format(month=result.label))
    return result
