"""`adurabi demo`: fill a new database with a year of realistic synthetic data.

The rows are made by `domain.demo_rows` and enter through the same paths as typed and
imported ones: `prepare_complaint` and `prepare_news` validate them, `insert_complaints`
numbers complaints from the per-year sequence, gives them their deadline from the
working-day calendar and writes their history, `insert_news` and `find_duplicates` do the
same for news, and `declare_nil` files nil reports. So demo data is exactly what real data
looks like. Rows go in batches, one transaction each.

A `demo` setting records the seed and sizes, so a second run on the same database prints
the recap instead of doubling the data, and a run on a database holding anything else is
refused before a row is written.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from random import Random
from typing import Any

from adurabi_cli.db import demo as db
from adurabi_cli.db import reference
from adurabi_cli.db.store import Store, open_store
from adurabi_cli.domain import clock
from adurabi_cli.domain.demo_plan import (
    MONTHS,
    NIL_LAST_MONTH,
    SILENT_LAST_MONTH,
    Unit,
    Window,
    day_weights,
    per_month,
    spread,
    unit_of,
    window_to,
)
from adurabi_cli.domain.demo_rows import ComplaintMaker, NewsMaker
from adurabi_cli.errors import Duplicate, InvalidInput, RuleViolation
from adurabi_cli.i18n import _, readable
from adurabi_cli.services.complaints import declare_nil, insert_complaints, prepare_complaint
from adurabi_cli.services.export import export_month
from adurabi_cli.services.news import find_duplicates, insert_news, prepare_news
from adurabi_cli.services.refdata import RefData, load_refdata
from adurabi_cli.services.setup import seeder

MAX_ROWS = 5_000_000
BATCH_ROWS = 20_000
SETTING = "demo"
FILLING, COMPLETE = "filling", "complete"
# Share of satker-months without complaints for which the satker files a nil report.
NIL_DILIGENCE = 0.75

# (stage, rows done, rows in the stage): "complaints" or "news".
Progress = Callable[[str, int, int], None]


@dataclass
class DemoResult:
    location: str
    seed: int
    made_for: date  # the "today" the data runs up to
    complaints: int
    news: int
    nil_reports: int
    satker: int
    seconds: float
    filled: bool  # False: the database already held this demo and was left as it was
    out: Path
    # Excel recaps of the current month written to `out`.
    written: list[Path] = field(default_factory=list)


def check_sizes(complaints: int, news: int) -> None:
    for option, value in (("--complaints", complaints), ("--news", news)):
        if not 0 <= value <= MAX_ROWS:
            raise InvalidInput(
                _("{option} must be between 0 and {MAX_ROWS} (got {value})").format(
                    option=option, MAX_ROWS=readable(MAX_ROWS), value=readable(value)
                ),
                field=option,
            )


def check_out(out: Path) -> Path:
    """The folder for the Excel recap: an existing writable folder, or one that can be made."""
    folder = out.expanduser().absolute()
    if folder.exists():
        if not folder.is_dir():
            raise InvalidInput(
                _("--out {out} is a file, not a folder").format(out=out), field="--out"
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InvalidInput(
                _("--out folder {out} is not writable").format(out=out), field="--out"
            )
        return folder
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise InvalidInput(
            _("cannot make --out folder {out}: {parent} is a file").format(out=out, parent=parent),
            field="--out",
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InvalidInput(
            _("cannot make --out folder {out}: {parent} is not writable").format(
                out=out, parent=parent
            ),
            field="--out",
        )
    return folder


def run_demo(
    target: str,
    *,
    complaints: int,
    news: int,
    seed: int,
    out: Path,
    operator: str,
    make_folder: bool = False,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> DemoResult:
    """Create the database if needed and fill it, or find it already holds this demo.

    Refuses (RuleViolation, nothing written) a database holding anything but this demo.
    """
    started = time.perf_counter()
    check_sizes(complaints, news)
    folder = check_out(out)
    store = _open(target, make_folder)
    try:
        today = clock.today()
        with store.write() as conn:
            held = _held_demo(conn, store.location, seed, complaints, news)
            if held is None:
                ref = load_refdata(conn)
                if not any(s["active"] for s in ref.satker.values()):
                    raise RuleViolation(
                        _(
                            "there is no active satker to make data for; add or activate "
                            "one with `adurabi satker`"
                        )
                    )
                marker = {"seed": seed, "today": today.isoformat(), "state": FILLING}
                _put_marker(conn, {**marker, "complaints": complaints, "news": news})
        if held is not None:
            result = DemoResult(
                store.location,
                seed,
                date.fromisoformat(held["today"]),
                held["complaints"],
                held["news"],
                held["holdings"]["nil_reports"],
                held["satker"],
                time.perf_counter() - started,
                filled=False,
                out=folder,
            )
            result.written = _export(store, folder)
            return result
        filler = _Filler(store, ref, seed, today, operator, progress, batch_rows)
        nil_reports = filler.fill(complaints, news)
        with store.write() as conn:
            holdings = db.holdings(conn)
            _put_marker(
                conn,
                {
                    **marker,
                    "state": COMPLETE,
                    "complaints": complaints,
                    "news": news,
                    "satker": len(filler.units),
                    "holdings": holdings,
                },
            )
        result = DemoResult(
            store.location,
            seed,
            today,
            complaints,
            news,
            nil_reports,
            len(filler.units),
            time.perf_counter() - started,
            filled=True,
            out=folder,
        )
        result.written = _export(store, folder)
        return result
    finally:
        store.close()


def _export(store: Store, folder: Path) -> list[Path]:
    """This month's Excel recap: the Kanwil workbook and one per satker, as `export` writes."""
    return export_month(store, month="current", out=folder).paths


