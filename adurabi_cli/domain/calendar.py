"""The working-day calendar behind complaint deadlines (docs/design.md section 6)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import MAXYEAR, MINYEAR, date
from functools import cache
from types import MappingProxyType

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

DEFAULT_SLA_DAYS = 14
EXTRA_HOLIDAY_NAME = "Libur tambahan"


# The years of public holidays a database keeps: complaints are received from 2000 on
# (domain.dates.MIN_YEAR), and deadlines and announced holidays run a few years ahead.
FIRST_HOLIDAY_YEAR = 2000
HOLIDAY_YEARS_AHEAD = 10


def holiday_years(this_year: int) -> range:
    """The years of public holidays a database holds in the year this_year."""
    return range(FIRST_HOLIDAY_YEAR, this_year + HOLIDAY_YEARS_AHEAD + 1)


@cache
def _package_year(year: int) -> Mapping[date, str]:
    # Imported here so that `adurabi --help` does not pay for loading the package.
    import holidays

    found = holidays.country_holidays("ID", language="id", years=year)
    # Read-only: the cached mapping is shared by every caller in the process.
    return MappingProxyType({day: str(n) for day, n in found.items() if day.year == year})


def package_holidays(years: Iterable[int]) -> dict[date, str]:
    """Indonesian public holidays of the years, as the installed `holidays` package has them.

    Only `init`, upgrades and `holiday refresh` ask for them, to store them: deadlines are
    counted with the stored days, the same for every operator whatever package they have.
    """
    days: dict[date, str] = {}
    for year in years:
        days.update(_package_year(year))
    return days


# The public holidays of a year, by date.
OfficialHolidays = Callable[[int], Mapping[date, str]]


def stored_holidays(days: Mapping[date, str]) -> OfficialHolidays:
    """The public holidays of a year from the stored days; a year with none stored is refused."""
    by_year: dict[int, dict[date, str]] = {}
    for day, name in days.items():
        by_year.setdefault(day.year, {})[day] = name

    def official(year: int) -> Mapping[date, str]:
        found = by_year.get(year)
        if found is None:
            raise InvalidInput(
                _(
                    "hari libur nasional tahun {year} belum tersimpan di "
                    "database; jalankan `adurabi holiday refresh --years {year}`"
                ).format(year=year)
            )
        return found

    return official


class WorkingCalendar:
    """Monday to Friday minus Indonesian public holidays and the Kanwil's extra days."""

    def __init__(
        self,
        extra_holidays: Mapping[date, str] | Iterable[date] = (),
        official: OfficialHolidays | None = None,
    ) -> None:
        # Without stored days (pure uses, tests), the installed package's.
        self._official = official or _package_year
        if isinstance(extra_holidays, Mapping):
            self._extra: dict[date, str] = {d: str(n) for d, n in extra_holidays.items()}
        else:
            self._extra = dict.fromkeys(extra_holidays, EXTRA_HOLIDAY_NAME)
        # Sorted ordinals of every working day in [_first_year, _last_year]: a deadline is
        # then one bisect and one index, which bulk generation of a million rows needs.
        self._first_year = 0
        self._last_year = -1
        self._ordinals: list[int] = []

    def is_working_day(self, d: date) -> bool:
        """Whether d is a weekday that is neither a public nor an extra holiday."""
        return d.weekday() < 5 and d not in self._official(d.year) and d not in self._extra

    def holiday_name(self, d: date) -> str | None:
        """The name of the holiday on d (public first, then extra), or None."""
        return self._official(d.year).get(d) or self._extra.get(d)

    def holidays_in_year(self, year: int) -> list[tuple[date, str]]:
        """Every public and extra holiday of a year, weekends included, by date."""
        merged = {d: n for d, n in self._extra.items() if d.year == year}
        merged.update(self._official(year))
        return sorted(merged.items())

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after start (start itself never counts)."""
        if n < 1:
            raise InvalidInput(
                _("the number of working days must be at least 1, got {n}").format(n=n)
            )
        ordinals = self._cover(start.year, start.year)
        index = bisect_right(ordinals, start.toordinal()) + n - 1
        while index >= len(ordinals):
            # Growing forward keeps earlier indexes valid, so index needs no recomputing.
            ordinals = self._cover(start.year, self._last_year + 1 + n // 250)
        return date.fromordinal(ordinals[index])

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days d satisfy a < d <= b (0 when b <= a)."""
        if b <= a:
            return 0
        ordinals = self._cover(a.year, b.year)
        return bisect_right(ordinals, b.toordinal()) - bisect_right(ordinals, a.toordinal())

    def _cover(self, first_year: int, last_year: int) -> list[int]:
        """The working-day ordinals, grown to span at least the given years."""
        if self._first_year <= first_year and last_year <= self._last_year:
            return self._ordinals
        if last_year > MAXYEAR:
            raise InvalidInput(
                _("the deadline would fall after the year {MAXYEAR}").format(MAXYEAR=MAXYEAR)
            )
        if self._last_year < self._first_year:
            ordinals = self._working_ordinals(first_year, last_year)
        else:
            first_year = min(first_year, self._first_year)
            last_year = max(last_year, self._last_year)
            ordinals = (
                self._working_ordinals(first_year, self._first_year - 1)
                + self._ordinals
                + self._working_ordinals(self._last_year + 1, last_year)
            )
        # A new list rather than in-place growth: a caller holding the old one stays valid.
        self._ordinals = ordinals
        self._first_year, self._last_year = first_year, last_year
        return ordinals

    def _working_ordinals(self, first_year: int, last_year: int) -> list[int]:
        """Ordinals of the working days of the whole years first_year..last_year."""
        result: list[int] = []
        for year in range(max(first_year, MINYEAR), last_year + 1):
            closed = {d.toordinal() for d in self._official(year)}
            closed.update(d.toordinal() for d in self._extra if d.year == year)
            first = date(year, 1, 1).toordinal()
            last = date(year, 12, 31).toordinal()
            # Ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is the weekday.
            result.extend(o for o in range(first, last + 1) if (o - 1) % 7 < 5 and o not in closed)
        return result


def due_date(received: date, calendar: WorkingCalendar, sla_days: int = DEFAULT_SLA_DAYS) -> date:
    """The deadline: the sla_days-th working day after the received day."""
    return calendar.add_working_days(received, sla_days)


def extended_due_date(
    due: date, calendar: WorkingCalendar, sla_days: int = DEFAULT_SLA_DAYS
) -> date:
    """The deadline after one extension: sla_days more working days past the current one."""
    return calendar.add_working_days(due, sla_days)
