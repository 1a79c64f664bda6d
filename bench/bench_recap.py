"""Benchmark: `recap --month M` on a million complaints and a million news items.

    python bench/bench_recap.py [--rows N] [--runs N]

Target: at most 1.5x (floor + raw SQL), where the floor is `python -c "import typer,
sqlmodel"` (what any command pays before doing anything) and raw SQL is the standard
library's `sqlite3` running the very statements the recap sends, with the same parameters,
on a fresh connection: the aggregate's own cost in SQLite, with nothing of adurabi around it.
The statements are captured from an in-process recap; the raw run's received count is
checked against the recap's total, so the anchor computes the same numbers.

The database joins the cached fixtures of bench_complaints.py and bench_news.py (built once,
under bench/out/). Commands and the raw replay run interleaved; medians.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_complaints, bench_news
from bench.common import FLOOR, OUT, Figure, adurabi, compile_package, figure_table, run_once

TARGET = 1.5


def fixture(rows: int) -> Path:
    """A database holding `rows` complaints and `rows` news items (cached)."""
    db = OUT / f"recap-{rows}.db"
    if db.exists():
        return db
    complaints = bench_complaints.fixture(rows)
    news = bench_news.fixture(rows)
    building = db.with_suffix(".building")
    for leftover in OUT.glob(building.name + "*"):
        leftover.unlink()
    source = sqlite3.connect(complaints)
    target = sqlite3.connect(building)
    source.backup(target)  # a consistent copy even if the fixture has a -wal beside it
    source.close()
    with target:
        target.execute("ATTACH DATABASE ? AS n", (str(news),))
        target.execute("DELETE FROM news")
        target.execute("INSERT INTO news SELECT * FROM n.news")
        target.execute(
            "INSERT INTO history (entity, entity_id, at, operator, action) "
            "SELECT entity, entity_id, at, operator, action FROM n.history WHERE entity = 'news'"
        )
    target.execute("DETACH DATABASE n")
    target.execute("ANALYZE")
    target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target.close()
    building.rename(db)
    return db


def previous_month() -> str:
    last = date.today().replace(day=1) - timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def recap_statements(db: Path, month: str) -> tuple[list[tuple[str, tuple]], dict]:
    """The SQL the recap sends (with its parameters), and the recap itself."""
    from sqlalchemy import event

    from adurabi_cli.db.store import open_store
    from adurabi_cli.domain.clock import today
    from adurabi_cli.domain.dates import parse_month
    from adurabi_cli.services.recap import monthly_recap
    from adurabi_cli.services.refdata import load_refdata

    statements: list[tuple[str, tuple]] = []
    store = open_store(str(db))
    try:

        @event.listens_for(store.engine, "before_cursor_execute")
        def _record(conn, cursor, statement, parameters, context, executemany) -> None:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                statements.append((statement, tuple(parameters or ())))

        with store.read() as conn:
            ref = load_refdata(conn)
            day = today()
            recap = monthly_recap(conn, ref, parse_month(month, today=day), today=day)
    finally:
        store.close()
    return statements, recap


def raw_sql(db: Path, statements: list[tuple[str, tuple]]) -> tuple[float, list[list[tuple]]]:
    """Seconds for stdlib sqlite3 to connect, run every statement and fetch every row."""
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    try:
        conn.execute("BEGIN")
        results = [conn.execute(sql, params).fetchall() for sql, params in statements]
        conn.execute("COMMIT")
    finally:
        conn.close()
    return time.perf_counter() - started, results


def measure(rows: int = 1_000_000, runs: int = 9) -> list[Figure]:
    db = fixture(rows)
    month = previous_month()
    compile_package()
    statements, recap = recap_statements(db, month)
    received = recap["totals"]["complaints"]["received"]
    raw_received = _received_in(db, month)
    if received != raw_received:
        raise SystemExit(f"recap says {received} complaints in {month}, SQL says {raw_received}")
    commands = {
        f"recap --month {month}": adurabi(db, "recap", "--month", month),
        f"recap --month {month} --json": adurabi(db, "recap", "--month", month, "--json"),
    }
    env = {**os.environ}
    env.pop("ADURABI_TODAY", None)
    for command in (FLOOR, *commands.values()):  # warm the page cache
        run_once(command, env)
    samples: dict[str, list[float]] = {name: [] for name in ("floor", "raw", *commands)}
    for _ in range(runs):
        samples["floor"].append(run_once(FLOOR, env))
        samples["raw"].append(raw_sql(db, statements)[0])
        for name, command in commands.items():
            samples[name].append(run_once(command, env))
    floor = statistics.median(samples["floor"])
    raw = statistics.median(samples["raw"])
    size = f"{rows:,} complaints + {rows:,} news"
    figures = [
        Figure(
            f"{name} ({size})",
            statistics.median(samples[name]),
            "s",
            anchor_name=f"import floor + raw sqlite3, same {len(statements)} queries",
            anchor=floor + raw,
            target=TARGET,
        )
        for name in commands
    ]
    figures.append(Figure(f"(raw sqlite3 alone: the recap's {len(statements)} queries)", raw, "s"))
    return figures


def _received_in(db: Path, month: str) -> int:
    year, number = map(int, month.split("-"))
    first = date(year, number, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT count(*) FROM complaint c JOIN satker s ON s.id = c.satker_id "
            "WHERE c.received_on BETWEEN ? AND ? AND c.deleted_at IS NULL AND s.active",
            (first.isoformat(), last.isoformat()),
        ).fetchone()[0]
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    figures = measure(args.rows, args.runs)
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], indent=2))
    else:
        print(figure_table(figures))


if __name__ == "__main__":
    main()