def _open(target: str, make_folder: bool) -> Store:
    """The database at target; a new one gets its schema and `init`'s reference data (satker,
    vocabulary, holidays) together, before any demo row."""
    return open_store(target, create=True, make_folder=make_folder, populate=seeder())


def _held_demo(
    conn: Any, location: str, seed: int, complaints: int, news: int
) -> dict[str, Any] | None:
    """The marker of this very demo when the database holds exactly it; None when the
    database is empty; otherwise refuses, saying why and to use a new file."""
    held = db.holdings(conn)
    text = reference.get_setting(conn, SETTING)
    fresh = _("; give a new database file with --db, e.g. `adurabi --db demo.db demo`")
    if text is None:
        if held["complaints"] or held["news"] or held["nil_reports"]:
            raise RuleViolation(
                _(
                    "the database at {location} already holds {value} "
                    "complaints, {value2} news items and {value3} nil "
                    "reports; the demo only fills an empty database{fresh}"
                ).format(
                    location=location,
                    value=readable(held["complaints"]),
                    value2=readable(held["news"]),
                    value3=readable(held["nil_reports"]),
                    fresh=fresh,
                )
            )
        return None
    marker = json.loads(text)
    if marker.get("state") != COMPLETE:
        raise RuleViolation(
            _(
                "an earlier demo run on {location} has not finished: it is "
                "still running or was interrupted (it holds {value} of "
                "{value2} complaints and {value3} of {value4} news "
                "items){fresh}"
            ).format(
                location=location,
                value=readable(held["complaints"]),
                value2=readable(marker["complaints"]),
                value3=readable(held["news"]),
                value4=readable(marker["news"]),
                fresh=fresh,
            )
        )
    if (marker["seed"], marker["complaints"], marker["news"]) != (seed, complaints, news):
        raise RuleViolation(
            _(
                "the database at {location} already holds the demo of seed "
                "{value} ({value2} complaints, {value3} news items); for "
                "seed {seed} with {complaints} complaints and {news} "
                "news items{fresh}"
            ).format(
                location=location,
                value=marker["seed"],
                value2=readable(marker["complaints"]),
                value3=readable(marker["news"]),
                seed=seed,
                complaints=readable(complaints),
                news=readable(news),
                fresh=fresh,
            )
        )
    if held != marker["holdings"]:
        raise RuleViolation(
            _(
                "the database at {location} holds the demo of seed {seed} "
                "and entries made since; the demo will not touch them{fresh}"
            ).format(location=location, seed=seed, fresh=fresh)
        )
    return marker


def _put_marker(conn: Any, marker: dict[str, Any]) -> None:
    reference.put_setting(conn, SETTING, json.dumps(marker, sort_keys=True))


