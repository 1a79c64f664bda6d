"""Vocabularies, public and extra holidays, and settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from adurabi_cli.db import complaints as complaint_db
from adurabi_cli.db import reference as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain.calendar import (
    FIRST_HOLIDAY_YEAR,
    HOLIDAY_YEARS_AHEAD,
    holiday_years,
    package_holidays,
)
from adurabi_cli.domain.clock import now, today
from adurabi_cli.domain.dates import MIN_YEAR, parse_date
from adurabi_cli.domain.pawukon import PRESET as PAWUKON_PRESET
from adurabi_cli.domain.pawukon import pawukon_holidays
from adurabi_cli.domain.settings import SETTINGS, SLA_KEY, setting_of
from adurabi_cli.domain.text import one_line
from adurabi_cli.domain.vocab import DEFAULT_VOCAB, MEDIA_GROUPS, check_slug, check_vocab_kind
from adurabi_cli.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from adurabi_cli.i18n import _, readable
from adurabi_cli.services.deadlines import follow_calendar
from adurabi_cli.services.refdata import load_refdata


def seed_vocab(conn: Any) -> int:
    """Insert the default terms that are missing; returns how many were added."""
    present = {(row["kind"], row["slug"]) for row in db.list_vocab(conn)}
    rows = [
        {"kind": kind, "slug": term.slug, "label": term.label, "group": term.group, "builtin": True}
        for kind, terms in DEFAULT_VOCAB.items()
        for term in terms
        if (kind, term.slug) not in present
    ]
    if rows:
        db.insert_vocab(conn, rows)
    return len(rows)


def list_vocab(store: Store, kind: str | None = None) -> list[dict[str, Any]]:
    with store.read() as conn:
        return db.list_vocab(conn, check_vocab_kind(kind) if kind else None)


def add_vocab(
    store: Store, kind: str, slug: str, label: str, group: str | None = None
) -> dict[str, Any]:
    kind = check_vocab_kind(kind)
    slug = check_slug(slug, "slug")
    label = one_line(label)
    if not label:
        raise InvalidInput(_("label is empty"))
    if kind == "media":
        if group is None:
            raise InvalidInput(
                _("a new media needs --group ({value})").format(value=", ".join(MEDIA_GROUPS))
            )
        if group not in MEDIA_GROUPS:
            raise InvalidInput(
                _("unknown media group {group!r}; valid: {value}").format(
                    group=group, value=", ".join(MEDIA_GROUPS)
                )
            )
    elif group is not None:
        raise InvalidInput(_("--group applies only to media"))
    row = {"kind": kind, "slug": slug, "label": label, "group": group, "builtin": False}
    with store.write() as conn:
        if slug in db.vocab_slugs(conn, kind):
            raise Duplicate(_("{kind} {slug} already exists").format(kind=kind, slug=slug))
        db.insert_vocab(conn, [row])
    return row


def list_holidays(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    with store.read() as conn:
        rows = db.list_holidays(conn)
    return [row for row in rows if year is None or row["day"].year == year]


def add_holiday(store: Store, day: date, name: str, operator: str) -> dict[str, Any]:
    [row] = add_holidays(store, {day: name}, operator)
    return row


def add_holidays(store: Store, days: dict[date, str], operator: str) -> list[dict[str, Any]]:
    """Add days (date -> name) in one transaction, all or none; open deadlines follow once.

    Each returned row carries `moved`, the open deadlines the whole addition moved."""
    names = {day: one_line(name) for day, name in sorted(days.items())}
    if not all(names.values()):
        raise InvalidInput(_("holiday name is empty"))
    with store.write() as conn:
        added = db.holiday_days(conn)
        official = db.official_days(conn)
        at = now()
        for day, name in names.items():
            if day in added:
                raise Duplicate(_("{value} is already a holiday").format(value=readable(day)))
            if day in official:
                raise Duplicate(
                    _("{value} sudah hari libur nasional ({value2})").format(
                        value=readable(day), value2=official[day]
                    )
                )
            db.insert_holiday(conn, day, name, operator, at)
        listed = ", ".join(f"{day} {name}" for day, name in names.items())
        moved = _after_calendar_change(conn, operator, f"hari libur ditambah: {listed}")
    return [
        {"day": day, "name": name, "created_by": operator, "moved": moved}
        for day, name in names.items()
    ]


def preset_holidays(preset: str, year: int | None) -> dict[date, str]:
    """The days of a preset (`holiday add --preset`) in a year (default: this one)."""
    wanted = preset.strip().lower()
    if wanted != PAWUKON_PRESET:
        raise InvalidInput(
            _("unknown --preset {preset!r}; the one preset is {PAWUKON_PRESET}").format(
                preset=preset, PAWUKON_PRESET=PAWUKON_PRESET
            )
        )
    year = year or today().year
    if not MIN_YEAR <= year <= 9999:
        raise InvalidInput(
            _("--year must be from {MIN_YEAR} to 9999, got {year}").format(
                MIN_YEAR=MIN_YEAR, year=year
            ),
            field="year",
        )
    return pawukon_holidays(year)


def remove_holiday(store: Store, day: date, operator: str) -> int:
    """Remove an added holiday; how many open deadlines moved."""
    with store.write() as conn:
        if not db.delete_holiday(conn, day):
            official = db.official_days(conn).get(day)
            if official is not None:
                # The next refresh would bring it back: the package, not the office, decides.
                raise RuleViolation(
                    _(
                        "{value} adalah hari libur nasional ({official}) dari paket "
                        "holidays dan tidak dapat dihapus; hanya hari yang "
                        "ditambahkan dengan `holiday add` yang dapat dihapus"
                    ).format(value=readable(day), official=official)
                )
            raise NotFound(
                _("{value} is not one of the added holidays").format(value=readable(day))
            )
        return _after_calendar_change(conn, operator, f"hari libur dihapus: {day}")


def parse_years(text: str | None) -> range:
    """`--years` of `holiday refresh`: YYYY or YYYY-YYYY; None means every year kept."""
    this_year = today().year
    kept = holiday_years(this_year)
    if text is None:
        return kept
    first, _dash, last = text.strip().partition("-")
    try:
        years = range(int(first), int(last or first) + 1)
    except ValueError:
        raise InvalidInput(
            _("--years harus YYYY atau YYYY-YYYY, bukan {text!r}").format(text=text),
            field="--years",
        ) from None
    if not years or years[0] < kept[0] or years[-1] > kept[-1]:
        raise InvalidInput(
            _(
                "--years harus di antara {FIRST_HOLIDAY_YEAR} dan {value} "
                "(tahun ini + {HOLIDAY_YEARS_AHEAD}), bukan {text!r}"
            ).format(
                FIRST_HOLIDAY_YEAR=FIRST_HOLIDAY_YEAR,
                value=kept[-1],
                HOLIDAY_YEARS_AHEAD=HOLIDAY_YEARS_AHEAD,
                text=text,
            ),
            field="--years",
        )
    return years


def store_package_holidays(conn: Any, years: range, fresh: dict[date, str]) -> dict[str, int]:
    """The stored public holidays of the years become fresh; how many were added, removed
    and renamed."""
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    stored = {day: name for day, name in db.official_days(conn).items() if first <= day <= last}
    if stored != fresh:
        db.replace_official_days(conn, first, last, fresh)
    return {
        "added": len(fresh.keys() - stored.keys()),
        "removed": len(stored.keys() - fresh.keys()),
        "renamed": sum(fresh[day] != stored[day] for day in fresh.keys() & stored.keys()),
    }


def fill_missing_holiday_years(conn: Any) -> list[int]:
    """Store the public holidays of every kept year that has none stored; those years."""
    stored = {day.year for day in db.official_days(conn)}
    missing = [year for year in holiday_years(today().year) if year not in stored]
    for year in missing:
        years = range(year, year + 1)
        store_package_holidays(conn, years, package_holidays(years))
    return missing


def refresh_holidays(store: Store, years: range, operator: str) -> dict[str, Any]:
    """Public holidays of the years stored anew from the installed `holidays` package; open
    deadlines follow when the days changed."""
    from importlib.metadata import version

    fresh = package_holidays(years)  # before the write lock: loading the package takes a while
    with store.write() as conn:
        changes = store_package_holidays(conn, years, fresh)
        moved = 0
        if changes["added"] or changes["removed"]:
            span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
            reason = f"hari libur nasional diperbarui ({span})"
            moved = _after_calendar_change(conn, operator, reason)
    return {
        "first_year": years[0],
        "last_year": years[-1],
        "days": len(fresh),
        **changes,
        "recomputed": moved,
        "package": f"holidays {version('holidays')}",
    }


def _after_calendar_change(conn: Any, operator: str, reason: str) -> int:
    """Open complaints' deadlines follow the calendar; how many moved."""
    ref = load_refdata(conn)
    return follow_calendar(conn, ref.calendar, ref.sla_days, operator=operator, reason=reason)


