"""Benchmark: a recap costs about the same whatever history lies after its period (issue 22).

    python bench/bench_periods.py [--runs N] [--complaints N] [--news N] [--no-double]

On the demo database of bench_recap.py (a million complaints and a million news items over
twelve months, cached under bench/out/), times against the import floor, interleaved:

- `recap --month M --json` of the first month of the data, a middle month and the last full
  month, and `recap --year Y --json` of the first year;
- `trend --months 12 --json`;
- the same first month and year on a database holding twice the history: the demo's year
  and, before it, a copy of it a year earlier (see `doubled`).

Targets: the first month at most 1.3x the import floor, the year at most 1.6x, and each
within 10% of its ratio on the single year; trend at most 1.6x. Prints the query plan of
"open and overdue as of the period's last day" (db/recap.py complaints_open_as_of). Not a
test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_recap import fixture, recap_month
from bench.common import FLOOR, Figure, adurabi, compare, compile_package, figure_table

MONTH_TARGET = 1.3
YEAR_TARGET = 1.6
TREND_TARGET = 1.6
# Twice the history: the ratio of the first month (or year) within 10% of the single year's.
SAME_WITHIN = 0.10

_EARLIER = "date({0}, '-1 year')"
_EARLIER_TIME = "datetime({0}, '-1 year') || substr({0}, 20)"  # the fraction of a second kept


def doubled(source: Path) -> Path:
    """A copy of source holding, besides its own rows, each complaint and news item once more
    a year earlier (made once, cached beside it).

    The earlier copies keep every field but the unique ones (number suffixed, external and
    URL keys left out); a complaint still open in the source is closed in its copy as
    selesai on its due day, so the set open today stays the source's. Rows go in through
    SQL, so the search and interval indexes follow through their triggers.
    """
    target = source.with_name(source.stem + "-twice.db")
    if target.exists():
        return target
    building = target.with_name(target.name + ".building")
    shutil.copyfile(source, building)
    print(f"building {target.name}: a year earlier of every row...", flush=True)
    opened = "status IN ('diterima', 'diverifikasi', 'diproses')"
    with sqlite3.connect(building) as conn:
        conn.execute(
            "INSERT INTO complaint (number, satker_id, received_on, channel, category, summary, "
            "complainant_name, complainant_contact, anonymous, confidential, status, due_on, "
            "extended, resolved_on, resolution, deleted_at, created_by, created_at, updated_at, "
            "officer, officer_nip, sla_days) "
            f"SELECT number || '-L', satker_id, {_EARLIER.format('received_on')}, channel, "
            "category, summary, complainant_name, complainant_contact, anonymous, confidential, "
            f"CASE WHEN {opened} THEN 'selesai' ELSE status END, {_EARLIER.format('due_on')}, "
            f"extended, {_EARLIER.format(f'CASE WHEN {opened} THEN due_on ELSE resolved_on END')}, "
            f"coalesce(resolution, 'Selesai'), {_EARLIER_TIME.format('deleted_at')}, created_by, "
            f"{_EARLIER_TIME.format('created_at')}, {_EARLIER_TIME.format('updated_at')}, "
            "officer, officer_nip, sla_days FROM complaint ORDER BY received_on, id"
        )
        conn.execute(
            "INSERT INTO news (satker_id, published_on, title, media, outlet, category, "
            "sentiment, views, likes, comments, shares, deleted_at, created_by, created_at, "
            "updated_at) "
            f"SELECT satker_id, {_EARLIER.format('published_on')}, title, media, outlet, "
            f"category, sentiment, views, likes, comments, shares, "
            f"{_EARLIER_TIME.format('deleted_at')}, created_by, "
            f"{_EARLIER_TIME.format('created_at')}, {_EARLIER_TIME.format('updated_at')} "
            "FROM news ORDER BY published_on, id"
        )
    building.rename(target)
    return target


def first_month(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT substr(min(received_on), 1, 7) FROM complaint").fetchone()[0]


def open_as_of_plan(db: Path, day: date) -> list[str]:
    """SQLite's plan of complaints_open_as_of(day), as the recap runs it."""
    from sqlalchemy import create_engine, event

    from adurabi_cli.db.recap import complaints_open_as_of

    engine = create_engine(f"sqlite:///{db}")
    seen: list[tuple[str, object]] = []
    with engine.connect() as conn:

        def grab(_conn, _cursor, statement, parameters, *_rest) -> None:
            seen.append((statement, parameters))

        event.listen(conn, "before_cursor_execute", grab)
        complaints_open_as_of(conn, day)
        event.remove(conn, "before_cursor_execute", grab)
        statement, parameters = seen[-1]
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    engine.dispose()
    return [row[-1] for row in rows]