class _Filler:
    """One demo run: the plan drawn from the seed, then the rows in batches."""

    def __init__(
        self,
        store: Store,
        ref: RefData,
        seed: int,
        today: date,
        operator: str,
        progress: Progress | None,
        batch_rows: int,
    ) -> None:
        self.store, self.ref, self.today, self.operator = store, ref, today, operator
        self.rng = Random(seed)
        self.salt = seed
        self.note = f"demo data (seed {seed})"
        self.progress = progress or (lambda stage, done, total: None)
        self.batch = max(1, batch_rows)
        self.window: Window = window_to(today)
        self.units: list[Unit] = [unit_of(s) for s in ref.satker.values() if s["active"]]
        self.silent, self.nil = _roles(self.units)

    def fill(self, complaints: int, news: int) -> int:
        """Store the rows; returns how many nil reports were filed."""
        rng, window, calendar = self.rng, self.window, self.ref.calendar
        count = len(self.units)
        complaint_days = day_weights(rng, window, calendar, saturday=0.3, sunday=0.2, holiday=0.25)
        news_days = day_weights(rng, window, calendar, saturday=0.55, sunday=0.4, holiday=0.7)
        quiet = [*self.silent, *([self.nil] if self.nil is not None else [])]
        complaint_keys = spread(
            rng,
            complaints,
            [u.profile.complaints for u in self.units],
            complaint_days,
            window,
            quiet=quiet,
            required=[i for i in range(count) if i not in quiet],
        )
        news_keys = spread(
            rng,
            news,
            [u.profile.news for u in self.units],
            news_days,
            window,
            quiet=self.silent,
            required=[i for i in range(count) if i not in self.silent],
        )
        self._complaints(complaint_keys)
        nil_reports = self._nil_reports(per_month(complaint_keys, count, window))
        self._news(news_keys)
        return nil_reports

    def _rows(self, keys: list[int], make: Callable[[Unit, date], dict[str, Any]], stage: str):
        """Batches of raw rows in arrival order, reporting progress after each is stored."""
        count, days = len(self.units), self.window.days
        for start in range(0, len(keys), self.batch):
            chunk = keys[start : start + self.batch]
            yield [make(self.units[key % count], days[key // count]) for key in chunk]
            self.progress(stage, start + len(chunk), len(keys))

    def _complaints(self, keys: list[int]) -> None:
        ref, today = self.ref, self.today
        maker = ComplaintMaker(self.rng, ref.calendar, today, ref.sla_days)
        for raws in self._rows(keys, maker.make, "complaints"):
            rows = [prepare_complaint(ref, raw, today=today, imported=True) for raw in raws]
            with self.store.write() as conn:
                db.use_bulk_cache(conn)
                insert_complaints(conn, ref, rows, self.operator, note=self.note)

    def _news(self, keys: list[int]) -> None:
        ref, today = self.ref, self.today
        maker = NewsMaker(self.rng, self.salt)
        for raws in self._rows(keys, maker.make, "news"):
            rows = [prepare_news(ref, raw, today=today) for raw in raws]
            with self.store.write() as conn:
                db.use_bulk_cache(conn)
                duplicates = find_duplicates(conn, rows)
                if duplicates:
                    index, reason = next(iter(duplicates.items()))
                    raise Duplicate(
                        _("demo news item {value}: {reason}").format(
                            value=rows[index]["url"], reason=reason
                        )
                    )
                insert_news(conn, ref, rows, self.operator, note=self.note)

    def _nil_reports(self, counts: list[list[int]]) -> int:
        """Last month's for the designated unit; earlier months' without complaints for most
        units, as a diligent operator files them. Never the current month: it is not over."""
        filed = 0
        months = self.window.months
        for index in range(MONTHS - 2):
            for satker, unit in enumerate(self.units):
                if counts[satker][index] == 0 and self.rng.random() < NIL_DILIGENCE:
                    declare_nil(self.store, unit.code, str(months[index]), self.operator, self.note)
                    filed += 1
        if self.nil is not None:
            code = self.units[self.nil].code
            declare_nil(self.store, code, str(self.window.previous), self.operator, self.note)
            filed += 1
        return filed


def _roles(units: list[Unit]) -> tuple[list[int], int | None]:
    """Indexes of the two units silent last month and of the one with a nil report.

    The usual ones when the registry has them; otherwise the quietest other units, so a
    database with its own satker list still shows every reporting state.
    """
    codes = [u.code for u in units]
    silent = [codes.index(c) for c in SILENT_LAST_MONTH if c in codes]
    nil = codes.index(NIL_LAST_MONTH) if NIL_LAST_MONTH in codes else None
    if len(units) < 4:
        return silent[: max(0, len(units) - 1)], None
    quietest = sorted(range(len(units)), key=lambda i: (units[i].profile.complaints, i))
    spare = [i for i in quietest if i not in silent and i != nil]
    if nil is None:
        nil = spare.pop(0)
    while len(silent) < len(SILENT_LAST_MONTH):
        silent.append(spare.pop(0))
    return silent, nil