def list_settings(store: Store) -> list[dict[str, Any]]:
    """Every setting with its stored value (the default when none is stored)."""
    with store.read() as conn:
        stored = db.settings(conn)
    return [
        {
            "key": key,
            "value": spec.load(key, stored.get(key)),
            "default": spec.default,
            "description": spec.description,
        }
        for key, spec in SETTINGS.items()
    ]


def change_setting(store: Store, key: str, value: str, operator: str) -> dict[str, Any]:
    """Store a setting ("" clears a text one). A longer sla_days is given to open complaints
    too (their deadlines move later); a shorter one counts for complaints received from now
    on, so a deadline given to a complainant is never made earlier.

    Returns key, value, previous and how many open deadlines moved.
    """
    spec = setting_of(key)
    new = spec.parse(key, value)
    with store.write() as conn:
        previous = spec.load(key, db.get_setting(conn, key))
        moved = 0
        if new != previous:
            db.put_setting(conn, key, "" if new is None else str(new))
            if key == SLA_KEY and new > previous:
                complaint_db.raise_open_sla_days(conn, new)
                moved = _after_calendar_change(conn, operator, f"sla_days {previous} -> {new}")
    return {"key": key, "value": new, "previous": previous, "recomputed": moved}


WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def parse_holiday_date(text: str) -> date:
    """Holidays are usually announced ahead, so future dates are allowed here."""
    return parse_date(text, today=today(), allow_future=True)


def holidays_of_year(
    store: Store, year: int | None, *, added_only: bool = False
) -> list[dict[str, Any]]:
    """The stored public holidays (`nasional`) and the Kanwil's added days (`kanwil`) of a
    year, by date."""
    year = year or today().year
    if not MIN_YEAR <= year <= 9999:
        raise InvalidInput(
            _("--year must be from {MIN_YEAR} to 9999, got {year}").format(
                MIN_YEAR=MIN_YEAR, year=year
            ),
            field="year",
        )
    with store.read() as conn:
        added = {row["day"]: row["name"] for row in db.list_holidays(conn)}
        official = {} if added_only else db.official_days(conn)
    rows = [
        {"day": day, "name": name, "source": source}
        for source, days in (("kanwil", added), ("nasional", official))
        for day, name in days.items()
        if day.year == year
    ]
    rows.sort(key=lambda row: (row["day"], row["source"]))
    for row in rows:
        row["weekday"] = WEEKDAYS_ID[row["day"].weekday()]
    return rows
