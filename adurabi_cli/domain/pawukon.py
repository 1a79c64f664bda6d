"""Bali's own holy days from the 210-day Pawukon cycle: Galungan and Kuningan.

Galungan falls on Buda Kliwon Dungulan (the Wednesday of the 11th wuku whose pancawara is
Kliwon), once every 210 days; Kuningan on Saniscara Kliwon Kuningan, ten days later. The
cycle has no drift, so one published date anchors every other: Galungan on Wednesday
28 February 2024 (Surat Edaran Gubernur Bali Nomor 7 Tahun 2023).
"""

from __future__ import annotations

from datetime import date, timedelta

CYCLE_DAYS = 210
GALUNGAN_ANCHOR = date(2024, 2, 28)
KUNINGAN_AFTER = timedelta(days=10)
PRESET = "bali-pawukon"


def galungan_days(year: int) -> list[date]:
    """The Galungan days of a year: one or two."""
    first = date(year, 1, 1)
    offset = (GALUNGAN_ANCHOR - first).days % CYCLE_DAYS
    day = first + timedelta(days=offset)
    found = []
    while day.year == year:
        found.append(day)
        day += timedelta(days=CYCLE_DAYS)
    return found


def pawukon_holidays(year: int) -> dict[date, str]:
    """Galungan and Kuningan days that fall in a year, by date (a Kuningan in early January
    belongs to the previous December's Galungan)."""
    days: dict[date, str] = {}
    for galungan in galungan_days(year - 1) + galungan_days(year):
        kuningan = galungan + KUNINGAN_AFTER
        if galungan.year == year:
            days[galungan] = "Hari Raya Galungan"
        if kuningan.year == year:
            days[kuningan] = "Hari Raya Kuningan"
    return dict(sorted(days.items()))