def measure(
    complaints: int = 1_000_000, news: int = 1_000_000, runs: int = 5, twice: bool = True
) -> list[Figure]:
    """The figures bench/run.py gathers."""
    db, _built, _when = fixture(complaints, news)
    last, _first_day, _last_day = recap_month(db)
    first = first_month(db)
    months = [int(m[:4]) * 12 + int(m[5:]) - 1 for m in (first, last)]
    halfway = sum(months) // 2
    middle = f"{halfway // 12:04d}-{halfway % 12 + 1:02d}"
    year = first[:4]
    commands = {
        f"recap --month {first}": adurabi(db, "recap", "--month", first, "--json"),
        f"recap --month {middle}": adurabi(db, "recap", "--month", middle, "--json"),
        f"recap --month {last}": adurabi(db, "recap", "--month", last, "--json"),
        f"recap --year {year}": adurabi(db, "recap", "--year", year, "--json"),
        "trend --months 12": adurabi(db, "trend", "--months", "12", "--json"),
    }
    if twice:
        db2 = doubled(db)
        first2 = first_month(db2)
        commands[f"twice: recap --month {first2}"] = adurabi(
            db2, "recap", "--month", first2, "--json"
        )
        commands[f"twice: recap --year {first2[:4]}"] = adurabi(
            db2, "recap", "--year", first2[:4], "--json"
        )
    compile_package()
    medians = compare(commands, runs)
    floor = medians["floor"]
    size = f"{complaints:,} complaints + {news:,} news"
    targets = {
        f"recap --month {first}": MONTH_TARGET,
        f"recap --year {year}": YEAR_TARGET,
        "trend --months 12": TREND_TARGET,
    }
    figures = [
        Figure(
            f"{name} --json ({size})" if not name.startswith("twice") else f"{name} --json",
            medians[name],
            "s",
            anchor_name="import floor",
            anchor=floor,
            target=targets.get(name),
        )
        for name in commands
    ]
    if twice:
        for single, double in (
            (f"recap --month {first}", f"twice: recap --month {first2}"),
            (f"recap --year {year}", f"twice: recap --year {first2[:4]}"),
        ):
            figures.append(
                Figure(
                    f"{double.removeprefix('twice: ')}: twice the history "
                    f"(two years of {size}) against one",
                    medians[double] / floor,
                    "x floor",
                    anchor_name=f"{single}, one year",
                    anchor=medians[single] / floor,
                    target=1 + SAME_WITHIN,
                )
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--news", type=int, default=1_000_000)
    parser.add_argument("--no-double", action="store_true", help="skip twice the history")
    args = parser.parse_args()
    db, _built, _when = fixture(args.complaints, args.news)
    first = first_month(db)
    start = date.fromisoformat(first + "-01")
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    print(f"Plan of open and overdue as of {end} on {db.name}:")
    for line in open_as_of_plan(db, end):
        print(f"  {line}")
    figures = measure(args.complaints, args.news, args.runs, twice=not args.no_double)
    print(f"\n{args.runs} runs each, medians, floor: {' '.join(FLOOR[1:])}")
    print(figure_table(figures))
    if any(f.ok is False for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
