"""Who gets how much demo data, and when: satker profiles, the 12-month window, arrivals.

Pure: the calendar and the random generator are passed in. A plan is a sorted list of
`day_index * satker_count + satker_index` keys, one per row, so a million rows cost a list
of ints rather than a million objects, and rows come out in the order they arrived (which
is also the order tracking numbers are handed out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from random import Random
from typing import Any

from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.dates import Month
from adurabi_cli.domain.demo_words import KANWIL, KIND_GROUP

MONTHS = 12
# Did not report anything last month (the recap shows them as Belum melapor) ...
SILENT_LAST_MONTH = ("lapas-karangasem", "rudenim-denpasar")
# ... and declared a nil report for last month (Nihil): the quietest unit.
NIL_LAST_MONTH = "rupbasan-denpasar"


@dataclass(frozen=True)
class Profile:
    """How a satker behaves in the demo."""

    short: str  # the name people use (Lapas Kerobokan)
    region: str  # regency, for place names in the text
    complaints: float  # relative share of complaints
    news: float  # relative share of news
    speed: float = 8.0  # median working days to close a complaint
    stuck: float = 0.01  # share of recent complaints nobody follows up
    reach: float = 1.0  # audience size, multiplies engagement
    account: str | None = None  # official social media account, without @
    host: str | None = None  # own website


PROFILES: dict[str, Profile] = {
    "kanwil": Profile(
        "Kanwil Kemenkumham Bali",
        "Denpasar",
        8,
        16,
        7,
        0.005,
        2.5,
        "kemenkumhambali",
        "bali.kemenkumham.go.id",
    ),
    "lapas-kerobokan": Profile("Lapas Kerobokan", "Badung", 22, 9, 9, 0.015, 1.6, "lapaskerobokan"),
    "lapas-perempuan-kerobokan": Profile(
        "Lapas Perempuan Kerobokan", "Badung", 5, 5, 8, 0.01, 0.8, "lapasperempuanbali"
    ),
    "lapas-narkotika-bangli": Profile(
        "Lapas Narkotika Bangli", "Bangli", 6, 5, 8, 0.01, 0.8, "lapasnarkotikabangli"
    ),
    "lapas-singaraja": Profile("Lapas Singaraja", "Buleleng", 4, 4, 9, 0.01, 0.7, "lapassingaraja"),
    "lapas-tabanan": Profile("Lapas Tabanan", "Tabanan", 3, 4, 8, 0.01, 0.6, "lapastabanan"),
    "lapas-karangasem": Profile(
        "Lapas Karangasem", "Karangasem", 3, 3, 11, 0.03, 0.5, "lapaskarangasem"
    ),
    "lpka-karangasem": Profile(
        "LPKA Karangasem", "Karangasem", 1.5, 3, 7, 0.005, 0.5, "lpkakarangasem"
    ),
    "rutan-bangli": Profile("Rutan Bangli", "Bangli", 2, 3, 8, 0.01, 0.5, "rutanbangli"),
    "rutan-gianyar": Profile("Rutan Gianyar", "Gianyar", 3, 3, 8, 0.01, 0.6, "rutangianyar"),
    "rutan-negara": Profile("Rutan Negara", "Jembrana", 2.5, 3, 10, 0.02, 0.5, "rutannegara"),
    "rutan-klungkung": Profile(
        "Rutan Klungkung", "Klungkung", 2, 3, 8, 0.01, 0.5, "rutanklungkung"
    ),
    "bapas-denpasar": Profile("Bapas Denpasar", "Denpasar", 4, 4, 7, 0.01, 0.6, "bapasdenpasar"),
    "bapas-karangasem": Profile(
        "Bapas Karangasem", "Karangasem", 1.5, 2, 8, 0.01, 0.4, "bapaskarangasem"
    ),
    "rupbasan-denpasar": Profile(
        "Rupbasan Denpasar", "Denpasar", 0.4, 1.5, 6, 0.0, 0.3, "rupbasandenpasar"
    ),
    "kanim-ngurah-rai": Profile(
        "Kantor Imigrasi Ngurah Rai", "Badung", 20, 9, 6, 0.01, 2.0, "imigrasingurahrai"
    ),
    "kanim-denpasar": Profile(
        "Kantor Imigrasi Denpasar", "Denpasar", 9, 6, 7, 0.01, 1.2, "imigrasidenpasar"
    ),
    "kanim-singaraja": Profile(
        "Kantor Imigrasi Singaraja", "Buleleng", 3, 3, 7, 0.01, 0.5, "imigrasisingaraja"
    ),
    "rudenim-denpasar": Profile("Rudenim Denpasar", "Badung", 1.5, 2, 9, 0.02, 0.4, "rudenimbali"),
}


@dataclass(frozen=True)
class Unit:
    """A satker as the generator sees it."""

    code: str
    group: str  # demo_text kind group: pas, imigrasi, ...
    profile: Profile

    @property
    def account(self) -> str:
        return self.profile.account or self.code.replace("-", "")

    @property
    def host(self) -> str:
        return self.profile.host or f"{self.code}.kemenkumham.go.id"


def unit_of(satker: dict[str, Any]) -> Unit:
    """The demo unit of a stored satker; satker added by the Kanwil get a middling profile."""
    code = satker["code"]
    profile = PROFILES.get(code) or Profile(satker["name"], "Bali", 2, 3)
    return Unit(code, KIND_GROUP.get(satker["kind"], KANWIL), profile)


@dataclass(frozen=True)
class Window:
    """The days the demo covers: the 1st of the month eleven months back up to today."""

    today: date
    days: tuple[date, ...]
    months: tuple[Month, ...]
    # Index range [start, stop) of last month's days in `days`.
    last_month: range

    @property
    def previous(self) -> Month:
        return self.months[-2]

    def month_index(self, day_index: int) -> int:
        day = self.days[day_index]
        first = self.months[0]
        return (day.year - first.year) * 12 + day.month - first.month


def window_to(today: date) -> Window:
    current = Month.of(today)
    months = [current]
    while len(months) < MONTHS:
        months.insert(0, months[0].previous())
    first = months[0].first_day
    days = tuple(first + timedelta(days=i) for i in range((today - first).days + 1))
    previous = months[-2]
    start = (previous.first_day - first).days
    stop = (previous.last_day - first).days + 1
    return Window(today, days, tuple(months), range(start, stop))


def day_weights(
    rng: Random,
    window: Window,
    calendar: WorkingCalendar,
    *,
    saturday: float,
    sunday: float,
    holiday: float,
) -> list[float]:
    """How likely each day is to see an arrival: working days most, each month a little
    different, and use of the application growing over the year."""
    month_factor = [
        rng.uniform(0.85, 1.15) * (0.9 + 0.2 * index / (MONTHS - 1)) for index in range(MONTHS)
    ]
    weights = []
    for index, day in enumerate(window.days):
        weekday = day.weekday()
        if weekday == 5:
            base = saturday
        elif weekday == 6:
            base = sunday
        else:
            base = 1.0 if calendar.is_working_day(day) else holiday
        weights.append(base * month_factor[window.month_index(index)])
    return weights


def spread(
    rng: Random,
    total: int,
    satker_weights: Sequence[float],
    day_weights: Sequence[float],
    window: Window,
    *,
    quiet: Sequence[int] = (),
    required: Sequence[int] = (),
) -> list[int]:
    """`total` rows over satker and days, as sorted keys `day_index * len(satker) + satker`.

    Satker in `quiet` get nothing last month; each satker in `required` gets at least one
    row last month, when total allows one for each of them.
    """
    count = len(satker_weights)
    if not total or not count:
        return []
    everywhere = list(accumulate(day_weights))
    silent_last = [0.0 if i in window.last_month else w for i, w in enumerate(day_weights)]
    outside_last = list(accumulate(silent_last))
    last_days = list(window.last_month)
    last_weights = list(accumulate(day_weights[i] for i in last_days))
    reserved = list(required) if total >= len(required) else []
    picks = [0] * count
    for satker in rng.choices(range(count), weights=satker_weights, k=total - len(reserved)):
        picks[satker] += 1
    quiet_set = set(quiet)
    day_range = range(len(day_weights))
    keys: list[int] = []
    for satker, many in enumerate(picks):
        if many:
            weights = outside_last if satker in quiet_set else everywhere
            days = rng.choices(day_range, cum_weights=weights, k=many)
            keys.extend(day * count + satker for day in days)
    for satker in reserved:
        day = rng.choices(last_days, cum_weights=last_weights)[0]
        keys.append(day * count + satker)
    keys.sort()
    return keys


def per_month(keys: Sequence[int], count: int, window: Window) -> list[list[int]]:
    """Rows per satker per month of the window: result[satker][month index]."""
    table = [[0] * MONTHS for _ in range(count)]
    month_of = [window.month_index(i) for i in range(len(window.days))]
    for key in keys:
        day, satker = divmod(key, count)
        table[satker][month_of[day]] += 1
    return table
